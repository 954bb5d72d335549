package dev.mvc.internal.call;

import dev.mvc.LoadedManifest;
import dev.mvc.PinnedModelClient;
import dev.mvc.spi.InvocationListener;
import org.slf4j.MDC;

/**
 * Starts the call's listeners (one {@link dev.mvc.spi.CallListener} per registered
 * {@link InvocationListener}) and tells them how it ended; puts the manifest's name, version and
 * digest into the MDC while the caller's thread runs the call.
 */
final class EventsStep extends Step {
  private final InvocationListener[] listeners;

  EventsStep(InvocationListener[] listeners) {
    this.listeners = listeners;
  }

  @Override
  void start(Exchange x) {
    x.events = CallEvents.start(listeners, x.call);
    LoadedManifest m = x.manifest;
    MDC.put(PinnedModelClient.MDC_MANIFEST, m.manifest().name());
    MDC.put(PinnedModelClient.MDC_VERSION, m.manifest().version());
    MDC.put(PinnedModelClient.MDC_DIGEST, m.manifest().digest());
    try {
      proceed(x);
    } finally {
      MDC.remove(PinnedModelClient.MDC_MANIFEST);
      MDC.remove(PinnedModelClient.MDC_VERSION);
      MDC.remove(PinnedModelClient.MDC_DIGEST);
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
