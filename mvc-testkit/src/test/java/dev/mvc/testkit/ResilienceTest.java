package dev.mvc.testkit;

import static dev.mvc.testkit.MvcAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvc.BackendException;
import dev.mvc.BedrockTarget;
import dev.mvc.InvocationRequest;
import dev.mvc.InvocationResponse;
import dev.mvc.ManifestSources;
import dev.mvc.MvcException;
import dev.mvc.PinnedModelClient;
import dev.mvc.ResilienceException;
import dev.mvc.ResiliencePolicy;
import dev.mvc.VersionManifest;
import dev.mvc.spi.InvocationListener;
import dev.mvc.spi.ResolvedCall;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Retries, circuit breaker, limits, time limit and the explicit fallback. */
class ResilienceTest {
  private static final VersionManifest PRIMARY = TestManifests.bedrock("Answer: {{question}}");
  private static final String FALLBACK_MODEL = "eu.anthropic.claude-3-haiku-20240307-v1:0";
  private static final VersionManifest FALLBACK = PRIMARY.toBuilder().version("1.0.0-eu")
      .model(BedrockTarget.builder(FALLBACK_MODEL).region("eu-west-1").build()).build();
  private static final Map<String, String> VARS = Map.of("question", "q");

  private static BackendException error(int status, String code, boolean retryable) {
    return BackendException.builder("scripted " + code).statusCode(status).errorCode(code).retryable(retryable).build();
  }

  private static ResiliencePolicy retries(int attempts) {
    return ResiliencePolicy.builder().retry(attempts, Duration.ofMillis(1), 2.0, Duration.ofMillis(5)).build();
  }

  @Test
  void retryableFailures_areRetriedWithBackoffAndReported() {
    InMemoryModelBackend backend = InMemoryModelBackend.create().throttleNext(2);
    List<Integer> retries = new CopyOnWriteArrayList<>();
    try (PinnedModelClient client = PinnedModelClient.builder().manifest(PRIMARY).backend(backend)
        .resilience(retries(3))
        .listener(new InvocationListener() {
          @Override
          public void onRetry(ResolvedCall call, int attempt, MvcException error, Duration backoff) {
            retries.add(attempt);
          }
        }).build()) {
      assertThat(client.invoke(VARS)).wasServedBy(PRIMARY);
      assertThat(backend.calls()).hasSize(3);
      assertThat(retries).containsExactly(1, 2);
    }
  }

  @Test
  void retriesStop_atMaxAttempts() {
    InMemoryModelBackend backend = InMemoryModelBackend.create().throttleNext(10);
    try (PinnedModelClient client = PinnedModelClient.builder().manifest(PRIMARY).backend(backend)
        .resilience(retries(4)).build()) {
      assertThatThrownBy(() -> client.invoke(VARS)).isInstanceOf(BackendException.class);
      assertThat(backend.calls()).hasSize(4);
    }
  }

  @Test
  void nonRetryableFailures_areNotRetried() {
    InMemoryModelBackend backend = InMemoryModelBackend.create().failNext(1, error(400, "ValidationException", false));
    try (PinnedModelClient client = PinnedModelClient.builder().manifest(PRIMARY).backend(backend)
        .resilience(retries(4)).build()) {
      assertThatThrownBy(() -> client.invoke(VARS)).isInstanceOf(BackendException.class);
      assertThat(backend.calls()).hasSize(1);
    }
  }

  @Test
  void asyncCalls_areRetriedToo() throws Exception {
    InMemoryModelBackend backend = InMemoryModelBackend.create().throttleNext(2);
    try (PinnedModelClient client = PinnedModelClient.builder().manifest(PRIMARY).backend(backend)
        .resilience(retries(3)).build()) {
      InvocationResponse r = client.invokeAsync(InvocationRequest.of(VARS)).get(10, TimeUnit.SECONDS);
      assertThat(r).wasServedBy(PRIMARY);
      assertThat(backend.calls()).hasSize(3);
    }
  }

  @Test
  void circuit_opensAfterFailures_refusesWithoutCalling_andClosesAfterAGoodTrial() throws Exception {
    InMemoryModelBackend backend = InMemoryModelBackend.create().failNext(4, error(503, "ServiceUnavailableException", true));
    List<String> transitions = new CopyOnWriteArrayList<>();
    try (PinnedModelClient client = PinnedModelClient.builder().manifest(PRIMARY).backend(backend)
        .resilience(ResiliencePolicy.builder().circuitBreaker(50, 4, Duration.ofMillis(200)).halfOpenCalls(1).build())
        .listener(new InvocationListener() {
          @Override
          public void onCircuitStateTransition(String circuit, String from, String to) {
            transitions.add(from + "->" + to);
          }
        }).build()) {
      for (int i = 0; i < 4; i++) {
        assertThatThrownBy(() -> client.invoke(VARS)).isInstanceOf(BackendException.class);
      }
      assertThat(client.circuitState()).isEqualTo("OPEN");
      assertThatThrownBy(() -> client.invoke(VARS)).isInstanceOfSatisfying(ResilienceException.class,
          e -> assertThat(e.kind()).isEqualTo(ResilienceException.Kind.CIRCUIT_OPEN));
      assertThat(backend.calls()).hasSize(4);

      Thread.sleep(300);
      assertThat(client.invoke(VARS)).wasServedBy(PRIMARY);
      assertThat(client.circuitState()).isEqualTo("CLOSED");
      assertThat(transitions).containsExactly("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->CLOSED");
    }
  }

