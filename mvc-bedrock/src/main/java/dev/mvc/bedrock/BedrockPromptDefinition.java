package dev.mvc.bedrock;

import dev.mvc.bedrock.internal.CanonicalDefinitions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The content hash that pins a Bedrock Prompt Management prompt version in a manifest
 * ({@code model.bedrock.prompt.sha256}): the same function hashes the version GetPrompt returns
 * when a manifest is loaded and the version {@code mvc publish --bedrock-prompt} creates.
 *
 * <p>The prompt is given in the GetPrompt response wire form of the Agents for Bedrock API, as a
 * map. What is hashed is the object {@code {"defaultVariant", "variants"}}, each variant holding
 * only {@code name}, {@code templateType}, {@code templateConfiguration}, {@code modelId},
 * {@code inferenceConfiguration}, {@code additionalModelRequestFields} and
 * {@code genAiResource}: what the model is sent. The prompt's name, description, encryption key,
 * ID, ARN, version, timestamps and each variant's {@code metadata} are left out. Nulls, empty
 * strings, empty objects and empty arrays are dropped wherever they occur; a number is the double
 * nearest to the shortest decimal form of its value (a 32-bit float such as a temperature of
 * {@code 0.2} is hashed as {@code 0.2}). The hash is the lowercase hex SHA-256 of the RFC 8785
 * canonical JSON of the result.
 */
public final class BedrockPromptDefinition {

  private static final List<String> VARIANT_KEYS = List.of("name", "templateType", "templateConfiguration",
      "modelId", "inferenceConfiguration", "additionalModelRequestFields", "genAiResource");

  private BedrockPromptDefinition() {}

  /**
   * Returns the hex SHA-256 of the canonical content of a prompt version given in the GetPrompt
   * wire form.
   *
   * @throws IllegalArgumentException when a value is not a string, boolean, number, map or list,
   *     or a string holds a lone surrogate
   */
  public static String sha256(Map<String, ?> prompt) {
    return CanonicalDefinitions.sha256(canonicalJson(prompt));
  }

  /** Returns the RFC 8785 canonical JSON text that {@link #sha256} hashes. */
  public static String canonicalJson(Map<String, ?> prompt) {
    return CanonicalDefinitions.canonicalJson(canonicalContent(prompt));
  }

  /** Returns the canonical content of a prompt version, the value {@link #sha256} hashes. */
  public static Map<String, Object> canonicalContent(Map<String, ?> prompt) {
    Map<String, Object> out = new LinkedHashMap<>();
    Object defaultVariant = CanonicalDefinitions.pruned(prompt.get("defaultVariant"), true, "a prompt version");
    if (defaultVariant != null) {
      out.put("defaultVariant", defaultVariant);
    }
    List<Object> variants = new ArrayList<>();
    if (prompt.get("variants") instanceof List<?> list) {
      for (Object v : list) {
        if (!(v instanceof Map<?, ?> variant)) {
          throw new IllegalArgumentException("variants holds " + v + ", which is not an object");
        }
        Map<String, Object> kept = new LinkedHashMap<>();
        for (String key : VARIANT_KEYS) {
          Object value = CanonicalDefinitions.pruned(variant.get(key), true, "a prompt version");
          if (value != null) {
            kept.put(key, value);
          }
        }
        variants.add(kept);
      }
    }
    if (!variants.isEmpty()) {
      out.put("variants", variants);
    }
    return out;
  }

}
