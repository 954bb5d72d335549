package dev.mvc.sagemaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mvc.BackendException;
import dev.mvc.InferenceParameters;
import dev.mvc.InvocationRequest;
import dev.mvc.InvocationResponse;
import dev.mvc.ManifestException;
import dev.mvc.Message;
import dev.mvc.MvcException;
import dev.mvc.PinnedModelClient;
import dev.mvc.SageMakerTarget;
import dev.mvc.VersionDriftException;
import dev.mvc.VersionManifest;
import dev.mvc.emulators.sagemaker.SageMakerEmulator;
import dev.mvc.emulators.sagemaker.SageMakerReply;
import dev.mvc.testkit.TestManifests;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.model.ModelErrorException;

class SageMakerEndpointBackendTest {
  static SageMakerEmulator emulator;
  static SageMakerRuntimeClient runtime;
  static software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeAsyncClient runtimeAsync;
  static final String TEMPLATE = "Summarise: {{text}}";

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

  private static PinnedModelClient client(VersionManifest manifest) {
    return PinnedModelClient.builder().manifest(manifest)
        .backend(SageMakerEndpointBackend.builder().client(runtime).asyncClient(runtimeAsync).build()).build();
  }

  private static VersionManifest withTarget(VersionManifest m, SageMakerTarget.Builder t) {
    return m.toBuilder().model(t.build()).build();
  }

  private static SageMakerTarget.Builder target() {
    return ((SageMakerTarget) TestManifests.sagemaker(TEMPLATE).model()).toBuilder();
  }

  @Test
  void invoke_sendsTheEndpointTargetVariantAndInferenceId() {
    try (PinnedModelClient client = client(TestManifests.sagemaker(TEMPLATE))) {
      InvocationResponse r = client.invoke(Map.of("text", "long text"));
      assertThat(emulator.lastInvocation().endpointName()).isEqualTo(TestManifests.ENDPOINT);
      assertThat(emulator.lastInvocation().targetVariant()).isEqualTo(TestManifests.VARIANT);
      assertThat(emulator.lastInvocation().header("X-Amzn-SageMaker-Inference-Id")).isEqualTo(r.stamp().invocationId());
      assertThat(emulator.lastInvocation().header("Content-Type")).isEqualTo("application/json");
    }
  }

  @Test
  void servedVariantOtherThanThePin_failsWithVersionDrift() {
    emulator.enqueue(SageMakerReply.text("from green").withServedVariant("green"));
    try (PinnedModelClient client = client(TestManifests.sagemaker(TEMPLATE))) {
      assertThatThrownBy(() -> client.invoke(Map.of("text", "x")))
          .isInstanceOfSatisfying(VersionDriftException.class, e -> {
            assertThat(e.field()).isEqualTo("model.sagemaker.variant");
            assertThat(e.pinned()).isEqualTo("blue");
            assertThat(e.served()).isEqualTo("green");
          });
    }
  }

  @Test
  void responseWithoutTheVariantHeader_failsClosedWhenAVariantIsPinned() {
    emulator.enqueue(SageMakerReply.text("unknown origin").withoutVariantHeader());
    try (PinnedModelClient client = client(TestManifests.sagemaker(TEMPLATE))) {
      assertThatThrownBy(() -> client.invoke(Map.of("text", "x")))
          .isInstanceOf(VersionDriftException.class)
          .hasMessageContaining("model.sagemaker.variant").hasMessageContaining("x-Amzn-Invoked-Production-Variant");
    }
  }

  @Test
  void inferenceComponent_isSentAsItsHeaderWithoutATargetVariant() {
    VersionManifest m = withTarget(TestManifests.sagemaker(TEMPLATE), target().variant(null).inferenceComponent("ic-llama"));
    try (PinnedModelClient client = PinnedModelClient.builder().manifest(m)
        .policy(dev.mvc.PinningPolicy.builder().relax(dev.mvc.PinningRule.SAGEMAKER_VARIANT_PINNED).build())
        .backend(SageMakerEndpointBackend.builder().client(runtime).asyncClient(runtimeAsync).build()).build()) {
      client.invoke(Map.of("text", "x"));
      assertThat(emulator.lastInvocation().inferenceComponent()).isEqualTo("ic-llama");
      assertThat(emulator.lastInvocation().targetVariant()).isNull();
    }
  }

