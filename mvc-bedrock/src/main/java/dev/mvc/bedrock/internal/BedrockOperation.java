package dev.mvc.bedrock.internal;

import dev.mvc.VersionManifest;
import dev.mvc.spi.BackendResponse;
import dev.mvc.spi.BackendStreamHandler;
import dev.mvc.spi.ResolvedCall;
import java.util.concurrent.CompletableFuture;

/**
 * One Bedrock API (Converse, InvokeModel, RetrieveAndGenerate, InvokeAgent) in every call mode:
 * it owns the request mapping from the pinned values, the wire pin that travels with the
 * request to the guard, the response mapping and the stream handling. Each call makes one
 * attempt; retries belong to the client's resilience layer. Failures are reported as the
 * {@link dev.mvc.MvcException} that {@link BedrockErrorMapper} made of them.
 */
public interface BedrockOperation {

  /** Checks at load time what this API cannot send for {@code manifest}; throws naming the field. */
  default void validate(VersionManifest manifest) {}

  /**
   * Refuses a manifest that pins tools or cache points for an API that has no place for them
   * ({@code api}), so they are never silently dropped.
   */
  static void refuseTools(VersionManifest manifest, String api) {
    dev.mvc.PromptSpec prompt = manifest.prompt();
    if (prompt.tools() != null) {
      throw new dev.mvc.MvcException("prompt.tools of manifest " + manifest.name() + " " + manifest.version()
          + ": Bedrock " + api + " carries no tool definitions; pin them for the Converse or InvokeModel API");
    }
    if (!prompt.cachePoints().isEmpty()) {
      throw new dev.mvc.MvcException("prompt.cachePoints of manifest " + manifest.name() + " " + manifest.version()
          + " is " + prompt.cachePoints() + ": Bedrock " + api + " carries no cache points");
    }
  }

  /** Performs the call and blocks until it completes; throws the mapped failure. */
  BackendResponse invoke(ResolvedCall call);

  /**
   * Starts the call without blocking; the future completes on an SDK thread, exceptionally with
   * the mapped failure. Never throws.
   */
  CompletableFuture<BackendResponse> invokeAsync(ResolvedCall call);

  /**
   * Streams the call into {@code handler}: text deltas in order, then exactly one end. Never
   * throws; a failure to start is reported through the handler as well.
   */
  void invokeStream(ResolvedCall call, BackendStreamHandler handler);
}
