package dev.mvc.sagemaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mvc.BackendException;
import dev.mvc.InvocationRequest;
import dev.mvc.InvocationResponse;
import dev.mvc.ManifestSources;
import dev.mvc.PinnedModelClient;
import dev.mvc.ResilienceException;
import dev.mvc.ResiliencePolicy;
import dev.mvc.SageMakerTarget;
import dev.mvc.VersionManifest;
import dev.mvc.emulators.sagemaker.SageMakerEmulator;
import dev.mvc.emulators.sagemaker.SageMakerReply;
import dev.mvc.testkit.TestManifests;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeAsyncClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

/**
 * Streams run under the client's policy like every other call: retried and sent to the fallback
 * only before their first delta, limited by the rate limiter and bulkhead. Requests are counted
 * on the emulator's journal.
 */
class StreamPolicyTest {
  static final String TEXT = "Streamed under the same policy as every other call.";
  static final String FALLBACK_ENDPOINT = "support-llm-fallback";
  static SageMakerEmulator emulator;
  static SageMakerRuntimeClient runtime;
  static SageMakerRuntimeAsyncClient runtimeAsync;

  @BeforeAll
  static void start() {
    emulator = SageMakerEmulator.create().start();
    runtime = Emulated.runtime(emulator);
    runtimeAsync = Emulated.runtimeAsync(emulator);
  }

  @AfterAll
  static void stop() {
    runtime.close();
    runtimeAsync.close();
    emulator.close();
  }

  @BeforeEach
  void reset() {
    emulator.reset();
  }

  private static VersionManifest primary() {
    return TestManifests.sagemaker("Translate: {{text}}");
  }

  private static PinnedModelClient.Builder client(ResiliencePolicy policy) {
    return PinnedModelClient.builder().manifest(primary()).resilience(policy)
        .backend(SageMakerEndpointBackend.builder().client(runtime).asyncClient(runtimeAsync).build());
  }

  private static ResiliencePolicy retries(int attempts) {
    return ResiliencePolicy.builder().retry(attempts, Duration.ofMillis(5), 2.0, Duration.ofMillis(20)).build();
  }

  private static java.util.concurrent.CompletableFuture<InvocationResponse> stream(PinnedModelClient client,
      SageMakerEndpointStreamingTest.Collected handler) {
    return client.invokeStream(InvocationRequest.of(Map.of("text", "Hello")), handler);
  }

  @Test
  void throttledStreamStart_withThreeAttempts_sendsThreeRequestsAndDeliversTheTextOnce() throws Exception {
    emulator.enqueue(SageMakerReply.throttled(), SageMakerReply.throttled(), SageMakerReply.text(TEXT));
    SageMakerEndpointStreamingTest.Collected handler = new SageMakerEndpointStreamingTest.Collected();
    try (PinnedModelClient client = client(retries(3)).build()) {
      assertThat(stream(client, handler).get(30, TimeUnit.SECONDS).text()).isEqualTo(TEXT);
    }
    assertThat(emulator.invocations()).hasSize(3);
    assertThat(handler.text()).isEqualTo(TEXT);
    assertThat(handler.errors).isEmpty();
  }

