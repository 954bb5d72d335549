package dev.mvc.eval;

import org.jspecify.annotations.Nullable;

/**
 * How one case fared against the baseline report.
 *
 * @param id the case's id
 * @param baselineScore the case's score in the baseline, or null when the baseline lacks the case
 * @param score the case's score now
 * @param answerChanged whether the answer's SHA-256 differs from the baseline's
 */
public record CaseDifference(String id, @Nullable Double baselineScore, double score, boolean answerChanged) {
  /** Returns the score now minus the baseline's (the whole score for a new case). */
  public double delta() {
    return score - (baselineScore == null ? 0 : baselineScore);
  }
}
