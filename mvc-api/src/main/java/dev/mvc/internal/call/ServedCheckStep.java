package dev.mvc.internal.call;

import dev.mvc.VersionDriftException;
import dev.mvc.spi.BackendResponse;

/**
 * Checks what the provider reports having served against the pin of the call's target
 * ({@link dev.mvc.ModelTarget#checkServed}); a difference turns the answer into a
 * {@link VersionDriftException}.
 */
final class ServedCheckStep extends Step {

  @Override
  void start(Exchange x) {
    proceed(x);
  }

  @Override
  void onResult(Exchange x) {
    BackendResponse r = x.backendResponse;
    if (x.error == null && r != null) {
      try {
        x.call.target().checkServed(r.servedModel(), r.servedVariant());
      } catch (VersionDriftException e) {
        x.failed(e);
      }
    }
    up(x);
  }
}
