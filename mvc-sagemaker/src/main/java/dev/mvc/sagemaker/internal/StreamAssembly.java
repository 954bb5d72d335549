package dev.mvc.sagemaker.internal;

import dev.mvc.BackendException;
import dev.mvc.MvcException;
import dev.mvc.SageMakerTarget;
import dev.mvc.VersionDriftException;
import dev.mvc.spi.BackendResponse;
import dev.mvc.spi.BackendStreamHandler;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointWithResponseStreamResponse;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointWithResponseStreamResponseHandler;

/**
 * One attempt of a streamed invocation: decodes payload parts into deltas, delivers each once in
 * order, and ends with the assembled response or the mapped error. It never sends the request
 * again: the client's resilience policy is the one retry layer, and the request goes out with
 * SDK retries off even on a caller's client.
 */
public final class StreamAssembly {
  private final SageMakerTarget target;
  private final StreamDecoder decoder;
  private final BackendStreamHandler handler;
  private final StringBuilder delivered = new StringBuilder();
  private final AtomicBoolean done = new AtomicBoolean();
  private @Nullable String served;
  private @Nullable String requestId;
  private @Nullable MvcException failure;

  /** Creates an assembly for {@code target} delivering into {@code handler}. */
  public StreamAssembly(SageMakerTarget target, StreamDecoder decoder, BackendStreamHandler handler) {
    this.target = target;
    this.decoder = decoder;
    this.handler = handler;
  }

  /** Returns the SDK response handler of this run. */
  public InvokeEndpointWithResponseStreamResponseHandler responseHandler() {
    return InvokeEndpointWithResponseStreamResponseHandler.builder()
        .onResponse(this::onResponse)
        .subscriber(InvokeEndpointWithResponseStreamResponseHandler.Visitor.builder()
            .onPayloadPart(p -> onBytes(p.bytes().asByteArrayUnsafe()))
            .build())
        .build();
  }

  private synchronized void onResponse(InvokeEndpointWithResponseStreamResponse response) {
    decoder.reset();
    served = response.invokedProductionVariant();
    requestId = response.responseMetadata().requestId();
    if (target.variant() != null && !target.variant().equals(served)) {
      failure = new VersionDriftException("model.sagemaker.variant", target.variant(), served == null || served.isEmpty()
          ? "an unnamed variant (the response has no x-Amzn-Invoked-Production-Variant header)" : served);
    }
  }

  private synchronized void onBytes(byte[] bytes) {
    if (failure != null) {
      return; // drift: nothing from this endpoint reaches the caller
    }
    List<String> deltas;
    try {
      deltas = decoder.feed(bytes);
    } catch (IllegalStateException e) {
      failure = invalid(e.getMessage());
      return;
    }
    deltas.forEach(this::offer);
  }

  private void offer(String delta) {
    if (delta.isEmpty()) {
      return;
    }
    delivered.append(delta);
    handler.onText(delta);
  }

  /** Ends the stream with the SDK's outcome ({@code error} null on success). */
  public void finish(@Nullable Throwable error) {
    if (!done.compareAndSet(false, true)) {
      return;
    }
    MvcException result;
    synchronized (this) {
      if (failure == null && error == null) {
        try {
          decoder.finish().forEach(this::offer);
        } catch (IllegalStateException e) {
          failure = invalid(e.getMessage());
        }
      }
      result = failure;
    }
    if (result == null && error != null) {
      Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
      result = cause instanceof SdkException ? ErrorMapper.invocation((SdkException) cause, target.describe())
          : cause instanceof MvcException ? (MvcException) cause
              : BackendException.builder("SageMaker endpoint " + target.describe() + ": stream failed: " + cause)
                  .cause(cause).retryable(false).build();
    }
    if (result != null) {
      handler.onError(result);
      return;
    }
    handler.onComplete(BackendResponse.builder(delivered.toString())
        .stopReason(decoder.stopReason())
        .usage(decoder.usage())
        .requestId(requestId)
        .servedVariant(target.variant() != null ? served : null)
        .build());
  }

  private BackendException invalid(@Nullable String what) {
    return BackendException.builder("SageMaker endpoint " + target.describe() + " streamed an invalid response: " + what)
        .statusCode(200).requestId(requestId).retryable(false).build();
  }
}
