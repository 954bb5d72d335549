package dev.mvc.eval;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The grade one scorer gave one answer.
 *
 * @param scorer the scorer's name
 * @param value the grade in [0, 1]; 1 is a full pass
 * @param detail why, in a few words (never the answer's full text)
 * @param judgeStamp the stamp (header form) of the judge's own call, for a grade given by a model;
 *     null otherwise, so that the grade can be reproduced from the judge's version too
 */
public record Score(String scorer, double value, String detail, @Nullable String judgeStamp) {
  /** Checks the parts: the value must lie in [0, 1]. */
  public Score {
    Objects.requireNonNull(scorer, "scorer");
    Objects.requireNonNull(detail, "detail");
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException("score of " + scorer + " must be in [0, 1], was " + value);
    }
  }

  /** Returns a full pass. */
  public static Score pass(String scorer, String detail) {
    return new Score(scorer, 1, detail, null);
  }

  /** Returns a fail. */
  public static Score fail(String scorer, String detail) {
    return new Score(scorer, 0, detail, null);
  }

  /** Returns whether the value is a full pass. */
  public boolean passed() {
    return value >= 1;
  }
}
