package dev.mvc.sagemaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mvc.BackendException;
import dev.mvc.InvocationRequest;
import dev.mvc.InvocationResponse;
import dev.mvc.MvcException;
import dev.mvc.PinnedModelClient;
import dev.mvc.SageMakerTarget;
import dev.mvc.StreamHandler;
import dev.mvc.VersionDriftException;
import dev.mvc.VersionManifest;
import dev.mvc.emulators.sagemaker.RecordedSageMakerRequest;
import dev.mvc.emulators.sagemaker.SageMakerEmulator;
import dev.mvc.emulators.sagemaker.SageMakerReply;
import dev.mvc.testkit.TestManifests;
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
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeAsyncClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

/** InvokeEndpointWithResponseStream through the real async SDK client against the emulator. */
class SageMakerEndpointStreamingTest {
  static final String TEMPLATE = "Translate: {{text}}";
  static final String TEXT = "Grüße aus 日本 — streamed token by token, exactly once.";
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

  static final class Collected implements StreamHandler {
    final List<String> deltas = new CopyOnWriteArrayList<>();
    final List<MvcException> errors = new CopyOnWriteArrayList<>();

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

    String text() {
      return String.join("", deltas);
    }
  }

  private static VersionManifest manifest(String format) {
    VersionManifest base = TestManifests.sagemaker(TEMPLATE);
    return base.toBuilder().model(((SageMakerTarget) base.model()).toBuilder().payloadFormat(format).build()).build();
  }

  private static CompletableFuture<InvocationResponse> stream(PinnedModelClient client, Collected handler) {
    return client.invokeStream(InvocationRequest.of(Map.of("text", "Hello")), handler);
  }

  private static PinnedModelClient client(String format, SageMakerRuntimeAsyncClient async) {
    return PinnedModelClient.builder().manifest(manifest(format))
        .backend(SageMakerEndpointBackend.builder().client(runtime).asyncClient(async).build()).build();
  }

  @Test
  void tgiStream_deliversEveryCharacterOnceAndCompletesWithTheStamp() throws Exception {
    emulator.enqueue(SageMakerReply.text(TEXT).withFinishReason("eos_token"));
    Collected handler = new Collected();
    try (PinnedModelClient client = client("tgi", runtimeAsync)) {
      InvocationResponse r = stream(client, handler).get(30, TimeUnit.SECONDS);
      assertThat(handler.deltas).hasSizeGreaterThan(5);
      assertThat(handler.text()).isEqualTo(TEXT).isEqualTo(r.text());
      assertThat(r.stopReason()).isEqualTo("eos_token");
      assertThat(r.stamp().variant()).isEqualTo("blue");
    }
    RecordedSageMakerRequest sent = emulator.lastInvocation();
    assertThat(sent.operation()).isEqualTo(RecordedSageMakerRequest.INVOKE_ENDPOINT_STREAM);
    assertThat(sent.targetVariant()).isEqualTo("blue");
    assertThat(Emulated.json(sent.body()).path("stream").asBoolean()).isTrue();
    assertThat(Emulated.json(sent.body()).path("parameters").path("max_new_tokens").asInt()).isEqualTo(256);
  }

  @Test
  void openAiChatStream_readsDeltasFinishReasonAndUsage() throws Exception {
    emulator.enqueue(SageMakerReply.text(TEXT).withUsage(20, 14));
    Collected handler = new Collected();
    try (PinnedModelClient client = client("openai-chat", runtimeAsync)) {
      InvocationResponse r = stream(client, handler).get(30, TimeUnit.SECONDS);
      assertThat(handler.text()).isEqualTo(TEXT);
      assertThat(r.stopReason()).isEqualTo("stop");
      assertThat(r.usage().inputTokens()).isEqualTo(20);
      assertThat(r.usage().outputTokens()).isEqualTo(14);
    }
  }

