package dev.mvc.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.mvc.ManifestParseException;
import dev.mvc.ToolSpec;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The pinned tools of one loaded version with their input schemas compiled once, at load: a
 * schema that does not compile fails the load, and each tool input the model asks for is checked
 * against its tool's schema before the caller's handler runs.
 */
public final class ToolSchemas {
  /** No tools. */
  public static final ToolSchemas NONE = new ToolSchemas(List.of(), Map.of());

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

  private final List<ToolSpec> tools;
  private final Map<String, Schema> schemas;

  private ToolSchemas(List<ToolSpec> tools, Map<String, Schema> schemas) {
    this.tools = tools;
    this.schemas = schemas;
  }

  /** Compiles the input schema of each tool; {@code path} names where the tools were declared. */
  public static ToolSchemas compile(String path, List<ToolSpec> tools) {
    Map<String, Schema> schemas = new LinkedHashMap<>();
    for (int i = 0; i < tools.size(); i++) {
      ToolSpec t = tools.get(i);
      try {
        Schema schema = REGISTRY.getSchema(JSON.valueToTree(unwrap(t.inputSchema())));
        schema.initializeValidators();
        schemas.put(t.name(), schema);
      } catch (RuntimeException e) {
        throw new ManifestParseException(path + "[" + i + "].inputSchema",
            path + "[" + i + "].inputSchema of tool " + t.name() + " is not a usable JSON Schema: " + e.getMessage(), e);
      }
    }
    return new ToolSchemas(List.copyOf(tools), Collections.unmodifiableMap(schemas));
  }

  private static @Nullable Object unwrap(@Nullable Object v) {
    if (v == JsonValues.NULL) {
      return null;
    }
    if (v instanceof Map) {
      Map<Object, Object> m = new LinkedHashMap<>();
      ((Map<?, ?>) v).forEach((k, e) -> m.put(k, unwrap(e)));
      return m;
    }
    if (v instanceof List) {
      return ((List<?>) v).stream().map(ToolSchemas::unwrap).toList();
    }
    return v;
  }

  /** Returns the tools, in declaration order. */
  public List<ToolSpec> tools() {
    return tools;
  }

  /** Returns whether {@code name} is a declared tool. */
  public boolean declares(String name) {
    return schemas.containsKey(name);
  }

  /**
   * Returns why {@code inputJson} is not a valid input of the declared tool {@code name}
   * (naming each failed rule), or null when it is valid.
   */
  public @Nullable String inputProblem(String name, String inputJson) {
    Schema schema = schemas.get(name);
    if (schema == null) {
      return "tool " + name + " is not declared in prompt.tools";
    }
    JsonNode input;
    try {
      input = JSON.readTree(inputJson);
    } catch (IOException e) {
      return "input of tool " + name + " is not JSON";
    }
    List<Error> errors = schema.validate(input);
    if (errors.isEmpty()) {
      return null;
    }
    StringBuilder out = new StringBuilder("input of tool " + name + " fails its inputSchema: ");
    for (int i = 0; i < errors.size(); i++) {
      out.append(i == 0 ? "" : "; ").append(errors.get(i).toString());
    }
    return out.toString();
  }
}
