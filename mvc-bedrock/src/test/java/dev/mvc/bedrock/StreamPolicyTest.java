package dev.mvc.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mvc.BackendException;
import dev.mvc.BedrockTarget;
import dev.mvc.InferenceParameters;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ConverseStream under the client's policy, like every other call: one retry layer (the
 * client's), retried and sent to the fallback only before the first delta, limited by the rate
 * limiter, counted by the circuit breaker, answered from the response cache. Requests are counted
 * on the emulator's journal.
 */
class StreamPolicyTest {
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

  static final class Collected implements StreamHandler {
    final List<String> deltas = new CopyOnWriteArrayList<>();
    final List<MvcException> errors = new CopyOnWriteArrayList<>();
    final List<InvocationResponse> completed = new CopyOnWriteArrayList<>();

    @Override
    public void onText(String delta) {
      deltas.add(delta);
    }

    @Override
    public void onComplete(InvocationResponse response) {
      completed.add(response);
    }

    @Override
    public void onError(MvcException error) {
      errors.add(error);
    }
  }

  private static ResiliencePolicy.Builder retries(int attempts) {
    return ResiliencePolicy.builder().retry(attempts, Duration.ofMillis(5), 2.0, Duration.ofMillis(20));
  }

  private static PinnedModelClient.Builder client(ResiliencePolicy policy) {
    return PinnedModelClient.builder().manifest(TestSetup.converse()).backend(TestSetup.backend(emulator))
        .resilience(policy);
  }

  private static CompletableFuture<InvocationResponse> stream(PinnedModelClient client, StreamHandler handler) {
    return client.invokeStream(InvocationRequest.of(VARS), handler);
  }

  private static int streams() {
    return emulator.requests(BedrockOperation.CONVERSE_STREAM).size();
  }

  @Test
  void throttledStreamStart_withThreeAttempts_sendsThreeRequestsAndDeliversTheTextOnce() throws Exception {
    emulator.enqueue(BedrockReply.error(BedrockErrorType.THROTTLING), BedrockReply.error(BedrockErrorType.THROTTLING),
        BedrockReply.builder().deltas("Hello", " Ada").build());
    Collected handler = new Collected();
    try (PinnedModelClient client = client(retries(3).build()).build()) {
      assertThat(stream(client, handler).get(10, TimeUnit.SECONDS).text()).isEqualTo("Hello Ada");
    }
    assertThat(streams()).isEqualTo(3);
    assertThat(handler.deltas).containsExactly("Hello", " Ada");
    assertThat(handler.completed).singleElement().extracting(InvocationResponse::text).isEqualTo("Hello Ada");
    assertThat(emulator.requests()).allSatisfy(r -> assertThat(r.header("amz-sdk-request")).contains("attempt=1"));
  }

