package dev.mvc.bedrock;

import dev.mvc.bedrock.internal.CanonicalDefinitions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The hashes that pin the definition of a Bedrock agent version in a manifest
 * ({@code model.bedrock.agent.instructionSha256} and {@code .actionGroupsSha256}): the same
 * functions hash a config repository's agent config when a manifest is built and the agent
 * version GetAgentVersion and GetAgentActionGroup return when it is loaded.
 *
 * <p>Action groups are given in the AgentActionGroup wire form of the Agents for Bedrock API, as
 * maps: {@code actionGroupName}, {@code description}, {@code parentActionSignature},
 * {@code apiSchema} ({@code payload} or {@code s3}), {@code functionSchema.functions} (each
 * function with {@code name}, {@code description}, {@code parameters} of
 * {@code {type, description, required}}, {@code requireConfirmation}) and
 * {@code actionGroupState}. Only what the model is told is hashed: groups whose state is
 * {@code DISABLED} are left out, the rest are sorted by name, their functions by name; absent and
 * empty values and the defaults {@code required: false} and {@code requireConfirmation: DISABLED}
 * are dropped, and so are IDs, timestamps, versions and the executor. The hash is the SHA-256 of
 * the RFC 8785 canonical JSON of the resulting array (values are strings, booleans, objects and
 * arrays only).
 */
public final class BedrockAgentDefinition {

  private static final List<String> GROUP_KEYS =
      List.of("actionGroupName", "description", "parentActionSignature", "apiSchema", "functionSchema");

  private BedrockAgentDefinition() {}

  /** Returns the hex SHA-256 of an agent instruction's UTF-8 bytes. */
  public static String instructionSha256(String instruction) {
    return CanonicalDefinitions.sha256(instruction);
  }

  /**
   * Returns the hex SHA-256 of the canonical form of action-group definitions given in the
   * AgentActionGroup wire form.
   *
   * @throws IllegalArgumentException when a group has no {@code actionGroupName} or a value is
   *     not a string, boolean, map or list
   */
  public static String actionGroupsSha256(List<? extends Map<String, ?>> actionGroups) {
    return CanonicalDefinitions.sha256(CanonicalDefinitions.canonicalJson(canonicalActionGroups(actionGroups)));
  }

  /** Returns the canonical form of action-group definitions, the value {@link #actionGroupsSha256} hashes. */
  public static List<Map<String, Object>> canonicalActionGroups(List<? extends Map<String, ?>> actionGroups) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (int i = 0; i < actionGroups.size(); i++) {
      Map<String, ?> group = actionGroups.get(i);
      if ("DISABLED".equals(group.get("actionGroupState"))) {
        continue;
      }
      if (!(group.get("actionGroupName") instanceof String)) {
        throw new IllegalArgumentException("actionGroups[" + i + "].actionGroupName must be a string, was "
            + group.get("actionGroupName"));
      }
      Map<String, Object> g = new LinkedHashMap<>();
      for (String key : GROUP_KEYS) {
        Object value = key.equals("functionSchema") ? functions(group.get(key)) : CanonicalDefinitions.pruned(group.get(key), false, "an action-group definition");
        if (value != null) {
          g.put(key, value);
        }
      }
      out.add(g);
    }
    out.sort(Comparator.comparing(g -> (String) g.get("actionGroupName")));
    return out;
  }

  private static @Nullable Object functions(@Nullable Object functionSchema) {
    if (!(functionSchema instanceof Map<?, ?> schema) || !(schema.get("functions") instanceof List<?> list)) {
      return CanonicalDefinitions.pruned(functionSchema, false, "an action-group definition");
    }
    List<Map<String, Object>> functions = new ArrayList<>();
    for (Object f : list) {
      if (!(f instanceof Map<?, ?> fn)) {
        throw new IllegalArgumentException("functionSchema.functions holds " + f + ", which is not an object");
      }
      Map<String, Object> copy = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : fn.entrySet()) {
        String key = String.valueOf(e.getKey());
        if (key.equals("requireConfirmation") && "DISABLED".equals(e.getValue())) {
          continue;
        }
        Object value = key.equals("parameters") ? parameters(e.getValue()) : CanonicalDefinitions.pruned(e.getValue(), false, "an action-group definition");
        if (value != null) {
          copy.put(key, value);
        }
      }
      functions.add(copy);
    }
    functions.sort(Comparator.comparing(f -> String.valueOf(f.get("name"))));
    return functions.isEmpty() ? null : Map.of("functions", functions);
  }

  private static @Nullable Object parameters(@Nullable Object parameters) {
    if (!(parameters instanceof Map<?, ?> map)) {
      return CanonicalDefinitions.pruned(parameters, false, "an action-group definition");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      Object detail = e.getValue();
      if (detail instanceof Map<?, ?> d && Boolean.FALSE.equals(d.get("required"))) {
        Map<Object, Object> copy = new LinkedHashMap<>(d);
        copy.remove("required");
        detail = copy;
      }
      Object value = CanonicalDefinitions.pruned(detail, false, "an action-group definition");
      if (value != null) {
        out.put(String.valueOf(e.getKey()), value);
      }
    }
    return out.isEmpty() ? null : out;
  }


}
