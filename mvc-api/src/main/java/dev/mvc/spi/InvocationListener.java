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
}
