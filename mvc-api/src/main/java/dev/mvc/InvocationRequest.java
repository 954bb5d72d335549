package dev.mvc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a caller supplies for one call: the template variables, optional conversation history,
 * and optional overrides of the inference parameters that the manifest declares overridable.
 * Everything else comes from the pin.
 */
public final class InvocationRequest {
  private final Map<String, Object> variables;
  private final List<Message> history;
  private final @Nullable Double temperature;
  private final @Nullable Integer maxTokens;
  private final @Nullable Double topP;

  private InvocationRequest(Builder b) {
    this.variables = Collections.unmodifiableMap(new LinkedHashMap<>(b.variables));
    this.history = List.copyOf(b.history);
    this.temperature = b.temperature;
    this.maxTokens = b.maxTokens;
    this.topP = b.topP;
  }

  /** Returns a request with these variables and nothing else. */
  public static InvocationRequest of(Map<String, ?> variables) {
    return builder().variables(variables).build();
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder holding this request's fields. */
  public Builder toBuilder() {
    Builder b = new Builder().variables(variables).history(history);
    b.temperature = temperature;
    b.maxTokens = maxTokens;
    b.topP = topP;
    return b;
  }

  /** Returns the template variables. */
  public Map<String, Object> variables() {
    return variables;
  }

  /** Returns the conversation history sent before the rendered template. */
  public List<Message> history() {
    return history;
  }

  /** Returns the requested temperature override, or null. */
  public @Nullable Double temperature() {
    return temperature;
  }

  /** Returns the requested max-tokens override, or null. */
  public @Nullable Integer maxTokens() {
    return maxTokens;
  }

  /** Returns the requested top-p override, or null. */
  public @Nullable Double topP() {
    return topP;
  }

  /** Returns whether the request asks for any override. */
  public boolean hasOverrides() {
    return temperature != null || maxTokens != null || topP != null;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof InvocationRequest)) {
      return false;
    }
    InvocationRequest r = (InvocationRequest) o;
    return variables.equals(r.variables) && history.equals(r.history)
        && Objects.equals(temperature, r.temperature) && Objects.equals(maxTokens, r.maxTokens)
        && Objects.equals(topP, r.topP);
  }

  @Override
  public int hashCode() {
    return Objects.hash(variables, history, temperature, maxTokens, topP);
  }

  @Override
  public String toString() {
    // Variable values may be personal data: only names are printed.
    return "InvocationRequest{variables=" + variables.keySet() + ", history=" + history.size()
        + (hasOverrides() ? ", overrides={temperature=" + temperature + ", maxTokens=" + maxTokens
            + ", topP=" + topP + "}" : "") + "}";
  }

  /** A builder of {@link InvocationRequest}. */
  public static final class Builder {
    private final Map<String, Object> variables = new LinkedHashMap<>();
    private final List<Message> history = new ArrayList<>();
    private @Nullable Double temperature;
    private @Nullable Integer maxTokens;
    private @Nullable Double topP;

    private Builder() {}

    /** Sets one variable. */
    public Builder variable(String name, Object value) {
      this.variables.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, name));
      return this;
    }

    /** Replaces the variables. */
    public Builder variables(Map<String, ?> variables) {
      this.variables.clear();
      variables.forEach(this::variable);
      return this;
    }

    /** Replaces the conversation history. */
    public Builder history(List<Message> history) {
      this.history.clear();
      this.history.addAll(history);
      return this;
    }

    /** Asks for another temperature; allowed only where the manifest makes it overridable. */
    public Builder overrideTemperature(double temperature) {
      this.temperature = temperature;
      return this;
    }

    /** Asks for another max-tokens; allowed only where the manifest makes it overridable. */
    public Builder overrideMaxTokens(int maxTokens) {
      this.maxTokens = maxTokens;
      return this;
    }

    /** Asks for another top-p; allowed only where the manifest makes it overridable. */
    public Builder overrideTopP(double topP) {
      this.topP = topP;
      return this;
    }

    /** Builds the request. */
    public InvocationRequest build() {
      return new InvocationRequest(this);
    }
  }
}