  @Test
  void throttledStreamStart_withoutAPolicy_isSentExactlyOnce() {
    emulator.enqueue(BedrockReply.error(BedrockErrorType.THROTTLING), BedrockReply.text("never sent"));
    Collected handler = new Collected();
    try (PinnedModelClient client = client(ResiliencePolicy.none()).build()) {
      assertThat(stream(client, handler)).failsWithin(10, TimeUnit.SECONDS)
          .withThrowableOfType(ExecutionException.class).havingCause()
          .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.retryable()).isTrue());
    }
    assertThat(streams()).isEqualTo(1);
    assertThat(handler.deltas).isEmpty();
    assertThat(handler.errors).hasSize(1);
  }

  @Test
  void inStreamExceptionAfterTwoDeltas_isSentOnce_deliversNoDuplicate_andTheBreakerCountsIt() {
    BedrockReply failing = BedrockReply.builder().deltas("Hel", "lo ", "Ada").failStreamAfter(2, BedrockErrorType.THROTTLING)
        .build();
    emulator.enqueue(failing, failing);
    Collected first = new Collected();
    try (PinnedModelClient client = client(retries(3).circuitBreaker(50, 2, Duration.ofSeconds(30)).build()).build()) {
      assertThat(stream(client, first)).failsWithin(10, TimeUnit.SECONDS)
          .withThrowableOfType(ExecutionException.class).withCauseInstanceOf(BackendException.class);
      assertThat(stream(client, new Collected())).failsWithin(10, TimeUnit.SECONDS)
          .withThrowableOfType(ExecutionException.class).withCauseInstanceOf(BackendException.class);
      assertThat(client.circuitState()).isEqualTo("OPEN");
    }
    assertThat(first.deltas).containsExactly("Hel", "lo ");
    assertThat(first.errors).singleElement().satisfies(e -> assertThat(e.getMessage())
        .contains("after 2 text deltas (6 characters)"));
    assertThat(streams()).isEqualTo(2);
  }

  @Test
  void openCircuit_theStreamIsServedByThePinnedFallback_stampedFb() throws Exception {
    VersionManifest fallback = TestSetup.manifest(BedrockTarget.builder(FALLBACK_MODEL).region("us-east-1").build())
        .version("1.0.0-eu").build();
    emulator.respondWith(TestSetup.HAIKU, BedrockReply.error(BedrockErrorType.SERVICE_UNAVAILABLE));
    emulator.respondWith(FALLBACK_MODEL, BedrockReply.builder().deltas("from", " eu").build());
    Collected handler = new Collected();
    try (PinnedModelClient client = client(ResiliencePolicy.builder().circuitBreaker(50, 2, Duration.ofSeconds(30)).build())
        .fallback(ManifestSources.fixed(fallback)).build()) {
      for (int i = 0; i < 2; i++) {
        assertThat(stream(client, new Collected())).failsWithin(10, TimeUnit.SECONDS)
            .withThrowableOfType(ExecutionException.class).withCauseInstanceOf(BackendException.class);
      }
      assertThat(client.circuitState()).isEqualTo("OPEN");
      InvocationResponse r = stream(client, handler).get(10, TimeUnit.SECONDS);
      assertThat(r.text()).isEqualTo("from eu");
      assertThat(r.stamp().fallback()).isTrue();
      assertThat(r.stamp().modelId()).isEqualTo(FALLBACK_MODEL);
      assertThat(r.stamp().toHeaderValue()).contains("fb=1");
    }
    assertThat(handler.deltas).containsExactly("from", " eu");
    List<String> models = emulator.requests(BedrockOperation.CONVERSE_STREAM).stream()
        .map(RecordedBedrockRequest::modelId).toList();
    assertThat(models).containsExactly(TestSetup.HAIKU, TestSetup.HAIKU, FALLBACK_MODEL);
  }

  @Test
  void rateLimiter_refusesASecondStreamWithoutSendingIt() throws Exception {
    emulator.respondWith(TestSetup.HAIKU, BedrockReply.builder().deltas("Hi").build());
    Collected refused = new Collected();
    try (PinnedModelClient client = client(ResiliencePolicy.builder()
        .rateLimiter(1, Duration.ofMinutes(1), Duration.ZERO).build()).build()) {
      assertThat(stream(client, new Collected()).get(10, TimeUnit.SECONDS).text()).isEqualTo("Hi");
      assertThat(stream(client, refused)).failsWithin(10, TimeUnit.SECONDS)
          .withThrowableOfType(ExecutionException.class).havingCause()
          .isInstanceOfSatisfying(ResilienceException.class,
              e -> assertThat(e.kind()).isEqualTo(ResilienceException.Kind.RATE_LIMITED));
    }
    assertThat(refused.errors).singleElement().isInstanceOf(ResilienceException.class);
    assertThat(streams()).isEqualTo(1);
  }

  @Test
  void deterministicStream_isAnsweredFromTheResponseCacheAsOneDelta() throws Exception {
    VersionManifest manifest = TestSetup.converse().toBuilder()
        .inference(InferenceParameters.builder().temperature(0.0).maxTokens(64).topP(0.9).build()).build();
    emulator.respondWith(TestSetup.HAIKU, BedrockReply.builder().deltas("Hel", "lo").build());
    Collected second = new Collected();
    try (PinnedModelClient client = PinnedModelClient.builder().manifest(manifest).backend(TestSetup.backend(emulator))
        .responseCache(10).build()) {
      InvocationResponse first = stream(client, new Collected()).get(10, TimeUnit.SECONDS);
      InvocationResponse cached = stream(client, second).get(10, TimeUnit.SECONDS);
      assertThat(first.stamp().cached()).isFalse();
      assertThat(cached.stamp().cached()).isTrue();
      assertThat(cached.text()).isEqualTo("Hello");
    }
    assertThat(second.deltas).containsExactly("Hello");
    assertThat(streams()).isEqualTo(1);
  }
}
