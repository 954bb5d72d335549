package dev.mvc.spring.ai;

import dev.mvc.InferenceParameters;
import dev.mvc.InvocationRequest;
import dev.mvc.InvocationResponse;
import dev.mvc.MvcException;
import dev.mvc.PinViolationException;
import dev.mvc.PinnedModelClient;
import dev.mvc.StreamHandler;
import dev.mvc.VersionManifest;
import dev.mvc.VersionStamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.MessageType;
import org.springframework.ai.chat.metadata.ChatGenerationMetadata;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.model.StreamingChatModel;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import reactor.core.publisher.Flux;

/**
 * A Spring AI chat model that answers through a {@link PinnedModelClient}: the model, the prompt
 * template, the system prompt and the inference parameters are the ones the manifest pins.
 *
 * <pre>{@code
 * ChatClient chat = ChatClient.create(MvcChatModel.create(supportAnswerClient));
 * String answer = chat.prompt().user("How do I reset my password?").call().content();
 * }</pre>
 *
 * <p>The last user message becomes the template variable named by {@link Builder#inputVariable}
 * ({@code input} by default); earlier user and assistant messages become the conversation
 * history. A system message is refused, because the manifest pins the system prompt. Chat
 * options equal to the pin are accepted; a temperature, max tokens or top-p that differs is
 * passed on as an override, which the client allows only where the manifest makes it overridable
 * and within its bounds; any other difference (model, stop sequences, top-k, penalties) fails
 * with {@link PinViolationException}. Each response carries the {@link VersionStamp} under
 * {@link #STAMP_KEY} in its {@link ChatResponseMetadata}, and the served model as its model.
 * A stream delivers each delta once; its last chunk carries the stamp.
 */
public final class MvcChatModel implements ChatModel, StreamingChatModel {
  /** The {@link ChatResponseMetadata} key of the response's {@link VersionStamp}. */
  public static final String STAMP_KEY = "mvc.stamp";

  private final PinnedModelClient client;
  private final String inputVariable;
  private final Map<String, Object> variables;

  private MvcChatModel(Builder b) {
    this.client = b.client;
    this.inputVariable = b.inputVariable;
    this.variables = Map.copyOf(b.variables);
  }

  /** Returns a chat model over {@code client} whose user message fills the variable {@code input}. */
  public static MvcChatModel create(PinnedModelClient client) {
    return builder(client).build();
  }

  /** Returns a builder of a chat model over {@code client}. */
  public static Builder builder(PinnedModelClient client) {
    return new Builder(client);
  }

  /** Returns the pinned client this model calls. */
  public PinnedModelClient client() {
    return client;
  }

  @Override
  public ChatResponse call(Prompt prompt) {
    InvocationResponse response = client.invoke(request(prompt));
    return chatResponse(response.text(), response);
  }

  @Override
  public Flux<ChatResponse> stream(Prompt prompt) {
    InvocationRequest request = request(prompt);
    return Flux.create(sink -> {
      // Each delta is held until the next arrives, so that the last one can carry the stamp.
      AtomicReference<@Nullable String> held = new AtomicReference<>();
      client.invokeStream(request, new StreamHandler() {
        @Override
        public void onText(String delta) {
          String previous = held.getAndSet(delta);
          if (previous != null) {
            sink.next(chunk(previous));
          }
        }

        @Override
        public void onComplete(InvocationResponse response) {
          String last = held.getAndSet(null);
          sink.next(chatResponse(last == null ? "" : last, response));
          sink.complete();
        }

        @Override
        public void onError(MvcException error) {
          sink.error(error);
        }
      });
    });
  }

  @Override
  public ChatOptions getOptions() {
    InferenceParameters pinned = client.currentManifest().manifest().inference();
    return ChatOptions.builder()
        .model(servedModel(client.currentManifest().manifest()))
        .temperature(pinned.temperature())
        .maxTokens(pinned.maxTokens())
        .topP(pinned.topP())
        .stopSequences(pinned.stopSequences().isEmpty() ? null : pinned.stopSequences())
        .build();
  }

