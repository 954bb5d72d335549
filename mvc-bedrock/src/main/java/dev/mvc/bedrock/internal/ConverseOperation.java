package dev.mvc.bedrock.internal;

import dev.mvc.ToolCall;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;

import dev.mvc.BedrockTarget;
import dev.mvc.TokenUsage;
import dev.mvc.spi.BackendResponse;
import dev.mvc.spi.BackendStreamHandler;
import dev.mvc.spi.ReasoningBlock;
import dev.mvc.spi.ResolvedCall;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;

/**
 * Bedrock Converse, and ConverseStream for streamed calls: the request built by
 * {@link ConverseMapping} from the pinned values, pinned on the wire by {@link WirePin#converse},
 * the text, stop reason, usage and request ID read back.
 */
public final class ConverseOperation implements BedrockOperation {

  private final Clients clients;
  private final PinRegistry pins;
  private final ConverseMapping mapping = new ConverseMapping();

  /** Creates the operation over the backend's clients, registering its pins in the backend's registry. */
  public ConverseOperation(Clients clients, PinRegistry pins) {
    this.clients = clients;
    this.pins = pins;
  }

  @Override
  public void validate(dev.mvc.VersionManifest manifest) {
    PromptMapping.validate(manifest);
  }

  @Override
  public BackendResponse invoke(ResolvedCall call) {
    BedrockTarget target = (BedrockTarget) call.target();
    try {
      BedrockRuntimeClient client = clients.sync(target.region());
      return response(pins.call(mapping.converse(call), WirePin.converse(call, false),
          (ConverseRequest r) -> client.converse(r)));
    } catch (RuntimeException e) {
      throw BedrockErrorMapper.map(e, target.modelId());
    }
  }

  @Override
  public CompletableFuture<BackendResponse> invokeAsync(ResolvedCall call) {
    BedrockTarget target = (BedrockTarget) call.target();
    return Operations.start(() -> {
      BedrockRuntimeAsyncClient client = clients.async(target.region());
      return pins.start(mapping.converse(call), WirePin.converse(call, false), true,
          (ConverseRequest r) -> client.converse(r));
    }, ConverseOperation::response, target.modelId());
  }

  @Override
  public void invokeStream(ResolvedCall call, BackendStreamHandler handler) {
    BedrockTarget target = (BedrockTarget) call.target();
    StreamCollector stream = new StreamCollector(handler, target.modelId());
    stream.run(() -> {
      BedrockRuntimeAsyncClient client = clients.async(target.region());
      return pins.start(mapping.converseStream(call), WirePin.converse(call, true), clients.asyncSingleAttempt(),
          (ConverseStreamRequest r) -> client.converseStream(r, handler(stream)));
    });
  }

  private static ConverseStreamResponseHandler handler(StreamCollector stream) {
    ConverseStreamResponseHandler.Visitor visitor = ConverseStreamResponseHandler.Visitor.builder()
        .onContentBlockStart(e -> {
          if (e.start() != null && e.start().toolUse() != null) {
            stream.toolUseStart(Operations.orZero(e.contentBlockIndex()), e.start().toolUse().toolUseId(),
                e.start().toolUse().name());
          }
        })
        .onContentBlockDelta(e -> {
          if (e.delta() == null) {
            return;
          }
          if (e.delta().text() != null) {
            stream.text(e.delta().text());
          } else if (e.delta().toolUse() != null) {
            stream.toolUseInput(Operations.orZero(e.contentBlockIndex()), e.delta().toolUse().input());
          } else if (e.delta().reasoningContent() != null) {
            software.amazon.awssdk.services.bedrockruntime.model.ReasoningContentBlockDelta d = e.delta().reasoningContent();
            stream.reasoning(Operations.orZero(e.contentBlockIndex()), d.text(), d.signature(),
                d.redactedContent() == null ? null : d.redactedContent().asByteArray());
          }
        })
        .onMessageStop(e -> stream.stopReason(e.stopReasonAsString()))
        .onMetadata(e -> {
          if (e.usage() != null) {
            stream.inputTokens(Operations.orZero(e.usage().inputTokens()));
            stream.outputTokens(Operations.orZero(e.usage().outputTokens()));
            stream.cacheTokens(Operations.orZero(e.usage().cacheReadInputTokens()),
                Operations.orZero(e.usage().cacheWriteInputTokens()));
          }
        })
        .build();
    return ConverseStreamResponseHandler.builder()
        .onResponse(r -> stream.requestId(r.responseMetadata().requestId()))
        .subscriber(event -> {
          stream.event();
          event.accept(visitor);
        })
        .build();
  }

  private static BackendResponse response(ConverseResponse r) {
    TokenUsage usage = r.usage() == null
        ? TokenUsage.UNKNOWN
        : TokenUsage.of(Operations.orZero(r.usage().inputTokens()), Operations.orZero(r.usage().outputTokens()))
            .withCache(Operations.orZero(r.usage().cacheReadInputTokens()),
                Operations.orZero(r.usage().cacheWriteInputTokens()));
    List<ToolCall> calls = new ArrayList<>();
    List<ReasoningBlock> reasoning = new ArrayList<>();
    if (r.output() != null && r.output().message() != null) {
      for (ContentBlock block : r.output().message().content()) {
        if (block.toolUse() != null) {
          calls.add(new ToolCall(block.toolUse().toolUseId(), block.toolUse().name(),
              Documents.toJson(block.toolUse().input())));
        } else if (block.reasoningContent() != null) {
          // Each block is kept whole: a tool loop sends it back exactly as it came.
          if (block.reasoningContent().reasoningText() != null) {
            reasoning.add(ReasoningBlock.text(block.reasoningContent().reasoningText().text(),
                block.reasoningContent().reasoningText().signature()));
          } else if (block.reasoningContent().redactedContent() != null) {
            reasoning.add(ReasoningBlock.redacted(block.reasoningContent().redactedContent().asByteArray()));
          }
        }
      }
    }
    return BackendResponse.builder(ConverseMapping.text(r))
        .stopReason(r.stopReasonAsString())
        .usage(usage)
        .requestId(r.responseMetadata().requestId())
        .toolCalls(calls)
        .reasoningBlocks(reasoning)
        .build();
  }
}
