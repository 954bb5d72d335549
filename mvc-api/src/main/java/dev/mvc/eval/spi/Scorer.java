package dev.mvc.eval.spi;

import dev.mvc.eval.GoldenCase;
import dev.mvc.eval.Score;

/**
 * A grader of one answer to one golden case. A scorer applies only to the cases that hold its
 * expectation ({@link #appliesTo}); the others skip it. Implementations must be thread-safe: an
 * evaluation scores cases concurrently.
 */
public interface Scorer {

  /** Returns the scorer's name as it appears in reports and on the command line, such as {@code exact}. */
  String name();

  /** Returns whether {@code goldenCase} holds what this scorer checks; the default applies to every case. */
  default boolean appliesTo(GoldenCase goldenCase) {
    return true;
  }

  /**
   * Grades {@code answer} to {@code goldenCase}: a value in [0, 1] and a short reason.
   * Called only for cases it {@linkplain #appliesTo applies to}.
   */
  Score score(GoldenCase goldenCase, String answer);
}
