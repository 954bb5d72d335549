package dev.mvc.spi;

import dev.mvc.MvcException;
import dev.mvc.VersionManifest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * A provider of model calls, such as Amazon Bedrock, a SageMaker endpoint or the test kit's
 * in-memory backend. It receives fully resolved calls and must send exactly the pinned values.
 * Implementations translate provider errors into {@link dev.mvc.BackendException} and must be
 * thread-safe.
 */
public interface ModelBackend extends AutoCloseable {

  /** Returns the provider name used in stamps: {@code bedrock}, {@code sagemaker}, ... */
  String provider();

  /**
   * Checks at load time that this backend can honour {@code manifest} (target kind, API, payload
   * format); throws {@link MvcException} naming the unsupported field otherwise. The default
   * accepts targets whose provider equals {@link #provider()}.
   */
  default void validate(VersionManifest manifest) {
    if (!manifest.model().provider().equals(provider())) {
      throw new MvcException("backend " + provider() + " cannot serve a " + manifest.model().provider()
          + " target (" + manifest.model().describe() + ")");
    }
  }

  /**
   * Checks {@code manifest} as {@link #validate} does, for a version the client is loading (at
   * start and on every reload), and returns what the provider reported about the lifecycle of its
   * model while checking, or null when it reported nothing (no lookup was made, or it failed under
   * {@link dev.mvc.CheckMode#WARN}). The client calls this method, not {@link #validate}, and keeps
   * the result as {@link dev.mvc.LoadedManifest#modelLifecycle()}. The default calls
   * {@link #validate} and returns null; a backend that wraps another must pass this call on.
   */
  default dev.mvc.@Nullable LifecycleFacts validateAtLoad(VersionManifest manifest) {
    validate(manifest);
    return null;
  }

  /** Performs the call and blocks until it completes. */
  BackendResponse invoke(ResolvedCall call);

  /**
   * Performs the call asynchronously. The default runs {@link #invoke} on {@code executor};
   * backends with a non-blocking client should override it.
   */
  default CompletableFuture<BackendResponse> invokeAsync(ResolvedCall call, Executor executor) {
    return CompletableFuture.supplyAsync(() -> invoke(call), executor);
  }

  /**
   * Streams the call's response into {@code handler}. The default performs
   * {@link #invokeAsync} and delivers the whole text as a single delta.
   */
  default void invokeStream(ResolvedCall call, BackendStreamHandler handler, Executor executor) {
    invokeAsync(call, executor).whenComplete((response, error) -> {
      if (error != null) {
        handler.onError(error instanceof CompletionException && error.getCause() != null
            ? error.getCause() : error);
      } else {
        handler.onText(response.text());
        handler.onComplete(response);
      }
    });
  }

  /** Releases the backend's resources. The default does nothing. */
  @Override
  default void close() {}
}
