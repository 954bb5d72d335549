package dev.mvc.bedrock;

import static dev.mvc.bedrock.TestSetup.HAIKU;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvc.BackendException;
import dev.mvc.CheckMode;
import dev.mvc.CheckWarning;
import dev.mvc.InvocationRequest;
import dev.mvc.InvocationResponse;
import dev.mvc.Message;
import dev.mvc.MvcException;
import dev.mvc.PinnedModelClient;
import dev.mvc.StreamHandler;
import dev.mvc.TokenUsage;
import dev.mvc.VersionDriftException;
import dev.mvc.emulators.bedrock.BedrockEmulator;
import dev.mvc.spi.BackendResponse;
import dev.mvc.spi.BackendStreamHandler;
import dev.mvc.spi.ResolvedCall;
import dev.mvc.emulators.bedrock.BedrockErrorType;
import dev.mvc.emulators.bedrock.BedrockModelLifecycle;
import dev.mvc.emulators.bedrock.BedrockOperation;
import dev.mvc.emulators.bedrock.BedrockReply;
import dev.mvc.emulators.bedrock.RecordedBedrockRequest;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;

class BedrockBackendTest {

  private static final Map<String, String> NAME = Map.of("name", "Ada");

  private static BedrockEmulator bedrock;
  private static BedrockBackend backend;
  private static PinnedModelClient converse;
  private static PinnedModelClient invokeModel;

  @BeforeAll
  static void start() {
    bedrock = BedrockEmulator.create().start();
    backend = TestSetup.backend(bedrock);
    converse = PinnedModelClient.builder().manifest(TestSetup.converse()).backend(backend).closeBackend(false).build();
    invokeModel = PinnedModelClient.builder().manifest(TestSetup.invokeModel()).backend(backend).closeBackend(false).build();
  }

  @AfterAll
  static void stop() {
    converse.close();
    invokeModel.close();
    backend.close();
    bedrock.close();
  }

  @BeforeEach
  void reset() {
    bedrock.reset();
  }

  @Test
  void converse_sendsOnlyThePinnedValues() {
    converse.invoke(NAME);

    RecordedBedrockRequest request = bedrock.lastRequest();
    assertThat(request.operation()).isEqualTo(BedrockOperation.CONVERSE);
    assertThat(request.modelId()).isEqualTo(HAIKU);
    assertThat(request.body())
        .contains("\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"Say hello to Ada.\"}]}]")
        .contains("\"system\":[{\"text\":\"Be brief.\"}]")
        .contains("\"inferenceConfig\":{\"maxTokens\":64,\"temperature\":0.2,\"topP\":0.9,\"stopSequences\":[\"END\"]}")
        .contains("\"guardrailConfig\":{\"guardrailIdentifier\":\"gr-123\",\"guardrailVersion\":\"3\"}")
        .contains("\"additionalModelRequestFields\":{\"top_k\":50}");
    assertThat(request.header("Authorization")).contains("/us-east-1/bedrock/");
  }

  @Test
  void converse_responseCarriesTextUsageStopReasonAndRequestIdIntoTheStamp() {
    bedrock.enqueue(BedrockReply.builder().text("Hello, Ada!").stopReason("end_turn").usage(20, 5).requestId("req-42").build());

    InvocationResponse response = converse.invoke(NAME);

    assertThat(response.text()).isEqualTo("Hello, Ada!");
    assertThat(response.stopReason()).isEqualTo("end_turn");
    assertThat(response.usage()).isEqualTo(TokenUsage.of(20, 5));
    assertThat(response.stamp().backendRequestId()).isEqualTo("req-42");
    assertThat(response.stamp().modelId()).isEqualTo(HAIKU);
  }

  @Test
  void invokeAsync_usesTheAsyncClientAndCompletesWithTheStampedResponse() throws Exception {
    bedrock.enqueue(BedrockReply.builder().text("async").requestId("req-async").build());

    InvocationResponse response = converse.invokeAsync(InvocationRequest.of(NAME)).get(10, TimeUnit.SECONDS);

    assertThat(response.text()).isEqualTo("async");
    assertThat(response.stamp().backendRequestId()).isEqualTo("req-async");
    assertThat(bedrock.lastRequest().header("amz-sdk-request")).isEqualTo("attempt=1; max=1");
  }

