package dev.mvc.eval;

import dev.mvc.PinnedModelClient;
import dev.mvc.eval.internal.JsonSchemaScorer;
import dev.mvc.eval.internal.JudgeScorer;
import dev.mvc.eval.internal.TextScorers;
import dev.mvc.eval.spi.Scorer;
import java.util.List;

/**
 * The built-in scorers. Each grades one expectation of a case and skips cases without it; the
 * judge grades every case through a second pinned model.
 */
public final class Scorers {
  /** The names {@link #named(String)} knows. */
  public static final List<String> NAMES = List.of(Expectations.EXACT, Expectations.CONTAINS, Expectations.REGEX,
      Expectations.JSON_SCHEMA, Expectations.NUMBER, JudgeScorer.NAME);

  private Scorers() {}

  /** Returns the scorer of {@code expect.exact}: the answer, trimmed, equals it. */
  public static Scorer exact() {
    return new TextScorers.Exact();
  }

  /** Returns the scorer of {@code expect.contains}: the answer contains it. */
  public static Scorer contains() {
    return new TextScorers.Contains();
  }

  /** Returns the scorer of {@code expect.regex}: the answer contains a match. */
  public static Scorer regex() {
    return new TextScorers.Regex();
  }

  /** Returns the scorer of {@code expect.jsonSchema}: the answer is JSON valid against it. */
  public static Scorer jsonSchema() {
    return new JsonSchemaScorer();
  }

  /** Returns the scorer of {@code expect.number}: the answer's first number is within the tolerance. */
  public static Scorer number() {
    return new TextScorers.Number();
  }

  /**
   * Returns a scorer whose grade comes from {@code judge}, a client pinned to a grading manifest.
   * Its template may use {@code answer}, {@code expected}, {@code id} and the case's variables; the
   * first number of the judge's answer, in [0, 1], is the grade; the judge's stamp is kept with it.
   */
  public static Scorer judge(PinnedModelClient judge) {
    return new JudgeScorer(judge);
  }

  /** Returns every expectation scorer (all but the judge). */
  public static List<Scorer> expectations() {
    return List.of(exact(), contains(), regex(), jsonSchema(), number());
  }

  /**
   * Returns the built-in scorer called {@code name}, except {@code judge}, which needs a client.
   *
   * @throws IllegalArgumentException for an unknown name, naming the known ones
   */
  public static Scorer named(String name) {
    switch (name) {
      case Expectations.EXACT: return exact();
      case Expectations.CONTAINS: return contains();
      case Expectations.REGEX: return regex();
      case Expectations.JSON_SCHEMA: return jsonSchema();
      case Expectations.NUMBER: return number();
      case JudgeScorer.NAME:
        throw new IllegalArgumentException("scorer judge needs the judge's manifest: use Scorers.judge(client)");
      default:
        throw new IllegalArgumentException("unknown scorer '" + name + "'; known: " + NAMES);
    }
  }
}
