package dev.mvc.internal.call;

import dev.mvc.BackendException;
import dev.mvc.MvcException;
import dev.mvc.spi.BackendResponse;
import dev.mvc.spi.ModelBackend;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * The end of the chain: one attempt on the backend, in the exchange's mode ({@code invoke},
 * {@code invokeAsync} or {@code invokeStream}). Whatever the backend throws or fails with becomes
 * an {@link MvcException}; a stream that fails after text reached the caller says how much.
 */
final class BackendStep extends Step {
  private final ModelBackend backend;
  private final Executor executor;

  BackendStep(ModelBackend backend, Executor executor) {
    this.backend = backend;
    this.executor = executor;
  }

  @Override
  void start(Exchange x) {
    switch (x.mode()) {
      case SYNC:
        BackendResponse r;
        try {
          r = backend.invoke(x.call);
        } catch (RuntimeException e) {
          x.failed(translate(e));
          up(x);
          return;
        }
        x.succeeded(r);
        up(x);
        return;
      case ASYNC:
        CompletableFuture<BackendResponse> pending;
        try {
          pending = backend.invokeAsync(x.call, executor);
        } catch (RuntimeException e) {
          pending = CompletableFuture.failedFuture(e);
        }
        x.pending.attempt = pending;
        pending.whenComplete((response, error) -> {
          if (error != null) {
            x.failed(translate(error));
          } else {
            x.succeeded(response);
          }
          up(x);
        });
        return;
      default:
        x.pending.streamOwner = this;
        try {
          backend.invokeStream(x.call, x, executor);
        } catch (RuntimeException e) {
          streamEnded(x, null, e);
        }
    }
  }

  /** Receives the end of a stream this step started; a second end of the same stream is ignored. */
  void streamEnded(Exchange x, @Nullable BackendResponse response, @Nullable Throwable error) {
    Exchange.Pending p = x.pending;
    synchronized (p) {
      if (p.streamOwner != this) {
        return;
      }
      p.streamOwner = null;
    }
    if (error != null) {
      MvcException e = translate(error);
      x.failed(x.nothingDelivered() && x.deltasBefore() == 0 ? e : afterDeltas(x, e));
    } else {
      x.succeeded(response);
    }
    up(x);
  }

  private MvcException translate(Throwable error) {
    Throwable e = error;
    while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
      e = e.getCause();
    }
    if (e instanceof MvcException) {
      return (MvcException) e;
    }
    return BackendException.builder("backend " + backend.provider() + " failed: " + e).cause(e).retryable(false).build();
  }

  private static MvcException afterDeltas(Exchange x, MvcException e) {
    // In a tool loop the caller also holds the text of the earlier rounds, which are never sent again.
    String round = x.toolTurns().isEmpty() ? "" : " in round " + (x.toolTurns().size() + 1) + " of a tool loop";
    BackendException.Builder b = BackendException.builder("stream of " + x.call.target().describe() + " failed" + round
            + " after " + (x.deltasBefore() + x.pending.deltas) + " text deltas ("
            + (x.charactersBefore() + x.pending.characters) + " characters) had reached the caller; not sent again, "
            + "so no text is duplicated: " + e.getMessage())
        .cause(e.getCause() != null ? e.getCause() : e);
    if (e instanceof BackendException) {
      BackendException be = (BackendException) e;
      b.retryable(be.retryable()).statusCode(be.statusCode()).requestId(be.requestId()).errorCode(be.errorCode());
    } else {
      b.retryable(false);
    }
    return b.build();
  }
}