  @Test
  void invokeStream_deliversEachDeltaOnceThenTheStampedResponse() throws Exception {
    bedrock.enqueue(BedrockReply.builder().deltas("Hel", "lo ", "Ada").usage(7, 3).requestId("req-s").build());
    RecordingHandler handler = new RecordingHandler();

    InvocationResponse response = converse.invokeStream(InvocationRequest.of(NAME), handler).get(10, TimeUnit.SECONDS);

    assertThat(handler.deltas).containsExactly("Hel", "lo ", "Ada");
    assertThat(handler.completed).containsExactly(response);
    assertThat(response.text()).isEqualTo("Hello Ada");
    assertThat(response.usage()).isEqualTo(TokenUsage.of(7, 3));
    assertThat(response.stamp().backendRequestId()).isEqualTo("req-s");
    assertThat(bedrock.lastRequest().operation()).isEqualTo(BedrockOperation.CONVERSE_STREAM);
  }

  @Test
  void invokeStream_exceptionFrameAfterTwoDeltas_reportsTheErrorWithoutDuplicatedText() {
    bedrock.enqueue(BedrockReply.builder().deltas("a", "b", "c").failStreamAfter(2, BedrockErrorType.THROTTLING, "slow down").build());
    RecordingHandler handler = new RecordingHandler();

    CompletableFuture<InvocationResponse> future = converse.invokeStream(InvocationRequest.of(NAME), handler);

    assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(BackendException.class);
    assertThat(handler.deltas).containsExactly("a", "b");
    assertThat(handler.errors).singleElement().isInstanceOfSatisfying(BackendException.class, e -> {
      // Throttling stays a transient failure (the circuit breaker counts it, and the caller may
      // start the call again); the client never sends this stream again itself.
      assertThat(e.retryable()).isTrue();
      assertThat(e.errorCode()).isEqualTo("ThrottlingException");
      assertThat(e.getMessage()).contains("after 2 text deltas").contains("not sent again").contains("slow down");
    });
    assertThat(bedrock.requests()).hasSize(1);
  }

  @Test
  void invokeStream_onAUserClientWithSdkRetries_stillSendsNoDuplicatedText() throws Exception {
    bedrock.enqueue(BedrockReply.builder().deltas("a", "b", "c").failStreamAfter(2, BedrockErrorType.INTERNAL_SERVER).build());
    try (BedrockRuntimeAsyncClient retrying = TestSetup.userAsyncClient(bedrock).build();
        BedrockBackend userBackend = BedrockBackend.builder().asyncClient(retrying).build();
        PinnedModelClient client = PinnedModelClient.builder().manifest(TestSetup.converse()).backend(userBackend).build()) {
      RecordingHandler handler = new RecordingHandler();

      CompletableFuture<InvocationResponse> future = client.invokeStream(InvocationRequest.of(NAME), handler);

      assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(BackendException.class);
      assertThat(handler.deltas).containsExactly("a", "b");
      assertThat(bedrock.requests()).hasSize(1);
    }
  }

  @Test
  void invokeStream_retryableFailureBeforeTheFirstEvent_isReportedOnceAsRetryable_afterOneRequest() {
    bedrock.enqueue(BedrockReply.error(BedrockErrorType.THROTTLING), BedrockReply.builder().deltas("x", "y").build());
    RecordingHandler handler = new RecordingHandler();

    CompletableFuture<InvocationResponse> future = converse.invokeStream(InvocationRequest.of(NAME), handler);

    assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(BackendException.class);
    assertThat(handler.deltas).isEmpty();
    assertThat(handler.completed).isEmpty();
    assertThat(handler.errors).singleElement().isInstanceOfSatisfying(BackendException.class, e -> {
      assertThat(e.retryable()).isTrue();
      assertThat(e.statusCode()).isEqualTo(429);
      assertThat(e.errorCode()).isEqualTo("ThrottlingException");
    });
    assertThat(bedrock.requests()).hasSize(1);
  }

  @Test
  void invokeStream_throttledStartOnAUserClientWithSdkRetries_sendsOneRequest() {
    bedrock.enqueue(BedrockReply.error(BedrockErrorType.THROTTLING), BedrockReply.builder().deltas("x").build());
    try (BedrockRuntimeAsyncClient retrying = TestSetup.userAsyncClient(bedrock).build();
        BedrockBackend userBackend = BedrockBackend.builder().asyncClient(retrying).build();
        PinnedModelClient client = PinnedModelClient.builder().manifest(TestSetup.converse()).backend(userBackend).build()) {
      RecordingHandler handler = new RecordingHandler();

      CompletableFuture<InvocationResponse> future = client.invokeStream(InvocationRequest.of(NAME), handler);

      assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(BackendException.class);
      assertThat(handler.errors).singleElement().isInstanceOf(BackendException.class);
    }
    assertThat(bedrock.requests()).hasSize(1);
    assertThat(bedrock.lastRequest().header("amz-sdk-request")).isEqualTo("attempt=1; max=1");
  }

