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
  private final @Nullable ToolSet tools;
  private final @Nullable ToolChoice toolChoice;
  private final List<CachePoint> cachePoints;
  private final @Nullable Integer maxToolRounds;

  private PromptSpec(Builder b) {
    this.template = Checks.required("prompt.template", b.template);
    this.system = b.system;
    this.tools = b.tools;
    this.toolChoice = b.toolChoice;
    if (toolChoice != null && tools == null) {
      throw Checks.fail("prompt.toolChoice", "needs prompt.tools");
    }
    List<ToolSpec> inline = tools == null ? null : tools.tools();
    if (toolChoice != null && toolChoice.tool() != null && inline != null
        && inline.stream().noneMatch(t -> t.name().equals(toolChoice.tool()))) {
      throw Checks.fail("prompt.toolChoice.tool", "must name a tool of prompt.tools", toolChoice.tool());
    }
    List<CachePoint> points = new ArrayList<>();
    for (int i = 0; i < b.cachePoints.size(); i++) {
      String path = "prompt.cachePoints[" + i + "]";
      CachePoint p = Checks.required(path, b.cachePoints.get(i));
      if (points.contains(p)) {
        throw Checks.fail(path, "is declared twice", p.jsonName());
      }
      if (p == CachePoint.SYSTEM && system == null) {
        throw Checks.fail(path, "needs prompt.system", p.jsonName());
      }
      if (p == CachePoint.TOOLS && tools == null) {
        throw Checks.fail(path, "needs prompt.tools", p.jsonName());
      }
      points.add(p);
    }
    this.cachePoints = List.copyOf(points);
    this.maxToolRounds = b.maxToolRounds;
    if (maxToolRounds != null && (maxToolRounds < 1 || maxToolRounds > 100)) {
      throw Checks.fail("prompt.maxToolRounds", "must be in [1, 100]", maxToolRounds);
    }
    if (maxToolRounds != null && tools == null) {
      throw Checks.fail("prompt.maxToolRounds", "needs prompt.tools", maxToolRounds);
    }
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
    return new Builder().template(template).system(system).variables(variables).tools(tools)
        .toolChoice(toolChoice).cachePoints(cachePoints).maxToolRounds(maxToolRounds);
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

  /** Returns the tool definitions offered to the model, or null. */
  public @Nullable ToolSet tools() {
    return tools;
  }

  /** Returns which tools the model must request, or null for the provider's default. */
  public @Nullable ToolChoice toolChoice() {
    return toolChoice;
  }

  /** Returns the pinned prompt-cache points, in declaration order. */
  public List<CachePoint> cachePoints() {
    return cachePoints;
  }

  /**
   * Returns how many model calls a tool loop may make before it fails, or null for the default of
   * {@value #DEFAULT_MAX_TOOL_ROUNDS}.
   */
  public @Nullable Integer maxToolRounds() {
    return maxToolRounds;
  }

  /** The number of rounds a tool loop makes at most when the manifest pins none. */
  public static final int DEFAULT_MAX_TOOL_ROUNDS = 8;

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof PromptSpec)) {
      return false;
    }
    PromptSpec p = (PromptSpec) o;
    return template.equals(p.template) && Objects.equals(system, p.system) && variables.equals(p.variables)
        && Objects.equals(tools, p.tools) && Objects.equals(toolChoice, p.toolChoice)
        && cachePoints.equals(p.cachePoints) && Objects.equals(maxToolRounds, p.maxToolRounds);
  }

  @Override
  public int hashCode() {
    return Objects.hash(template, system, variables, tools, toolChoice, cachePoints, maxToolRounds);
  }

  @Override
  public String toString() {
    return "PromptSpec{template=" + template + ", system=" + system + ", variables=" + variables
        + (tools != null ? ", tools=" + tools : "") + (cachePoints.isEmpty() ? "" : ", cachePoints=" + cachePoints)
        + "}";
  }

  /** A builder of {@link PromptSpec}. */
  public static final class Builder {
    private @Nullable PromptText template;
    private @Nullable PromptText system;
    private final List<String> variables = new ArrayList<>();
    private @Nullable ToolSet tools;
    private @Nullable ToolChoice toolChoice;
    private final List<CachePoint> cachePoints = new ArrayList<>();
    private @Nullable Integer maxToolRounds;

    private Builder() {}

    /** Sets the tool definitions (null: none). */
    public Builder tools(@Nullable ToolSet tools) {
      this.tools = tools;
      return this;
    }

    /** Sets the tool choice (null: the provider's default). */
    public Builder toolChoice(@Nullable ToolChoice toolChoice) {
      this.toolChoice = toolChoice;
      return this;
    }

    /** Replaces the cache points. */
    public Builder cachePoints(List<CachePoint> cachePoints) {
      this.cachePoints.clear();
      this.cachePoints.addAll(cachePoints);
      return this;
    }

    /** Replaces the cache points. */
    public Builder cachePoints(CachePoint... cachePoints) {
      return cachePoints(List.of(cachePoints));
    }

    /** Sets the most model calls one tool loop makes (null: the default). */
    public Builder maxToolRounds(@Nullable Integer maxToolRounds) {
      this.maxToolRounds = maxToolRounds;
      return this;
    }

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
