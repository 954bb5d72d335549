package dev.mvc.internal.call;

import dev.mvc.BackendException;
import dev.mvc.LoadedManifest;
import dev.mvc.MvcException;
import dev.mvc.ResilienceException;
import dev.mvc.spi.InvocationListener;
import java.util.Set;

/**
 * The explicit fallback: when the primary's circuit is open, or its call failed with one of the
 * configured error codes, and no text has reached the caller yet, the same request is resolved on
 * the pinned fallback version and sent through the fallback's own side chain (resilience, served
 * check, backend). The primary's listeners hear of the failure and the fallback; the fallback call
 * gets listeners of its own. Without a fallback this step is not in the chain.
 */
final class FallbackStep extends Step {
  private final LoadedManifest fallback;
  private final Set<String> onErrorCodes;
  private final InvocationListener[] listeners;
  private final Step side;

  FallbackStep(LoadedManifest fallback, Set<String> onErrorCodes, InvocationListener[] listeners, Step side) {
    this.fallback = fallback;
    this.onErrorCodes = onErrorCodes;
    this.listeners = listeners;
    this.side = side;
    side.below(this);
  }

  @Override
  void start(Exchange x) {
    proceed(x);
  }

  @Override
  void onResult(Exchange x) {
    MvcException cause = x.error;
    if (cause == null || x.served != Exchange.Served.PRIMARY || !applies(cause) || !x.nothingDelivered()
        || x.isFinished()) {
      up(x);
      return;
    }
    x.events.failure(cause);
    try {
      ResolveStep.resolve(x, fallback);
    } catch (MvcException e) {
      x.failed(e);
      up(x);
      return;
    }
    x.events.fallback(cause, x.call);
    x.events = CallEvents.start(listeners, x.call);
    x.served = Exchange.Served.FALLBACK;
    x.attempt = 0;
    x.error = null;
    side.start(x);
  }

  private boolean applies(MvcException e) {
    if (e instanceof ResilienceException) {
      return ((ResilienceException) e).kind() == ResilienceException.Kind.CIRCUIT_OPEN;
    }
    return e instanceof BackendException && ((BackendException) e).errorCode() != null
        && onErrorCodes.contains(((BackendException) e).errorCode());
  }
}
