package dev.mvc.sagemaker.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mvc.BackendException;
import dev.mvc.InferenceParameters;
import dev.mvc.Message;
import dev.mvc.MvcException;
import dev.mvc.SageMakerTarget;
import dev.mvc.TokenUsage;
import dev.mvc.spi.ResolvedCall;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A request/response body format of a SageMaker endpoint: builds the body from a resolved call
 * (pinned values only) and reads the generated text back.
 */
public abstract class PayloadFormat {
  static final ObjectMapper JSON = new ObjectMapper();

  /** What a format read from a response body. */
  public record Parsed(String text, @Nullable String stopReason, TokenUsage usage) {}

  /** Returns the format of {@code target}. */
  public static PayloadFormat of(SageMakerTarget target) {
    switch (target.payloadFormat()) {
      case "tgi":
        return TgiFormat.INSTANCE;
      case "openai-chat":
        return OpenAiChatFormat.INSTANCE;
      case "json":
        return new JsonPointerFormat(target.payloadMapping());
      default:
        throw new MvcException("model.sagemaker.payloadFormat " + target.payloadFormat() + " is not supported");
    }
  }

  /** Checks at load time that every pinned parameter can be sent; throws naming the field otherwise. */
  public abstract void validate(SageMakerTarget target, InferenceParameters parameters);

  /** Returns the request body for {@code call}. */
  public abstract byte[] request(ResolvedCall call);

  /** Reads the response body. */
  public abstract Parsed response(byte[] body, String endpoint);

  /** Returns the decoder of streamed responses, or null when the format does not stream. */
  public @Nullable StreamDecoder streamDecoder() {
    return null;
  }

  /** Returns the request body of a streamed call. */
  public byte[] streamRequest(ResolvedCall call) {
    throw new UnsupportedOperationException("format does not stream");
  }

  /** Fails when additional model fields would overwrite a field the format sets from the pin. */
  static void noCollisions(String format, Map<String, Object> additional, Set<String> reserved, String where) {
    for (String key : additional.keySet()) {
      if (reserved.contains(key)) {
        throw new MvcException("inference.additionalModelFields." + key + " collides with the " + where
            + " field " + key + " that payloadFormat " + format + " sets from the pin; remove it");
      }
    }
  }

  /**
   * Returns the prompt of a single-prompt format: the system prompt, a blank line, then the
   * rendered template. Such formats have no notion of turns, so history is refused rather than
   * flattened into an invented layout.
   */
  static String singlePrompt(ResolvedCall call, String format, boolean withSystem) {
    List<Message> messages = call.messages();
    if (messages.size() > 1) {
      throw new MvcException("payloadFormat " + format + " sends one prompt and cannot carry a conversation "
          + "history of " + (messages.size() - 1) + " messages; use payloadFormat openai-chat");
    }
    String system = call.systemText();
    return withSystem && system != null && !system.isEmpty()
        ? system + "\n\n" + call.renderedPrompt() : call.renderedPrompt();
  }

  static JsonNode parse(byte[] body, String endpoint, String format) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw invalid(endpoint, format, "is not JSON");
    }
  }

  static BackendException invalid(String endpoint, String format, String what) {
    return BackendException.builder("SageMaker endpoint " + endpoint + " answered a body that " + what
        + " (payloadFormat " + format + ")").retryable(false).statusCode(200).build();
  }

  static void putParameters(ObjectNode node, InferenceParameters p, String maxTokensField) {
    if (p.temperature() != null) {
      node.put("temperature", p.temperature());
    }
    if (p.maxTokens() != null) {
      node.put(maxTokensField, p.maxTokens());
    }
    if (p.topP() != null) {
      node.put("top_p", p.topP());
    }
    if (!p.stopSequences().isEmpty()) {
      node.set("stop", JSON.valueToTree(p.stopSequences()));
    }
  }

  static byte[] bytes(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
