package dev.mvc;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The resilience a {@link PinnedModelClient} puts around backend calls, implemented with
 * Resilience4j: retry with exponential backoff and jitter for retryable errors only (throttling,
 * 5xx, timeouts), a circuit breaker, a rate limiter, a bulkhead and a time limit for async calls.
 * Everything is off in {@link #none()}; each part is turned on by its builder method.
 *
 * <p>This is the only retry layer: clients that mvc backends build have SDK retries off, so
 * attempts never multiply. Retries and circuit changes are reported to
 * {@link dev.mvc.spi.InvocationListener}s.
 *
 * <pre>{@code
 * ResiliencePolicy.builder()
 *     .retry(4, Duration.ofMillis(200), 2.0, Duration.ofSeconds(5))
 *     .circuitBreaker(50, 20, Duration.ofSeconds(30))
 *     .timeLimit(Duration.ofSeconds(60))
 *     .build();
 * }</pre>
 */
public final class ResiliencePolicy {
  private static final ResiliencePolicy NONE = new Builder().build();

  private final int maxAttempts;
  private final Duration initialBackoff;
  private final double backoffMultiplier;
  private final Duration maxBackoff;
  private final double jitter;
  private final float failureRateThreshold;
  private final int minimumCalls;
  private final Duration openDuration;
  private final int halfOpenCalls;
  private final int permitsPerPeriod;
  private final Duration limitPeriod;
  private final Duration limitTimeout;
  private final int maxConcurrentCalls;
  private final Duration bulkheadWait;
  private final @Nullable Duration timeLimit;

  private ResiliencePolicy(Builder b) {
    this.maxAttempts = b.maxAttempts;
    this.initialBackoff = b.initialBackoff;
    this.backoffMultiplier = b.backoffMultiplier;
    this.maxBackoff = b.maxBackoff;
    this.jitter = b.jitter;
    this.failureRateThreshold = b.failureRateThreshold;
    this.minimumCalls = b.minimumCalls;
    this.openDuration = b.openDuration;
    this.halfOpenCalls = b.halfOpenCalls;
    this.permitsPerPeriod = b.permitsPerPeriod;
    this.limitPeriod = b.limitPeriod;
    this.limitTimeout = b.limitTimeout;
    this.maxConcurrentCalls = b.maxConcurrentCalls;
    this.bulkheadWait = b.bulkheadWait;
    this.timeLimit = b.timeLimit;
  }

  /** Returns the policy with everything off: one attempt, no breaker, no limits. */
  public static ResiliencePolicy none() {
    return NONE;
  }

  /** Returns a builder with everything off. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns the attempts per call (1 = no retry). */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** Returns the backoff before the first retry. */
  public Duration initialBackoff() {
    return initialBackoff;
  }

  /** Returns the factor applied to the backoff after each retry. */
  public double backoffMultiplier() {
    return backoffMultiplier;
  }

  /** Returns the longest backoff. */
  public Duration maxBackoff() {
    return maxBackoff;
  }

  /** Returns the randomisation factor of the backoff in [0, 1). */
  public double jitter() {
    return jitter;
  }

  /** Returns whether the circuit breaker is on. */
  public boolean circuitBreakerEnabled() {
    return minimumCalls > 0;
  }

  /** Returns the failure rate (percent) that opens the circuit. */
  public float failureRateThreshold() {
    return failureRateThreshold;
  }

  /** Returns the calls the breaker needs before it computes a failure rate. */
  public int minimumCalls() {
    return minimumCalls;
  }

  /** Returns how long the circuit stays open before letting trial calls through. */
  public Duration openDuration() {
    return openDuration;
  }

  /** Returns the trial calls allowed while half-open. */
  public int halfOpenCalls() {
    return halfOpenCalls;
  }

  /** Returns whether the rate limiter is on. */
  public boolean rateLimiterEnabled() {
    return permitsPerPeriod > 0;
  }

  /** Returns the permits per period. */
  public int permitsPerPeriod() {
    return permitsPerPeriod;
  }

  /** Returns the rate-limit period. */
  public Duration limitPeriod() {
    return limitPeriod;
  }

  /** Returns how long a call may wait for a permit. */
  public Duration limitTimeout() {
    return limitTimeout;
  }

  /** Returns whether the bulkhead is on. */
  public boolean bulkheadEnabled() {
    return maxConcurrentCalls > 0;
  }

  /** Returns the concurrent calls the bulkhead admits. */
  public int maxConcurrentCalls() {
    return maxConcurrentCalls;
  }

  /** Returns how long a call may wait to enter the bulkhead. */
  public Duration bulkheadWait() {
    return bulkheadWait;
  }

  /** Returns the time limit of async calls, or null for none. */
  public @Nullable Duration timeLimit() {
    return timeLimit;
  }

  @Override
  public String toString() {
    return "ResiliencePolicy{attempts=" + maxAttempts + ", backoff=" + initialBackoff + "x" + backoffMultiplier
        + "<=" + maxBackoff + ", breaker=" + (circuitBreakerEnabled() ? failureRateThreshold + "%/" + minimumCalls : "off")
        + ", rateLimit=" + (rateLimiterEnabled() ? permitsPerPeriod + "/" + limitPeriod : "off")
        + ", bulkhead=" + (bulkheadEnabled() ? maxConcurrentCalls : "off") + ", timeLimit=" + timeLimit + "}";
  }

  /** A builder of {@link ResiliencePolicy}. */
  public static final class Builder {
    private int maxAttempts = 1;
    private Duration initialBackoff = Duration.ofMillis(200);
    private double backoffMultiplier = 2.0;
    private Duration maxBackoff = Duration.ofSeconds(10);
    private double jitter = 0.5;
    private float failureRateThreshold = 50;
    private int minimumCalls;
    private Duration openDuration = Duration.ofSeconds(30);
    private int halfOpenCalls = 3;
    private int permitsPerPeriod;
    private Duration limitPeriod = Duration.ofSeconds(1);
    private Duration limitTimeout = Duration.ZERO;
    private int maxConcurrentCalls;
    private Duration bulkheadWait = Duration.ZERO;
    private @Nullable Duration timeLimit;

    private Builder() {}

    /**
     * Retries retryable failures: {@code maxAttempts} in all, waiting {@code initialBackoff}
     * times {@code multiplier} per retry, at most {@code maxBackoff}, randomised by the jitter.
     */
    public Builder retry(int maxAttempts, Duration initialBackoff, double multiplier, Duration maxBackoff) {
      if (maxAttempts < 1 || maxAttempts > 20) {
        throw new IllegalArgumentException("retry maxAttempts must be in [1, 20], was " + maxAttempts);
      }
      if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0 || !(multiplier >= 1)) {
        throw new IllegalArgumentException("retry backoff must have 0 <= initial <= max and multiplier >= 1, was "
            + initialBackoff + ", " + maxBackoff + ", " + multiplier);
      }
      this.maxAttempts = maxAttempts;
      this.initialBackoff = initialBackoff;
      this.backoffMultiplier = multiplier;
      this.maxBackoff = maxBackoff;
      return this;
    }

    /** Sets the backoff randomisation factor in [0, 1) (default 0.5; 0 for none). */
    public Builder jitter(double jitter) {
      if (!(jitter >= 0 && jitter < 1)) {
        throw new IllegalArgumentException("retry jitter must be in [0, 1), was " + jitter);
      }
      this.jitter = jitter;
      return this;
    }

    /**
     * Opens the circuit when at least {@code failureRatePercent} of the last calls (at least
     * {@code minimumCalls} of them) failed with a retryable error; it stays open for
     * {@code openDuration}, then lets three trial calls through (half-open).
     */
    public Builder circuitBreaker(float failureRatePercent, int minimumCalls, Duration openDuration) {
      if (!(failureRatePercent > 0 && failureRatePercent <= 100) || minimumCalls < 1 || openDuration.isNegative()
          || openDuration.isZero()) {
        throw new IllegalArgumentException("circuit breaker needs a rate in (0, 100], minimumCalls >= 1 and a "
            + "positive open duration, was " + failureRatePercent + ", " + minimumCalls + ", " + openDuration);
      }
      this.failureRateThreshold = failureRatePercent;
      this.minimumCalls = minimumCalls;
      this.openDuration = openDuration;
      return this;
    }

    /** Sets the trial calls allowed while half-open (default 3). */
    public Builder halfOpenCalls(int calls) {
      if (calls < 1) {
        throw new IllegalArgumentException("halfOpenCalls must be >= 1, was " + calls);
      }
      this.halfOpenCalls = calls;
      return this;
    }

    /** Admits {@code permits} calls per {@code period}; a call waits up to {@code timeout} for one. */
    public Builder rateLimiter(int permits, Duration period, Duration timeout) {
      if (permits < 1 || period.isZero() || period.isNegative() || timeout.isNegative()) {
        throw new IllegalArgumentException("rate limiter needs permits >= 1, a positive period and a timeout >= 0, was "
            + permits + ", " + period + ", " + timeout);
      }
      this.permitsPerPeriod = permits;
      this.limitPeriod = period;
      this.limitTimeout = timeout;
      return this;
    }

    /** Admits {@code maxConcurrent} calls at once; a call waits up to {@code maxWait} to enter. */
    public Builder bulkhead(int maxConcurrent, Duration maxWait) {
      if (maxConcurrent < 1 || maxWait.isNegative()) {
        throw new IllegalArgumentException("bulkhead needs maxConcurrent >= 1 and maxWait >= 0, was "
            + maxConcurrent + ", " + maxWait);
      }
      this.maxConcurrentCalls = maxConcurrent;
      this.bulkheadWait = maxWait;
      return this;
    }

    /** Fails async calls (and their retries) that take longer than {@code limit} in all. */
    public Builder timeLimit(Duration limit) {
      if (Objects.requireNonNull(limit, "limit").isNegative() || limit.isZero()) {
        throw new IllegalArgumentException("time limit must be positive, was " + limit);
      }
      this.timeLimit = limit;
      return this;
    }

    /** Builds the policy. */
    public ResiliencePolicy build() {
      return new ResiliencePolicy(this);
    }
  }
}
