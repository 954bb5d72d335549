package dev.mvc.testkit;

import dev.mvc.BackendException;
import dev.mvc.TokenUsage;
import dev.mvc.VersionManifest;
import dev.mvc.spi.BackendResponse;
import dev.mvc.spi.ModelBackend;
import dev.mvc.spi.ResolvedCall;
import dev.mvc.testkit.contract.ModelBackendContract;
import dev.mvc.spi.ToolTurn;
import dev.mvc.testkit.contract.ReceivedCall;
import dev.mvc.testkit.contract.ScriptedReply;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

/** The backend contract, run against the in-memory backend. */
class InMemoryModelBackendContractTest extends ModelBackendContract {
  private final InMemoryModelBackend backend = InMemoryModelBackend.create();
  private final Queue<ScriptedReply> replies = new ConcurrentLinkedQueue<>();

  @Override
  protected VersionManifest manifest() {
    return withOverridableTemperature(TestManifests.bedrock(TEMPLATE));
  }

  @Override
  protected ModelBackend createBackend() {
    return backend;
  }

  @Override
  protected void scriptReply(String text, String requestId) {
    backend.otherwise().respond(call -> BackendResponse.builder(text).requestId(requestId)
        .usage(TokenUsage.of(3, 2)).servedModel(TestManifests.MODEL_ID).build());
  }

  @Override
  protected void scriptError(int status, String errorCode) {
    backend.otherwise().fail(BackendException.builder("scripted " + errorCode)
        .statusCode(status).errorCode(errorCode).retryable(status == 429 || status >= 500).build());
  }

  @Override
  protected Set<Capability> capabilities() {
    return EnumSet.allOf(Capability.class);
  }

  @Override
  protected void scriptReply(ScriptedReply reply) {
    replies.add(reply);
    backend.otherwise().respond(call -> {
      ScriptedReply r = replies.isEmpty() ? reply : replies.poll();
      return BackendResponse.builder(r.text()).requestId("req-scripted")
          .usage(TokenUsage.of(3, 2).withCache(r.cacheReadInputTokens(), r.cacheWriteInputTokens()))
          .toolCalls(r.toolCalls())
          .reasoning(r.reasoning(), r.reasoningSignature())
          .servedModel(TestManifests.MODEL_ID).build();
    });
  }

  @Override
  protected Map<String, String> lastReceivedToolResults() {
    Map<String, String> results = new LinkedHashMap<>();
    for (ToolTurn turn : backend.lastCall().toolTurns()) {
      turn.results().forEach(r -> results.put(r.toolUseId(), r.content()));
    }
    return results;
  }

  @Override
  protected ReceivedCall lastReceived() {
    if (backend.calls().isEmpty()) {
      return null;
    }
    ResolvedCall c = backend.lastCall();
    return new ReceivedCall(TestManifests.MODEL_ID, c.systemText(), c.renderedPrompt(),
        c.parameters().temperature(), c.parameters().maxTokens(), c.parameters().topP(),
        c.parameters().stopSequences());
  }

  @Override
  protected int receivedCount() {
    return backend.calls().size();
  }
}
