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
      "anthropic_version", "max_tokens", "system", "messages", "temperature", "top_p", "stop_sequences");

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
    if (call.systemText() != null) {
      root.put("system", call.systemText());
    }
    ArrayNode messages = root.putArray("messages");
    for (Message m : call.messages()) {
      ObjectNode message = messages.addObject();
      message.put("role", m.role() == Message.Role.USER ? "user" : "assistant");
      message.putArray("content").addObject().put("type", "text").put("text", m.text());
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

  /** The parts of an Anthropic Messages response that mvc reports. */
  public record Reply(String text, @Nullable String stopReason, @Nullable String model, int inputTokens, int outputTokens) {}

  /** Parses an InvokeModel response body. */
  public static Reply parse(byte[] body) {
    JsonNode root = tree(body);
    StringBuilder text = new StringBuilder();
    for (JsonNode block : root.path("content")) {
      if ("text".equals(block.path("type").asText())) {
        text.append(block.path("text").asText());
      }
    }
    return new Reply(text.toString(), textOrNull(root.get("stop_reason")), textOrNull(root.get("model")),
        root.path("usage").path("input_tokens").asInt(0), root.path("usage").path("output_tokens").asInt(0));
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
