package dev.mvc.spi;

import dev.mvc.InvocationResponse;
import dev.mvc.MvcException;
import java.time.Duration;

/**
 * A read-only observer of invocations. For every call (invoke, invokeAsync, invokeStream, and a
 * fallback call of its own), the client asks each listener, in registration order, for a
 * {@link CallListener} with {@link #newCall(ResolvedCall)} once the call is resolved from the pin
 * and before the backend is called; that object then receives the call's events and holds
 * whatever the listener keeps per call. Listeners must be fast and must not block; one that
 * throws is logged and skipped, never breaking the call.
 *
 * <p>A listener that keeps nothing per call may instead override the plain callbacks below
 * ({@link #beforeInvocation}, {@link #afterInvocation}, ...): the default {@link #newCall}
 * forwards the call's events to them.
 */
public interface InvocationListener {

  /**
   * Called when a call starts; returns the object that receives this call's events
   * ({@link CallListener#NONE} for none). The default calls {@link #beforeInvocation} and returns
   * a call listener forwarding to the other callbacks of this listener.
   */
  default CallListener newCall(ResolvedCall call) {
    beforeInvocation(call);
    InvocationListener listener = this;
    return new CallListener() {
      @Override
      public void onRetry(int attempt, MvcException error, Duration backoff) {
        listener.onRetry(call, attempt, error, backoff);
      }

      @Override
      public void onFallback(MvcException cause, ResolvedCall fallbackCall) {
        listener.onFallback(call, cause, fallbackCall);
      }

      @Override
      public void onSuccess(InvocationResponse response) {
        listener.afterInvocation(call, response);
      }

      @Override
      public void onFailure(MvcException error) {
        listener.onFailure(call, error);
      }
    };
  }

  /** Called when the client's circuit {@code circuit} changes state (CLOSED, OPEN, HALF_OPEN, ...). */
  default void onCircuitStateTransition(String circuit, String from, String to) {}

  /** Called after the call was resolved from the pin, before the backend is called (by the default {@link #newCall}). */
  default void beforeInvocation(ResolvedCall call) {}

  /** Called after a successful call, with the stamped response (by the default {@link #newCall}). */
  default void afterInvocation(ResolvedCall call, InvocationResponse response) {}

  /** Called when a resolved call failed (by the default {@link #newCall}). */
  default void onFailure(ResolvedCall call, MvcException error) {}

  /**
   * Called before attempt {@code attempt + 1} of a call that failed with a retryable error (by the
   * default {@link #newCall}).
   */
  default void onRetry(ResolvedCall call, int attempt, MvcException error, Duration backoff) {}

  /**
   * Called when {@code fallbackCall} (on the fallback manifest) replaces a failed primary call (by
   * the default {@link #newCall}).
   */
  default void onFallback(ResolvedCall primaryCall, MvcException cause, ResolvedCall fallbackCall) {}
}