  @Test
  void openCircuit_withAnExplicitFallback_servesTheFallbackAndStampsIt() {
    InMemoryModelBackend backend = InMemoryModelBackend.create();
    backend.when(c -> c.target() instanceof BedrockTarget
        && ((BedrockTarget) c.target()).modelId().equals(TestManifests.MODEL_ID))
        .fail(error(503, "ServiceUnavailableException", true));
    List<String> fallbacks = new CopyOnWriteArrayList<>();
    try (PinnedModelClient client = PinnedModelClient.builder().manifest(PRIMARY).backend(backend)
        .resilience(ResiliencePolicy.builder().circuitBreaker(50, 2, Duration.ofSeconds(30)).build())
        .fallback(ManifestSources.fixed(FALLBACK))
        .listener(new InvocationListener() {
          @Override
          public void onFallback(ResolvedCall primaryCall, MvcException cause, ResolvedCall fallbackCall) {
            fallbacks.add(((BedrockTarget) fallbackCall.target()).modelId());
          }
        }).build()) {
      assertThatThrownBy(() -> client.invoke(VARS)).isInstanceOf(BackendException.class);
      assertThatThrownBy(() -> client.invoke(VARS)).isInstanceOf(BackendException.class);
      InvocationResponse r = client.invoke(VARS);
      assertThat(r).wasServedBy(FALLBACK);
      assertThat(r.stamp().fallback()).isTrue();
      assertThat(r.stamp().toHeaderValue()).contains(";fb=1");
      assertThat(fallbacks).containsExactly(FALLBACK_MODEL);
      assertThat(backend.lastCall().target()).isEqualTo(FALLBACK.model());
    }
  }

  @Test
  void namedErrorCode_triggersTheFallback_otherErrorsDoNot() {
    InMemoryModelBackend backend = InMemoryModelBackend.create();
    backend.when(c -> c.renderedPrompt().contains("busy") && c.manifest().equals(PRIMARY))
        .fail(error(503, "ServiceUnavailableException", true));
    backend.when(c -> c.renderedPrompt().contains("bad")).fail(error(400, "ValidationException", false));
    try (PinnedModelClient client = PinnedModelClient.builder().manifest(PRIMARY).backend(backend)
        .fallback(ManifestSources.fixed(FALLBACK), "ServiceUnavailableException").build()) {
      assertThat(client.invoke(Map.of("question", "busy?"))).wasServedBy(FALLBACK);
      assertThatThrownBy(() -> client.invoke(Map.of("question", "bad"))).isInstanceOf(BackendException.class);
    }
  }

  @Test
  void withoutAFallback_failureIsAnException_neverAnotherModel() {
    InMemoryModelBackend backend = InMemoryModelBackend.create().failNext(5, error(503, "ServiceUnavailableException", true));
    try (PinnedModelClient client = PinnedModelClient.builder().manifest(PRIMARY).backend(backend)
        .resilience(ResiliencePolicy.builder().circuitBreaker(50, 2, Duration.ofSeconds(30)).build()).build()) {
      for (int i = 0; i < 5; i++) {
        assertThatThrownBy(() -> client.invoke(VARS)).isInstanceOf(MvcException.class);
      }
      assertThat(backend.calls()).allSatisfy(c -> assertThat(c.manifest()).isEqualTo(PRIMARY));
    }
  }

  @Test
  void fallbackWithOtherVariables_isRefusedAtBuild() {
    VersionManifest other = TestManifests.bedrock("Other: {{topic}}");
    assertThatThrownBy(() -> PinnedModelClient.builder().manifest(PRIMARY).backend(InMemoryModelBackend.create())
        .fallback(ManifestSources.fixed(other)).build())
        .isInstanceOf(MvcException.class).hasMessageContaining("same variables");
  }

  @Test
  void rateLimiter_refusesCallsOverTheLimit() {
    try (PinnedModelClient client = PinnedModelClient.builder().manifest(PRIMARY).backend(InMemoryModelBackend.create())
        .resilience(ResiliencePolicy.builder().rateLimiter(1, Duration.ofSeconds(10), Duration.ZERO).build()).build()) {
      client.invoke(VARS);
      assertThatThrownBy(() -> client.invoke(VARS)).isInstanceOfSatisfying(ResilienceException.class,
          e -> assertThat(e.kind()).isEqualTo(ResilienceException.Kind.RATE_LIMITED));
    }
  }

  @Test
  void bulkhead_refusesCallsOverTheConcurrencyLimit() throws Exception {
    InMemoryModelBackend backend = InMemoryModelBackend.create().latency(Duration.ofMillis(400));
    try (PinnedModelClient client = PinnedModelClient.builder().manifest(PRIMARY).backend(backend)
        .resilience(ResiliencePolicy.builder().bulkhead(1, Duration.ZERO).build()).build()) {
      CompletableFuture<InvocationResponse> first = client.invokeAsync(InvocationRequest.of(VARS));
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (backend.calls().isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThatThrownBy(() -> client.invoke(VARS)).isInstanceOfSatisfying(ResilienceException.class,
          e -> assertThat(e.kind()).isEqualTo(ResilienceException.Kind.BULKHEAD_FULL));
      assertThat(first.get(10, TimeUnit.SECONDS)).wasServedBy(PRIMARY);
    }
  }

  @Test
  void timeLimit_cutsASlowAsyncCallWithinBound() {
    InMemoryModelBackend backend = InMemoryModelBackend.create().latency(Duration.ofSeconds(3));
    try (PinnedModelClient client = PinnedModelClient.builder().manifest(PRIMARY).backend(backend)
        .resilience(ResiliencePolicy.builder().timeLimit(Duration.ofMillis(150)).build()).build()) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> client.invokeAsync(InvocationRequest.of(VARS)).get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause().isInstanceOfSatisfying(ResilienceException.class,
              e -> assertThat(e.kind()).isEqualTo(ResilienceException.Kind.TIMEOUT));
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }
  }
}
