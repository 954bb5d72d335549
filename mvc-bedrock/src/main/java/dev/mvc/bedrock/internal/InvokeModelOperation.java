package dev.mvc.bedrock.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mvc.BedrockTarget;
import dev.mvc.MvcException;
import dev.mvc.TokenUsage;
import dev.mvc.VersionManifest;
import dev.mvc.spi.BackendResponse;
import dev.mvc.spi.BackendStreamHandler;
import dev.mvc.spi.ResolvedCall;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamResponseHandler;

/**
 * Bedrock InvokeModel, and InvokeModelWithResponseStream for streamed calls, with the Anthropic
 * Messages body ({@code bedrock-2023-05-31}) built by {@link AnthropicMessages}: the native body
 * pinned whole on the wire, the text, usage (from the response headers or the body) and the model
 * Bedrock reports read back.
 */
public final class InvokeModelOperation implements BedrockOperation {

  private final Clients clients;
  private final PinRegistry pins;

  /** Creates the operation over the backend's clients, registering its pins in the backend's registry. */
  public InvokeModelOperation(Clients clients, PinRegistry pins) {
    this.clients = clients;
    this.pins = pins;
  }

  @Override
  public void validate(VersionManifest manifest) {
    BedrockTarget target = (BedrockTarget) manifest.model();
    if (!AnthropicMessages.FORMAT.equals(target.bodyFormat())) {
      throw new MvcException("model.bedrock.bodyFormat must be " + AnthropicMessages.FORMAT
          + " for BedrockBackend, was " + target.bodyFormat());
    }
    AnthropicMessages.validate(manifest);
  }

  @Override
  public BackendResponse invoke(ResolvedCall call) {
    BedrockTarget target = (BedrockTarget) call.target();
    try {
      BedrockRuntimeClient client = clients.sync(target.region());
      byte[] body = AnthropicMessages.body(call);
      return response(target, pins.call(request(target, body), WirePin.invokeModel(call, body, false),
          (InvokeModelRequest r) -> client.invokeModel(r)));
    } catch (RuntimeException e) {
      throw BedrockErrorMapper.map(e, target.modelId());
    }
  }

  @Override
  public CompletableFuture<BackendResponse> invokeAsync(ResolvedCall call) {
    BedrockTarget target = (BedrockTarget) call.target();
    return Operations.start(() -> {
      BedrockRuntimeAsyncClient client = clients.async(target.region());
      byte[] body = AnthropicMessages.body(call);
      return pins.start(request(target, body), WirePin.invokeModel(call, body, false), true,
          (InvokeModelRequest r) -> client.invokeModel(r));
    }, r -> response(target, r), target.modelId());
  }

  @Override
  public void invokeStream(ResolvedCall call, BackendStreamHandler handler) {
    BedrockTarget target = (BedrockTarget) call.target();
    StreamCollector stream = new StreamCollector(handler, target.modelId());
    stream.run(() -> {
      BedrockRuntimeAsyncClient client = clients.async(target.region());
      byte[] body = AnthropicMessages.body(call);
      InvokeModelWithResponseStreamRequest.Builder request = InvokeModelWithResponseStreamRequest.builder()
          .modelId(target.wireModelId())
          .contentType("application/json")
          .accept("application/json")
          .body(SdkBytes.fromByteArrayUnsafe(body));
      return pins.start(request, WirePin.invokeModel(call, body, true), clients.asyncSingleAttempt(),
          (InvokeModelWithResponseStreamRequest r) -> client.invokeModelWithResponseStream(r, handler(target, stream)));
    });
  }

  private static InvokeModelRequest.Builder request(BedrockTarget target, byte[] body) {
    return InvokeModelRequest.builder()
        .modelId(target.wireModelId())
        .contentType("application/json")
        .accept("application/json")
        .body(SdkBytes.fromByteArrayUnsafe(body));
  }

  private static InvokeModelWithResponseStreamResponseHandler handler(BedrockTarget target, StreamCollector stream) {
    InvokeModelWithResponseStreamResponseHandler.Visitor visitor = InvokeModelWithResponseStreamResponseHandler.Visitor.builder()
        .onChunk(chunk -> {
          JsonNode event = AnthropicMessages.event(chunk.bytes().asByteArray());
          String type = event.path("type").asText();
          String text = AnthropicMessages.deltaText(event);
          if (text != null) {
            stream.text(text);
          } else if ("content_block_start".equals(type) && "tool_use".equals(event.path("content_block").path("type").asText())) {
            stream.toolUseStart(event.path("index").asInt(), event.path("content_block").path("id").asText(),
                event.path("content_block").path("name").asText());
          } else if ("content_block_delta".equals(type) && "input_json_delta".equals(event.path("delta").path("type").asText())) {
            stream.toolUseInput(event.path("index").asInt(), event.path("delta").path("partial_json").asText());
          } else if ("content_block_delta".equals(type) && "thinking_delta".equals(event.path("delta").path("type").asText())) {
            stream.reasoning(event.path("index").asInt(), event.path("delta").path("thinking").asText(), null, null);
          } else if ("content_block_delta".equals(type) && "signature_delta".equals(event.path("delta").path("type").asText())) {
            stream.reasoning(event.path("index").asInt(), null, event.path("delta").path("signature").asText(), null);
          } else if ("content_block_start".equals(type) && "redacted_thinking".equals(event.path("content_block").path("type").asText())) {
            stream.reasoning(event.path("index").asInt(), null, null, AnthropicMessages.redactedData(event.path("content_block")));
          } else if ("message_start".equals(type)) {
            stream.servedModel(ModelNames.servedModel(target.modelId(), event.path("message").path("model").asText(null)));
            JsonNode usage = event.path("message").path("usage");
            stream.inputTokens(usage.path("input_tokens").asInt(0));
            stream.cacheTokens(usage.path("cache_read_input_tokens").asInt(0), usage.path("cache_creation_input_tokens").asInt(0));
          } else if ("message_delta".equals(type)) {
            stream.stopReason(event.path("delta").path("stop_reason").asText(null));
            stream.outputTokens(event.path("usage").path("output_tokens").asInt(0));
          } else if ("message_stop".equals(type)) {
            JsonNode metrics = event.path("amazon-bedrock-invocationMetrics");
            stream.inputTokens(metrics.path("inputTokenCount").asInt(0));
            stream.outputTokens(metrics.path("outputTokenCount").asInt(0));
          }
        })
        .build();
    return InvokeModelWithResponseStreamResponseHandler.builder()
        .onResponse(r -> stream.requestId(r.responseMetadata().requestId()))
        .subscriber(event -> {
          stream.event();
          event.accept(visitor);
        })
        .build();
  }

  private static BackendResponse response(BedrockTarget target, InvokeModelResponse r) {
    AnthropicMessages.Reply reply = AnthropicMessages.parse(r.body().asByteArrayUnsafe());
    SdkHttpResponse http = r.sdkHttpResponse();
    int input = Operations.header(http, "x-amzn-bedrock-input-token-count", reply.inputTokens());
    int output = Operations.header(http, "x-amzn-bedrock-output-token-count", reply.outputTokens());
    return BackendResponse.builder(reply.text())
        .stopReason(reply.stopReason())
        .usage(input == 0 && output == 0 ? TokenUsage.UNKNOWN
            : TokenUsage.of(input, output).withCache(reply.cacheRead(), reply.cacheWrite()))
        .toolCalls(reply.toolCalls())
        .reasoningBlocks(reply.reasoning())
        .requestId(r.responseMetadata().requestId())
        .servedModel(ModelNames.servedModel(target.modelId(), reply.model()))
        .build();
  }
}
