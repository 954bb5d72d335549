package dev.mvc.spi;

import dev.mvc.CheckWarning;

/**
 * An observer of the warnings raised by a backend's remote checks under
 * {@link dev.mvc.CheckMode#WARN}: one call per difference found, or per lookup that failed. The
 * same warnings are also logged, once each, on the logger {@code dev.mvc.check.<check name>}.
 * Listeners are called on the thread that loads the manifest; they must be fast and must not
 * throw (one that does is logged and the load goes on).
 */
@FunctionalInterface
public interface CheckListener {

  /** Receives one warning. */
  void onWarning(CheckWarning warning);

  /** Returns a listener that ignores every warning. */
  static CheckListener none() {
    return w -> {};
  }
}