  @Test
  void invokeStream_neverThrows_aCallItCannotSendIsReportedToTheHandler() {
    ResolvedCall call = ResolvedCall.builder().invocationId("inv-1").manifest(TestSetup.agent(TestSetup.ALIAS))
        .messages(List.of(Message.user("earlier"), Message.assistant("answer"), Message.user("Say hello to Ada.")))
        .parameters(TestSetup.agent(TestSetup.ALIAS).inference())
        .build();
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    List<String> deltas = new CopyOnWriteArrayList<>();

    backend.invokeStream(call, new BackendStreamHandler() {
      @Override
      public void onText(String delta) {
        deltas.add(delta);
      }

      @Override
      public void onComplete(BackendResponse response) {}

      @Override
      public void onError(Throwable error) {
        errors.add(error);
      }
    }, Runnable::run);

    assertThat(errors).singleElement().isInstanceOf(MvcException.class)
        .satisfies(e -> assertThat(e.getMessage()).contains("InvocationRequest.history must be empty"));
    assertThat(deltas).isEmpty();
    assertThat(bedrock.requests()).isEmpty();
  }

  @Test
  void invokeStream_nonRetryableFailureBeforeTheFirstEvent_isReportedAtOnce() {
    bedrock.enqueue(BedrockReply.error(BedrockErrorType.ACCESS_DENIED, "no access"));
    RecordingHandler handler = new RecordingHandler();

    CompletableFuture<InvocationResponse> future = converse.invokeStream(InvocationRequest.of(NAME), handler);

    assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(BackendException.class);
    assertThat(handler.errors).singleElement().isInstanceOfSatisfying(BackendException.class, e -> {
      assertThat(e.statusCode()).isEqualTo(403);
      assertThat(e.errorCode()).isEqualTo("AccessDeniedException");
    });
    assertThat(handler.deltas).isEmpty();
    assertThat(bedrock.requests()).hasSize(1);
  }

  @Test
  void invokeModel_sendsTheAnthropicBodyAndReadsUsageFromTheHeaders() {
    bedrock.enqueue(BedrockReply.builder().text("Hi Ada").usage(31, 4).requestId("req-im").build());

    InvocationResponse response = invokeModel.invoke(NAME);

    RecordedBedrockRequest request = bedrock.lastRequest();
    assertThat(request.operation()).isEqualTo(BedrockOperation.INVOKE_MODEL);
    assertThat(request.body()).isEqualTo("{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":64,"
        + "\"system\":\"Be brief.\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\","
        + "\"text\":\"Say hello to Ada.\"}]}],\"temperature\":0.2,\"top_p\":0.9,\"stop_sequences\":[\"END\"],\"top_k\":50}");
    assertThat(response.text()).isEqualTo("Hi Ada");
    assertThat(response.usage()).isEqualTo(TokenUsage.of(31, 4));
    assertThat(response.stamp().backendRequestId()).isEqualTo("req-im");
  }

  @Test
  void invokeModel_whenBedrockReportsAnotherModel_failsWithDrift() {
    bedrock.enqueue(BedrockReply.builder().servedModel("claude-3-opus-20240229").build());

    assertThatThrownBy(() -> invokeModel.invoke(NAME))
        .isInstanceOf(VersionDriftException.class)
        .hasMessageContaining("claude-3-opus-20240229");
  }

  @Test
  void invokeModelStream_deliversTheAnthropicTextDeltas() throws Exception {
    bedrock.enqueue(BedrockReply.builder().deltas("One", " two").usage(9, 2).build());
    RecordingHandler handler = new RecordingHandler();

    InvocationResponse response = invokeModel.invokeStream(InvocationRequest.of(NAME), handler).get(10, TimeUnit.SECONDS);

    assertThat(handler.deltas).containsExactly("One", " two");
    assertThat(response.text()).isEqualTo("One two");
    assertThat(response.usage()).isEqualTo(TokenUsage.of(9, 2));
    assertThat(response.stopReason()).isEqualTo("end_turn");
    assertThat(bedrock.lastRequest().operation()).isEqualTo(BedrockOperation.INVOKE_MODEL_WITH_RESPONSE_STREAM);
  }

