package dev.mvc.internal.call;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.mvc.LoadedManifest;
import dev.mvc.ResiliencePolicy;
import dev.mvc.ResponseCacheStats;
import dev.mvc.spi.BackendResponse;
import dev.mvc.spi.InvocationListener;
import dev.mvc.spi.ModelBackend;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import org.jspecify.annotations.Nullable;

/**
 * The chain every call of a client runs, whatever its mode:
 *
 * <pre>
 * resolve → listeners and MDC → stamp → response cache → fallback → resilience → served check → backend
 *                                                           └─ fallback side chain: resilience → served check → backend
 * </pre>
 *
 * <p>A call goes down through each step's {@code start} and its result comes back up through each
 * step's {@code onResult}, so the stamp is written after the served check and the listeners hear
 * of the stamped response. Steps the client's configuration does not use (no cache, no fallback,
 * no resilience) are left out, so they cost nothing.
 */
public final class CallChain {
  private final Step head;
  private final @Nullable ResilienceStep primaryResilience;
  private final @Nullable Cache<String, BackendResponse> cache;

  private CallChain(Settings s) {
    this.cache = s.responseCacheSize <= 0 ? null
        : Caffeine.newBuilder().maximumSize(s.responseCacheSize).recordStats().build();
    this.head = new ResolveStep();
    Step tail = head.then(new EventsStep(s.listeners)).then(new StampStep(s.clock));
    if (cache != null) {
      tail = tail.then(new CacheStep(cache));
    }
    if (s.fallback != null) {
      Step sideHead;
      Step sideTail;
      if (ResilienceStep.needed(s.resilience)) {
        sideHead = new ResilienceStep("mvc-fallback", s.resilience, s.listeners, s.scheduler);
        sideTail = sideHead.then(new ServedCheckStep());
      } else {
        sideHead = new ServedCheckStep();
        sideTail = sideHead;
      }
      sideTail.then(new BackendStep(s.backend, s.executor));
      tail = tail.then(new FallbackStep(s.fallback, s.fallbackOn, s.listeners, sideHead));
    }
    if (ResilienceStep.needed(s.resilience)) {
      this.primaryResilience = new ResilienceStep("mvc-primary", s.resilience, s.listeners, s.scheduler);
      tail = tail.then(primaryResilience);
    } else {
      this.primaryResilience = null;
    }
    tail.then(new ServedCheckStep()).then(new BackendStep(s.backend, s.executor));
  }

  /** Assembles the chain for these settings. */
  public static CallChain of(Settings settings) {
    return new CallChain(settings);
  }

  /** Runs {@code x} through the chain; a synchronous call has ended when this returns. */
  public void run(Exchange x) {
    head.start(x);
  }

  /** Returns the state of the primary circuit breaker ({@code DISABLED} without one). */
  public String circuitState() {
    return primaryResilience == null ? "DISABLED" : primaryResilience.circuitState();
  }

  /** Returns the statistics of the response cache. */
  public ResponseCacheStats cacheStats() {
    if (cache == null) {
      return ResponseCacheStats.DISABLED;
    }
    com.github.benmanes.caffeine.cache.stats.CacheStats s = cache.stats();
    return new ResponseCacheStats(true, s.hitCount(), s.missCount(), cache.estimatedSize());
  }

  /**
   * What a chain is made of: the client's backend, listeners, policy and options.
   *
   * @param backend the backend every attempt goes to
   * @param executor the executor for blocking backends' asynchronous calls
   * @param scheduler the scheduler for retries and time limits, or null when the policy needs none
   * @param listeners the invocation listeners, in order
   * @param clock the clock for stamp times
   * @param resilience the resilience policy of the primary and of the fallback
   * @param responseCacheSize the response cache's size, 0 for none
   * @param fallback the pinned fallback version, or null
   * @param fallbackOn the error codes that send a call to the fallback
   */
  public record Settings(ModelBackend backend, Executor executor, @Nullable ScheduledExecutorService scheduler,
      InvocationListener[] listeners, Clock clock, ResiliencePolicy resilience, long responseCacheSize,
      @Nullable LoadedManifest fallback, Set<String> fallbackOn) {}
}