  @Test
  void throttledStreamStart_withoutAPolicy_isSentExactlyOnce() {
    emulator.enqueue(SageMakerReply.throttled(), SageMakerReply.text(TEXT));
    SageMakerEndpointStreamingTest.Collected handler = new SageMakerEndpointStreamingTest.Collected();
    try (PinnedModelClient client = client(ResiliencePolicy.none()).build()) {
      assertThat(stream(client, handler)).failsWithin(30, TimeUnit.SECONDS)
          .withThrowableOfType(ExecutionException.class).havingCause()
          .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.retryable()).isTrue());
    }
    assertThat(emulator.invocations()).hasSize(1);
    assertThat(handler.deltas).isEmpty();
  }

  @Test
  void inStreamFailureAfterDeltas_withThreeAttempts_isSentOnceAndNoTextIsDuplicated() {
    // Payload parts are byte slices of the event stream; 20 of them carry several whole deltas.
    emulator.enqueue(SageMakerReply.text(TEXT).withStreamFailureAfter(20), SageMakerReply.text(TEXT));
    SageMakerEndpointStreamingTest.Collected handler = new SageMakerEndpointStreamingTest.Collected();
    try (PinnedModelClient client = client(retries(3)).build()) {
      assertThat(stream(client, handler)).failsWithin(30, TimeUnit.SECONDS)
          .withThrowableOfType(ExecutionException.class).withCauseInstanceOf(BackendException.class);
    }
    assertThat(emulator.invocations()).hasSize(1);
    assertThat(handler.deltas).hasSizeGreaterThanOrEqualTo(2);
    assertThat(TEXT).startsWith(handler.text());
    assertThat(handler.text()).isNotEqualTo(TEXT);
    assertThat(handler.errors).singleElement().satisfies(e -> assertThat(e.getMessage())
        .contains("after " + handler.deltas.size() + " text deltas"));
  }

  @Test
  void openCircuit_streamIsServedByThePinnedFallback_stampedFb() throws Exception {
    VersionManifest fallback = primary().toBuilder().version("1.0.0-fallback")
        .model(((SageMakerTarget) primary().model()).toBuilder().endpointName(FALLBACK_ENDPOINT).build()).build();
    emulator.respondWith(TestManifests.ENDPOINT, SageMakerReply.serviceUnavailable());
    emulator.respondWith(FALLBACK_ENDPOINT, SageMakerReply.text("from the fallback"));
    SageMakerEndpointStreamingTest.Collected handler = new SageMakerEndpointStreamingTest.Collected();
    try (PinnedModelClient client = client(ResiliencePolicy.builder().circuitBreaker(50, 2, Duration.ofSeconds(30)).build())
        .fallback(ManifestSources.fixed(fallback)).build()) {
      for (int i = 0; i < 2; i++) {
        assertThat(stream(client, new SageMakerEndpointStreamingTest.Collected())).failsWithin(30, TimeUnit.SECONDS)
            .withThrowableOfType(ExecutionException.class).withCauseInstanceOf(BackendException.class);
      }
      assertThat(client.circuitState()).isEqualTo("OPEN");
      InvocationResponse r = stream(client, handler).get(30, TimeUnit.SECONDS);
      assertThat(r.text()).isEqualTo("from the fallback");
      assertThat(r.stamp().fallback()).isTrue();
      assertThat(r.stamp().toHeaderValue()).contains("fb=1");
    }
    assertThat(handler.text()).isEqualTo("from the fallback");
    List<String> endpoints = emulator.invocations().stream().map(r -> r.endpointName()).toList();
    assertThat(endpoints).containsExactly(TestManifests.ENDPOINT, TestManifests.ENDPOINT, FALLBACK_ENDPOINT);
  }

  @Test
  void rateLimiter_refusesASecondStreamWithoutSendingIt() throws Exception {
    emulator.respondWith(SageMakerReply.text(TEXT));
    try (PinnedModelClient client = client(ResiliencePolicy.builder()
        .rateLimiter(1, Duration.ofMinutes(1), Duration.ZERO).build()).build()) {
      assertThat(stream(client, new SageMakerEndpointStreamingTest.Collected()).get(30, TimeUnit.SECONDS).text())
          .isEqualTo(TEXT);
      SageMakerEndpointStreamingTest.Collected refused = new SageMakerEndpointStreamingTest.Collected();
      assertThat(stream(client, refused)).failsWithin(30, TimeUnit.SECONDS)
          .withThrowableOfType(ExecutionException.class).havingCause()
          .isInstanceOfSatisfying(ResilienceException.class,
              e -> assertThat(e.kind()).isEqualTo(ResilienceException.Kind.RATE_LIMITED));
      assertThat(refused.errors).singleElement().isInstanceOf(ResilienceException.class);
    }
    assertThat(emulator.invocations()).hasSize(1);
  }

  @Test
  void bulkhead_refusesAStreamWhileAnotherHoldsTheOnlyPermit() throws Exception {
    emulator.enqueue(SageMakerReply.text(TEXT).withDelay(Duration.ofMillis(700)), SageMakerReply.text(TEXT));
    try (PinnedModelClient client = client(ResiliencePolicy.builder().bulkhead(1, Duration.ZERO).build()).build()) {
      var first = stream(client, new SageMakerEndpointStreamingTest.Collected());
      Thread.sleep(150);
      assertThat(stream(client, new SageMakerEndpointStreamingTest.Collected())).failsWithin(30, TimeUnit.SECONDS)
          .withThrowableOfType(ExecutionException.class).havingCause()
          .isInstanceOfSatisfying(ResilienceException.class,
              e -> assertThat(e.kind()).isEqualTo(ResilienceException.Kind.BULKHEAD_FULL));
      assertThat(first.get(30, TimeUnit.SECONDS).text()).isEqualTo(TEXT);
    }
    assertThat(emulator.invocations()).hasSize(1);
  }
}
