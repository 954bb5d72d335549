package dev.mvc.bedrock.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mvc.Attachment;
import dev.mvc.BedrockTarget;
import dev.mvc.CachePoint;
import dev.mvc.ToolCall;
import dev.mvc.ToolResult;
import dev.mvc.ToolSpec;
import dev.mvc.spi.ToolTurn;
import dev.mvc.InferenceParameters;
import dev.mvc.Message;
import dev.mvc.spi.ResolvedCall;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * What one call must look like on the wire, derived from the pin alone: the model ID in the
 * path, the operation, the signing region, and the JSON body fields. The request guard
 * compares the marshalled HTTP request against it.
 *
 * <p>The caller's documents and images are pinned by the SHA-256 of their bytes: before the
 * comparison, the guard replaces the base64 bytes of each image and document block on the wire
 * with their digest, so swapping, dropping or reordering one is named by its digests.
 *
 * <p>Knowledge-base and agent calls are pinned by an exact path (each identifier segment named,
 * such as {@code agentId}) and the whole JSON body.
 */
public final class WirePin {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  /** The body fields a Converse call may carry, in the order differences are reported. */
  private static final List<String> CONVERSE_FIELDS = List.of(
      "messages", "system", "inferenceConfig", "additionalModelRequestFields", "guardrailConfig",
      "toolConfig", "serviceTier", "performanceConfig", "requestMetadata", "promptVariables");
  /** The Converse fields a prompt version defines, which a call through a prompt must not carry. */
  private static final List<String> PROMPT_DEFINED =
      List.of("system", "inferenceConfig", "additionalModelRequestFields", "toolConfig", "messages");
  private static final Set<String> GUARDRAIL_PINNED = Set.of("guardrailIdentifier", "guardrailVersion");
  /** The Converse content blocks that carry a caller's bytes. */
  private static final List<String> ATTACHMENT_BLOCKS = List.of("image", "document");
  /** How the pin holds the bytes of a document or image: by their SHA-256. */
  private static final String SHA256_PREFIX = "sha256:";

  private final String modelId;
  private final @Nullable String region;
  private final String operation;
  private final Supplier<JsonNode> body;
  private final boolean nativeBody;
  private final @Nullable List<Segment> path;

  /**
   * One segment of an exactly pinned path: a literal, or the value of a named identifier.
   *
   * @param field the name of the identifier, or null for a literal segment
   * @param value the decoded segment value
   */
  public record Segment(@Nullable String field, String value) {
    /** Returns a literal segment. */
    public static Segment literal(String value) {
      return new Segment(null, value);
    }

    /** Returns the segment holding the identifier {@code field}. */
    public static Segment id(String field, String value) {
      return new Segment(field, value);
    }
  }

  private WirePin(String modelId, @Nullable String region, String operation, Supplier<JsonNode> body,
      boolean nativeBody) {
    this(modelId, region, operation, body, nativeBody, null);
  }

  private WirePin(String modelId, @Nullable String region, String operation, Supplier<JsonNode> body,
      boolean nativeBody,
      @Nullable List<Segment> path) {
    this.modelId = modelId;
    this.region = region;
    this.operation = operation;
    this.body = body;
    this.nativeBody = nativeBody;
    this.path = path;
  }

  /**
   * Returns the pin of a call whose path is exactly {@code path} and whose JSON body is exactly
   * what {@code body} returns: the knowledge-base and agent operations. The body is built only
   * when the guard has to compare it (see {@link PinGuardInterceptor}).
   */
  public static WirePin exact(String subject, @Nullable String region, String operation, List<Segment> path,
      Supplier<JsonNode> body) {
    return new WirePin(subject, region, operation, body, true, List.copyOf(path));
  }

  /** Returns the pin of a Converse or ConverseStream call. */
  public static WirePin converse(ResolvedCall call, boolean stream) {
    BedrockTarget target = (BedrockTarget) call.target();
    if (target.prompt() != null) {
      return new WirePin(target.wireModelId(), target.region(), stream ? "converse-stream" : "converse",
          () -> promptBody(call, target), false);
    }
    return new WirePin(target.wireModelId(), target.region(), stream ? "converse-stream" : "converse",
        () -> converseBody(call, target), false);
  }

  /** Returns the pin of an InvokeModel call whose native body mvc built as {@code body}. */
  public static WirePin invokeModel(ResolvedCall call, byte[] body, boolean stream) {
    BedrockTarget target = (BedrockTarget) call.target();
    return new WirePin(target.wireModelId(), target.region(),
        stream ? "invoke-with-response-stream" : "invoke", () -> nativeTree(body), true);
  }

