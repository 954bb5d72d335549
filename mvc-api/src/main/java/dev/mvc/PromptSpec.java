package dev.mvc;

import dev.mvc.internal.Checks;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The prompt of a model version: the user-message template, an optional system prompt, and the
 * variables the template declares. The declared variables must equal the template's
 * placeholders; that is checked when the template text is known, at load.
 */
public final class PromptSpec {
  private final PromptText template;
  private final @Nullable PromptText system;
  private final List<String> variables;

  private PromptSpec(Builder b) {
    this.template = Checks.required("prompt.template", b.template);
    this.system = b.system;
    List<String> vars = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < b.variables.size(); i++) {
      String path = "prompt.variables[" + i + "]";
      String v = Checks.variable(path, b.variables.get(i));
      if (!seen.add(v)) {
        throw Checks.fail(path, "is declared twice", v);
      }
      vars.add(v);
    }
    this.variables = List.copyOf(vars);
  }

  /** Returns a builder for a prompt with {@code template}. */
  public static Builder builder(PromptText template) {
    return new Builder().template(template);
  }

  /** Returns a builder holding this value's fields. */
  public Builder toBuilder() {
    return new Builder().template(template).system(system).variables(variables);
  }

  /** Returns the user-message template. */
  public PromptText template() {
    return template;
  }

  /** Returns the system prompt, or null. */
  public @Nullable PromptText system() {
    return system;
  }

  /** Returns the declared variables, in declaration order. */
  public List<String> variables() {
    return variables;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof PromptSpec)) {
      return false;
    }
    PromptSpec p = (PromptSpec) o;
    return template.equals(p.template) && Objects.equals(system, p.system) && variables.equals(p.variables);
  }

  @Override
  public int hashCode() {
    return Objects.hash(template, system, variables);
  }

  @Override
  public String toString() {
    return "PromptSpec{template=" + template + ", system=" + system + ", variables=" + variables + "}";
  }

  /** A builder of {@link PromptSpec}. */
  public static final class Builder {
    private @Nullable PromptText template;
    private @Nullable PromptText system;
    private final List<String> variables = new ArrayList<>();

    private Builder() {}

    /** Sets the template. */
    public Builder template(@Nullable PromptText template) {
      this.template = template;
      return this;
    }

    /** Sets the system prompt. */
    public Builder system(@Nullable PromptText system) {
      this.system = system;
      return this;
    }

    /** Replaces the declared variables. */
    public Builder variables(List<String> variables) {
      this.variables.clear();
      this.variables.addAll(variables);
      return this;
    }

    /** Replaces the declared variables. */
    public Builder variables(String... variables) {
      return variables(List.of(variables));
    }

    /** Builds the prompt, failing with the path and value of the first invalid field. */
    public PromptSpec build() {
      return new PromptSpec(this);
    }
  }
}
