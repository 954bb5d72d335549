package dev.mvc.langchain4j.internal;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ChatMessageType;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import dev.mvc.BedrockTarget;
import dev.mvc.InferenceParameters;
import dev.mvc.InvocationRequest;
import dev.mvc.InvocationResponse;
import dev.mvc.Message;
import dev.mvc.PinViolationException;
import dev.mvc.PinnedModelClient;
import dev.mvc.VersionManifest;
import dev.mvc.VersionStamp;
import dev.mvc.langchain4j.MvcChatResponseMetadata;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The mapping shared by the chat and streaming adapters: a LangChain4j request to a pinned
 * {@link InvocationRequest}, and a stamped response back.
 */
public final class PinnedChat {
  private final PinnedModelClient client;
  private final String inputVariable;
  private final Map<String, Object> variables;

  /** Creates the mapping for {@code client}. */
  public PinnedChat(PinnedModelClient client, String inputVariable, Map<String, Object> variables) {
    this.client = client;
    this.inputVariable = inputVariable;
    this.variables = Map.copyOf(variables);
  }

  /** Returns the pinned client. */
  public PinnedModelClient client() {
    return client;
  }

  /** Returns the pinned values as LangChain4j's default parameters. */
  public ChatRequestParameters defaultParameters() {
    VersionManifest m = client.currentManifest().manifest();
    InferenceParameters p = m.inference();
    return ChatRequestParameters.builder()
        .modelName(modelName(m))
        .temperature(p.temperature())
        .topP(p.topP())
        .maxOutputTokens(p.maxTokens())
        .stopSequences(p.stopSequences())
        .build();
  }

  /** Maps {@code request}; fails with {@link PinViolationException} where it differs from the pin. */
  public InvocationRequest request(ChatRequest request) {
    List<ChatMessage> messages = request.messages();
    int last = -1;
    for (int i = messages.size() - 1; i >= 0; i--) {
      if (messages.get(i).type() == ChatMessageType.USER) {
        last = i;
        break;
      }
    }
    if (last < 0) {
      throw new PinViolationException("the request has no user message for the template variable " + inputVariable);
    }
    List<Message> history = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      ChatMessage m = messages.get(i);
      if (m.type() == ChatMessageType.SYSTEM) {
        throw new PinViolationException("the system prompt is pinned by manifest "
            + client.currentManifest().manifest().name() + "; remove the system message from the request");
      }
      if (i == last) {
        continue;
      }
      if (i > last) {
        throw new PinViolationException("a " + m.type() + " message after the last user message cannot be sent"
            + " through a pinned template");
      }
      if (m.type() == ChatMessageType.USER) {
        history.add(Message.user(userText((UserMessage) m)));
      } else if (m.type() == ChatMessageType.AI && !((AiMessage) m).hasToolExecutionRequests()) {
        String text = ((AiMessage) m).text();
        history.add(Message.assistant(text == null ? "" : text));
      } else {
        throw new PinViolationException("a " + m.type() + " message cannot be sent through a pinned template"
            + " (tools are not part of the pin)");
      }
    }
    Map<String, Object> vars = new LinkedHashMap<>(variables);
    vars.put(inputVariable, userText((UserMessage) messages.get(last)));
    InvocationRequest.Builder b = InvocationRequest.builder().variables(vars).history(history);
    applyParameters(request.parameters(), b);
    return b.build();
  }

  private void applyParameters(@Nullable ChatRequestParameters p, InvocationRequest.Builder b) {
    if (p == null) {
      return;
    }
    VersionManifest m = client.currentManifest().manifest();
    InferenceParameters pinned = m.inference();
    if (p.modelName() != null && !p.modelName().equals(modelName(m))) {
      throw new PinViolationException("request modelName=" + p.modelName() + " differs from the model pinned by"
          + " manifest " + m.name() + " " + m.version() + ": " + modelName(m));
    }
    if (p.temperature() != null && !p.temperature().equals(pinned.temperature())) {
      b.overrideTemperature(p.temperature());
    }
    if (p.maxOutputTokens() != null && !p.maxOutputTokens().equals(pinned.maxTokens())) {
      b.overrideMaxTokens(p.maxOutputTokens());
    }
    if (p.topP() != null && !p.topP().equals(pinned.topP())) {
      b.overrideTopP(p.topP());
    }
    if (p.stopSequences() != null && !p.stopSequences().isEmpty() && !p.stopSequences().equals(pinned.stopSequences())) {
      throw new PinViolationException("request stopSequences=" + p.stopSequences() + " differs from the pinned "
          + pinned.stopSequences() + " and cannot be overridden");
    }
    refuse("topK", p.topK());
    refuse("frequencyPenalty", p.frequencyPenalty());
    refuse("presencePenalty", p.presencePenalty());
    if (p.toolSpecifications() != null && !p.toolSpecifications().isEmpty()) {
      throw new PinViolationException("tools are not part of the pin of manifest " + m.name() + "; the request has "
          + p.toolSpecifications().size());
    }
    if (p.responseFormat() != null && p.responseFormat().type() != ResponseFormatType.TEXT) {
      throw new PinViolationException("response format " + p.responseFormat().type()
          + " is not part of the pin; only TEXT is sent");
    }
  }

  /** Maps a stamped response with text {@code text}. */
  public static ChatResponse response(String text, InvocationResponse response) {
    VersionStamp stamp = response.stamp();
    MvcChatResponseMetadata metadata = MvcChatResponseMetadata.builder()
        .stamp(stamp)
        .id(stamp.invocationId())
        .modelName(stamp.modelId() != null ? stamp.modelId()
            : stamp.variant() == null ? String.valueOf(stamp.endpoint()) : stamp.endpoint() + "/" + stamp.variant())
        .tokenUsage(new TokenUsage(response.usage().inputTokens(), response.usage().outputTokens()))
        .finishReason(finishReason(response.stopReason()))
        .build();
    return ChatResponse.builder().aiMessage(AiMessage.from(text)).metadata(metadata).build();
  }

  private static @Nullable FinishReason finishReason(@Nullable String stopReason) {
    if (stopReason == null) {
      return null;
    }
    String s = stopReason.toLowerCase(Locale.ROOT);
    if (s.contains("max_tokens") || s.contains("length")) {
      return FinishReason.LENGTH;
    }
    if (s.contains("content_filter") || s.contains("guardrail")) {
      return FinishReason.CONTENT_FILTER;
    }
    return FinishReason.STOP;
  }

  private static void refuse(String parameter, @Nullable Object value) {
    if (value != null) {
      throw new PinViolationException("request " + parameter + "=" + value + " is not part of the pin and cannot"
          + " be overridden");
    }
  }

  private static String userText(UserMessage m) {
    if (!m.hasSingleText()) {
      throw new PinViolationException("a user message with " + m.contents().size() + " contents cannot fill the"
          + " template variable; send text only");
    }
    return m.singleText();
  }

  private static String modelName(VersionManifest m) {
    return m.model() instanceof BedrockTarget bedrock ? bedrock.modelId() : m.model().describe();
  }
}
