package dev.mvc.internal.call;

import org.jspecify.annotations.Nullable;

/**
 * One step of the call chain. A call enters a step through {@link #start}, which either passes it
 * on to the next step ({@link #proceed}) or ends it here (a cache hit, a refused permit) by
 * {@link #up passing the result up}. The result of the call comes back through
 * {@link #onResult} of every step it passed, innermost first; a step may change it (stamp it,
 * turn it into a failure), or take the call over again (retry it, send it to a fallback), in which
 * case it does not pass it up now.
 *
 * <p>Everything about one call lives in its {@link Exchange}; steps hold only the client's
 * configuration and are shared by all calls. The result may come back on another thread than
 * the one that started the call (asynchronous and streamed calls), never on two at once.
 */
abstract class Step {
  private @Nullable Step next;
  private @Nullable Step prev;

  /** Links {@code next} after this step. */
  final Step then(Step next) {
    this.next = next;
    next.prev = this;
    return next;
  }

  /** Hangs a side chain under {@code parent}: its results come back to {@code parent}. */
  final void below(Step parent) {
    this.prev = parent;
  }

  /** Starts the call at this step. */
  abstract void start(Exchange x);

  /** Receives the result of the call (success or failure, in the exchange). The default passes it up. */
  void onResult(Exchange x) {
    up(x);
  }

  /** Passes the call to the next step. */
  final void proceed(Exchange x) {
    next.start(x);
  }

  /** Passes the result to the previous step, or finishes the call at the first one. */
  final void up(Exchange x) {
    if (prev != null) {
      prev.onResult(x);
    } else {
      x.finish();
    }
  }
}
