package dev.mvc.bedrock;

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
import dev.mvc.StreamHandler;
import dev.mvc.VersionManifest;
import dev.mvc.emulators.bedrock.BedrockEmulator;
import dev.mvc.emulators.bedrock.BedrockErrorType;
import dev.mvc.emulators.bedrock.BedrockOperation;
import dev.mvc.emulators.bedrock.BedrockReply;
import dev.mvc.emulators.bedrock.RecordedBedrockRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Fault cases on the wire: bursts of throttling, 503s, connection resets, slow responses and
 * timeouts, in-stream exceptions, the circuit opening and closing. Attempts are counted on the
 * emulator's journal, so SDK retries multiplying mvc's would show.
 */
class BedrockReliabilityTest {
  private static final String FALLBACK_MODEL = "eu.anthropic.claude-3-haiku-20240307-v1:0";
  private static final Map<String, String> VARS = Map.of("name", "Ada");
  private static BedrockEmulator emulator;

  @BeforeAll
  static void start() {
    emulator = BedrockEmulator.create().start();
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  @BeforeEach
  void reset() {
    emulator.reset();
  }

  private static ResiliencePolicy retries(int attempts) {
    return ResiliencePolicy.builder().retry(attempts, Duration.ofMillis(5), 2.0, Duration.ofMillis(20)).build();
  }

  private static PinnedModelClient client(ResiliencePolicy policy) {
    return PinnedModelClient.builder().manifest(TestSetup.converse()).backend(TestSetup.backend(emulator))
        .resilience(policy).build();
  }

  private static int converseAttempts() {
    return emulator.requests(BedrockOperation.CONVERSE).size();
  }

  @Test
  void throttlingBurst_isRetriedByMvcOnly_andEveryAttemptReachesTheWireOnce() {
    emulator.enqueue(BedrockReply.error(BedrockErrorType.THROTTLING), BedrockReply.error(BedrockErrorType.THROTTLING),
        BedrockReply.error(BedrockErrorType.THROTTLING), BedrockReply.text("Hello Ada"));
    try (PinnedModelClient client = client(retries(4))) {
      assertThat(client.invoke(VARS).text()).isEqualTo("Hello Ada");
    }
    assertThat(converseAttempts()).isEqualTo(4);
    assertThat(emulator.requests()).allSatisfy(r -> assertThat(r.header("amz-sdk-request")).contains("attempt=1"));
  }

  @Test
  void withoutAResiliencePolicy_aThrottledCallIsSentExactlyOnce() {
    emulator.enqueue(BedrockReply.error(BedrockErrorType.THROTTLING));
    try (PinnedModelClient client = client(ResiliencePolicy.none())) {
      assertThatThrownBy(() -> client.invoke(VARS)).isInstanceOfSatisfying(BackendException.class,
          e -> assertThat(e.retryable()).isTrue());
    }
    assertThat(converseAttempts()).isEqualTo(1);
  }

  @Test
  void serviceUnavailable_isRetriedThenSucceeds() {
    emulator.enqueue(BedrockReply.error(BedrockErrorType.SERVICE_UNAVAILABLE), BedrockReply.text("ok"));
    try (PinnedModelClient client = client(retries(3))) {
      assertThat(client.invoke(VARS).text()).isEqualTo("ok");
    }
    assertThat(converseAttempts()).isEqualTo(2);
  }

  @Test
  void validationError_isNeverRetried() {
    emulator.enqueue(BedrockReply.error(BedrockErrorType.VALIDATION));
    try (PinnedModelClient client = client(retries(4))) {
      assertThatThrownBy(() -> client.invoke(VARS)).isInstanceOfSatisfying(BackendException.class,
          e -> assertThat(e.statusCode()).isEqualTo(400));
    }
    assertThat(converseAttempts()).isEqualTo(1);
  }

  @Test
  void connectionReset_isARetryableFailure_andIsRetried() {
    emulator.enqueue(BedrockReply.connectionReset(), BedrockReply.text("after reset"));
    try (PinnedModelClient client = client(retries(2))) {
      assertThat(client.invoke(VARS).text()).isEqualTo("after reset");
    }
    assertThat(converseAttempts()).isEqualTo(2);
  }

  @Test
  void connectionReset_withoutRetries_failsWithARetryableBackendException() {
    emulator.enqueue(BedrockReply.connectionReset());
    try (PinnedModelClient client = client(ResiliencePolicy.none())) {
      assertThatThrownBy(() -> client.invoke(VARS)).isInstanceOfSatisfying(BackendException.class,
          e -> assertThat(e.retryable()).isTrue());
    }
  }

  @Test
  void slowResponse_isCutByTheCallTimeout_andCountsAsRetryable() {
    emulator.enqueue(BedrockReply.builder().text("late").delay(Duration.ofSeconds(3)).build(), BedrockReply.text("fast"));
    BedrockBackend backend = BedrockBackend.builder().endpointOverride(emulator.endpoint())
        .credentialsProvider(TestSetup.CREDENTIALS).region("us-east-1").callTimeout(Duration.ofMillis(300)).build();
    long start = System.nanoTime();
    try (PinnedModelClient client = PinnedModelClient.builder().manifest(TestSetup.converse()).backend(backend)
        .resilience(retries(2)).build()) {
      assertThat(client.invoke(VARS).text()).isEqualTo("fast");
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
    assertThat(converseAttempts()).isEqualTo(2);
  }

  @Test
  void slowAsyncResponse_isBoundedByTheTimeLimiter() {
    emulator.enqueue(BedrockReply.builder().text("late").delay(Duration.ofSeconds(3)).build());
    long start = System.nanoTime();
    try (PinnedModelClient client = client(ResiliencePolicy.builder().timeLimit(Duration.ofMillis(300)).build())) {
      assertThatThrownBy(() -> client.invokeAsync(InvocationRequest.of(VARS)).get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class).cause().isInstanceOfSatisfying(ResilienceException.class,
              e -> assertThat(e.kind()).isEqualTo(ResilienceException.Kind.TIMEOUT));
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
  }

  @Test
  void inStreamException_afterTwoDeltas_neverDuplicatesText() throws Exception {
    emulator.enqueue(BedrockReply.builder().deltas("Hel", "lo ", "Ada").failStreamAfter(2, BedrockErrorType.THROTTLING).build());
    List<String> deltas = new CopyOnWriteArrayList<>();
    List<MvcException> errors = new CopyOnWriteArrayList<>();
    try (PinnedModelClient client = client(retries(3))) {
      assertThatThrownBy(() -> client.invokeStream(InvocationRequest.of(VARS), new StreamHandler() {
        @Override
        public void onText(String delta) {
          deltas.add(delta);
        }

        @Override
        public void onComplete(InvocationResponse response) {}

        @Override
        public void onError(MvcException error) {
          errors.add(error);
        }
      }).get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
    }
    assertThat(deltas).containsExactly("Hel", "lo ");
    assertThat(errors).singleElement().isInstanceOf(BackendException.class);
    assertThat(emulator.requests(BedrockOperation.CONVERSE_STREAM)).hasSize(1);
  }

  @Test
  void circuit_opensOnRepeated503_refusesWithoutSending_thenHalfOpensAndCloses() throws Exception {
    for (int i = 0; i < 4; i++) {
      emulator.enqueue(BedrockReply.error(BedrockErrorType.SERVICE_UNAVAILABLE));
    }
    emulator.enqueue(BedrockReply.text("recovered"));
    try (PinnedModelClient client = client(ResiliencePolicy.builder()
        .circuitBreaker(50, 4, Duration.ofMillis(300)).halfOpenCalls(1).build())) {
      for (int i = 0; i < 4; i++) {
        assertThatThrownBy(() -> client.invoke(VARS)).isInstanceOf(BackendException.class);
      }
      assertThat(client.circuitState()).isEqualTo("OPEN");
      assertThatThrownBy(() -> client.invoke(VARS)).isInstanceOf(ResilienceException.class);
      assertThat(converseAttempts()).isEqualTo(4);
      Thread.sleep(400);
      assertThat(client.invoke(VARS).text()).isEqualTo("recovered");
      assertThat(client.circuitState()).isEqualTo("CLOSED");
    }
  }

  @Test
  void openCircuit_withAPinnedFallback_answersFromTheFallbackModelOnly() {
    VersionManifest fallback = TestSetup.manifest(BedrockTarget.builder(FALLBACK_MODEL).region("us-east-1").build())
        .version("1.0.0-eu").build();
    emulator.respondWith(TestSetup.HAIKU, BedrockReply.error(BedrockErrorType.SERVICE_UNAVAILABLE));
    emulator.respondWith(FALLBACK_MODEL, BedrockReply.text("from eu"));
    try (PinnedModelClient client = PinnedModelClient.builder().manifest(TestSetup.converse())
        .backend(TestSetup.backend(emulator))
        .resilience(ResiliencePolicy.builder().circuitBreaker(50, 2, Duration.ofSeconds(30)).build())
        .fallback(ManifestSources.fixed(fallback)).build()) {
      assertThatThrownBy(() -> client.invoke(VARS)).isInstanceOf(BackendException.class);
      assertThatThrownBy(() -> client.invoke(VARS)).isInstanceOf(BackendException.class);
      InvocationResponse r = client.invoke(VARS);
      assertThat(r.text()).isEqualTo("from eu");
      assertThat(r.stamp().fallback()).isTrue();
      assertThat(r.stamp().modelId()).isEqualTo(FALLBACK_MODEL);
    }
    List<String> models = emulator.requests(BedrockOperation.CONVERSE).stream().map(RecordedBedrockRequest::modelId).toList();
    assertThat(models).containsExactly(TestSetup.HAIKU, TestSetup.HAIKU, FALLBACK_MODEL);
  }
}
