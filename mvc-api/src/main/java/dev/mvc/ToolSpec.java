package dev.mvc;

import dev.mvc.internal.Checks;
import dev.mvc.internal.JsonValues;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One tool a model version offers the model ({@code prompt.tools[i]}): its name, what it does,
 * and the JSON Schema its input must satisfy. The schema is sent to the provider as written and
 * checked against every input the model asks the tool to run with, before the caller's handler
 * runs.
 *
 * @param name the tool name, 1 to 64 characters of {@code [a-zA-Z0-9_-]}
 * @param description what the tool does, or null
 * @param inputSchema the JSON Schema of the tool's input, a JSON object
 */
public record ToolSpec(String name, @Nullable String description, Map<String, Object> inputSchema) {
  private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");

  /** Validates the name and copies the schema deeply. */
  public ToolSpec {
    name = checkName("prompt.tools.name", name);
    if (description != null && description.isEmpty()) {
      throw Checks.fail("prompt.tools." + name + ".description", "must not be empty; leave it out instead", "");
    }
    Checks.required("prompt.tools." + name + ".inputSchema", inputSchema);
    inputSchema = JsonValues.immutableObject("prompt.tools." + name + ".inputSchema", inputSchema);
  }

  /** Returns a tool without a description. */
  public static ToolSpec of(String name, Map<String, ?> inputSchema) {
    return new ToolSpec(name, null, JsonValues.immutableObject("prompt.tools." + name + ".inputSchema", inputSchema));
  }

  /** Returns a tool. */
  public static ToolSpec of(String name, String description, Map<String, ?> inputSchema) {
    return new ToolSpec(name, description, JsonValues.immutableObject("prompt.tools." + name + ".inputSchema",
        inputSchema));
  }

  static String checkName(String path, @Nullable String name) {
    Checks.required(path, name);
    if (!NAME.matcher(name).matches()) {
      throw Checks.fail(path, "must be 1 to 64 characters of [a-zA-Z0-9_-]", name);
    }
    return name;
  }

  @Override
  public String toString() {
    return "ToolSpec{" + name + "}";
  }
}
