package dev.mvc.spi;

import dev.mvc.InvocationResponse;
import dev.mvc.MvcException;

/**
 * A read-only observer of invocations, called in registration order on the calling thread (or
 * the completing thread for async calls). Listeners must be fast and must not block; one that
 * throws is logged and skipped, never breaking the call.
 */
public interface InvocationListener {

  /** Called after the call was resolved from the pin, before the backend is called. */
  default void beforeInvocation(ResolvedCall call) {}

  /** Called after a successful call, with the stamped response. */
  default void afterInvocation(ResolvedCall call, InvocationResponse response) {}

  /** Called when a resolved call failed. */
  default void onFailure(ResolvedCall call, MvcException error) {}

  /** Called before attempt {@code attempt + 1} of a call that failed with a retryable error. */
  default void onRetry(ResolvedCall call, int attempt, MvcException error, java.time.Duration backoff) {}

  /** Called when the client's circuit {@code circuit} changes state (CLOSED, OPEN, HALF_OPEN, ...). */
  default void onCircuitStateTransition(String circuit, String from, String to) {}

  /** Called when {@code fallbackCall} (on the fallback manifest) replaces a failed primary call. */
  default void onFallback(ResolvedCall primaryCall, MvcException cause, ResolvedCall fallbackCall) {}
}
