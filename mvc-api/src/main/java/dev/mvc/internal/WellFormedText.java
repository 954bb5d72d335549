package dev.mvc.internal;

import org.jspecify.annotations.Nullable;

/**
 * Checks that text is well-formed UTF-16, so that it has exactly one UTF-8 form. A lone
 * surrogate has none: an encoder that replaces it with {@code ?} would let text holding it
 * share a hash with text holding {@code ?}, so text with one is refused wherever it is hashed
 * or sent.
 */
public final class WellFormedText {
  private WellFormedText() {}

  /** Returns the index of the first lone surrogate in {@code s}, or -1 when there is none. */
  public static int loneSurrogate(CharSequence s) {
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else {
          return i;
        }
      } else if (Character.isLowSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Returns null when {@code s} is well-formed, otherwise a phrase such as
   * {@code "holds a lone surrogate \ud800 at index 3"} for an error message.
   */
  public static @Nullable String problem(CharSequence s) {
    int i = loneSurrogate(s);
    return i < 0 ? null
        : "holds a lone surrogate \\u" + String.format("%04x", (int) s.charAt(i)) + " at index " + i
            + ", which has no UTF-8 form";
  }
}
