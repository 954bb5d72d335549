package dev.mvc;

import dev.mvc.spi.BackendResponse;
import dev.mvc.spi.InvocationListener;
import dev.mvc.spi.ResolvedCall;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one retry layer of a client, with the Resilience4j circuit breaker, rate limiter, bulkhead
 * and time limiter around each attempt. Not part of the API.
 */
final class ResilientCaller {
  private static final Logger LOG = LoggerFactory.getLogger(ResilientCaller.class);

  private final String name;
  private final ResiliencePolicy policy;
  private final @Nullable CircuitBreaker breaker;
  private final @Nullable RateLimiter limiter;
  private final @Nullable Bulkhead bulkhead;
  private final @Nullable TimeLimiter timeLimiter;
  private final IntervalFunction backoff;
  private final InvocationListener[] listeners;
  private final Function<Throwable, MvcException> translate;

  ResilientCaller(String name, ResiliencePolicy policy, InvocationListener[] listeners,
      Function<Throwable, MvcException> translate) {
    this.name = name;
    this.policy = policy;
    this.listeners = listeners;
    this.translate = translate;
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
          .recordException(ResilientCaller::countsAsFailure)
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
    this.timeLimiter = policy.timeLimit() == null ? null : TimeLimiter.of(name, TimeLimiterConfig.custom()
        .timeoutDuration(policy.timeLimit()).cancelRunningFuture(true).build());
  }

  /** Returns whether the circuit is open now (calls are refused). */
  boolean circuitOpen() {
    return breaker != null
        && (breaker.getState() == CircuitBreaker.State.OPEN || breaker.getState() == CircuitBreaker.State.FORCED_OPEN);
  }

  /** Returns the circuit state name, or {@code DISABLED} without a breaker. */
  String circuitState() {
    return breaker == null ? "DISABLED" : breaker.getState().name();
  }

  private static boolean countsAsFailure(Throwable e) {
    return e instanceof BackendException && ((BackendException) e).retryable()
        || e instanceof ResilienceException && ((ResilienceException) e).kind() == ResilienceException.Kind.TIMEOUT;
  }

  private static boolean retryable(MvcException e) {
    return countsAsFailure(e);
  }

  /** Calls the backend synchronously with retries. */
  BackendResponse call(ResolvedCall call, CallEvents events, Function<ResolvedCall, BackendResponse> backendCall) {
    for (int attempt = 1; ; attempt++) {
      try {
        return once(call, backendCall);
      } catch (MvcException e) {
        if (attempt >= policy.maxAttempts() || !retryable(e)) {
          throw e;
        }
        long wait = backoff.apply(attempt);
        events.retry(attempt, e, Duration.ofMillis(wait));
        try {
          Thread.sleep(wait);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new MvcException("interrupted while waiting to retry " + call.invocationId(), ie);
        }
      }
    }
  }

  private BackendResponse once(ResolvedCall call, Function<ResolvedCall, BackendResponse> backendCall) {
    acquire(call);
    long start = System.nanoTime();
    try {
      BackendResponse r = backendCall.apply(call);
      if (breaker != null) {
        breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      }
      return r;
    } catch (RuntimeException e) {
      MvcException m = translate.apply(e);
      if (breaker != null) {
        breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, m);
      }
      throw m;
    } finally {
      if (bulkhead != null) {
        bulkhead.onComplete();
      }
    }
  }

  private void acquire(ResolvedCall call) {
    if (limiter != null && !limiter.acquirePermission()) {
      throw new ResilienceException(ResilienceException.Kind.RATE_LIMITED, "rate limit of " + name + " ("
          + policy.permitsPerPeriod() + " per " + policy.limitPeriod() + ") refused " + call.invocationId(), null);
    }
    if (breaker != null && !breaker.tryAcquirePermission()) {
      throw new ResilienceException(ResilienceException.Kind.CIRCUIT_OPEN, "circuit " + name + " is "
          + breaker.getState() + "; " + call.invocationId() + " was not sent", null);
    }
    if (bulkhead != null) {
      try {
        bulkhead.acquirePermission();
      } catch (RuntimeException e) {
        if (breaker != null) {
          breaker.releasePermission();
        }
        throw new ResilienceException(ResilienceException.Kind.BULKHEAD_FULL, "bulkhead of " + name + " ("
            + policy.maxConcurrentCalls() + " concurrent calls) is full; " + call.invocationId() + " was not sent", e);
      }
    }
  }

  /** Calls the backend asynchronously with retries on {@code scheduler} and the time limit. */
  CompletableFuture<BackendResponse> callAsync(ResolvedCall call, CallEvents events,
      Function<ResolvedCall, CompletableFuture<BackendResponse>> backendCall, @Nullable ScheduledExecutorService scheduler) {
    CompletableFuture<BackendResponse> result = new CompletableFuture<>();
    attemptAsync(call, events, backendCall, scheduler, 1, result);
    if (timeLimiter == null) {
      return result;
    }
    CompletableFuture<BackendResponse> limited = new CompletableFuture<>();
    timeLimiter.executeCompletionStage(scheduler, () -> result).whenComplete((r, e) -> {
      if (e == null) {
        limited.complete(r);
        return;
      }
      Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
      if (cause instanceof TimeoutException) {
        result.cancel(true);
        limited.completeExceptionally(new ResilienceException(ResilienceException.Kind.TIMEOUT,
            "call " + call.invocationId() + " exceeded the time limit of " + policy.timeLimit(), cause));
      } else {
        limited.completeExceptionally(cause);
      }
    });
    return limited;
  }

  private void attemptAsync(ResolvedCall call, CallEvents events,
      Function<ResolvedCall, CompletableFuture<BackendResponse>> backendCall,
      @Nullable ScheduledExecutorService scheduler, int attempt, CompletableFuture<BackendResponse> result) {
    if (result.isDone()) {
      return;
    }
    long start;
    CompletableFuture<BackendResponse> pending;
    try {
      acquire(call);
      start = System.nanoTime();
      pending = backendCall.apply(call);
    } catch (RuntimeException e) {
      result.completeExceptionally(translate.apply(e));
      return;
    }
    long started = start;
    pending.whenComplete((r, error) -> {
      if (bulkhead != null) {
        bulkhead.onComplete();
      }
      if (error == null) {
        if (breaker != null) {
          breaker.onSuccess(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
        result.complete(r);
        return;
      }
      MvcException m = translate.apply(error);
      if (breaker != null) {
        breaker.onError(System.nanoTime() - started, TimeUnit.NANOSECONDS, m);
      }
      if (attempt >= policy.maxAttempts() || !retryable(m) || result.isDone() || scheduler == null) {
        result.completeExceptionally(m);
        return;
      }
      long wait = backoff.apply(attempt);
      events.retry(attempt, m, Duration.ofMillis(wait));
      scheduler.schedule(() -> attemptAsync(call, events, backendCall, scheduler, attempt + 1, result), wait,
          TimeUnit.MILLISECONDS);
    });
  }
}
