package dev.mvc.eval;

import dev.mvc.InvocationRequest;
import dev.mvc.Message;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One case of a golden set: an id, the template variables (and optional conversation history)
 * of the call, and what the answer is expected to be.
 */
public final class GoldenCase {
  private final String id;
  private final Map<String, Object> variables;
  private final List<Message> history;
  private final Expectations expect;

  private GoldenCase(Builder b) {
    if (b.id == null || b.id.isBlank()) {
      throw new IllegalArgumentException("id must be a non-blank string, was " + (b.id == null ? "null" : "'" + b.id + "'"));
    }
    this.id = b.id;
    this.variables = Collections.unmodifiableMap(new LinkedHashMap<>(b.variables));
    this.history = List.copyOf(b.history);
    this.expect = b.expect;
  }

  /** Returns a new builder. */
  public static Builder builder(String id) {
    return new Builder().id(id);
  }

  /** Returns a builder holding this case. */
  public Builder toBuilder() {
    return new Builder().id(id).variables(variables).history(history).expect(expect);
  }

  /** Returns the case's id, unique within its set. */
  public String id() {
    return id;
  }

  /** Returns the template variables. */
  public Map<String, Object> variables() {
    return variables;
  }

  /** Returns the conversation history sent before the rendered template. */
  public List<Message> history() {
    return history;
  }

  /** Returns what the answer is expected to be. */
  public Expectations expect() {
    return expect;
  }

  /** Returns the request this case sends. */
  public InvocationRequest toRequest() {
    return InvocationRequest.builder().variables(variables).history(history).build();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof GoldenCase)) {
      return false;
    }
    GoldenCase c = (GoldenCase) o;
    return id.equals(c.id) && variables.equals(c.variables) && history.equals(c.history) && expect.equals(c.expect);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, variables, history, expect);
  }

  @Override
  public String toString() {
    // Variable values may be personal data: only names are printed.
    return "GoldenCase{id=" + id + ", variables=" + variables.keySet() + ", history=" + history.size()
        + ", expect=" + expect.keys() + "}";
  }

  /** A builder of {@link GoldenCase}. */
  public static final class Builder {
    private @Nullable String id;
    private final Map<String, Object> variables = new LinkedHashMap<>();
    private final List<Message> history = new ArrayList<>();
    private Expectations expect = Expectations.none();

    private Builder() {}

    /** Sets the id. */
    public Builder id(String id) {
      this.id = Objects.requireNonNull(id, "id");
      return this;
    }

    /** Sets one variable: a string, number or boolean. */
    public Builder variable(String name, Object value) {
      Objects.requireNonNull(name, "name");
      if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
        throw new IllegalArgumentException("variables." + name + " must be a string, number or boolean, was "
            + (value == null ? "null" : value.getClass().getSimpleName()));
      }
      this.variables.put(name, value);
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

    /** Sets what the answer is expected to be. */
    public Builder expect(Expectations expect) {
      this.expect = Objects.requireNonNull(expect, "expect");
      return this;
    }

    /** Builds the case. */
    public GoldenCase build() {
      return new GoldenCase(this);
    }
  }
}
