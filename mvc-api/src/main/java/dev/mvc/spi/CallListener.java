package dev.mvc.spi;

import dev.mvc.InvocationResponse;
import dev.mvc.MvcException;
import java.time.Duration;

/**
 * The events of one call, delivered to the object an {@link InvocationListener} returned for it
 * from {@link InvocationListener#newCall(ResolvedCall)}. Whatever the listener needs between the
 * start and the end of the call (a start time, a span) lives in this object, so no listener keeps
 * a map of calls in progress. Exactly one of {@link #onSuccess} and {@link #onFailure} ends each
 * call; after that the client drops its reference. Callbacks run on the calling thread (or the
 * completing thread for async and streamed calls), must be fast and must not block; one that
 * throws is logged and skipped, never breaking the call.
 */
public interface CallListener {

  /** A call listener that ignores every event. */
  CallListener NONE = new CallListener() { };

  /** Called before attempt {@code attempt + 1} of this call, which failed with a retryable error. */
  default void onRetry(int attempt, MvcException error, Duration backoff) {}

  /**
   * Called after {@link #onFailure} when {@code fallbackCall} (on the fallback manifest) replaces
   * this call; the fallback call gets a call listener of its own.
   */
  default void onFallback(MvcException cause, ResolvedCall fallbackCall) {}

  /** Ends a successful call, with the stamped response. */
  default void onSuccess(InvocationResponse response) {}

  /** Ends a failed call. */
  default void onFailure(MvcException error) {}
}
