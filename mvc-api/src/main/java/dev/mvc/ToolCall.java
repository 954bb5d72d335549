package dev.mvc;

import java.util.Objects;

/**
 * A tool the model asked to run: the provider's ID of the request, the tool name and the input
 * as JSON text.
 *
 * @param id the provider's tool-use ID, which the result must name
 * @param name the tool name
 * @param inputJson the input, a JSON object as text
 */
public record ToolCall(String id, String name, String inputJson) {
  /** Requires every part. */
  public ToolCall {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(inputJson, "inputJson");
  }

  @Override
  public String toString() {
    // The input may hold personal data: only its size is printed.
    return "ToolCall{" + id + ", " + name + ", " + inputJson.length() + " chars}";
  }
}
