package dev.mvc.bedrock.internal;

import dev.mvc.BedrockTarget;
import dev.mvc.VersionManifest;
import dev.mvc.spi.BackendResponse;
import dev.mvc.spi.BackendStreamHandler;
import dev.mvc.spi.ResolvedCall;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockagentruntime.BedrockAgentRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockagentruntime.BedrockAgentRuntimeClient;
import software.amazon.awssdk.services.bedrockagentruntime.model.RetrieveAndGenerateRequest;

/**
 * Knowledge-base RetrieveAndGenerate through Agents for Bedrock Runtime: the request built by
 * {@link KnowledgeBaseMapping} (the pinned model as a foundation-model ARN), the answer with its
 * citations and session read back. A streamed call receives the answer as one delta, because
 * the answer and its citations come together.
 */
public final class RetrieveAndGenerateOperation implements BedrockOperation {

  private static final String API = "retrieve-and-generate";

  private final Clients clients;
  private final PinRegistry pins;

  /** Creates the operation over the backend's clients, registering its pins in the backend's registry. */
  public RetrieveAndGenerateOperation(Clients clients, PinRegistry pins) {
    this.clients = clients;
    this.pins = pins;
  }

  @Override
  public void validate(VersionManifest manifest) {
    KnowledgeBaseMapping.validate(manifest);
    BedrockOperation.refuseTools(manifest, "RetrieveAndGenerate");
  }

  @Override
  public BackendResponse invoke(ResolvedCall call) {
    BedrockTarget target = (BedrockTarget) call.target();
    try {
      BedrockAgentRuntimeClient client = clients.agentSync(target.region());
      String modelArn = modelArn(call, target, client.serviceClientConfiguration().region());
      return KnowledgeBaseMapping.response(pins.call(KnowledgeBaseMapping.request(call, modelArn),
          KnowledgeBaseMapping.pin(call, modelArn), (RetrieveAndGenerateRequest r) -> client.retrieveAndGenerate(r)));
    } catch (RuntimeException e) {
      throw BedrockErrorMapper.map(e, target.modelId());
    }
  }

  @Override
  public CompletableFuture<BackendResponse> invokeAsync(ResolvedCall call) {
    BedrockTarget target = (BedrockTarget) call.target();
    return Operations.start(() -> {
      BedrockAgentRuntimeAsyncClient client = clients.agentAsync(target.region());
      String modelArn = modelArn(call, target, client.serviceClientConfiguration().region());
      return pins.start(KnowledgeBaseMapping.request(call, modelArn), KnowledgeBaseMapping.pin(call, modelArn), true,
          (RetrieveAndGenerateRequest r) -> client.retrieveAndGenerate(r));
    }, KnowledgeBaseMapping::response, target.modelId());
  }

  @Override
  public void invokeStream(ResolvedCall call, BackendStreamHandler handler) {
    invokeAsync(call).whenComplete((response, error) -> {
      if (error != null) {
        handler.onError(error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
      } else {
        handler.onText(response.text());
        handler.onComplete(response);
      }
    });
  }

  /** Checks that the call is a single turn and returns the model ARN to send. */
  private static String modelArn(ResolvedCall call, BedrockTarget target, @Nullable Region clientRegion) {
    AgentMapping.requireNoHistory(call, API);
    return KnowledgeBaseMapping.modelArn(target, clientRegion);
  }
}
