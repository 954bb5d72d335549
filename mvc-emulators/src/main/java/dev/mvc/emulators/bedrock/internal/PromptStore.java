package dev.mvc.emulators.bedrock.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The Prompt Management prompts of one emulator: each prompt's working draft and its numbered
 * versions, as GetPrompt, UpdatePrompt and CreatePromptVersion of the Agents for Bedrock control
 * plane read and write them, and the prompt versions Converse renders when its model ID is a
 * prompt ARN. Bodies are in the shapes of the {@code bedrock-agent} service model. Every method is
 * atomic.
 */
public final class PromptStore {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CREATED = "2026-01-01T00:00:00Z";
  /** A prompt ARN, optionally with a version: group 1 the ARN without version, 2 the ID, 3 the version. */
  public static final Pattern PROMPT_ARN =
      Pattern.compile("(arn:aws(?:-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:prompt/([0-9a-zA-Z]{10}))(?::([0-9]{1,5}|DRAFT))?");
  private static final Pattern PROMPT_ID = Pattern.compile("[0-9a-zA-Z]{10}");
  private static final Pattern NAME = Pattern.compile("([0-9a-zA-Z][_-]?){1,100}");
  private static final Pattern CLIENT_TOKEN = Pattern.compile("[a-zA-Z0-9](-*[a-zA-Z0-9]){0,256}");
  private static final Pattern VARIABLE = Pattern.compile("\\{\\{\\s*([0-9a-zA-Z_-]+)\\s*}}");

  private final Map<String, Prompt> prompts = new HashMap<>();

  /** One prompt: its ARN without version, the draft and the numbered versions. */
  private static final class Prompt {
    final String arn;
    ObjectNode draft;
    final TreeMap<Integer, ObjectNode> versions = new TreeMap<>();
    final Map<String, Integer> tokens = new HashMap<>();
    int updates;

    Prompt(String arn, ObjectNode draft) {
      this.arn = arn;
      this.draft = draft;
    }
  }

  /** An answer of a control-plane prompt operation: the HTTP status and either a body or an error. */
  public record Answer(int status, @Nullable String body, @Nullable String errorType, @Nullable String message) {
    static Answer ok(int status, ObjectNode body) {
      return new Answer(status, write(body), null, null);
    }

    static Answer error(int status, String type, String message) {
      return new Answer(status, null, type, message);
    }
  }

  /**
   * Defines (or replaces) the draft of a prompt with one variant given in the PromptVariant wire
   * form; the prompt's name is {@code name}.
   */
  public synchronized void draft(String promptArn, String name, String variantJson) {
    Matcher m = arn(promptArn);
    ObjectNode content = content(name, variantJson);
    Prompt p = prompts.computeIfAbsent(m.group(2), id -> new Prompt(m.group(1), content));
    p.draft = content;
  }

  /** Defines (or replaces) a numbered version of a prompt, with one variant in the PromptVariant wire form. */
  public synchronized void version(String promptArn, int version, String name, String variantJson) {
    Matcher m = arn(promptArn);
    ObjectNode content = content(name, variantJson);
    Prompt p = prompts.computeIfAbsent(m.group(2), id -> new Prompt(m.group(1), content.deepCopy()));
    p.versions.put(version, content);
  }

  /** Answers GetPrompt for an identifier (ID or ARN) and an optional {@code promptVersion}. */
  public synchronized Answer get(String identifier, @Nullable String version) {
    Prompt p = find(identifier);
    String v = version != null ? version : versionIn(identifier);
    if (p == null) {
      return notFound(identifier);
    }
    if (v == null || v.equals("DRAFT")) {
      return Answer.ok(200, body(p, p.draft, "DRAFT"));
    }
    ObjectNode content = versionOf(p, v);
    if (content == null) {
      return Answer.error(404, "ResourceNotFoundException", "Version " + v + " of prompt " + p.arn
          + " does not exist.");
    }
    return Answer.ok(200, body(p, content, v));
  }