  /** The errors Converse declares in the Bedrock Runtime service model; the emulator sends no others. */
  static Set<BedrockErrorType> converseErrors() {
    return BedrockOperation.CONVERSE.errors();
  }

  @ParameterizedTest
  @MethodSource("converseErrors")
  void errors_mapToBackendExceptionWithRetryableStatusAndRequestId(BedrockErrorType type) {
    bedrock.enqueue(BedrockReply.builder().error(type, "scripted").requestId("req-e").build());

    assertThatThrownBy(() -> converse.invoke(NAME))
        .isInstanceOfSatisfying(BackendException.class, e -> {
          assertThat(e.retryable()).as("retryable").isEqualTo(type.retryableBySdk());
          assertThat(e.statusCode()).isEqualTo(type.statusCode());
          assertThat(e.requestId()).isEqualTo("req-e");
          assertThat(e.errorCode()).isEqualTo(type.errorTypeName());
          assertThat(e.getCause()).isInstanceOf(AwsServiceException.class);
          assertThat(e.getMessage()).contains(HAIKU).contains("scripted");
        });
  }

  @Test
  void errors_onTheAsyncPath_mapTheSameWay() {
    bedrock.enqueue(BedrockReply.error(BedrockErrorType.MODEL_ERROR, "model broke"));

    assertThatThrownBy(() -> converse.invokeAsync(InvocationRequest.of(NAME)).join())
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOfSatisfying(BackendException.class, e -> {
          assertThat(e.retryable()).isFalse();
          assertThat(e.statusCode()).isEqualTo(424);
        });
  }

  @Test
  void lifecycleCheck_warn_reportsALegacyModelAndLoads() {
    bedrock.foundationModel(HAIKU, BedrockModelLifecycle.LEGACY);
    List<CheckWarning> warnings = new CopyOnWriteArrayList<>();

    try (BedrockBackend checked = lifecycleBackend(CheckMode.WARN, warnings);
        PinnedModelClient client = PinnedModelClient.builder().manifest(TestSetup.converse()).backend(checked).build()) {
      assertThat(client.invoke(NAME).text()).isNotEmpty();
    }
    assertThat(warnings).singleElement().satisfies(w -> {
      assertThat(w.check()).isEqualTo("bedrock-lifecycle");
      assertThat(w.subject()).isEqualTo(HAIKU);
      assertThat(w.pinned()).isEqualTo(HAIKU);
      assertThat(w.found()).isEqualTo("LEGACY");
    });
    assertThat(bedrock.requests(BedrockOperation.GET_FOUNDATION_MODEL)).hasSize(1);
  }

  @Test
  void lifecycleCheck_fail_refusesALegacyModel() {
    bedrock.foundationModel(HAIKU, BedrockModelLifecycle.LEGACY);

    try (BedrockBackend checked = lifecycleBackend(CheckMode.FAIL, new CopyOnWriteArrayList<>())) {
      assertThatThrownBy(() -> PinnedModelClient.builder().manifest(TestSetup.converse()).backend(checked).build())
          .isInstanceOf(MvcException.class)
          .hasMessageContaining("model.bedrock.modelId " + HAIKU + " is LEGACY");
    }
  }

  @Test
  void lifecycleCheck_fail_acceptsAnActiveModel() {
    List<CheckWarning> warnings = new CopyOnWriteArrayList<>();
    try (BedrockBackend checked = lifecycleBackend(CheckMode.FAIL, warnings);
        PinnedModelClient client = PinnedModelClient.builder().manifest(TestSetup.converse()).backend(checked).build()) {
      assertThat(client.currentManifest()).isNotNull();
    }
    assertThat(warnings).isEmpty();
    assertThat(bedrock.lastRequest().operation()).isEqualTo(BedrockOperation.GET_FOUNDATION_MODEL);
  }

  private static BedrockBackend lifecycleBackend(CheckMode check, List<CheckWarning> warnings) {
    return BedrockBackend.builder()
        .endpointOverride(bedrock.endpoint())
        .credentialsProvider(TestSetup.CREDENTIALS)
        .region("us-east-1")
        .lifecycleCheck(check)
        .checkListener(warnings::add)
        .build();
  }

  /** A stream handler that records what it receives. */
  static final class RecordingHandler implements StreamHandler {
    final List<String> deltas = new CopyOnWriteArrayList<>();
    final List<InvocationResponse> completed = new CopyOnWriteArrayList<>();
    final List<MvcException> errors = new CopyOnWriteArrayList<>();

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
}
