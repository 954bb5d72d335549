package dev.mvc.bedrock.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mvc.InferenceParameters;
import dev.mvc.Message;
import dev.mvc.MvcException;
import dev.mvc.VersionManifest;
import dev.mvc.spi.ResolvedCall;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The Anthropic Messages body format of InvokeModel on Bedrock ({@code bedrock-2023-05-31}):
 * builds the request body from the pin and reads responses and stream events.
 */
public final class AnthropicMessages {

  /** The manifest name of this body format. */
  public static final String FORMAT = "anthropic-messages";
  /** The {@code anthropic_version} Bedrock requires. */
  public static final String VERSION = "bedrock-2023-05-31";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> RESERVED = Set.of(
      "anthropic_version", "max_tokens", "system", "messages", "temperature", "top_p", "stop_sequences",
      "tools", "tool_choice");

  private AnthropicMessages() {}

  /** Fails naming the field when the manifest's inference parameters cannot be expressed in this format. */
  public static void validate(VersionManifest manifest) {
    InferenceParameters p = manifest.inference();
    if (p.maxTokens() == null) {
      throw new MvcException("inference.maxTokens is required for model.bedrock.bodyFormat "
          + FORMAT + ", was unset");
    }
    for (String name : p.additionalModelFields().keySet()) {
      if (RESERVED.contains(name)) {
        throw new MvcException("inference.additionalModelFields." + name + " clashes with a field mvc sets from the pin for "
            + FORMAT + ", was " + p.additionalModelFields().get(name));
      }
    }
  }

