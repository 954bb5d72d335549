package dev.mvc.bedrock;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
    return sha256(instruction);
  }

  /**
   * Returns the hex SHA-256 of the canonical form of action-group definitions given in the
   * AgentActionGroup wire form.
   *
   * @throws IllegalArgumentException when a group has no {@code actionGroupName} or a value is
   *     not a string, boolean, map or list
   */
  public static String actionGroupsSha256(List<? extends Map<String, ?>> actionGroups) {
    return sha256(canonicalJson(canonicalActionGroups(actionGroups)));
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
        Object value = key.equals("functionSchema") ? functions(group.get(key)) : pruned(group.get(key));
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
      return pruned(functionSchema);
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
        Object value = key.equals("parameters") ? parameters(e.getValue()) : pruned(e.getValue());
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
      return pruned(parameters);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      Object detail = e.getValue();
      if (detail instanceof Map<?, ?> d && Boolean.FALSE.equals(d.get("required"))) {
        Map<Object, Object> copy = new LinkedHashMap<>(d);
        copy.remove("required");
        detail = copy;
      }
      Object value = pruned(detail);
      if (value != null) {
        out.put(String.valueOf(e.getKey()), value);
      }
    }
    return out.isEmpty() ? null : out;
  }

  /** Returns the value without nulls, empty strings, empty objects and empty arrays; null when nothing is left. */
  private static @Nullable Object pruned(@Nullable Object value) {
    if (value == null || (value instanceof String s && s.isEmpty())) {
      return null;
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        Object v = pruned(e.getValue());
        if (v != null) {
          out.put(String.valueOf(e.getKey()), v);
        }
      }
      return out.isEmpty() ? null : out;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      for (Object item : list) {
        Object v = pruned(item);
        if (v != null) {
          out.add(v);
        }
      }
      return out.isEmpty() ? null : out;
    }
    if (value instanceof String || value instanceof Boolean) {
      return value;
    }
    throw new IllegalArgumentException("an action-group definition holds " + value + " ("
        + value.getClass().getSimpleName() + "); only strings, booleans, objects and arrays are hashed");
  }

  /**
   * Writes strings, booleans, numbers (in the ECMAScript form of their double value), maps and
   * lists as RFC 8785 canonical JSON (keys in UTF-16 order).
   */
  static String canonicalJson(Object value) {
    StringBuilder out = new StringBuilder();
    write(out, value);
    return out.toString();
  }

  private static void write(StringBuilder out, Object value) {
    if (value instanceof String s) {
      string(out, s);
    } else if (value instanceof Boolean b) {
      out.append(b.booleanValue());
    } else if (value instanceof Number n) {
      try {
        out.append(org.erdtman.jcs.NumberToJSON.serializeNumber(n.doubleValue()));
      } catch (java.io.IOException e) {
        throw new IllegalArgumentException("cannot hash the number " + n, e);
      }
    } else if (value instanceof Map<?, ?> map) {
      // String.compareTo orders by UTF-16 code units, as RFC 8785 requires.
      TreeMap<String, Object> sorted = new TreeMap<>();
      map.forEach((k, v) -> sorted.put(String.valueOf(k), v));
      out.append('{');
      boolean first = true;
      for (Map.Entry<String, Object> e : sorted.entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        string(out, e.getKey());
        out.append(':');
        write(out, e.getValue());
      }
      out.append('}');
    } else if (value instanceof List<?> list) {
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        write(out, list.get(i));
      }
      out.append(']');
    } else {
      throw new IllegalArgumentException("cannot hash " + value);
    }
  }

  private static void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
