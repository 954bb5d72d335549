package dev.mvc.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mvc.ManifestParseException;
import dev.mvc.PromptTemplate;
import dev.mvc.TemplateException;
import dev.mvc.VersionManifest;
import dev.mvc.cli.ExitCode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A config repository laid out as {@code prompts/*.txt} plus {@code config/bedrock-config.json}
 * or {@code config/sagemaker-config.json}, turned into a manifest. Config keys are the manifest's
 * field names in snake_case ({@code model_id}, {@code inference_config.max_tokens}); prompt and
 * script files are named by path and pinned by their SHA-256. The result goes through the
 * library's strict parser, so a config makes exactly the manifests the parser accepts.
 */
final class ConfigRepo {
  static final String BEDROCK_CONFIG = "config/bedrock-config.json";
  static final String SAGEMAKER_CONFIG = "config/sagemaker-config.json";

  private static final Set<String> COMMON = Set.of("name", "version", "prompt_template_file", "system_prompt_file",
      "inference_config", "provenance");
  private static final List<String> BEDROCK = List.of("model_id", "region", "api", "body_format", "guardrail",
      "knowledge_base", "agent");
  private static final List<String> SAGEMAKER = List.of("endpoint_name", "variant", "inference_component",
      "model_package_arn", "artifact", "image", "instance_type", "environment", "scripts", "payload_format",
      "payload_mapping");
  /** Objects whose keys are data, not field names: kept as written. */
  private static final Set<String> FREE_FORM = Set.of("environment", "payload_mapping", "evaluation_metrics",
      "additional_model_fields", "payloadMapping", "evaluationMetrics", "additionalModelFields");

  /** Reads a file of the repository at the ref being built. */
  interface Files {
    /** Returns the bytes of {@code path} (relative to the config repository). */
    byte[] read(String path);
  }

  private ConfigRepo() {}

  /** Builds the manifest from {@code configPath} and the files it names. */
  static VersionManifest build(String configPath, Files files, String gitSha, Instant createdAt, boolean dirty) {
    boolean bedrock = configPath.equals(BEDROCK_CONFIG);
    JsonNode config = Json.parse(text(configPath, files.read(configPath)), configPath);
    if (!config.isObject()) {
      throw invalid(configPath, "must be a JSON object", "write { \"model_id\": ..., ... }");
    }
    List<String> providerKeys = bedrock ? BEDROCK : SAGEMAKER;
    for (Iterator<String> it = config.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!COMMON.contains(key) && !providerKeys.contains(key)) {
        Set<String> allowed = new LinkedHashSet<>(List.of("name", "version"));
        allowed.addAll(providerKeys);
        allowed.addAll(List.of("prompt_template_file", "system_prompt_file", "inference_config", "provenance"));
        throw invalid(configPath, "has unknown key " + key, "use only " + String.join(", ", allowed));
      }
    }
    String templateFile = requiredText(config, "prompt_template_file", configPath);
    String templateText = text(templateFile, files.read(templateFile));
    PromptTemplate template;
    try {
      template = PromptTemplate.compile(templateText);
    } catch (TemplateException e) {
      throw new CliException(ExitCode.CHECK_FAILED, templateFile + ": " + e.getMessage(),
          "correct the placeholder in " + templateFile);
    }
    ObjectNode m = Json.mapper().createObjectNode();
    m.put("schema", VersionManifest.SCHEMA);
    m.put("name", config.has("name") ? config.get("name").asText() : baseName(templateFile));
    m.put("version", config.has("version") ? config.get("version").asText() : "0.0.0+" + gitSha.substring(0, 12));
    m.put("createdAt", createdAt.toString());
    ObjectNode given = config.has("provenance") ? (ObjectNode) camel(config.get("provenance"), "provenance")
        : Json.mapper().createObjectNode();
    if (given.has("gitSha") || given.has("dirty")) {
      throw invalid(configPath, "sets provenance.git_sha or provenance.dirty",
          "remove them; mvc build takes them from git");
    }
    // The manifest is written as built, so the fields git gives come first, as in the schema.
    ObjectNode provenance = Json.mapper().createObjectNode();
    provenance.put("gitSha", gitSha);
    if (dirty) {
      provenance.put("dirty", true);
    }
    provenance.setAll(given);
    m.set("provenance", provenance);
    ObjectNode target = Json.mapper().createObjectNode();
    for (String key : providerKeys) {
      if (config.has(key) && !config.get(key).isNull()) {
        target.set(camelKey(key), camel(config.get(key), key));
      }
    }
    if (!bedrock && target.has("scripts")) {
      target.set("scripts", scripts(target.get("scripts"), files, configPath));
    }
    m.set("model", Json.mapper().createObjectNode().set(bedrock ? "bedrock" : "sagemaker", target));
    ObjectNode prompt = Json.mapper().createObjectNode();
    prompt.set("template", promptText(templateText));
    if (config.hasNonNull("system_prompt_file")) {
      String systemFile = requiredText(config, "system_prompt_file", configPath);
      prompt.set("system", promptText(text(systemFile, files.read(systemFile))));
    }
    ArrayNode variables = prompt.putArray("variables");
    template.variables().forEach(variables::add);
    m.set("prompt", prompt);
    m.set("inference", config.has("inference_config") ? camel(config.get("inference_config"), "inference_config")
        : Json.mapper().createObjectNode());
    try {
      return VersionManifest.parse(Json.compact(m));
    } catch (ManifestParseException e) {
      throw new CliException(ExitCode.CHECK_FAILED, configPath + " does not make a valid manifest: " + e.getMessage(),
          "correct the snake_case key for manifest field " + e.path() + " in " + configPath
              + " (fields: docs/manifest.md)", e);
    }
  }

  private static ObjectNode promptText(String text) {
    ObjectNode p = Json.mapper().createObjectNode();
    p.put("sha256", Hashes.sha256Hex(text));
    p.put("text", text);
    return p;
  }

  /** Resolves {@code preprocess_file}/{@code postprocess_file} into their SHA-256s. */
  private static JsonNode scripts(JsonNode scripts, Files files, String configPath) {
    ObjectNode out = Json.mapper().createObjectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = scripts.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      switch (e.getKey()) {
        case "preprocessFile" -> out.put("preprocessSha256", Hashes.sha256Hex(files.read(e.getValue().asText())));
        case "postprocessFile" -> out.put("postprocessSha256", Hashes.sha256Hex(files.read(e.getValue().asText())));
        default -> out.set(e.getKey(), e.getValue());
      }
    }
    return out;
  }

  /** Converts snake_case keys to the manifest's camelCase, leaving free-form objects as written. */
  private static JsonNode camel(JsonNode node, String key) {
    if (node.isObject()) {
      if (FREE_FORM.contains(key)) {
        return node;
      }
      ObjectNode out = Json.mapper().createObjectNode();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        out.set(camelKey(e.getKey()), camel(e.getValue(), e.getKey()));
      }
      return out;
    }
    return node;
  }

  static String camelKey(String snake) {
    StringBuilder out = new StringBuilder(snake.length());
    boolean upper = false;
    for (char c : snake.toCharArray()) {
      if (c == '_') {
        upper = out.length() > 0;
      } else {
        out.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return out.toString();
  }

  private static String requiredText(JsonNode config, String key, String configPath) {
    JsonNode v = config.get(key);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw invalid(configPath, "needs " + key + " (a path in the repository)", "add \"" + key + "\": \"prompts/....txt\"");
    }
    return v.asText();
  }

  private static String baseName(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  private static String text(String path, byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new CliException(ExitCode.CHECK_FAILED, path + " is not UTF-8 text", "save " + path + " as UTF-8");
    }
  }

  private static CliException invalid(String configPath, String problem, String fix) {
    return new CliException(ExitCode.CHECK_FAILED, configPath + " " + problem, fix);
  }
}
