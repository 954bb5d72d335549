package dev.mvc.testkit;

import dev.mvc.InvocationResponse;
import dev.mvc.PinnedModelClient;
import dev.mvc.eval.GoldenCase;
import dev.mvc.eval.GoldenSet;
import dev.mvc.eval.Score;
import dev.mvc.eval.Scorers;
import dev.mvc.eval.spi.Scorer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.opentest4j.AssertionFailedError;

/**
 * Runs a golden set as JUnit 5 dynamic tests: one test per case, named by its id, which calls the
 * pinned client and fails when a scorer that applies to the case grades the answer below the
 * threshold (a full pass by default). The failure message names the scorer, its reason and the
 * answer's stamp.
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicTest> supportAnswerGoldenSet() {
 *   return GoldenTests.of(client, Path.of("golden/support-answer.jsonl"))
 *       .scorers(Scorers.contains(), Scorers.regex())
 *       .dynamicTests();
 * }
 * }</pre>
 */
public final class GoldenTests {
  private final PinnedModelClient client;
  private final GoldenSet golden;
  private final List<Scorer> scorers = new ArrayList<>();
  private double minScore = 1.0;

  private GoldenTests(PinnedModelClient client, GoldenSet golden) {
    this.client = Objects.requireNonNull(client, "client");
    this.golden = Objects.requireNonNull(golden, "golden");
  }

  /** Returns golden tests of {@code golden} against {@code client}. */
  public static GoldenTests of(PinnedModelClient client, GoldenSet golden) {
    return new GoldenTests(client, golden);
  }

  /** Returns golden tests of the golden-set file {@code file} against {@code client}. */
  public static GoldenTests of(PinnedModelClient client, Path file) {
    return new GoldenTests(client, GoldenSet.read(file));
  }

  /** Sets the scorers (default: every expectation scorer). */
  public GoldenTests scorers(Scorer... scorers) {
    this.scorers.clear();
    this.scorers.addAll(List.of(scorers));
    return this;
  }

  /** Sets the lowest score each applicable scorer must give, in [0, 1] (default 1, a full pass). */
  public GoldenTests minScore(double minScore) {
    if (!(minScore >= 0 && minScore <= 1)) {
      throw new IllegalArgumentException("minScore must be in [0, 1], was " + minScore);
    }
    this.minScore = minScore;
    return this;
  }

  /** Returns one dynamic test per case, in file order. */
  public Stream<DynamicTest> dynamicTests() {
    List<Scorer> chosen = scorers.isEmpty() ? Scorers.expectations() : List.copyOf(scorers);
    return golden.cases().stream().map(c -> DynamicTest.dynamicTest(c.id(), () -> check(c, chosen)));
  }

  private void check(GoldenCase c, List<Scorer> chosen) {
    InvocationResponse response = client.invoke(c.toRequest());
    List<String> failures = new ArrayList<>();
    for (Scorer s : chosen) {
      if (!s.appliesTo(c)) {
        continue;
      }
      Score score = s.score(c, response.text());
      if (score.value() < minScore) {
        failures.add(s.name() + " scored " + score.value() + " (" + score.detail() + ")");
      }
    }
    if (!failures.isEmpty()) {
      throw new AssertionFailedError("golden case " + c.id() + " of " + golden.source() + " failed: "
          + String.join("; ", failures) + "; stamp " + response.stamp().toHeaderValue());
    }
  }
}