  private static JsonNode nativeTree(byte[] body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new IllegalStateException("the native body mvc built is not JSON", e);
    }
  }

  /** Returns the pinned model ID (for knowledge-base and agent calls, what the call addresses). */
  public String modelId() {
    return modelId;
  }

  /**
   * Returns why the request differs from the pin, naming the field, the value seen and the
   * pinned value, or null when it matches.
   */
  public @Nullable String violation(String rawPath, @Nullable String authorization, byte @Nullable [] rawBody) {
    String target = targetViolation(rawPath, authorization);
    return target != null ? target : bodyViolation(rawBody);
  }

  /**
   * Returns why the request's path or signing region differs from the pin, or null when they
   * match; the body is not looked at.
   */
  public @Nullable String targetViolation(String rawPath, @Nullable String authorization) {
    String pathViolation = path != null ? exactPathViolation(rawPath) : modelPathViolation(rawPath);
    if (pathViolation != null) {
      return pathViolation;
    }
    if (region != null && authorization != null) {
      String seen = credentialRegion(authorization);
      if (seen != null && !seen.equals(region)) {
        return "region is " + seen + ", pinned " + region;
      }
    }
    return null;
  }

  /**
   * Returns the region of a SigV4 {@code Authorization} header's credential scope
   * ({@code Credential=AKID/20260101/us-east-1/bedrock/aws4_request}), or null.
   */
  static @Nullable String credentialRegion(String authorization) {
    int credential = authorization.indexOf("Credential=");
    if (credential < 0) {
      return null;
    }
    int date = authorization.indexOf('/', credential);
    int region = date < 0 ? -1 : authorization.indexOf('/', date + 1);
    int service = region < 0 ? -1 : authorization.indexOf('/', region + 1);
    if (service < 0) {
      return null;
    }
    for (int i = date + 1; i < region; i++) {
      if (!Character.isDigit(authorization.charAt(i))) {
        return null;
      }
    }
    return region + 1 < service ? authorization.substring(region + 1, service) : null;
  }

  /** Returns why the JSON body differs from the pin, or null when it matches. */
  public @Nullable String bodyViolation(byte @Nullable [] rawBody) {
    if (rawBody == null) {
      return "body could not be inspected";
    }
    JsonNode seen;
    try {
      seen = JSON.readTree(rawBody);
    } catch (IOException e) {
      return "body is not JSON";
    }
    if (seen == null || !seen.isObject()) {
      return "body is not a JSON object";
    }
    return nativeBody ? nativeViolation(seen) : converseViolation(seen);
  }

  private @Nullable String exactPathViolation(String rawPath) {
    String trimmed = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
    if (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    String[] seen = trimmed.split("/", -1);
    StringBuilder pinned = new StringBuilder();
    for (Segment s : path) {
      pinned.append('/').append(s.value());
    }
    if (seen.length != path.size()) {
      return "path is " + rawPath + ", pinned " + pinned + " (" + operation + ")";
    }
    for (int i = 0; i < seen.length; i++) {
      Segment pin = path.get(i);
      String value = decode(seen[i]);
      if (value.equals(pin.value())) {
        continue;
      }
      return pin.field() != null
          ? pin.field() + " is " + value + ", pinned " + pin.value()
          : "path is " + rawPath + ", pinned " + pinned + " (" + operation + ")";
    }
    return null;
  }

  private @Nullable String modelPathViolation(String rawPath) {
    int end = rawPath.length() - operation.length() - 1;
    if (rawPath.startsWith("/model/") && end > "/model/".length() && rawPath.charAt(end) == '/'
        && rawPath.endsWith(operation) && asciiSegmentEquals(rawPath, "/model/".length(), end, modelId)) {
      return null;
    }
    int model = rawPath.indexOf("/model/");
    if (model < 0) {
      return "path is " + rawPath + ", pinned /model/" + modelId + "/" + operation;
    }
    String rest = rawPath.substring(model + "/model/".length());
    int slash = rest.indexOf('/');
    String seenModel = decode(slash < 0 ? rest : rest.substring(0, slash));
    String seenOperation = slash < 0 ? "" : rest.substring(slash + 1);
    if (!seenModel.equals(modelId)) {
      return "modelId is " + seenModel + ", pinned " + modelId;
    }
    if (!seenOperation.equals(operation)) {
      return "operation is " + seenOperation + ", pinned " + operation;
    }
    return null;
  }

  private @Nullable String converseViolation(JsonNode seen) {
    JsonNode expected = body.get();
    if (expected.has("promptVariables")) {
      for (String field : PROMPT_DEFINED) {
        if (seen.has(field)) {
          return field + " is set on a call through the prompt " + modelId + ", pinned absent: the prompt version"
              + " defines it (model.bedrock.prompt.sha256)";
        }
      }
    }
    hashConverseBytes(seen.get("messages"));
    for (Iterator<String> it = seen.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!CONVERSE_FIELDS.contains(name) || name.equals("promptVariables") && !expected.has(name)) {
        return name + " is set, pinned absent";
      }
    }
    for (String field : CONVERSE_FIELDS) {
      JsonNode actual = seen.get(field);
      if ("guardrailConfig".equals(field) && actual != null && actual.isObject()) {
        // trace and streamProcessingMode change what is reported, not what the model sees.
        ObjectNode pinnedOnly = NODES.objectNode();
        for (String k : GUARDRAIL_PINNED) {
          if (actual.has(k)) {
            pinnedOnly.set(k, actual.get(k));
          }
        }
        actual = pinnedOnly;
      }
      String d = describe(JsonDiff.first(field, expected.get(field), actual));
      if (d != null) {
        return d;
      }
    }
    return null;
  }

  private @Nullable String nativeViolation(JsonNode seen) {
    JsonNode expected = body.get();
    hashNativeData(expected.get("messages"));
    hashNativeData(seen.get("messages"));
    return describe(JsonDiff.first("body", expected, seen));
  }

  /**
   * Replaces the base64 bytes of each Converse image and document block in {@code messages} by
   * {@code sha256:<hex>} of the bytes, the form the pin holds: the pin never carries the bytes, and
   * a difference is reported by digest rather than by megabytes of base64.
   */
  private static void hashConverseBytes(@Nullable JsonNode messages) {
    if (messages == null || !messages.isArray()) {
      return;
    }
    for (JsonNode message : messages) {
      for (JsonNode block : message.path("content")) {
        for (String kind : ATTACHMENT_BLOCKS) {
          JsonNode source = block.path(kind).path("source");
          if (source.isObject() && source.path("bytes").isTextual()) {
            ((ObjectNode) source).put("bytes", digestOfBase64(source.get("bytes").asText()));
          }
        }
      }
    }
  }

  /** Replaces the base64 data of each Anthropic image and document block in {@code messages} by {@code sha256:<hex>}. */
  private static void hashNativeData(@Nullable JsonNode messages) {
    if (messages == null || !messages.isArray()) {
      return;
    }
    for (JsonNode message : messages) {
      for (JsonNode block : message.path("content")) {
        JsonNode source = block.path("source");
        if (source.isObject() && "base64".equals(source.path("type").asText()) && source.path("data").isTextual()) {
          ((ObjectNode) source).put("data", digestOfBase64(source.get("data").asText()));
        }
      }
    }
  }

  private static String digestOfBase64(String base64) {
    try {
      return SHA256_PREFIX + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(java.util.Base64.getDecoder().decode(base64)));
    } catch (IllegalArgumentException e) {
      return "bytes that are not base64";
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  private static @Nullable String describe(JsonDiff.@Nullable Difference d) {
    if (d == null) {
      return null;
    }
    String path = d.path();
    if (path.endsWith(".source.bytes") || path.endsWith(".source.data") && d.expected().startsWith("\"" + SHA256_PREFIX)) {
      // Digests of a document or image, never its bytes: safe and useful to print.
      return path + " is " + d.actual() + ", pinned " + d.expected();
    }
    if (isPromptText(path)) {
      return path + " differs from the pinned prompt (" + d.actual().length() + " vs "
          + d.expected().length() + " characters of JSON)";
    }
    return path + " is " + d.actual() + ", pinned " + d.expected();
  }

  private static boolean isPromptText(String path) {
    String p = path.toLowerCase(Locale.ROOT);
    if (p.equals("body.input.text") || p.equals("body.inputtext") || p.endsWith(".textprompttemplate")) {
      return true;
    }
    return (p.startsWith("messages") || p.startsWith("system") || p.startsWith("promptvariables")
        || p.startsWith("body.messages")
        || p.startsWith("body.system")) && !p.endsWith(".length") && !p.endsWith(".role");
  }

  private static ObjectNode converseBody(ResolvedCall call, BedrockTarget target) {
    ObjectNode root = NODES.objectNode();
    List<CachePoint> cachePoints = call.manifest().prompt().cachePoints();
    ArrayNode messages = root.putArray("messages");
    List<Message> all = call.messages();
    for (int i = 0; i < all.size(); i++) {
      Message m = all.get(i);
      ObjectNode message = messages.addObject();
      message.put("role", m.role() == Message.Role.USER ? "user" : "assistant");
      ArrayNode content = message.putArray("content");
      if (i == all.size() - 1) {
        for (Attachment a : call.attachments()) {
          ObjectNode block = content.addObject().putObject(a.kind() == Attachment.Kind.IMAGE ? "image" : "document")
              .put("format", a.format());
          if (a.name() != null) {
            block.put("name", a.name());
          }
          block.putObject("source").put("bytes", SHA256_PREFIX + a.sha256());
        }
      }
      content.addObject().put("text", m.text());
      if (i == all.size() - 2 && cachePoints.contains(CachePoint.HISTORY)) {
        content.add(cachePoint());
      }
    }
    for (ToolTurn turn : call.toolTurns()) {
      ObjectNode asked = messages.addObject().put("role", "assistant");
      ArrayNode content = asked.putArray("content");
      for (dev.mvc.spi.ReasoningBlock r : turn.reasoning()) {
        ObjectNode reasoning = content.addObject().putObject("reasoningContent");
        if (r.isRedacted()) {
          reasoning.put("redactedContent", java.util.Base64.getEncoder().encodeToString(r.redactedContent()));
        } else {
          ObjectNode text = reasoning.putObject("reasoningText").put("text", r.text());
          if (r.signature() != null) {
            text.put("signature", r.signature());
          }
        }
      }
      if (!turn.assistantText().isEmpty()) {
        content.addObject().put("text", turn.assistantText());
      }
      for (ToolCall c : turn.calls()) {
        content.addObject().putObject("toolUse").put("toolUseId", c.id()).put("name", c.name())
            .set("input", jsonText(c.inputJson()));
      }
      ObjectNode answered = messages.addObject().put("role", "user");
      ArrayNode results = answered.putArray("content");
      for (ToolResult r : turn.results()) {
        ObjectNode result = results.addObject().putObject("toolResult").put("toolUseId", r.toolUseId());
        ObjectNode block = result.putArray("content").addObject();
        if (ToolResults.isJson(r.content())) {
          block.set("json", jsonText(r.content()));
        } else {
          block.put("text", r.content());
        }
        if (r.error()) {
          result.put("status", "error");
        }
      }
    }
    if (call.systemText() != null) {
      ArrayNode system = root.putArray("system");
      system.addObject().put("text", call.systemText());
      if (cachePoints.contains(CachePoint.SYSTEM)) {
        system.add(cachePoint());
      }
    }
    if (!call.tools().isEmpty()) {
      ObjectNode toolConfig = root.putObject("toolConfig");
      ArrayNode tools = toolConfig.putArray("tools");
      for (ToolSpec t : call.tools()) {
        ObjectNode spec = tools.addObject().putObject("toolSpec").put("name", t.name());
        if (t.description() != null) {
          spec.put("description", t.description());
        }
        spec.putObject("inputSchema").set("json", JSON.valueToTree(t.inputSchema()));
      }
      if (cachePoints.contains(CachePoint.TOOLS)) {
        tools.add(cachePoint());
      }
      dev.mvc.ToolChoice choice = call.manifest().prompt().toolChoice();
      if (choice != null) {
        ObjectNode c = toolConfig.putObject("toolChoice");
        switch (choice.kind()) {
          case AUTO -> c.putObject("auto");
          case ANY -> c.putObject("any");
          case TOOL -> c.putObject("tool").put("name", choice.tool());
        }
      }
    }
    ObjectNode metadata = root.putObject("requestMetadata");
    ConverseMapping.requestMetadata(call).forEach(metadata::put);
    BedrockTarget.RequestOptions options = target.options();
    if (options.serviceTier() != null) {
      root.putObject("serviceTier").put("type", options.serviceTier());
    }
    if (options.latency() != null) {
      root.putObject("performanceConfig").put("latency", options.latency());
    }
    InferenceParameters p = call.parameters();
    ObjectNode inference = inference(p);
    if (inference.size() > 0) {
      root.set("inferenceConfig", inference);
    }
    if (!p.additionalModelFields().isEmpty()) {
      root.set("additionalModelRequestFields", JSON.valueToTree(p.additionalModelFields()));
    }
    if (target.guardrailId() != null) {
      root.putObject("guardrailConfig")
          .put("guardrailIdentifier", target.guardrailId())
          .put("guardrailVersion", target.guardrailVersion());
    }
    return root;
  }

  /** Returns the body of a call through a prompt: its variables, guardrail and request options, nothing else. */
  private static ObjectNode promptBody(ResolvedCall call, BedrockTarget target) {
    ObjectNode root = NODES.objectNode();
    ObjectNode variables = root.putObject("promptVariables");
    PromptMapping.variableTexts(call).forEach((name, text) -> variables.putObject(name).put("text", text));
    ObjectNode metadata = root.putObject("requestMetadata");
    ConverseMapping.requestMetadata(call).forEach(metadata::put);
    BedrockTarget.RequestOptions options = target.options();
    if (options.serviceTier() != null) {
      root.putObject("serviceTier").put("type", options.serviceTier());
    }
    if (options.latency() != null) {
      root.putObject("performanceConfig").put("latency", options.latency());
    }
    if (target.guardrailId() != null) {
      root.putObject("guardrailConfig")
          .put("guardrailIdentifier", target.guardrailId())
          .put("guardrailVersion", target.guardrailVersion());
    }
    return root;
  }

  private static ObjectNode cachePoint() {
    ObjectNode point = NODES.objectNode();
    point.putObject("cachePoint").put("type", "default");
    return point;
  }

  private static JsonNode jsonText(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException("tool JSON mvc sent is not JSON", e);
    }
  }

  /**
   * Returns the wire form of the inference parameters ({@code maxTokens}, {@code temperature},
   * {@code topP}, {@code stopSequences}; floats as the SDK carries them), empty when none is set.
   */
  public static ObjectNode inference(InferenceParameters p) {
    ObjectNode inference = NODES.objectNode();
    if (p.maxTokens() != null) {
      inference.put("maxTokens", p.maxTokens());
    }
    if (p.temperature() != null) {
      inference.set("temperature", NODES.numberNode(p.temperature().floatValue()));
    }
    if (p.topP() != null) {
      inference.set("topP", NODES.numberNode(p.topP().floatValue()));
    }
    if (!p.stopSequences().isEmpty()) {
      ArrayNode stops = inference.putArray("stopSequences");
      p.stopSequences().forEach(stops::add);
    }
    return inference;
  }

  /** Returns the JSON tree of the additional model fields. */
  public static JsonNode tree(Object value) {
    return JSON.valueToTree(value);
  }

  /**
   * Returns whether {@code raw[from, to)}, percent-decoded, is {@code expected}; false (and the
   * caller decodes in full) when it holds anything but ASCII.
   */
  private static boolean asciiSegmentEquals(String raw, int from, int to, String expected) {
    int k = 0;
    for (int i = from; i < to; i++, k++) {
      char c = raw.charAt(i);
      if (c == '%' && i + 2 < to) {
        int hi = Character.digit(raw.charAt(i + 1), 16);
        int lo = Character.digit(raw.charAt(i + 2), 16);
        if (hi < 0 || lo < 0 || hi > 7) {
          return false;
        }
        c = (char) ((hi << 4) | lo);
        i += 2;
      } else if (c >= 0x80) {
        return false;
      }
      if (k >= expected.length() || expected.charAt(k) != c) {
        return false;
      }
    }
    return k == expected.length();
  }

  private static String decode(String segment) {
    byte[] out = new byte[segment.length()];
    int n = 0;
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c == '%' && i + 2 < segment.length()
          && Character.digit(segment.charAt(i + 1), 16) >= 0 && Character.digit(segment.charAt(i + 2), 16) >= 0) {
        out[n++] = (byte) ((Character.digit(segment.charAt(i + 1), 16) << 4) | Character.digit(segment.charAt(i + 2), 16));
        i += 2;
      } else if (c < 0x80) {
        out[n++] = (byte) c;
      } else {
        byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        byte[] grown = new byte[out.length + bytes.length];
        System.arraycopy(out, 0, grown, 0, n);
        out = grown;
        for (byte b : bytes) {
          out[n++] = b;
        }
      }
    }
    return new String(out, 0, n, StandardCharsets.UTF_8);
  }
}
