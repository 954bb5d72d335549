package dev.mvc.internal.call;

import dev.mvc.InvocationResponse;
import dev.mvc.VersionStamp;
import dev.mvc.spi.BackendResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Turns the backend's response into the caller's {@link InvocationResponse}, stamped with the
 * version that served it: the primary, the fallback ({@code fb=1}) or the response cache
 * ({@code ch=1}).
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
      if (x.served == Exchange.Served.FALLBACK) {
        stamp = stamp.asFallback();
      } else if (x.served == Exchange.Served.CACHED) {
        stamp = stamp.asCached(invocationId, now);
      }
      x.response = InvocationResponse.builder()
          .text(r.text())
          .stopReason(r.stopReason())
          .usage(r.usage())
          .latency(Duration.ofNanos(System.nanoTime() - x.startNanos))
          .stamp(stamp)
          .citations(r.citations())
          .sessionId(r.sessionId())
          .toolCalls(r.toolCalls())
          .reasoning(r.reasoning())
          .build();
    }
    up(x);
  }
}
