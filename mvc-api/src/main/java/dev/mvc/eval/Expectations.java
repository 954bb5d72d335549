package dev.mvc.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * What a golden case expects of the answer: any of an exact answer, a substring, a regular
 * expression, a JSON Schema the answer must satisfy, and a number with a tolerance. Each part is
 * optional; a scorer whose part is absent skips the case.
 */
public final class Expectations {
  /** The key of {@link #exact()} in a golden-set line. */
  public static final String EXACT = "exact";
  /** The key of {@link #contains()}. */
  public static final String CONTAINS = "contains";
  /** The key of {@link #regex()}. */
  public static final String REGEX = "regex";
  /** The key of {@link #jsonSchema()}. */
  public static final String JSON_SCHEMA = "jsonSchema";
  /** The key of {@link #number()}. */
  public static final String NUMBER = "number";

  private static final Expectations NONE = new Builder().build();

  private final @Nullable String exact;
  private final @Nullable String contains;
  private final @Nullable String regex;
  private final @Nullable Pattern pattern;
  private final @Nullable String jsonSchema;
  private final @Nullable NumberExpectation number;

  private Expectations(Builder b) {
    this.exact = b.exact;
    this.contains = b.contains;
    this.regex = b.regex;
    this.pattern = b.regex == null ? null : Pattern.compile(b.regex);
    this.jsonSchema = b.jsonSchema;
    this.number = b.number;
  }

  /** Returns expectations with no part: only a judge can grade such a case. */
  public static Expectations none() {
    return NONE;
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder holding these expectations. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.exact = exact;
    b.contains = contains;
    b.regex = regex;
    b.jsonSchema = jsonSchema;
    b.number = number;
    return b;
  }

  /** Returns the exact answer expected, or null. */
  public @Nullable String exact() {
    return exact;
  }

  /** Returns the text the answer must contain, or null. */
  public @Nullable String contains() {
    return contains;
  }

  /** Returns the regular expression the answer must contain a match of, or null. */
  public @Nullable String regex() {
    return regex;
  }

  /** Returns {@link #regex()} compiled, or null. */
  public @Nullable Pattern pattern() {
    return pattern;
  }

  /** Returns the JSON Schema (compact JSON text) the answer must be valid against, or null. */
  public @Nullable String jsonSchema() {
    return jsonSchema;
  }

  /** Returns the number the answer must hold, or null. */
  public @Nullable NumberExpectation number() {
    return number;
  }

  /** Returns the keys present, in the order of the golden-set format. */
  public List<String> keys() {
    List<String> out = new ArrayList<>();
    if (exact != null) {
      out.add(EXACT);
    }
    if (contains != null) {
      out.add(CONTAINS);
    }
    if (regex != null) {
      out.add(REGEX);
    }
    if (jsonSchema != null) {
      out.add(JSON_SCHEMA);
    }
    if (number != null) {
      out.add(NUMBER);
    }
    return out;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof Expectations)) {
      return false;
    }
    Expectations e = (Expectations) o;
    return Objects.equals(exact, e.exact) && Objects.equals(contains, e.contains) && Objects.equals(regex, e.regex)
        && Objects.equals(jsonSchema, e.jsonSchema) && Objects.equals(number, e.number);
  }

  @Override
  public int hashCode() {
    return Objects.hash(exact, contains, regex, jsonSchema, number);
  }

  @Override
  public String toString() {
    // Expected answers can be long or sensitive: only the keys are printed.
    return "Expectations" + keys();
  }

  /**
   * A number the answer must hold (the first number in its text), within a tolerance.
   *
   * @param value the expected number
   * @param tolerance the largest accepted absolute difference, zero or more
   */
  public record NumberExpectation(double value, double tolerance) {
    /** Checks the parts. */
    public NumberExpectation {
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException("expect.number.value must be finite, was " + value);
      }
      if (!(tolerance >= 0) || !Double.isFinite(tolerance)) {
        throw new IllegalArgumentException("expect.number.tolerance must be a finite number >= 0, was " + tolerance);
      }
    }
  }

  /** A builder of {@link Expectations}. */
  public static final class Builder {
    private @Nullable String exact;
    private @Nullable String contains;
    private @Nullable String regex;
    private @Nullable String jsonSchema;
    private @Nullable NumberExpectation number;

    private Builder() {}

    /** Expects exactly this answer (surrounding white space is ignored when scoring). */
    public Builder exact(@Nullable String exact) {
      this.exact = exact;
      return this;
    }

    /** Expects the answer to contain this text. */
    public Builder contains(@Nullable String contains) {
      this.contains = contains;
      return this;
    }

    /** Expects the answer to contain a match of this regular expression. */
    public Builder regex(@Nullable String regex) {
      if (regex != null) {
        try {
          Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
          throw new IllegalArgumentException("expect.regex is not a valid regular expression, was '" + regex
              + "': " + e.getDescription(), e);
        }
      }
      this.regex = regex;
      return this;
    }

    /** Expects the answer to be JSON valid against this schema (JSON text). */
    public Builder jsonSchema(@Nullable String jsonSchema) {
      this.jsonSchema = jsonSchema;
      return this;
    }

    /** Expects the answer's first number to be within {@code tolerance} of {@code value}. */
    public Builder number(double value, double tolerance) {
      this.number = new NumberExpectation(value, tolerance);
      return this;
    }

    /** Builds the expectations. */
    public Expectations build() {
      return new Expectations(this);
    }
  }
}
