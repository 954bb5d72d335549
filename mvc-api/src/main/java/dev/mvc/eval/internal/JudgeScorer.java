package dev.mvc.eval.internal;

import dev.mvc.InvocationResponse;
import dev.mvc.MvcException;
import dev.mvc.PinnedModelClient;
import dev.mvc.eval.Expectations;
import dev.mvc.eval.GoldenCase;
import dev.mvc.eval.Score;
import dev.mvc.eval.spi.Scorer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A grade given by a second pinned model: the judge's template (such as
 * {@code prompts/evaluation-prompt.txt}) is rendered with the answer and the case, and the first
 * number of the judge's answer, which must lie in [0, 1], is the grade. The judge's stamp is kept
 * with the score, so the grade is as reproducible as the answer.
 *
 * <p>The variables offered to the judge's template: {@code answer}, {@code id}, {@code expected}
 * (the case's exact, else contains, else regex expectation, else empty) and the case's own
 * variables; the template takes those it declares.
 */
public final class JudgeScorer implements Scorer {
  /** The scorer's name. */
  public static final String NAME = "judge";

  private final PinnedModelClient judge;

  /** Creates a judge calling through {@code judge}. */
  public JudgeScorer(PinnedModelClient judge) {
    this.judge = judge;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Score score(GoldenCase c, String answer) {
    Set<String> declared = judge.currentManifest().template().variables();
    Map<String, Object> offered = new LinkedHashMap<>(c.variables());
    offered.put("answer", answer);
    offered.put("id", c.id());
    Expectations e = c.expect();
    offered.put("expected", e.exact() != null ? e.exact() : e.contains() != null ? e.contains()
        : e.regex() != null ? e.regex() : "");
    Map<String, Object> vars = new LinkedHashMap<>();
    for (String name : declared) {
      Object v = offered.get(name);
      if (v == null) {
        throw new MvcException("the judge's template (" + judge.currentManifest().manifest().name()
            + ") declares variable '" + name + "', which case " + c.id()
            + " does not supply; offered: " + offered.keySet());
      }
      vars.put(name, v);
    }
    InvocationResponse r = judge.invoke(vars);
    String stamp = r.stamp().toHeaderValue();
    Double grade = TextScorers.firstNumber(r.text());
    if (grade == null || grade < 0 || grade > 1) {
      String shown = r.text().strip();
      shown = shown.length() > 60 ? shown.substring(0, 57) + "..." : shown;
      return new Score(NAME, 0, "the judge answered no grade in [0, 1]: '" + shown + "'", stamp);
    }
    return new Score(NAME, grade, "graded " + grade, stamp);
  }
}
