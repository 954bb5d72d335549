package dev.mvc.internal.call;

import dev.mvc.BackendException;
import dev.mvc.MvcException;
import dev.mvc.ResilienceException;
import dev.mvc.ResiliencePolicy;
import dev.mvc.spi.InvocationListener;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one retry layer, for every call mode, with the Resilience4j rate limiter, circuit breaker
 * and bulkhead around each attempt and the time limit around an asynchronous or streamed call.
 * A failed attempt is sent again only when its error is retryable, attempts are left, and no
 * text of a stream has reached the caller; after that the error is reported and the breaker
 * counts it. A synchronous call waits out the backoff on the caller's thread; the others are
 * resumed on the client's scheduler.
 */
final class ResilienceStep extends Step {
  private static final Logger LOG = LoggerFactory.getLogger(ResilienceStep.class);

  private final String name;
  private final ResiliencePolicy policy;
  private final @Nullable CircuitBreaker breaker;
  private final @Nullable RateLimiter limiter;
  private final @Nullable Bulkhead bulkhead;
  private final IntervalFunction backoff;
  private final @Nullable ScheduledExecutorService scheduler;

  ResilienceStep(String name, ResiliencePolicy policy, InvocationListener[] listeners,
      @Nullable ScheduledExecutorService scheduler) {
    this.name = name;
    this.policy = policy;
    this.scheduler = scheduler;
    this.backoff = policy.jitter() > 0
        ? IntervalFunction.ofExponentialRandomBackoff(policy.initialBackoff(), policy.backoffMultiplier(),
            policy.jitter(), policy.maxBackoff())
        : IntervalFunction.ofExponentialBackoff(policy.initialBackoff(), policy.backoffMultiplier(), policy.maxBackoff());
    if (policy.circuitBreakerEnabled()) {
      this.breaker = CircuitBreaker.of(name, CircuitBreakerConfig.custom()
          .failureRateThreshold(policy.failureRateThreshold())
          .minimumNumberOfCalls(policy.minimumCalls())
          .slidingWindowSize(Math.max(policy.minimumCalls(), 10))
          .waitDurationInOpenState(policy.openDuration())
          .permittedNumberOfCallsInHalfOpenState(policy.halfOpenCalls())
          .automaticTransitionFromOpenToHalfOpenEnabled(false)
          .recordException(ResilienceStep::countsAsFailure)
          .build());
      breaker.getEventPublisher().onStateTransition(e -> {
        String from = e.getStateTransition().getFromState().name();
        String to = e.getStateTransition().getToState().name();
        LOG.warn("circuit {} went from {} to {}", name, from, to);
        for (InvocationListener l : listeners) {
          try {
            l.onCircuitStateTransition(name, from, to);
          } catch (RuntimeException ex) {
            LOG.warn("an mvc listener threw; it was skipped", ex);
          }
        }
      });
    } else {
      this.breaker = null;
    }
    this.limiter = policy.rateLimiterEnabled() ? RateLimiter.of(name, RateLimiterConfig.custom()
        .limitForPeriod(policy.permitsPerPeriod())
        .limitRefreshPeriod(policy.limitPeriod())
        .timeoutDuration(policy.limitTimeout())
        .build()) : null;
    this.bulkhead = policy.bulkheadEnabled() ? Bulkhead.of(name, BulkheadConfig.custom()
        .maxConcurrentCalls(policy.maxConcurrentCalls())
        .maxWaitDuration(policy.bulkheadWait())
        .build()) : null;
  }

  /** Returns whether {@code policy} turns anything on, so that the step belongs in the chain. */
  static boolean needed(ResiliencePolicy policy) {
    return policy.maxAttempts() > 1 || policy.circuitBreakerEnabled() || policy.rateLimiterEnabled()
        || policy.bulkheadEnabled() || policy.timeLimit() != null;
  }

  /** Returns the circuit state name, or {@code DISABLED} without a breaker. */
  String circuitState() {
    return breaker == null ? "DISABLED" : breaker.getState().name();
  }

  private static boolean countsAsFailure(Throwable e) {
    return e instanceof BackendException && ((BackendException) e).retryable()
        || e instanceof ResilienceException && ((ResilienceException) e).kind() == ResilienceException.Kind.TIMEOUT;
  }

  @Override
  void start(Exchange x) {
    if (x.attempt == 0 && x.mode() != Exchange.Mode.SYNC && policy.timeLimit() != null && scheduler != null) {
      Duration limit = policy.timeLimit();
      String id = x.call.invocationId();
      x.pending.timeLimit = scheduler.schedule(() -> x.abandon(new ResilienceException(ResilienceException.Kind.TIMEOUT,
          "call " + id + " exceeded the time limit of " + limit, null)), limit.toNanos(), TimeUnit.NANOSECONDS);
    }
    x.attempt++;
    try {
      acquire(x);
    } catch (ResilienceException e) {
      x.failed(e);
      up(x);
      return;
    }
    proceed(x);
  }

  @Override
  void onResult(Exchange x) {
    // From the call's start: the breaker's slow-call threshold is not used, so this only feeds its metrics.
    long took = System.nanoTime() - x.startNanos;
    if (bulkhead != null) {
      bulkhead.onComplete();
    }
    MvcException e = x.error;
    if (breaker != null) {
      if (e == null) {
        breaker.onSuccess(took, TimeUnit.NANOSECONDS);
      } else {
        breaker.onError(took, TimeUnit.NANOSECONDS, e);
      }
    }
    if (e == null || x.attempt >= policy.maxAttempts() || !countsAsFailure(e) || !x.nothingDelivered()
        || x.isFinished()) {
      up(x);
      return;
    }
    long wait = backoff.apply(x.attempt);
    x.events.retry(x.attempt, e, Duration.ofMillis(wait));
    if (x.mode() == Exchange.Mode.SYNC) {
      try {
        Thread.sleep(wait);
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        x.failed(new MvcException("interrupted while waiting to retry " + x.call.invocationId(), ie));
        up(x);
        return;
      }
      start(x);
    } else if (scheduler != null) {
      scheduler.schedule(() -> {
        if (!x.isFinished()) {
          start(x);
        }
      }, wait, TimeUnit.MILLISECONDS);
    } else {
      up(x);
    }
  }

  private void acquire(Exchange x) {
    String id = x.call.invocationId();
    if (limiter != null && !limiter.acquirePermission()) {
      throw new ResilienceException(ResilienceException.Kind.RATE_LIMITED, "rate limit of " + name + " ("
          + policy.permitsPerPeriod() + " per " + policy.limitPeriod() + ") refused " + id, null);
    }
    if (breaker != null && !breaker.tryAcquirePermission()) {
      throw new ResilienceException(ResilienceException.Kind.CIRCUIT_OPEN, "circuit " + name + " is "
          + breaker.getState() + "; " + id + " was not sent", null);
    }
    if (bulkhead != null) {
      try {
        bulkhead.acquirePermission();
      } catch (RuntimeException e) {
        if (breaker != null) {
          breaker.releasePermission();
        }
        throw new ResilienceException(ResilienceException.Kind.BULKHEAD_FULL, "bulkhead of " + name + " ("
            + policy.maxConcurrentCalls() + " concurrent calls) is full; " + id + " was not sent", e);
      }
    }
  }
}
