package dev.mvc.bedrock.internal;

import dev.mvc.BedrockTarget;
import dev.mvc.VersionManifest;
import dev.mvc.spi.BackendResponse;
import dev.mvc.spi.BackendStreamHandler;
import dev.mvc.spi.ResolvedCall;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.services.bedrockagentruntime.BedrockAgentRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockagentruntime.model.InvokeAgentRequest;
import software.amazon.awssdk.services.bedrockagentruntime.model.InvokeAgentResponseHandler;

/**
 * Agent InvokeAgent through Agents for Bedrock Runtime: the request built by
 * {@link AgentMapping} (the pinned agent and alias, the caller's session or a fresh one), the
 * completion assembled from the streamed chunks with its citations and session. InvokeAgent
 * always streams; a call that is not streamed collects the chunks and completes once. Either way
 * the call makes one attempt.
 */
public final class InvokeAgentOperation implements BedrockOperation {

  private static final String API = "invoke-agent";

  private final Clients clients;
  private final PinRegistry pins;

  /** Creates the operation over the backend's clients, registering its pins in the backend's registry. */
  public InvokeAgentOperation(Clients clients, PinRegistry pins) {
    this.clients = clients;
    this.pins = pins;
  }

  @Override
  public void validate(VersionManifest manifest) {
    AgentMapping.validate(manifest);
    BedrockOperation.refuseTools(manifest, "InvokeAgent");
  }

  @Override
  public BackendResponse invoke(ResolvedCall call) {
    try {
      return invokeAsync(call).join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException ? (RuntimeException) e.getCause() : e;
    }
  }

  @Override
  public CompletableFuture<BackendResponse> invokeAsync(ResolvedCall call) {
    CompletableFuture<BackendResponse> done = new CompletableFuture<>();
    invokeStream(call, new BackendStreamHandler() {
      @Override
      public void onText(String delta) {}

      @Override
      public void onComplete(BackendResponse response) {
        done.complete(response);
      }

      @Override
      public void onError(Throwable error) {
        done.completeExceptionally(error);
      }
    });
    return done;
  }

  @Override
  public void invokeStream(ResolvedCall call, BackendStreamHandler handler) {
    BedrockTarget target = (BedrockTarget) call.target();
    StreamCollector stream = new StreamCollector(handler, target.describe());
    stream.run(() -> {
      AgentMapping.requireNoHistory(call, API);
      String sessionId = AgentMapping.sessionId(call);
      stream.sessionId(sessionId);
      BedrockAgentRuntimeAsyncClient client = clients.agentAsync(target.region());
      return pins.start(AgentMapping.request(call, sessionId), AgentMapping.pin(call, sessionId),
          clients.agentAsyncSingleAttempt(), (InvokeAgentRequest r) -> client.invokeAgent(r, handler(stream)));
    });
  }

  private static InvokeAgentResponseHandler handler(StreamCollector stream) {
    Utf8Chunks utf8 = new Utf8Chunks();
    InvokeAgentResponseHandler.Visitor visitor = InvokeAgentResponseHandler.Visitor.builder()
        .onChunk(chunk -> {
          if (chunk.attribution() != null && chunk.attribution().hasCitations()) {
            stream.citations(KnowledgeBaseMapping.citations(chunk.attribution().citations()));
          }
          if (chunk.bytes() != null) {
            stream.text(utf8.next(chunk.bytes().asByteArrayUnsafe()));
          }
        })
        .build();
    return InvokeAgentResponseHandler.builder()
        .onResponse(r -> {
          stream.requestId(r.responseMetadata().requestId());
          stream.sessionId(r.sessionId());
        })
        .subscriber(event -> {
          stream.event();
          event.accept(visitor);
        })
        .build();
  }
}
