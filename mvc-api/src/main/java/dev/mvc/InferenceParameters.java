package dev.mvc;

import dev.mvc.internal.Checks;
import dev.mvc.internal.JsonValues;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The inference parameters a manifest pins: temperature, max tokens, top-p, stop sequences and
 * provider-specific additional fields, plus which of them callers may override and within what
 * bound. Unset values are null; the strict policy requires the first three to be explicit so
 * that no hidden provider default takes part in a version.
 */
public final class InferenceParameters {
  /** The parameters that a manifest may declare overridable. */
  public static final Set<String> OVERRIDABLE = Set.of("temperature", "maxTokens", "topP");

  private final @Nullable Double temperature;
  private final @Nullable Integer maxTokens;
  private final @Nullable Double topP;
  private final List<String> stopSequences;
  private final Map<String, Object> additionalModelFields;
  private final Map<String, OverrideBound> overridable;

  private InferenceParameters(Builder b) {
    this.temperature = Checks.unitInterval("inference.temperature", b.temperature);
    this.maxTokens = Checks.positive("inference.maxTokens", b.maxTokens);
    this.topP = Checks.unitInterval("inference.topP", b.topP);
    List<String> stops = new ArrayList<>();
    for (int i = 0; i < b.stopSequences.size(); i++) {
      String s = Checks.required("inference.stopSequences[" + i + "]", b.stopSequences.get(i));
      if (s.isEmpty() || s.length() > 256) {
        throw Checks.fail("inference.stopSequences[" + i + "]", "must be 1 to 256 characters", s);
      }
      stops.add(s);
    }
    if (stops.size() > 16) {
      throw Checks.fail("inference.stopSequences", "must hold at most 16 sequences", stops.size());
    }
    this.stopSequences = List.copyOf(stops);
    this.additionalModelFields = JsonValues.immutableObject(
        "inference.additionalModelFields", b.additionalModelFields);
    Map<String, OverrideBound> bounds = new TreeMap<>();
    b.overridable.forEach((k, v) -> {
      String path = "inference.overridable." + k;
      if (!OVERRIDABLE.contains(k)) {
        throw Checks.fail(path, "is not overridable; only maxTokens, temperature and topP are", k);
      }
      Objects.requireNonNull(v, path);
      if (!k.equals("maxTokens") && (v.min() < 0 || v.max() > 1)) {
        throw Checks.fail(path, "must lie within [0, 1]", v);
      }
      if (k.equals("maxTokens") && (v.min() < 1 || v.max() > Integer.MAX_VALUE
          || v.min() != Math.rint(v.min()) || v.max() != Math.rint(v.max()))) {
        throw Checks.fail(path, "must be whole numbers in [1, " + Integer.MAX_VALUE + "]", v);
      }
      // Not a ternary: mixing Double and Integer there would unbox a null.
      Number pinned;
      if (k.equals("temperature")) {
        pinned = temperature;
      } else if (k.equals("topP")) {
        pinned = topP;
      } else {
        pinned = maxTokens;
      }
      if (pinned != null && !v.contains(pinned.doubleValue())) {
        throw Checks.fail(path, "must contain the pinned value " + pinned, v);
      }
      bounds.put(k, v);
    });
    this.overridable = Collections.unmodifiableMap(bounds);
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder holding this value's fields. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.temperature = temperature;
    b.maxTokens = maxTokens;
    b.topP = topP;
    b.stopSequences.addAll(stopSequences);
    b.additionalModelFields.putAll(additionalModelFields);
    b.overridable.putAll(overridable);
    return b;
  }

  /** Returns the temperature in [0, 1], or null when unset. */
  public @Nullable Double temperature() {
    return temperature;
  }

  /** Returns the maximum number of tokens to generate, or null when unset. */
  public @Nullable Integer maxTokens() {
    return maxTokens;
  }

  /** Returns top-p in [0, 1], or null when unset. */
  public @Nullable Double topP() {
    return topP;
  }

  /** Returns the stop sequences (possibly empty). */
  public List<String> stopSequences() {
    return stopSequences;
  }

  /**
   * Returns provider-specific fields passed through unchanged (such as {@code top_k}), as an
   * unmodifiable JSON-like map of strings, numbers, booleans, lists and maps; a JSON null is a
   * Java {@code null} value.
   */
  public Map<String, Object> additionalModelFields() {
    return additionalModelFields;
  }

  /** Returns the overridable parameters with their bounds (sorted by name). */
  public Map<String, OverrideBound> overridable() {
    return overridable;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof InferenceParameters)) {
      return false;
    }
    InferenceParameters p = (InferenceParameters) o;
    return Objects.equals(temperature, p.temperature) && Objects.equals(maxTokens, p.maxTokens)
        && Objects.equals(topP, p.topP) && stopSequences.equals(p.stopSequences)
        && additionalModelFields.equals(p.additionalModelFields) && overridable.equals(p.overridable);
  }

  @Override
  public int hashCode() {
    return Objects.hash(temperature, maxTokens, topP, stopSequences, additionalModelFields, overridable);
  }

  @Override
  public String toString() {
    return "InferenceParameters{temperature=" + temperature + ", maxTokens=" + maxTokens
        + ", topP=" + topP + ", stopSequences=" + stopSequences.size()
        + ", additionalModelFields=" + additionalModelFields.keySet()
        + ", overridable=" + overridable + "}";
  }

  /** A builder of {@link InferenceParameters}. */
  public static final class Builder {
    private @Nullable Double temperature;
    private @Nullable Integer maxTokens;
    private @Nullable Double topP;
    private final List<String> stopSequences = new ArrayList<>();
    private final Map<String, Object> additionalModelFields = new LinkedHashMap<>();
    private final Map<String, OverrideBound> overridable = new LinkedHashMap<>();

    private Builder() {}

    /** Sets the temperature. */
    public Builder temperature(@Nullable Double temperature) {
      this.temperature = temperature;
      return this;
    }

    /** Sets the maximum number of tokens. */
    public Builder maxTokens(@Nullable Integer maxTokens) {
      this.maxTokens = maxTokens;
      return this;
    }

    /** Sets top-p. */
    public Builder topP(@Nullable Double topP) {
      this.topP = topP;
      return this;
    }

    /** Replaces the stop sequences. */
    public Builder stopSequences(List<String> stopSequences) {
      this.stopSequences.clear();
      this.stopSequences.addAll(stopSequences);
      return this;
    }

    /** Sets one additional model field (a JSON-like value). */
    public Builder additionalModelField(String name, @Nullable Object value) {
      this.additionalModelFields.put(name, value);
      return this;
    }

    /** Replaces the additional model fields. */
    public Builder additionalModelFields(Map<String, ?> fields) {
      this.additionalModelFields.clear();
      this.additionalModelFields.putAll(fields);
      return this;
    }

    /** Lets callers override {@code parameter} within [{@code min}, {@code max}]. */
    public Builder overridable(String parameter, double min, double max) {
      this.overridable.put(parameter, new OverrideBound(min, max));
      return this;
    }

    /** Builds the parameters, failing with the path and value of the first invalid field. */
    public InferenceParameters build() {
      return new InferenceParameters(this);
    }
  }
}
