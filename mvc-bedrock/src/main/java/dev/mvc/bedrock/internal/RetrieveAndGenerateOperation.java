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

  /** Creates the operation over the backend's clients. */
  public RetrieveAndGenerateOperation(Clients clients) {
    this.clients = clients;
  }

  @Override
  public void validate(VersionManifest manifest) {
    KnowledgeBaseMapping.validate(manifest);
  }

  @Override
  public BackendResponse invoke(ResolvedCall call) {
    BedrockTarget target = (BedrockTarget) call.target();
    try {
      BedrockAgentRuntimeClient client = clients.agentSync(target.region());
      RetrieveAndGenerateRequest request = request(call, target, client.serviceClientConfiguration().region());
      return KnowledgeBaseMapping.response(client.retrieveAndGenerate(request));
    } catch (RuntimeException e) {
      throw BedrockErrorMapper.map(e, target.modelId());
    }
  }

  @Override
  public CompletableFuture<BackendResponse> invokeAsync(ResolvedCall call) {
    BedrockTarget target = (BedrockTarget) call.target();
    return Operations.start(() -> {
      BedrockAgentRuntimeAsyncClient client = clients.agentAsync(target.region());
      return client.retrieveAndGenerate(request(call, target, client.serviceClientConfiguration().region()));
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

  private static RetrieveAndGenerateRequest request(ResolvedCall call, BedrockTarget target,
      @Nullable Region clientRegion) {
    AgentMapping.requireNoHistory(call, API);
    String modelArn = KnowledgeBaseMapping.modelArn(target, clientRegion);
    return Operations.pinned(KnowledgeBaseMapping.request(call, modelArn), KnowledgeBaseMapping.pin(call, modelArn),
        true);
  }
}
