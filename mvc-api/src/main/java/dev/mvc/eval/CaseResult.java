package dev.mvc.eval;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of one golden case in an evaluation.
 *
 * @param id the case's id
 * @param stamp the answer's version stamp (header form); null when the call failed
 * @param answerSha256 hex SHA-256 of the answer's UTF-8 text; null when the call failed
 * @param text the answer's text, kept only when the evaluation asked for it; else null
 * @param scores one score per scorer that applied to the case
 * @param error why the call or a scorer failed, or null; a failed case scores 0
 */
public record CaseResult(String id, @Nullable String stamp, @Nullable String answerSha256, @Nullable String text,
    List<Score> scores, @Nullable String error) {
  /** Copies the scores. */
  public CaseResult {
    Objects.requireNonNull(id, "id");
    scores = List.copyOf(scores);
  }

  /** Returns whether the case counts toward the total: it failed or at least one scorer applied. */
  public boolean scored() {
    return error != null || !scores.isEmpty();
  }

  /** Returns the case's score: 0 when it failed, else the mean of its scores (1 when none applied). */
  public double score() {
    if (error != null) {
      return 0;
    }
    if (scores.isEmpty()) {
      return 1;
    }
    double sum = 0;
    for (Score s : scores) {
      sum += s.value();
    }
    return sum / scores.size();
  }

  /** Returns the score the scorer {@code scorer} gave, or null when it did not apply. */
  public @Nullable Score score(String scorer) {
    for (Score s : scores) {
      if (s.scorer().equals(scorer)) {
        return s;
      }
    }
    return null;
  }
}