  @Test
  void modelError_isNotRetryableAndKeepsTheContainersStatusAndMessage() {
    emulator.enqueue(SageMakerReply.modelError(500, "CUDA out of memory"));
    try (PinnedModelClient client = client(TestManifests.sagemaker(TEMPLATE))) {
      assertThatThrownBy(() -> client.invoke(Map.of("text", "x")))
          .isInstanceOfSatisfying(BackendException.class, e -> {
            assertThat(e.retryable()).isFalse();
            assertThat(e.statusCode()).isEqualTo(424);
            assertThat(e.errorCode()).isEqualTo("ModelError");
            assertThat(e.requestId()).isNotBlank();
            assertThat(e.getMessage()).contains("support-llm/blue").contains("OriginalStatusCode 500")
                .contains("CUDA out of memory");
            assertThat(e.getCause()).isInstanceOf(ModelErrorException.class);
          });
    }
  }

  @Test
  void serviceUnavailableInternalFailureAndModelNotReady_areRetryable() {
    emulator.enqueue(SageMakerReply.serviceUnavailable(), SageMakerReply.internalFailure(), SageMakerReply.modelNotReady());
    try (PinnedModelClient client = client(TestManifests.sagemaker(TEMPLATE))) {
      for (int status : new int[] {503, 500, 429}) {
        assertThatThrownBy(() -> client.invoke(Map.of("text", "x")))
            .isInstanceOfSatisfying(BackendException.class, e -> {
              assertThat(e.retryable()).isTrue();
              assertThat(e.statusCode()).isEqualTo(status);
            });
      }
    }
  }

  @Test
  void validationError_isNotRetryable() {
    emulator.enqueue(SageMakerReply.validationError("Endpoint support-llm of account 123456789012 not found."));
    try (PinnedModelClient client = client(TestManifests.sagemaker(TEMPLATE))) {
      assertThatThrownBy(() -> client.invoke(Map.of("text", "x")))
          .isInstanceOfSatisfying(BackendException.class, e -> {
            assertThat(e.retryable()).isFalse();
            assertThat(e.errorCode()).isEqualTo("ValidationError");
            assertThat(e.getMessage()).contains("not found");
          });
    }
  }

  @Test
  void tgi_sendsPinnedParametersAndReadsTheDetails() {
    VersionManifest m = TestManifests.sagemaker(TEMPLATE);
    m = m.toBuilder().inference(m.inference().toBuilder().stopSequences(java.util.List.of("</s>"))
        .additionalModelField("top_k", 50).build()).build();
    emulator.enqueue(SageMakerReply.text("Short.").withFinishReason("eos_token").withUsage(0, 3));
    try (PinnedModelClient client = client(m)) {
      InvocationResponse r = client.invoke(Map.of("text", "long"));
      assertThat(r.text()).isEqualTo("Short.");
      assertThat(r.stopReason()).isEqualTo("eos_token");
      assertThat(r.usage().outputTokens()).isEqualTo(3);
    }
    JsonNode body = Emulated.json(emulator.lastInvocation().body());
    assertThat(body.path("inputs").asText()).isEqualTo(TestManifests.SYSTEM + "\n\nSummarise: long");
    JsonNode p = body.path("parameters");
    assertThat(p.path("temperature").asDouble()).isEqualTo(0.2);
    assertThat(p.path("max_new_tokens").asInt()).isEqualTo(256);
    assertThat(p.path("top_p").asDouble()).isEqualTo(0.9);
    assertThat(p.path("stop").get(0).asText()).isEqualTo("</s>");
    assertThat(p.path("top_k").asInt()).isEqualTo(50);
  }

  @Test
  void tgi_sendsGreedyDecodingInTheFormTgiAccepts() {
    VersionManifest m = TestManifests.sagemaker(TEMPLATE);
    m = m.toBuilder().inference(m.inference().toBuilder().temperature(0.0).topP(1.0).build()).build();
    try (PinnedModelClient client = client(m)) {
      client.invoke(Map.of("text", "x"));
    }
    JsonNode p = Emulated.json(emulator.lastInvocation().body()).path("parameters");
    assertThat(p.path("do_sample").asBoolean(true)).isFalse();
    assertThat(p.has("temperature")).isFalse();
    assertThat(p.has("top_p")).isFalse();
    assertThat(p.path("max_new_tokens").asInt()).isEqualTo(256);
  }

  @Test
  void tgi_acceptsASingleObjectResponse() {
    emulator.enqueue(SageMakerReply.json("{\"generated_text\":\"single\"}"));
    try (PinnedModelClient client = client(TestManifests.sagemaker(TEMPLATE))) {
      assertThat(client.invoke(Map.of("text", "x")).text()).isEqualTo("single");
    }
  }

