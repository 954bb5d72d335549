package dev.mvc.langchain4j;

import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.mvc.InvocationRequest;
import dev.mvc.InvocationResponse;
import dev.mvc.MvcException;
import dev.mvc.PinnedModelClient;
import dev.mvc.StreamHandler;
import dev.mvc.langchain4j.internal.PinnedChat;

/**
 * The streaming counterpart of {@link MvcChatModel}: each delta reaches
 * {@link StreamingChatResponseHandler#onPartialResponse(String)} once, then the complete response
 * (whole text, {@link MvcChatResponseMetadata} with the stamp) reaches
 * {@link StreamingChatResponseHandler#onCompleteResponse}.
 */
public final class MvcStreamingChatModel implements StreamingChatModel {
  private final PinnedChat chat;

  MvcStreamingChatModel(PinnedChat chat) {
    this.chat = chat;
  }

  /** Returns a streaming chat model over {@code client} whose user message fills {@code input}. */
  public static MvcStreamingChatModel create(PinnedModelClient client) {
    return MvcChatModel.builder(client).buildStreaming();
  }

  @Override
  public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
    InvocationRequest pinned;
    try {
      pinned = chat.request(request);
    } catch (MvcException e) {
      handler.onError(e);
      return;
    }
    chat.client().invokeStream(pinned, new StreamHandler() {
      @Override
      public void onText(String delta) {
        handler.onPartialResponse(delta);
      }

      @Override
      public void onComplete(InvocationResponse response) {
        handler.onCompleteResponse(PinnedChat.response(response.text(), response));
      }

      @Override
      public void onError(MvcException error) {
        handler.onError(error);
      }
    });
  }

  @Override
  public ChatRequestParameters defaultRequestParameters() {
    return chat.defaultParameters();
  }

  @Override
  public String toString() {
    return "MvcStreamingChatModel{" + chat.client().currentManifest().manifest().name() + "}";
  }
}
