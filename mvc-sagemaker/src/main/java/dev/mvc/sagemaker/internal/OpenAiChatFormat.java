package dev.mvc.sagemaker.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mvc.InferenceParameters;
import dev.mvc.Message;
import dev.mvc.SageMakerTarget;
import dev.mvc.TokenUsage;
import dev.mvc.spi.ResolvedCall;
import java.util.Set;

/**
 * OpenAI-style chat completions as served by vLLM and LMI containers: {@code messages} (system,
 * history, user) with {@code temperature}, {@code max_tokens}, {@code top_p}, {@code stop},
 * answered by {@code choices[0].message.content} with {@code usage}.
 */
final class OpenAiChatFormat extends PayloadFormat {
  static final OpenAiChatFormat INSTANCE = new OpenAiChatFormat();
  private static final Set<String> RESERVED = Set.of("messages", "temperature", "max_tokens", "top_p", "stop",
      "stream", "n");

  @Override
  public void validate(SageMakerTarget target, InferenceParameters parameters) {
    noCollisions("openai-chat", parameters.additionalModelFields(), RESERVED, "request");
  }

  @Override
  public @org.jspecify.annotations.Nullable StreamDecoder streamDecoder() {
    return StreamDecoder.openAiChat();
  }

  @Override
  public byte[] request(ResolvedCall call) {
    return bytes(body(call, false));
  }

  @Override
  public byte[] streamRequest(ResolvedCall call) {
    return bytes(body(call, true));
  }

  private ObjectNode body(ResolvedCall call, boolean stream) {
    ObjectNode body = JSON.createObjectNode();
    body.setAll((ObjectNode) JSON.valueToTree(call.parameters().additionalModelFields()));
    ArrayNode messages = body.putArray("messages");
    if (call.systemText() != null) {
      messages.addObject().put("role", "system").put("content", call.systemText());
    }
    for (Message m : call.messages()) {
      messages.addObject().put("role", m.role() == Message.Role.USER ? "user" : "assistant")
          .put("content", m.text());
    }
    putParameters(body, call.parameters(), "max_tokens");
    if (stream) {
      body.put("stream", true);
    }
    return body;
  }

  @Override
  public Parsed response(byte[] body, String endpoint) {
    JsonNode root = parse(body, endpoint, "openai-chat");
    JsonNode choice = root.path("choices").path(0);
    JsonNode content = choice.path("message").path("content");
    if (!content.isTextual()) {
      throw invalid(endpoint, "openai-chat", "has no choices[0].message.content");
    }
    String stop = choice.path("finish_reason").isTextual() ? choice.get("finish_reason").asText() : null;
    JsonNode u = root.path("usage");
    TokenUsage usage = u.isObject()
        ? TokenUsage.of(u.path("prompt_tokens").asInt(0), u.path("completion_tokens").asInt(0))
        : TokenUsage.UNKNOWN;
    return new Parsed(content.asText(), stop, usage);
  }
}
