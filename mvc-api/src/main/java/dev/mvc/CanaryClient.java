package dev.mvc;

import dev.mvc.internal.Hashing;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A canary between two pinned clients: a percentage of traffic goes to the candidate, assigned by
 * a caller-supplied key so that the same key gets the same version while the split is unchanged
 * (and raising the percentage only moves keys from baseline to candidate). Every response's stamp
 * records the arm that served it. {@link #promote()} and {@link #abort()} are one call each.
 *
 * <pre>{@code
 * CanaryClient canary = CanaryClient.create(stableClient, candidateClient, 10.0);   // 10 %
 * InvocationResponse r = canary.invoke(userId, Map.of("question", q));
 * r.stamp().arm();        // "baseline" or "candidate"
 * canary.promote();       // everyone on the candidate; canary.abort() sends everyone back
 * }</pre>
 */
public final class CanaryClient implements AutoCloseable {
  /** The arm name of the baseline client. */
  public static final String BASELINE = "baseline";
  /** The arm name of the candidate client. */
  public static final String CANDIDATE = "candidate";

  private final PinnedModelClient baseline;
  private final PinnedModelClient candidate;
  private volatile int basisPoints; // candidate share in 1/100 of a percent

  private CanaryClient(PinnedModelClient baseline, PinnedModelClient candidate, double percent) {
    this.baseline = Objects.requireNonNull(baseline, "baseline");
    this.candidate = Objects.requireNonNull(candidate, "candidate");
    setPercent(percent);
  }

  /** Returns a canary sending {@code candidatePercent} (0 to 100) of keys to {@code candidate}. */
  public static CanaryClient create(PinnedModelClient baseline, PinnedModelClient candidate, double candidatePercent) {
    return new CanaryClient(baseline, candidate, candidatePercent);
  }

  /** Changes the candidate's share of traffic (0 to 100 percent). */
  public void setPercent(double candidatePercent) {
    if (!(candidatePercent >= 0 && candidatePercent <= 100)) {
      throw new IllegalArgumentException("canary percent must be in [0, 100], was " + candidatePercent);
    }
    this.basisPoints = (int) Math.round(candidatePercent * 100);
  }

  /** Returns the candidate's share of traffic in percent. */
  public double percent() {
    return basisPoints / 100.0;
  }

  /** Sends all traffic to the candidate. */
  public void promote() {
    basisPoints = 10_000;
  }

  /** Sends all traffic back to the baseline. */
  public void abort() {
    basisPoints = 0;
  }

  /** Returns the arm that serves {@code key} under the current split. */
  public String armFor(String key) {
    return bucket(key) < basisPoints ? CANDIDATE : BASELINE;
  }

  /** Returns the client that serves {@code key} under the current split. */
  public PinnedModelClient clientFor(String key) {
    return armFor(key).equals(CANDIDATE) ? candidate : baseline;
  }

  /** Invokes the arm that serves {@code key}; the stamp records the arm. */
  public InvocationResponse invoke(String key, InvocationRequest request) {
    String arm = armFor(key);
    InvocationResponse r = (arm.equals(CANDIDATE) ? candidate : baseline).invoke(request);
    return withArm(r, arm);
  }

  /** Invokes the arm that serves {@code key} with these variables. */
  public InvocationResponse invoke(String key, Map<String, ?> variables) {
    return invoke(key, InvocationRequest.of(variables));
  }

  /** Invokes the arm that serves {@code key} asynchronously. */
  public CompletableFuture<InvocationResponse> invokeAsync(String key, InvocationRequest request) {
    String arm = armFor(key);
    return (arm.equals(CANDIDATE) ? candidate : baseline).invokeAsync(request).thenApply(r -> withArm(r, arm));
  }

  private static InvocationResponse withArm(InvocationResponse r, String arm) {
    return InvocationResponse.builder().text(r.text()).stopReason(r.stopReason()).usage(r.usage())
        .latency(r.latency()).stamp(r.stamp().withArm(arm)).citations(r.citations()).sessionId(r.sessionId()).build();
  }

  private static int bucket(String key) {
    byte[] h = Hashing.sha256().digest(key.getBytes(StandardCharsets.UTF_8));
    int v = ((h[0] & 0xff) << 24) | ((h[1] & 0xff) << 16) | ((h[2] & 0xff) << 8) | (h[3] & 0xff);
    return Integer.remainderUnsigned(v, 10_000);
  }

  /** Closes both clients. */
  @Override
  public void close() {
    try {
      baseline.close();
    } finally {
      candidate.close();
    }
  }

  @Override
  public String toString() {
    return "CanaryClient{" + percent() + "% to " + candidate.currentManifest().manifest().version() + ", rest to "
        + baseline.currentManifest().manifest().version() + "}";
  }
}