  @Test
  void streamFromAnotherVariant_deliversNothingAndFailsWithDrift() {
    emulator.enqueue(SageMakerReply.text(TEXT).withServedVariant("green"));
    Collected handler = new Collected();
    try (PinnedModelClient client = client("tgi", runtimeAsync)) {
      assertThat(stream(client, handler)).failsWithin(30, TimeUnit.SECONDS)
          .withThrowableOfType(ExecutionException.class).withCauseInstanceOf(VersionDriftException.class);
    }
    assertThat(handler.deltas).isEmpty();
    assertThat(handler.errors).singleElement().isInstanceOf(VersionDriftException.class);
  }

  @Test
  void streamFailingMidway_endsWithABackendErrorAfterThePartialText() {
    emulator.enqueue(SageMakerReply.text(TEXT).withStreamFailureAfter(20));
    Collected handler = new Collected();
    try (PinnedModelClient client = client("tgi", runtimeAsync)) {
      assertThat(stream(client, handler)).failsWithin(30, TimeUnit.SECONDS)
          .withThrowableOfType(ExecutionException.class).withCauseInstanceOf(BackendException.class);
    }
    assertThat(handler.text()).isNotEmpty().isNotEqualTo(TEXT);
    assertThat(TEXT).startsWith(handler.text());
    assertThat(handler.errors).singleElement().isInstanceOfSatisfying(BackendException.class,
        e -> assertThat(e.errorCode()).isEqualTo("ModelStreamError"));
  }

  @Test
  void backendWithOnlyASyncClient_streamsTheWholeAnswerAsOneDeltaOverThatClient() throws Exception {
    emulator.enqueue(SageMakerReply.text(TEXT));
    Collected handler = new Collected();
    try (PinnedModelClient client = PinnedModelClient.builder().manifest(manifest("tgi"))
        .backend(SageMakerEndpointBackend.builder().client(runtime).build()).build()) {
      assertThat(stream(client, handler).get(30, TimeUnit.SECONDS).text()).isEqualTo(TEXT);
    }
    assertThat(handler.deltas).containsExactly(TEXT);
    assertThat(emulator.lastInvocation().operation()).isEqualTo(RecordedSageMakerRequest.INVOKE_ENDPOINT);
  }

  @Test
  void invokeAsync_usesTheAsyncClientAndMapsErrors() {
    emulator.enqueue(SageMakerReply.text("async"), SageMakerReply.modelError(400, "bad input"));
    try (PinnedModelClient client = client("openai-chat", runtimeAsync)) {
      assertThat(client.invokeAsync(InvocationRequest.of(Map.of("text", "x")))).succeedsWithin(30, TimeUnit.SECONDS)
          .extracting(InvocationResponse::text).isEqualTo("async");
      assertThat(client.invokeAsync(InvocationRequest.of(Map.of("text", "x")))).failsWithin(30, TimeUnit.SECONDS)
          .withThrowableOfType(ExecutionException.class).havingCause().isInstanceOfSatisfying(BackendException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(424);
            assertThat(e.retryable()).isFalse();
            assertThat(e.getMessage()).contains("OriginalStatusCode 400");
          });
    }
  }

  @Test
  void streamOnACallersRetryingClient_isSentOnce_andEndsAfterThePartialTextWithoutDuplicates() {
    // The caller's client has SDK retries on; the stream request still goes out once, because the
    // client's resilience policy is the one retry layer.
    emulator.enqueue(SageMakerReply.text(TEXT).withStreamFailureAfter(20), SageMakerReply.text(TEXT));
    Collected handler = new Collected();
    try (SageMakerRuntimeAsyncClient retrying = SageMakerRuntimeAsyncClient.builder()
            .endpointOverride(emulator.endpoint()).region(Region.US_EAST_1).credentialsProvider(Emulated.CREDENTIALS)
            .build();
        PinnedModelClient client = client("tgi", retrying)) {
      assertThat(stream(client, handler)).failsWithin(30, TimeUnit.SECONDS)
          .withThrowableOfType(ExecutionException.class).withCauseInstanceOf(BackendException.class);
    }
    assertThat(emulator.invocations()).hasSize(1);
    assertThat(TEXT).startsWith(handler.text());
    assertThat(handler.text()).isNotEmpty();
    assertThat(handler.errors).singleElement().satisfies(e -> assertThat(e.getMessage())
        .contains("had reached the caller").contains(handler.text().length() + " characters"));
  }
}
