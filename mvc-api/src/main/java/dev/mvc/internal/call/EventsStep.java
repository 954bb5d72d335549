package dev.mvc.internal.call;

import dev.mvc.LoadedManifest;
import dev.mvc.spi.InvocationListener;
import org.slf4j.MDC;

/**
 * Starts the call's listeners (one {@link dev.mvc.spi.CallListener} per registered
 * {@link InvocationListener}) and tells them how it ended; puts the manifest's name, version and
 * digest into the MDC while the caller's thread runs the call.
 */
final class EventsStep extends Step {
  /** The MDC keys, as {@code MDC_MANIFEST}, {@code MDC_VERSION} and {@code MDC_DIGEST} name them. */
  static final String MDC_MANIFEST = "mvc.manifest";
  static final String MDC_VERSION = "mvc.version";
  static final String MDC_DIGEST = "mvc.digest";

  private final InvocationListener[] listeners;

  EventsStep(InvocationListener[] listeners) {
    this.listeners = listeners;
  }

  @Override
  void start(Exchange x) {
    x.events = CallEvents.start(listeners, x.call);
    LoadedManifest m = x.manifest;
    MDC.put(MDC_MANIFEST, m.manifest().name());
    MDC.put(MDC_VERSION, m.manifest().version());
    MDC.put(MDC_DIGEST, m.manifest().digest());
    try {
      proceed(x);
    } finally {
      MDC.remove(MDC_MANIFEST);
      MDC.remove(MDC_VERSION);
      MDC.remove(MDC_DIGEST);
    }
  }

  @Override
  void onResult(Exchange x) {
    if (!x.isFinished()) {
      if (x.error != null) {
        x.events.failure(x.error);
      } else {
        x.events.success(x.response);
      }
    }
    up(x);
  }
}