  /** Returns the request body for the call. */
  public static byte[] body(ResolvedCall call) {
    InferenceParameters p = call.parameters();
    if (p.maxTokens() == null) {
      throw new MvcException("inference.maxTokens is required for model.bedrock.bodyFormat " + FORMAT + ", was unset");
    }
    ObjectNode root = JSON.createObjectNode();
    root.put("anthropic_version", VERSION);
    root.put("max_tokens", p.maxTokens());
    java.util.List<dev.mvc.CachePoint> cachePoints = call.manifest().prompt().cachePoints();
    if (call.systemText() != null) {
      if (cachePoints.contains(dev.mvc.CachePoint.SYSTEM)) {
        cached(root.putArray("system").addObject().put("type", "text").put("text", call.systemText()));
      } else {
        root.put("system", call.systemText());
      }
    }
    ArrayNode messages = root.putArray("messages");
    java.util.List<Message> all = call.messages();
    for (int i = 0; i < all.size(); i++) {
      Message m = all.get(i);
      ObjectNode message = messages.addObject();
      message.put("role", m.role() == Message.Role.USER ? "user" : "assistant");
      ArrayNode content = message.putArray("content");
      if (i == all.size() - 1) {
        attachments(content, call.attachments());
      }
      ObjectNode text = content.addObject().put("type", "text").put("text", m.text());
      if (i == all.size() - 2 && cachePoints.contains(dev.mvc.CachePoint.HISTORY)) {
        cached(text);
      }
    }
    for (dev.mvc.spi.ToolTurn turn : call.toolTurns()) {
      ArrayNode asked = messages.addObject().put("role", "assistant").putArray("content");
      // With extended thinking, the turn must start with its thinking blocks, sent back unchanged.
      for (dev.mvc.spi.ReasoningBlock r : turn.reasoning()) {
        if (r.isRedacted()) {
          asked.addObject().put("type", "redacted_thinking")
              .put("data", new String(r.redactedContent(), java.nio.charset.StandardCharsets.UTF_8));
        } else {
          ObjectNode thinking = asked.addObject().put("type", "thinking").put("thinking", r.text());
          if (r.signature() != null) {
            thinking.put("signature", r.signature());
          }
        }
      }
      if (!turn.assistantText().isEmpty()) {
        asked.addObject().put("type", "text").put("text", turn.assistantText());
      }
      for (dev.mvc.ToolCall c : turn.calls()) {
        asked.addObject().put("type", "tool_use").put("id", c.id()).put("name", c.name()).set("input", tree(c.inputJson()
            .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      }
      ArrayNode answered = messages.addObject().put("role", "user").putArray("content");
      for (dev.mvc.ToolResult r : turn.results()) {
        ObjectNode result = answered.addObject().put("type", "tool_result").put("tool_use_id", r.toolUseId())
            .put("content", r.content());
        if (r.error()) {
          result.put("is_error", true);
        }
      }
    }
    if (!call.tools().isEmpty()) {
      ArrayNode tools = root.putArray("tools");
      ObjectNode last = null;
      for (dev.mvc.ToolSpec t : call.tools()) {
        last = tools.addObject().put("name", t.name());
        if (t.description() != null) {
          last.put("description", t.description());
        }
        last.set("input_schema", JSON.valueToTree(t.inputSchema()));
      }
      if (cachePoints.contains(dev.mvc.CachePoint.TOOLS)) {
        cached(last);
      }
      dev.mvc.ToolChoice choice = call.manifest().prompt().toolChoice();
      if (choice != null) {
        ObjectNode c = root.putObject("tool_choice").put("type", choice.kind().name().toLowerCase(java.util.Locale.ROOT));
        if (choice.tool() != null) {
          c.put("name", choice.tool());
        }
      }
    }
    if (p.temperature() != null) {
      root.put("temperature", p.temperature());
    }
    if (p.topP() != null) {
      root.put("top_p", p.topP());
    }
    if (!p.stopSequences().isEmpty()) {
      ArrayNode stops = root.putArray("stop_sequences");
      p.stopSequences().forEach(stops::add);
    }
    for (Map.Entry<String, Object> e : p.additionalModelFields().entrySet()) {
      root.set(e.getKey(), JSON.valueToTree(e.getValue()));
    }
    try {
      return JSON.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new MvcException("could not write the " + FORMAT + " body", e);
    }
  }

  /**
   * Adds the caller's documents and images before the text of the rendered template: images as
   * {@code image} blocks with a base64 source, PDF documents as {@code document} blocks with a
   * base64 source and plain-text documents with a text source, each document titled with its
   * name. The format has no other document kinds, so any other is refused before sending.
   */
  private static void attachments(ArrayNode content, java.util.List<dev.mvc.Attachment> attachments) {
    java.util.Base64.Encoder base64 = java.util.Base64.getEncoder();
    for (dev.mvc.Attachment a : attachments) {
      ObjectNode block = content.addObject();
      if (a.kind() == dev.mvc.Attachment.Kind.IMAGE) {
        block.put("type", "image").putObject("source").put("type", "base64").put("media_type", a.mediaType())
            .put("data", base64Text(base64, a));
      } else if (a.documentFormat() == dev.mvc.DocumentFormat.PDF) {
        block.put("type", "document").putObject("source").put("type", "base64").put("media_type", a.mediaType())
            .put("data", base64Text(base64, a));
        block.put("title", a.name());
      } else if (a.documentFormat() == dev.mvc.DocumentFormat.TXT) {
        block.put("type", "document").putObject("source").put("type", "text").put("media_type", a.mediaType())
            .put("data", utf8(a));
        block.put("title", a.name());
      } else {
        throw new MvcException("document '" + a.name() + "' is " + a.format() + ", which model.bedrock.bodyFormat "
            + FORMAT + " cannot carry (it takes pdf and txt documents); send it through the Converse API, or as pdf"
            + " or txt; nothing was sent");
      }
    }
  }

  private static String base64Text(java.util.Base64.Encoder base64, dev.mvc.Attachment a) {
    return java.nio.charset.StandardCharsets.ISO_8859_1.decode(base64.encode(a.byteBuffer())).toString();
  }

  private static String utf8(dev.mvc.Attachment a) {
    try {
      return java.nio.charset.StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
          .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
          .decode(a.byteBuffer()).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new MvcException("document '" + a.name() + "' is txt but its bytes are not UTF-8, which the text source of "
          + FORMAT + " needs; nothing was sent", e);
    }
  }

  /** Marks a block as the end of a cached prefix ({@code cache_control}). */
  private static void cached(ObjectNode block) {
    block.putObject("cache_control").put("type", "ephemeral");
  }

  /**
   * The parts of an Anthropic Messages response that mvc reports.
   *
   * @param text the text blocks
   * @param stopReason the stop reason, or null
   * @param model the model the body names, or null
   * @param inputTokens the input tokens
   * @param outputTokens the output tokens
   * @param cacheRead the {@code cache_read_input_tokens}
   * @param cacheWrite the {@code cache_creation_input_tokens}
   * @param toolCalls the {@code tool_use} blocks
   * @param reasoning the {@code thinking} blocks (text and signature) and {@code redacted_thinking}
   *     blocks (their {@code data} as UTF-8 bytes), in order, as the model sent them
   */
  public record Reply(String text, @Nullable String stopReason, @Nullable String model, int inputTokens, int outputTokens,
      int cacheRead, int cacheWrite, java.util.List<dev.mvc.ToolCall> toolCalls,
      java.util.List<dev.mvc.spi.ReasoningBlock> reasoning) {}

  /** Parses an InvokeModel response body. */
  public static Reply parse(byte[] body) {
    JsonNode root = tree(body);
    StringBuilder text = new StringBuilder();
    java.util.List<dev.mvc.spi.ReasoningBlock> reasoning = new java.util.ArrayList<>();
    java.util.List<dev.mvc.ToolCall> calls = new java.util.ArrayList<>();
    for (JsonNode block : root.path("content")) {
      String type = block.path("type").asText();
      if ("text".equals(type)) {
        text.append(block.path("text").asText());
      } else if ("tool_use".equals(type)) {
        calls.add(new dev.mvc.ToolCall(block.path("id").asText(), block.path("name").asText(), block.path("input").toString()));
      } else if ("thinking".equals(type)) {
        reasoning.add(dev.mvc.spi.ReasoningBlock.text(block.path("thinking").asText(), textOrNull(block.get("signature"))));
      } else if ("redacted_thinking".equals(type)) {
        reasoning.add(dev.mvc.spi.ReasoningBlock.redacted(redactedData(block)));
      }
    }
    JsonNode usage = root.path("usage");
    return new Reply(text.toString(), textOrNull(root.get("stop_reason")), textOrNull(root.get("model")),
        usage.path("input_tokens").asInt(0), usage.path("output_tokens").asInt(0),
        usage.path("cache_read_input_tokens").asInt(0), usage.path("cache_creation_input_tokens").asInt(0),
        calls, reasoning);
  }

  /** Returns the opaque {@code data} of a {@code redacted_thinking} block as UTF-8 bytes, kept to be sent back as is. */
  public static byte[] redactedData(JsonNode block) {
    return block.path("data").asText("").getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Parses one streamed Anthropic event (the decoded {@code bytes} of a chunk). */
  public static JsonNode event(byte[] bytes) {
    return tree(bytes);
  }

  /** Returns the text of a {@code content_block_delta} event with a {@code text_delta}, or null. */
  public static @Nullable String deltaText(JsonNode event) {
    if ("content_block_delta".equals(event.path("type").asText())
        && "text_delta".equals(event.path("delta").path("type").asText())) {
      return event.path("delta").path("text").asText();
    }
    return null;
  }

  private static JsonNode tree(byte[] bytes) {
    try {
      JsonNode node = JSON.readTree(bytes);
      if (node == null || !node.isObject()) {
        throw new MvcException("Bedrock returned a " + FORMAT + " body that is not a JSON object");
      }
      return node;
    } catch (IOException e) {
      throw new MvcException("Bedrock returned a " + FORMAT + " body that is not JSON", e);
    }
  }

  private static @Nullable String textOrNull(@Nullable JsonNode node) {
    return node == null || node.isNull() ? null : node.asText();
  }
}