  /** Answers UpdatePrompt: replaces the draft with the request's name, description, default variant and variants. */
  public synchronized Answer update(String identifier, JsonNode request) {
    Prompt p = find(identifier);
    if (p == null) {
      return notFound(identifier);
    }
    if (!request.path("name").isTextual() || !NAME.matcher(request.path("name").asText()).matches()) {
      return invalid("name", request.path("name"), "Member must satisfy regular expression pattern: "
          + NAME.pattern());
    }
    JsonNode variants = request.path("variants");
    if (variants.isArray() && variants.size() > 1) {
      return invalid("variants", variants, "Member must have length less than or equal to 1");
    }
    for (JsonNode variant : variants) {
      String problem = variantProblem(variant);
      if (problem != null) {
        return Answer.error(400, "ValidationException", problem);
      }
    }
    ObjectNode content = JSON.createObjectNode();
    for (String key : new String[] {"name", "description", "customerEncryptionKeyArn", "defaultVariant", "variants"}) {
      if (request.has(key)) {
        content.set(key, request.get(key).deepCopy());
      }
    }
    p.draft = content;
    p.updates++;
    return Answer.ok(200, body(p, content, "DRAFT"));
  }

  /**
   * Answers CreatePromptVersion (HTTP 201): a snapshot of the draft as the next numbered version; a
   * repeated {@code clientToken} answers the version it created.
   */
  public synchronized Answer createVersion(String identifier, JsonNode request) {
    Prompt p = find(identifier);
    if (p == null) {
      return notFound(identifier);
    }
    JsonNode token = request.path("clientToken");
    if (!token.isMissingNode() && !token.isNull()) {
      String t = token.asText();
      if (t.length() < 33 || t.length() > 256 || !CLIENT_TOKEN.matcher(t).matches()) {
        return invalid("clientToken", token, "Member must have length between 33 and 256 and satisfy regular "
            + "expression pattern: " + CLIENT_TOKEN.pattern());
      }
      Integer done = p.tokens.get(t);
      if (done != null) {
        return Answer.ok(201, body(p, p.versions.get(done), String.valueOf(done)));
      }
    }
    int next = p.versions.isEmpty() ? 1 : p.versions.lastKey() + 1;
    ObjectNode content = p.draft.deepCopy();
    if (request.path("description").isTextual()) {
      content.put("description", request.path("description").asText());
    }
    p.versions.put(next, content);
    if (token.isTextual()) {
      p.tokens.put(token.asText(), next);
    }
    return Answer.ok(201, body(p, content, String.valueOf(next)));
  }

  /** Returns the content of the prompt version a Converse model ID names, or null if there is none. */
  public synchronized @Nullable JsonNode versionContent(String promptArn) {
    Matcher m = PROMPT_ARN.matcher(promptArn);
    if (!m.matches()) {
      return null;
    }
    Prompt p = prompts.get(m.group(2));
    if (p == null) {
      return null;
    }
    return m.group(3) == null ? p.draft.deepCopy() : versionOf(p, m.group(3)) == null ? null
        : versionOf(p, m.group(3)).deepCopy();
  }

  /**
   * Renders the default variant of a prompt version with the Converse {@code promptVariables}:
   * the text template, or the text of the chat template's messages, each {@code {{name}}} replaced
   * by the variable's {@code text}. Returns the text, or throws naming a missing variable.
   */
  public static String render(JsonNode content, JsonNode promptVariables) {
    JsonNode variant = content.path("variants").path(0);
    JsonNode config = variant.path("templateConfiguration");
    StringBuilder template = new StringBuilder();
    if (config.has("text")) {
      template.append(config.path("text").path("text").asText());
    } else {
      for (JsonNode message : config.path("chat").path("messages")) {
        for (JsonNode block : message.path("content")) {
          if (block.has("text")) {
            template.append(template.length() == 0 ? "" : "\n").append(block.path("text").asText());
          }
        }
      }
    }
    Matcher m = VARIABLE.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      JsonNode value = promptVariables.path(m.group(1)).path("text");
      if (!value.isTextual()) {
        throw new IllegalArgumentException("The prompt variable " + m.group(1) + " has no value in promptVariables");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value.asText()));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Forgets every prompt. */
  public synchronized void clear() {
    prompts.clear();
  }

