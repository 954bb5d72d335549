package dev.mvc.langchain4j;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.mvc.InvocationResponse;
import dev.mvc.PinnedModelClient;
import dev.mvc.langchain4j.internal.PinnedChat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A LangChain4j chat model that answers through a {@link PinnedModelClient}: the model, prompt
 * template, system prompt and inference parameters are the ones the manifest pins.
 *
 * <pre>{@code
 * interface Support { String answer(String question); }
 * Support support = AiServices.create(Support.class, MvcChatModel.create(supportAnswerClient));
 * }</pre>
 *
 * <p>The last user message fills the template variable named by {@link Builder#inputVariable}
 * ({@code input} by default); earlier user and AI messages become the conversation history; a
 * system message, tools or a non-text response format are refused with
 * {@link dev.mvc.PinViolationException}. A temperature, max output tokens or top-p that differs
 * from the pin is sent as an override, which the client allows only within the manifest's
 * bounds; another model name, stop sequences, top-k or penalties fail. The response's metadata is
 * an {@link MvcChatResponseMetadata} carrying the stamp, with the served model as model name.
 */
public final class MvcChatModel implements ChatModel {
  private final PinnedChat chat;

  private MvcChatModel(PinnedChat chat) {
    this.chat = chat;
  }

  /** Returns a chat model over {@code client} whose user message fills the variable {@code input}. */
  public static MvcChatModel create(PinnedModelClient client) {
    return builder(client).build();
  }

  /** Returns a builder of a chat model over {@code client}. */
  public static Builder builder(PinnedModelClient client) {
    return new Builder(client);
  }

  @Override
  public ChatResponse doChat(ChatRequest request) {
    InvocationResponse response = chat.client().invoke(chat.request(request));
    return PinnedChat.response(response.text(), response);
  }

  @Override
  public ChatRequestParameters defaultRequestParameters() {
    return chat.defaultParameters();
  }

  @Override
  public String toString() {
    return "MvcChatModel{" + chat.client().currentManifest().manifest().name() + "}";
  }

  /** A builder of {@link MvcChatModel} and {@link MvcStreamingChatModel}. */
  public static final class Builder {
    private final PinnedModelClient client;
    private String inputVariable = "input";
    private final Map<String, Object> variables = new LinkedHashMap<>();

    Builder(PinnedModelClient client) {
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
      variables.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    PinnedChat pinnedChat() {
      if (variables.containsKey(inputVariable)) {
        throw new IllegalArgumentException("variable " + inputVariable + " is the input variable; it comes from the"
            + " user message");
      }
      return new PinnedChat(client, inputVariable, variables);
    }

    /** Builds the chat model. */
    public MvcChatModel build() {
      return new MvcChatModel(pinnedChat());
    }

    /** Builds the streaming chat model. */
    public MvcStreamingChatModel buildStreaming() {
      return new MvcStreamingChatModel(pinnedChat());
    }
  }
}
