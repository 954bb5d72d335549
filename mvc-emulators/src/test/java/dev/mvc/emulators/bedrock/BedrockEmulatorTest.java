package dev.mvc.emulators.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.bedrock.model.FoundationModelLifecycleStatus;
import software.amazon.awssdk.services.bedrock.model.GetFoundationModelResponse;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.AccessDeniedException;
import software.amazon.awssdk.services.bedrockruntime.model.BedrockRuntimeException;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.InferenceConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.InternalServerException;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.ModelErrorException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelNotReadyException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelStreamErrorException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelTimeoutException;
import software.amazon.awssdk.services.bedrockruntime.model.ResourceNotFoundException;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceQuotaExceededException;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceUnavailableException;
import software.amazon.awssdk.services.bedrockruntime.model.StopReason;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

class BedrockEmulatorTest {

  private static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
  private static final String SONNET = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
  private static final String ANTHROPIC_BODY = "{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":64,"
      + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Hi\"}]}],\"temperature\":0.2}";

  private static BedrockEmulator bedrock;
  private static BedrockRuntimeClient client;
  private static BedrockRuntimeAsyncClient asyncClient;

  @BeforeAll
  static void startEmulator() {
    bedrock = BedrockEmulator.create().start();
    client = SdkClients.runtime(bedrock.endpoint(), false);
    asyncClient = SdkClients.runtimeAsync(bedrock.endpoint());
  }

  @AfterAll
  static void stopEmulator() {
    client.close();
    asyncClient.close();
    bedrock.close();
  }

  @BeforeEach
  void resetEmulator() {
    bedrock.reset();
  }

  @Test
  void converse_returnsTheScriptedReplyWithUsageStopReasonAndRequestId() {
    bedrock.enqueue(HAIKU, BedrockReply.builder()
        .text("Bonjour")
        .stopReason("max_tokens")
        .usage(21, 7)
        .latencyMs(345)
        .requestId("req-123")
        .build());

    ConverseResponse response = client.converse(converse(HAIKU));

    assertThat(response.output().message().content().get(0).text()).isEqualTo("Bonjour");
    assertThat(response.stopReason()).isEqualTo(StopReason.MAX_TOKENS);
    assertThat(response.usage().inputTokens()).isEqualTo(21);
    assertThat(response.usage().outputTokens()).isEqualTo(7);
    assertThat(response.usage().totalTokens()).isEqualTo(28);
    assertThat(response.metrics().latencyMs()).isEqualTo(345L);
    assertThat(response.responseMetadata().requestId()).isEqualTo("req-123");
  }

  @Test
  void converse_journalHasTheDecodedModelIdOperationBodyAndHeaders() {
    client.converse(converse(HAIKU));

    RecordedBedrockRequest recorded = bedrock.lastRequest();
    assertThat(recorded.operation()).isEqualTo(BedrockOperation.CONVERSE);
    assertThat(recorded.modelId()).isEqualTo(HAIKU);
    assertThat(recorded.path()).isEqualTo("/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse");
    assertThat(recorded.method()).isEqualTo("POST");
    assertThat(recorded.body())
        .contains("\"inferenceConfig\":{\"maxTokens\":64,\"temperature\":0.2}")
        .contains("\"system\":[{\"text\":\"Be brief.\"}]")
        .doesNotContain("modelId");
    assertThat(recorded.header("Content-Type")).isEqualTo("application/json");
    assertThat(recorded.attempt()).isEqualTo(1);
    assertThat(bedrock.requests()).containsExactly(recorded);
  }

  @Test
  void replies_areChosenFromTheModelQueueThenTheAnyQueueThenTheStandingReplies() {
    bedrock.respondWith(BedrockReply.text("standing any"))
        .respondWith(SONNET, BedrockReply.text("standing sonnet"))
        .enqueue(BedrockReply.text("queued any"))
        .enqueue(HAIKU, BedrockReply.text("queued haiku"));

    assertThat(textOf(client.converse(converse(SONNET)))).isEqualTo("queued any");
    assertThat(textOf(client.converse(converse(HAIKU)))).isEqualTo("queued haiku");
    assertThat(textOf(client.converse(converse(HAIKU)))).isEqualTo("standing any");
    assertThat(textOf(client.converse(converse(SONNET)))).isEqualTo("standing sonnet");
    assertThat(bedrock.pendingReplies()).isZero();
  }

