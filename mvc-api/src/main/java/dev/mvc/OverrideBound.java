package dev.mvc;

/**
 * The closed interval within which callers may override one inference parameter.
 *
 * @param min the smallest value a caller may ask for
 * @param max the largest value a caller may ask for
 */
public record OverrideBound(double min, double max) {
  /** Creates a bound; {@code min} must not exceed {@code max}. */
  public OverrideBound {
    if (!(min <= max) || Double.isInfinite(min) || Double.isInfinite(max)) {
      throw new IllegalArgumentException("override bound must have min <= max, was [" + min + ", " + max + "]");
    }
  }

  /** Returns whether {@code value} lies inside the bound. */
  public boolean contains(double value) {
    return value >= min && value <= max;
  }

  @Override
  public String toString() {
    return "[" + min + ", " + max + "]";
  }
}
