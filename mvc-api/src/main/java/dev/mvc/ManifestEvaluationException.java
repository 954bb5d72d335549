package dev.mvc;

import org.jspecify.annotations.Nullable;

/**
 * An exception raised when the policy requires an evaluation and the manifest's digest has no
 * report in the configured {@link dev.mvc.spi.EvaluationRegistry}, or its report scores below the
 * threshold or is older than the policy accepts.
 */
public final class ManifestEvaluationException extends ManifestException {
  private static final long serialVersionUID = 1L;
  private final @Nullable Double score;

  /** Creates an exception; {@code score} is the report's score, or null when there was no report. */
  public ManifestEvaluationException(String message, @Nullable Double score) {
    super(message);
    this.score = score;
  }

  /** Returns the refused report's score, or null when no report was found. */
  public @Nullable Double score() {
    return score;
  }
}
