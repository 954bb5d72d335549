package dev.mvc.internal.call;

import dev.mvc.InvocationResponse;
import dev.mvc.MvcException;
import dev.mvc.spi.CallListener;
import dev.mvc.spi.InvocationListener;
import dev.mvc.spi.ResolvedCall;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The call listeners of one call, one per registered {@link InvocationListener}, in registration
 * order. Every event goes to each of them; one that throws is logged and skipped, so a listener
 * never breaks a call. A client without listeners shares {@link #NONE} and allocates nothing.
 */
public final class CallEvents {
  private static final Logger LOG = LoggerFactory.getLogger(CallEvents.class);
  private static final CallListener[] EMPTY = new CallListener[0];

  /** The events of a call nobody listens to. */
  public static final CallEvents NONE = new CallEvents(EMPTY);

  private final CallListener[] calls;

  private CallEvents(CallListener[] calls) {
    this.calls = calls;
  }

  /** Starts {@code call}: asks every listener for its call listener. */
  public static CallEvents start(InvocationListener[] listeners, ResolvedCall call) {
    if (listeners.length == 0) {
      return NONE;
    }
    CallListener[] calls = new CallListener[listeners.length];
    for (int i = 0; i < listeners.length; i++) {
      CallListener c = null;
      try {
        c = listeners[i].newCall(call);
      } catch (RuntimeException e) {
        LOG.warn("an mvc listener threw; it was skipped", e);
      }
      calls[i] = c != null ? c : CallListener.NONE;
    }
    return new CallEvents(calls);
  }

  public void retry(int attempt, MvcException error, Duration backoff) {
    for (CallListener c : calls) {
      try {
        c.onRetry(attempt, error, backoff);
      } catch (RuntimeException e) {
        skipped(e);
      }
    }
  }

  public void fallback(MvcException cause, ResolvedCall fallbackCall) {
    for (CallListener c : calls) {
      try {
        c.onFallback(cause, fallbackCall);
      } catch (RuntimeException e) {
        skipped(e);
      }
    }
  }

  public void success(InvocationResponse response) {
    for (CallListener c : calls) {
      try {
        c.onSuccess(response);
      } catch (RuntimeException e) {
        skipped(e);
      }
    }
  }

  public void failure(MvcException error) {
    for (CallListener c : calls) {
      try {
        c.onFailure(error);
      } catch (RuntimeException e) {
        skipped(e);
      }
    }
  }

  private static void skipped(RuntimeException e) {
    LOG.warn("an mvc listener threw; it was skipped", e);
  }
}
