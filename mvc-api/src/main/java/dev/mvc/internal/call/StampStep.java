package dev.mvc.internal.call;

import dev.mvc.InvocationResponse;
import dev.mvc.VersionStamp;
import dev.mvc.spi.BackendResponse;
import java.time.Clock;
import java.time.Instant;

/**
 * Turns the backend's response into the caller's {@link InvocationResponse}, stamped with the
 * version that served it: the primary, the fallback ({@code fb=1}) or the response cache
 * ({@code ch=1}), with the SHA-256 of the documents and images the call sent ({@code att=}).
 */
final class StampStep extends Step {
  private final Clock clock;

  StampStep(Clock clock) {
    this.clock = clock;
  }

  @Override
  void start(Exchange x) {
    proceed(x);
  }

  @Override
  void onResult(Exchange x) {
    BackendResponse r = x.backendResponse;
    if (x.error == null && r != null) {
      Instant now = clock.instant();
      String invocationId = x.call.invocationId();
      VersionStamp stamp = x.manifest.stamp(x.inferenceDigest, r.requestId(), invocationId, now);
      if (!x.call.attachments().isEmpty()) {
        stamp = stamp.withAttachments(x.call.attachments().stream().map(dev.mvc.Attachment::sha256).toList());
      }
      if (x.served == Exchange.Served.FALLBACK) {
        stamp = stamp.asFallback();
      } else if (x.served == Exchange.Served.CACHED) {
        stamp = stamp.asCached(invocationId, now);
      }
      x.response = InvocationResponse.of(r, stamp, System.nanoTime() - x.startNanos);
    }
    up(x);
  }
}