  @Test
  void tgi_refusesConversationHistory() {
    try (PinnedModelClient client = client(TestManifests.sagemaker(TEMPLATE))) {
      assertThatThrownBy(() -> client.invoke(InvocationRequest.builder().variable("text", "x")
          .history(java.util.List.of(Message.user("hi"), Message.assistant("hello"))).build()))
          .isInstanceOf(MvcException.class).hasMessageContaining("openai-chat");
      assertThat(emulator.invocations()).isEmpty();
    }
  }

  @Test
  void openAiChat_sendsSystemHistoryAndUserTurnsAndReadsUsage() {
    VersionManifest m = withTarget(TestManifests.sagemaker(TEMPLATE), target().payloadFormat("openai-chat"));
    emulator.enqueue(SageMakerReply.text("Done.").withUsage(12, 2));
    try (PinnedModelClient client = client(m)) {
      InvocationResponse r = client.invoke(InvocationRequest.builder().variable("text", "x")
          .history(java.util.List.of(Message.user("hi"), Message.assistant("hello"))).build());
      assertThat(r.usage().inputTokens()).isEqualTo(12);
      assertThat(r.usage().outputTokens()).isEqualTo(2);
      assertThat(r.stopReason()).isEqualTo("stop");
    }
    JsonNode messages = Emulated.json(emulator.lastInvocation().body()).path("messages");
    assertThat(messages).hasSize(4);
    assertThat(messages.get(0).path("role").asText()).isEqualTo("system");
    assertThat(messages.get(2).path("role").asText()).isEqualTo("assistant");
    assertThat(messages.get(3).path("content").asText()).isEqualTo("Summarise: x");
  }

  @Test
  void json_withAPinnedParameterButNoPointer_isRefusedAtLoad() {
    VersionManifest m = withTarget(TestManifests.sagemaker(TEMPLATE), target().payloadFormat("json")
        .payloadMapping("prompt", "/inputs").payloadMapping("output", "/0/generated_text")
        .payloadMapping("temperature", "/parameters/temperature").payloadMapping("maxTokens", "/parameters/max"));
    assertThatThrownBy(() -> client(m))
        .isInstanceOf(ManifestException.class)
        .hasMessageContaining("model.sagemaker.payloadMapping.topP").hasMessageContaining("0.9");
  }

  @Test
  void json_placesValuesAtArrayPointersAndReadsTheOutputPointer() {
    VersionManifest m = withTarget(TestManifests.sagemaker(TEMPLATE), target().payloadFormat("json")
        .payloadMapping("prompt", "/instances/0/prompt").payloadMapping("output", "/predictions/0/text")
        .payloadMapping("temperature", "/parameters/temperature").payloadMapping("maxTokens", "/parameters/max")
        .payloadMapping("topP", "/parameters/top_p"));
    emulator.enqueue(SageMakerReply.json("{\"predictions\":[{\"text\":\"pointer text\"}]}"));
    try (PinnedModelClient client = client(m)) {
      assertThat(client.invoke(Map.of("text", "x")).text()).isEqualTo("pointer text");
    }
    JsonNode body = Emulated.json(emulator.lastInvocation().body());
    assertThat(body.path("instances").get(0).path("prompt").asText()).isEqualTo(TestManifests.SYSTEM + "\n\nSummarise: x");
    assertThat(body.path("parameters").path("max").asInt()).isEqualTo(256);
  }

  @Test
  void json_responseWithoutTheOutput_isANonRetryableError() {
    VersionManifest m = withTarget(TestManifests.sagemaker(TEMPLATE), target().payloadFormat("json")
        .payloadMapping("prompt", "/inputs").payloadMapping("output", "/text")
        .payloadMapping("temperature", "/t").payloadMapping("maxTokens", "/m").payloadMapping("topP", "/p"));
    emulator.enqueue(SageMakerReply.json("{\"error\":\"boom\"}"));
    try (PinnedModelClient client = client(m)) {
      assertThatThrownBy(() -> client.invoke(Map.of("text", "x")))
          .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.retryable()).isFalse())
          .hasMessageContaining("/text");
    }
  }

  @Test
  void additionalFieldCollidingWithAPinnedField_isRefusedAtLoad() {
    VersionManifest base = TestManifests.sagemaker(TEMPLATE);
    InferenceParameters p = base.inference().toBuilder().additionalModelField("max_new_tokens", 4096).build();
    assertThatThrownBy(() -> client(base.toBuilder().inference(p).build()))
        .isInstanceOf(ManifestException.class)
        .hasMessageContaining("inference.additionalModelFields.max_new_tokens");
  }
}
