package dev.mvc;

import org.jspecify.annotations.Nullable;

/**
 * Which tools the model must request ({@code prompt.toolChoice}): {@code "auto"} (the model
 * decides), {@code "any"} (at least one tool) or {@code {"tool": "<name>"}} (that tool).
 *
 * @param kind the choice
 * @param tool the tool the model must request when {@code kind} is {@link Kind#TOOL}, else null
 */
public record ToolChoice(Kind kind, @Nullable String tool) {
  /** Requires a tool name exactly for {@link Kind#TOOL}. */
  public ToolChoice {
    if (kind == null) {
      throw dev.mvc.internal.Checks.fail("prompt.toolChoice", "is required");
    }
    if (kind == Kind.TOOL) {
      ToolSpec.checkName("prompt.toolChoice.tool", tool);
    } else if (tool != null) {
      throw dev.mvc.internal.Checks.fail("prompt.toolChoice", "names a tool only as {\"tool\": name}", tool);
    }
  }

  /** Returns the choice that lets the model decide. */
  public static ToolChoice auto() {
    return new ToolChoice(Kind.AUTO, null);
  }

  /** Returns the choice that makes the model request at least one tool. */
  public static ToolChoice any() {
    return new ToolChoice(Kind.ANY, null);
  }

  /** Returns the choice that makes the model request {@code name}. */
  public static ToolChoice tool(String name) {
    return new ToolChoice(Kind.TOOL, name);
  }

  /** The kinds of tool choice. */
  public enum Kind {
    /** The model decides whether to request a tool. */
    AUTO,
    /** The model requests at least one tool. */
    ANY,
    /** The model requests the named tool. */
    TOOL
  }
}