  private @Nullable Prompt find(String identifier) {
    Matcher m = PROMPT_ARN.matcher(identifier);
    if (m.matches()) {
      Prompt p = prompts.get(m.group(2));
      return p != null && p.arn.equals(m.group(1)) ? p : null;
    }
    return PROMPT_ID.matcher(identifier).matches() ? prompts.get(identifier) : null;
  }

  private static @Nullable String versionIn(String identifier) {
    Matcher m = PROMPT_ARN.matcher(identifier);
    return m.matches() ? m.group(3) : null;
  }

  private static @Nullable ObjectNode versionOf(Prompt p, String version) {
    try {
      return p.versions.get(Integer.parseInt(version));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static ObjectNode body(Prompt p, ObjectNode content, String version) {
    ObjectNode out = JSON.createObjectNode();
    out.setAll(content);
    String id = p.arn.substring(p.arn.lastIndexOf('/') + 1);
    out.put("id", id);
    out.put("arn", version.equals("DRAFT") ? p.arn : p.arn + ":" + version);
    out.put("version", version);
    out.put("createdAt", CREATED);
    out.put("updatedAt", version.equals("DRAFT") && p.updates > 0 ? "2026-01-02T00:00:00Z" : CREATED);
    return out;
  }

  private static ObjectNode content(String name, String variantJson) {
    JsonNode variant;
    try {
      variant = JSON.readTree(variantJson);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("variant is not JSON: " + e.getOriginalMessage(), e);
    }
    if (variant == null || !variant.isObject()) {
      throw new IllegalArgumentException("variant must be a JSON object in the PromptVariant wire form");
    }
    String problem = variantProblem(variant);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("name must match " + NAME.pattern() + ", was " + name);
    }
    ObjectNode content = JSON.createObjectNode();
    content.put("name", name);
    content.put("defaultVariant", variant.path("name").asText());
    ArrayNode variants = content.putArray("variants");
    variants.add(variant);
    return content;
  }

  private static @Nullable String variantProblem(JsonNode variant) {
    for (String required : new String[] {"name", "templateType", "templateConfiguration"}) {
      if (!variant.has(required)) {
        return "1 validation error detected: Value at 'variants.1.member." + required
            + "' failed to satisfy constraint: Member must not be null";
      }
    }
    String type = variant.path("templateType").asText();
    if (!type.equals("TEXT") && !type.equals("CHAT")) {
      return "1 validation error detected: Value '" + type + "' at 'variants.1.member.templateType' failed to "
          + "satisfy constraint: Member must satisfy enum value set: [TEXT, CHAT]";
    }
    JsonNode config = variant.path("templateConfiguration");
    if (type.equals("TEXT") ? !config.path("text").path("text").isTextual() : !config.path("chat").has("messages")) {
      return "The templateConfiguration of variant " + variant.path("name").asText() + " does not hold a "
          + type.toLowerCase(java.util.Locale.ROOT) + " template";
    }
    return null;
  }

  private static Matcher arn(String promptArn) {
    Matcher m = PROMPT_ARN.matcher(promptArn);
    if (!m.matches() || m.group(3) != null) {
      throw new IllegalArgumentException("promptArn must be a prompt ARN without version "
          + "(arn:aws:bedrock:<region>:<account>:prompt/<10 characters>), was " + promptArn);
    }
    return m;
  }

  private static Answer notFound(String identifier) {
    return Answer.error(404, "ResourceNotFoundException", "Prompt " + identifier + " does not exist.");
  }

  private static Answer invalid(String field, JsonNode value, String constraint) {
    return Answer.error(400, "ValidationException", "1 validation error detected: Value '" + value.asText()
        + "' at '" + field + "' failed to satisfy constraint: " + constraint);
  }

  private static String write(ObjectNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
