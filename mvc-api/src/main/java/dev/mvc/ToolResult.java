package dev.mvc;

import java.util.Objects;

/**
 * What a tool handler returned for one {@link ToolCall}, sent back to the model: JSON when the
 * handler's answer parses as a JSON object or array, otherwise text.
 *
 * @param toolUseId the ID of the call this answers
 * @param content the handler's answer
 * @param error whether the tool failed (the content then says why)
 */
public record ToolResult(String toolUseId, String content, boolean error) {
  /** Requires the ID and the content. */
  public ToolResult {
    Objects.requireNonNull(toolUseId, "toolUseId");
    Objects.requireNonNull(content, "content");
  }

  @Override
  public String toString() {
    return "ToolResult{" + toolUseId + ", " + content.length() + " chars" + (error ? ", error" : "") + "}";
  }
}
