package dev.mvc.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mvc.VersionManifest;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A manifest as a flat, ordered list of fields ({@code inference.temperature = 0.2}), taken from
 * its canonical JSON so that the order is the digest's order. Arrays are single values; prompt
 * text is left out (it is shown as text, not as a field).
 */
public final class ManifestFields {
  /** The paths of prompt text, which are shown separately. */
  public static final Set<String> TEXT_PATHS = Set.of("prompt.template.text", "prompt.system.text");

  private static final String TOOLS = "prompt.tools";

  private ManifestFields() {}

  /** Returns the fields of {@code manifest} by dotted path, in canonical order. */
  public static Map<String, JsonNode> of(VersionManifest manifest) {
    JsonNode tree = Json.parse(manifest.toCanonicalJson(), "manifest");
    Map<String, JsonNode> out = new LinkedHashMap<>();
    flatten("", tree, out);
    return out;
  }

  /** Returns the canonical JSON tree of {@code manifest}. */
  public static JsonNode tree(VersionManifest manifest) {
    return Json.parse(manifest.toCanonicalJson(), "manifest");
  }

  private static void flatten(String path, JsonNode node, Map<String, JsonNode> out) {
    if (TOOLS.equals(path) && node.isArray()) {
      // Each tool is a field group of its own, named by the tool, so a diff names the tool and the part that changed.
      for (JsonNode tool : node) {
        flatten(TOOLS + "[" + tool.path("name").asText() + "]", tool, out);
      }
    } else if (node.isObject() && node.size() > 0) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        flatten(path.isEmpty() ? e.getKey() : path + "." + e.getKey(), e.getValue(), out);
      }
    } else if (!TEXT_PATHS.contains(path)) {
      out.put(path, node);
    }
  }

  /** Returns a field value for people: compact JSON. */
  public static String show(JsonNode value) {
    return Json.compact(value);
  }

  /** Returns the set fields of {@code p} under their manifest names, for printing. */
  static Map<String, Object> provenance(dev.mvc.Provenance p) {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    if (p.gitSha() != null) {
      m.put("gitSha", p.gitSha());
    }
    if (p.trainingDate() != null) {
      m.put("trainingDate", p.trainingDate().toString());
    }
    if (p.baseModel() != null) {
      m.put("baseModel", p.baseModel());
    }
    if (p.trainingDataVersion() != null) {
      m.put("trainingDataVersion", p.trainingDataVersion());
    }
    p.evaluationMetrics().forEach((k, v) -> m.put("evaluationMetrics." + k, v));
    return m;
  }
}