  @Test
  void sequence_firstCallThrottledSecondSucceeds_isRetriedByTheSdk() {
    bedrock.enqueue(HAIKU, BedrockReply.error(BedrockErrorType.THROTTLING), BedrockReply.text("after retry"));

    try (BedrockRuntimeClient retrying = SdkClients.runtime(bedrock.endpoint(), true)) {
      ConverseResponse response = retrying.converse(converse(HAIKU));

      assertThat(textOf(response)).isEqualTo("after retry");
    }
    assertThat(bedrock.requests()).extracting(RecordedBedrockRequest::attempt).containsExactly(1, 2);
  }

  static Set<BedrockErrorType> converseErrors() {
    return BedrockOperation.CONVERSE.errors();
  }

  @ParameterizedTest
  @MethodSource("converseErrors")
  void errors_reachTheSdkAsItsTypedExceptionWithStatusAndRequestId(BedrockErrorType type) {
    bedrock.enqueue(BedrockReply.builder().error(type, "scripted " + type).requestId("req-err").build());

    assertThatThrownBy(() -> client.converse(converse(HAIKU)))
        .isInstanceOf(SDK_EXCEPTIONS.get(type))
        .isInstanceOfSatisfying(BedrockRuntimeException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(type.statusCode());
          assertThat(e.requestId()).isEqualTo("req-err");
          assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("scripted " + type);
        });
  }

  @Test
  void delay_holdsTheAnswerBack() {
    bedrock.enqueue(BedrockReply.builder().text("slow").delay(Duration.ofMillis(300)).build());

    long start = System.nanoTime();
    ConverseResponse response = client.converse(converse(HAIKU));

    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(300);
    assertThat(textOf(response)).isEqualTo("slow");
  }

  @Test
  void converse_withoutMessages_isAValidationErrorThatKeepsTheScript() {
    bedrock.enqueue(BedrockReply.text("kept"));

    assertThatThrownBy(() -> client.converse(b -> b.modelId(HAIKU)))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("messages");
    assertThat(bedrock.pendingReplies()).isEqualTo(1);
    assertThat(bedrock.lastRequest().operation()).isEqualTo(BedrockOperation.CONVERSE);
  }

  @Test
  void converseStream_framesMatchTheAwsTestVector() throws Exception {
    HttpRequest request = HttpRequest.newBuilder(
            bedrock.endpoint().resolve("/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse-stream"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"Hi\"}]}]}"))
        .header("Content-Type", "application/json")
        .build();

    HttpResponse<byte[]> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/vnd.amazon.eventstream");
    byte[] first = Arrays.copyOf(response.body(), 118);
    assertThat(HexFormat.of().formatHex(first, 0, 12)).isEqualTo("0000007600000052" + "96d5fade");
    assertThat(HexFormat.of().formatHex(first, 114, 118)).isEqualTo("6fa8c599");
  }

  @Test
  void converseStream_deliversDeltasStopReasonAndMetadataThroughTheAsyncClient() {
    bedrock.enqueue(HAIKU, BedrockReply.builder().deltas("One ", "two ", "three").usage(5, 3).build());
    List<String> deltas = new CopyOnWriteArrayList<>();
    List<String> stops = new CopyOnWriteArrayList<>();
    List<Integer> outputTokens = new CopyOnWriteArrayList<>();

    asyncClient.converseStream(converseStream(HAIKU), ConverseStreamResponseHandler.builder()
            .subscriber(ConverseStreamResponseHandler.Visitor.builder()
                .onContentBlockDelta(e -> deltas.add(e.delta().text()))
                .onMessageStop(e -> stops.add(e.stopReasonAsString()))
                .onMetadata(e -> outputTokens.add(e.usage().outputTokens()))
                .build())
            .build())
        .join();

    assertThat(deltas).containsExactly("One ", "two ", "three");
    assertThat(stops).containsExactly("end_turn");
    assertThat(outputTokens).containsExactly(3);
    assertThat(bedrock.lastRequest().operation()).isEqualTo(BedrockOperation.CONVERSE_STREAM);
  }

  @Test
  void converseStream_exceptionFrameAfterTwoDeltas_failsTheStreamAfterThoseDeltas() {
    bedrock.enqueue(BedrockReply.builder()
        .deltas("a", "b", "c")
        .failStreamAfter(2, BedrockErrorType.THROTTLING, "slow down")
        .build());
    List<String> deltas = new CopyOnWriteArrayList<>();

    assertThatThrownBy(() -> asyncClient.converseStream(converseStream(HAIKU),
            ConverseStreamResponseHandler.builder()
                .subscriber(ConverseStreamResponseHandler.Visitor.builder()
                    .onContentBlockDelta(e -> deltas.add(e.delta().text()))
                    .build())
                .build())
        .join())
        .isInstanceOf(CompletionException.class)
        .hasRootCauseInstanceOf(ThrottlingException.class)
        .hasMessageContaining("slow down");
    assertThat(deltas).containsExactly("a", "b");
  }

  @Test
  void invokeModel_answersInTheAnthropicFormatWithTokenHeaders() {
    bedrock.enqueue(HAIKU, BedrockReply.builder().text("Hi there").usage(11, 2).latencyMs(77).requestId("r-1").build());

    InvokeModelResponse response = client.invokeModel(b -> b.modelId(HAIKU)
        .contentType("application/json")
        .body(SdkBytes.fromUtf8String(ANTHROPIC_BODY)));

    String body = response.body().asUtf8String();
    assertThat(body)
        .contains("\"model\":\"claude-3-haiku-20240307\"")
        .contains("\"content\":[{\"type\":\"text\",\"text\":\"Hi there\"}]")
        .contains("\"stop_reason\":\"end_turn\"")
        .contains("\"usage\":{\"input_tokens\":11,\"output_tokens\":2}");
    assertThat(response.sdkHttpResponse().firstMatchingHeader("x-amzn-bedrock-input-token-count")).hasValue("11");
    assertThat(response.sdkHttpResponse().firstMatchingHeader("x-amzn-bedrock-output-token-count")).hasValue("2");
    assertThat(response.sdkHttpResponse().firstMatchingHeader("x-amzn-bedrock-invocation-latency")).hasValue("77");
    assertThat(response.responseMetadata().requestId()).isEqualTo("r-1");
    assertThat(bedrock.lastRequest().operation()).isEqualTo(BedrockOperation.INVOKE_MODEL);
    assertThat(bedrock.lastRequest().body()).isEqualTo(ANTHROPIC_BODY);
  }

  @Test
  void invokeModel_withServedModelOverride_reportsThatModel() {
    bedrock.enqueue(BedrockReply.builder().servedModel("claude-3-opus-20240229").build());

    InvokeModelResponse response = client.invokeModel(b -> b.modelId(HAIKU)
        .body(SdkBytes.fromUtf8String(ANTHROPIC_BODY)));

    assertThat(response.body().asUtf8String()).contains("\"model\":\"claude-3-opus-20240229\"");
  }

  @Test
  void invokeModel_withoutAnthropicVersion_isAValidationError() {
    assertThatThrownBy(() -> client.invokeModel(b -> b.modelId(HAIKU)
            .body(SdkBytes.fromUtf8String("{\"max_tokens\":5,\"messages\":[]}"))))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("anthropic_version");
  }

  @Test
  void invokeModelWithResponseStream_sendsChunksOfAnthropicStreamEvents() {
    bedrock.enqueue(BedrockReply.builder().deltas("Hel", "lo").usage(4, 2).build());
    List<String> events = new CopyOnWriteArrayList<>();

    asyncClient.invokeModelWithResponseStream(
            b -> b.modelId(HAIKU).body(SdkBytes.fromUtf8String(ANTHROPIC_BODY)),
            InvokeModelWithResponseStreamResponseHandler.builder()
                .subscriber(InvokeModelWithResponseStreamResponseHandler.Visitor.builder()
                    .onChunk(c -> events.add(c.bytes().asUtf8String()))
                    .build())
                .build())
        .join();

    assertThat(events).hasSize(7);
    assertThat(events.get(0)).startsWith("{\"type\":\"message_start\"").contains("\"model\":\"claude-3-haiku-20240307\"");
    assertThat(events.get(2)).contains("\"text_delta\"").contains("\"text\":\"Hel\"");
    assertThat(events.get(3)).contains("\"text\":\"lo\"");
    assertThat(events.get(5)).contains("\"stop_reason\":\"end_turn\"").contains("\"output_tokens\":2");
    assertThat(events.get(6)).startsWith("{\"type\":\"message_stop\"").contains("\"inputTokenCount\":4");
    assertThat(bedrock.lastRequest().operation()).isEqualTo(BedrockOperation.INVOKE_MODEL_WITH_RESPONSE_STREAM);
  }

  @Test
  void invokeModelWithResponseStream_exceptionFrame_failsAfterTheEarlierChunks() {
    bedrock.enqueue(BedrockReply.builder().deltas("a", "b").failStreamAfter(1, BedrockErrorType.MODEL_STREAM_ERROR).build());
    List<String> events = new CopyOnWriteArrayList<>();

    assertThatThrownBy(() -> asyncClient.invokeModelWithResponseStream(
            b -> b.modelId(HAIKU).body(SdkBytes.fromUtf8String(ANTHROPIC_BODY)),
            InvokeModelWithResponseStreamResponseHandler.builder()
                .subscriber(InvokeModelWithResponseStreamResponseHandler.Visitor.builder()
                    .onChunk(c -> events.add(c.bytes().asUtf8String()))
                    .build())
                .build())
        .join())
        .hasRootCauseInstanceOf(ModelStreamErrorException.class);
    assertThat(events).hasSize(3);
    assertThat(events.get(2)).contains("\"text\":\"a\"");
  }

  @Test
  void getFoundationModel_reportsTheScriptedLifecycleStatus() {
    bedrock.foundationModel(HAIKU, BedrockModelLifecycle.LEGACY);

    try (BedrockClient control = SdkClients.control(bedrock.endpoint())) {
      GetFoundationModelResponse legacy = control.getFoundationModel(b -> b.modelIdentifier(HAIKU));
      GetFoundationModelResponse active = control.getFoundationModel(b -> b.modelIdentifier(SONNET));

      assertThat(legacy.modelDetails().modelId()).isEqualTo(HAIKU);
      assertThat(legacy.modelDetails().modelLifecycle().status()).isEqualTo(FoundationModelLifecycleStatus.LEGACY);
      assertThat(legacy.modelDetails().providerName()).isEqualTo("Anthropic");
      assertThat(legacy.modelDetails().modelArn())
          .isEqualTo("arn:aws:bedrock:us-east-1::foundation-model/" + HAIKU);
      assertThat(active.modelDetails().modelLifecycle().status()).isEqualTo(FoundationModelLifecycleStatus.ACTIVE);
    }
    assertThat(bedrock.requests(BedrockOperation.GET_FOUNDATION_MODEL))
        .extracting(RecordedBedrockRequest::modelId)
        .containsExactly(HAIKU, SONNET);
  }

  @Test
  void getFoundationModel_forAnUnknownModel_isResourceNotFound() {
    bedrock.unknownFoundationModel(HAIKU);

    try (BedrockClient control = SdkClients.control(bedrock.endpoint())) {
      assertThatThrownBy(() -> control.getFoundationModel(b -> b.modelIdentifier(HAIKU)))
          .isInstanceOf(software.amazon.awssdk.services.bedrock.model.ResourceNotFoundException.class)
          .hasMessageContaining(HAIKU);
    }
  }

  @Test
  void reset_clearsTheJournalAndTheScript() {
    bedrock.enqueue(BedrockReply.text("queued"));
    client.converse(converse(HAIKU));
    bedrock.enqueue(BedrockReply.text("left over"));

    bedrock.reset();

    assertThat(bedrock.requests()).isEmpty();
    assertThat(bedrock.pendingReplies()).isZero();
    assertThat(textOf(client.converse(converse(HAIKU)))).isEqualTo("Hello from the Bedrock emulator.");
  }

  @Test
  void lastRequest_beforeAnyRequest_failsWithAClearMessage() {
    assertThatThrownBy(bedrock::lastRequest)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("BedrockEmulator has received no request");
  }

  private static final Map<BedrockErrorType, Class<? extends BedrockRuntimeException>> SDK_EXCEPTIONS = Map.ofEntries(
      Map.entry(BedrockErrorType.THROTTLING, ThrottlingException.class),
      Map.entry(BedrockErrorType.MODEL_NOT_READY, ModelNotReadyException.class),
      Map.entry(BedrockErrorType.SERVICE_UNAVAILABLE, ServiceUnavailableException.class),
      Map.entry(BedrockErrorType.INTERNAL_SERVER, InternalServerException.class),
      Map.entry(BedrockErrorType.VALIDATION, ValidationException.class),
      Map.entry(BedrockErrorType.SERVICE_QUOTA_EXCEEDED, ServiceQuotaExceededException.class),
      Map.entry(BedrockErrorType.ACCESS_DENIED, AccessDeniedException.class),
      Map.entry(BedrockErrorType.RESOURCE_NOT_FOUND, ResourceNotFoundException.class),
      Map.entry(BedrockErrorType.MODEL_TIMEOUT, ModelTimeoutException.class),
      Map.entry(BedrockErrorType.MODEL_ERROR, ModelErrorException.class),
      Map.entry(BedrockErrorType.MODEL_STREAM_ERROR, ModelStreamErrorException.class));

  private static ConverseRequest converse(String modelId) {
    return ConverseRequest.builder()
        .modelId(modelId)
        .system(SystemContentBlock.fromText("Be brief."))
        .messages(Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText("Hi")).build())
        .inferenceConfig(InferenceConfiguration.builder().maxTokens(64).temperature(0.2f).build())
        .build();
  }

  private static ConverseStreamRequest converseStream(String modelId) {
    return ConverseStreamRequest.builder()
        .modelId(modelId)
        .messages(Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText("Hi")).build())
        .build();
  }

  private static String textOf(ConverseResponse response) {
    return response.output().message().content().get(0).text();
  }
}