  private InvocationRequest request(Prompt prompt) {
    List<Message> messages = prompt.getInstructions();
    int last = -1;
    for (int i = messages.size() - 1; i >= 0; i--) {
      if (messages.get(i).getMessageType() == MessageType.USER) {
        last = i;
        break;
      }
    }
    if (last < 0) {
      throw new PinViolationException("the prompt has no user message for the template variable " + inputVariable);
    }
    List<dev.mvc.Message> history = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      Message m = messages.get(i);
      if (m.getMessageType() == MessageType.SYSTEM) {
        throw new PinViolationException("the system prompt is pinned by manifest "
            + client.currentManifest().manifest().name() + "; remove the system message from the prompt");
      }
      if (i == last) {
        continue;
      }
      if (i > last) {
        throw new PinViolationException("a " + m.getMessageType().getValue() + " message after the last user message"
            + " cannot be sent through a pinned template");
      }
      switch (m.getMessageType()) {
        case USER -> history.add(dev.mvc.Message.user(text(m)));
        case ASSISTANT -> history.add(dev.mvc.Message.assistant(text(m)));
        default -> throw new PinViolationException("a " + m.getMessageType().getValue()
            + " message cannot be sent through a pinned template (tools are not part of the pin)");
      }
    }
    Map<String, Object> vars = new LinkedHashMap<>(variables);
    vars.put(inputVariable, text(messages.get(last)));
    InvocationRequest.Builder b = InvocationRequest.builder().variables(vars).history(history);
    applyOptions(prompt.getOptions(), b);
    return b.build();
  }

  private void applyOptions(@Nullable ChatOptions options, InvocationRequest.Builder b) {
    if (options == null) {
      return;
    }
    VersionManifest manifest = client.currentManifest().manifest();
    InferenceParameters pinned = manifest.inference();
    String model = options.getModel();
    if (model != null && !model.equals(servedModel(manifest))) {
      throw new PinViolationException("chat option model=" + model + " differs from the model pinned by manifest "
          + manifest.name() + " " + manifest.version() + ": " + servedModel(manifest));
    }
    if (options.getTemperature() != null && !options.getTemperature().equals(pinned.temperature())) {
      b.overrideTemperature(options.getTemperature());
    }
    if (options.getMaxTokens() != null && !options.getMaxTokens().equals(pinned.maxTokens())) {
      b.overrideMaxTokens(options.getMaxTokens());
    }
    if (options.getTopP() != null && !options.getTopP().equals(pinned.topP())) {
      b.overrideTopP(options.getTopP());
    }
    List<String> stops = options.getStopSequences();
    if (stops != null && !stops.isEmpty() && !stops.equals(pinned.stopSequences())) {
      throw new PinViolationException("chat option stopSequences=" + stops + " differs from the pinned "
          + pinned.stopSequences() + " and cannot be overridden");
    }
    refuse("topK", options.getTopK());
    refuse("frequencyPenalty", options.getFrequencyPenalty());
    refuse("presencePenalty", options.getPresencePenalty());
  }

  private static void refuse(String option, @Nullable Object value) {
    if (value != null) {
      throw new PinViolationException("chat option " + option + "=" + value + " is not part of the pin and cannot"
          + " be overridden");
    }
  }

  private static String text(Message m) {
    String t = m.getText();
    return t == null ? "" : t;
  }

  private static ChatResponse chunk(String delta) {
    return new ChatResponse(List.of(new Generation(new AssistantMessage(delta))));
  }

  private static ChatResponse chatResponse(String text, InvocationResponse response) {
    VersionStamp stamp = response.stamp();
    ChatGenerationMetadata generation = ChatGenerationMetadata.builder()
        .finishReason(response.stopReason())
        .build();
    ChatResponseMetadata metadata = ChatResponseMetadata.builder()
        .id(stamp.invocationId())
        .model(servedModel(stamp))
        .usage(new DefaultUsage(response.usage().inputTokens(), response.usage().outputTokens(),
            response.usage().totalTokens()))
        .keyValue(STAMP_KEY, stamp)
        .build();
    return new ChatResponse(List.of(new Generation(new AssistantMessage(text), generation)), metadata);
  }

  private static String servedModel(VersionStamp stamp) {
    if (stamp.modelId() != null) {
      return stamp.modelId();
    }
    return stamp.variant() == null ? String.valueOf(stamp.endpoint()) : stamp.endpoint() + "/" + stamp.variant();
  }

  private static String servedModel(VersionManifest manifest) {
    if (manifest.model() instanceof dev.mvc.BedrockTarget bedrock) {
      return bedrock.modelId();
    }
    return manifest.model().describe();
  }

  @Override
  public String toString() {
    return "MvcChatModel{" + client.currentManifest().manifest().name() + ", input=" + inputVariable + "}";
  }

  /** A builder of {@link MvcChatModel}. */
  public static final class Builder {
    private final PinnedModelClient client;
    private String inputVariable = "input";
    private final Map<String, Object> variables = new LinkedHashMap<>();

    private Builder(PinnedModelClient client) {
      this.client = Objects.requireNonNull(client, "client");
    }

    /** Sets the template variable that receives the user message (default {@code input}). */
    public Builder inputVariable(String inputVariable) {
      if (inputVariable.isBlank()) {
        throw new IllegalArgumentException("inputVariable must not be blank, was '" + inputVariable + "'");
      }
      this.inputVariable = inputVariable;
      return this;
    }

    /** Sets a fixed value for another template variable, sent with every call. */
    public Builder variable(String name, Object value) {
      this.variables.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** Builds the chat model. */
    public MvcChatModel build() {
      if (variables.containsKey(inputVariable)) {
        throw new IllegalArgumentException("variable " + inputVariable + " is the input variable; it comes from the"
            + " user message");
      }
      return new MvcChatModel(this);
    }
  }
}
