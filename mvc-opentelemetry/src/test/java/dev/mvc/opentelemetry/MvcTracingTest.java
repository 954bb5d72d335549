package dev.mvc.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvc.BackendException;
import dev.mvc.BedrockTarget;
import dev.mvc.InferenceParameters;
import dev.mvc.InvocationRequest;
import dev.mvc.InvocationResponse;
import dev.mvc.PinnedModelClient;
import dev.mvc.VersionDriftException;
import dev.mvc.VersionManifest;
import dev.mvc.spi.CallListener;
import dev.mvc.spi.ResolvedCall;
import dev.mvc.testkit.InMemoryModelBackend;
import dev.mvc.testkit.TestManifests;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One GenAI CLIENT span per invocation, driven through a real client and the in-memory backend. */
class MvcTracingTest {
  private static final String SECRET_QUESTION = "What is the refund policy for order 4711?";

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private OpenTelemetrySdk otel;
  private InMemoryModelBackend backend;

  @BeforeEach
  void setUp() {
    otel = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
        .build();
    backend = InMemoryModelBackend.create();
  }

  @AfterEach
  void tearDown() {
    otel.close();
  }

  private PinnedModelClient client(VersionManifest manifest, MvcTracing tracing) {
    return PinnedModelClient.builder().manifest(manifest).backend(backend).listener(tracing).build();
  }

  private SpanData onlySpan() {
    List<SpanData> spans = exporter.getFinishedSpanItems();
    assertThat(spans).hasSize(1);
    return spans.get(0);
  }

  @Test
  void promptCacheTokens_areSpanAttributes() {
    dev.mvc.spi.ModelBackend caching = new dev.mvc.spi.ModelBackend() {
      @Override
      public String provider() {
        return "bedrock";
      }

      @Override
      public dev.mvc.spi.BackendResponse invoke(dev.mvc.spi.ResolvedCall call) {
        return dev.mvc.spi.BackendResponse.builder("cached answer")
            .usage(dev.mvc.TokenUsage.of(120, 4).withCache(80, 30)).build();
      }
    };
    try (PinnedModelClient client = PinnedModelClient.builder().manifest(TestManifests.bedrock("Answer: {{question}}"))
        .backend(caching).listener(MvcTracing.create(otel)).build()) {
      client.invoke(Map.of("question", "q"));
    }
    SpanData span = onlySpan();
    assertThat(span.getAttributes().get(MvcAttributes.GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS)).isEqualTo(80L);
    assertThat(span.getAttributes().get(MvcAttributes.GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS)).isEqualTo(30L);
  }

  @Test
  void successfulCall_makesOneClientSpanWithTheGenAiAttributesAndTheManifestVersion() {
    VersionManifest manifest = TestManifests.bedrock("Answer: {{question}}").toBuilder()
        .inference(InferenceParameters.builder().temperature(0.2).maxTokens(256).topP(0.9)
            .stopSequences(List.of("\n\nHuman:")).build())
        .build();
    backend.otherwise().reply("Within 5 business days.");
    InvocationResponse response;
    try (PinnedModelClient client = client(manifest, MvcTracing.create(otel))) {
      response = client.invoke(Map.of("question", SECRET_QUESTION));
    }

    SpanData span = onlySpan();
    assertThat(span.getName()).isEqualTo("chat " + TestManifests.MODEL_ID);
    assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(span.getInstrumentationScopeInfo().getName()).isEqualTo(MvcTracing.INSTRUMENTATION_NAME);
    var a = span.getAttributes();
    assertThat(a.get(MvcAttributes.GEN_AI_PROVIDER_NAME)).isEqualTo("aws.bedrock");
    assertThat(a.get(MvcAttributes.GEN_AI_OPERATION_NAME)).isEqualTo("chat");
    assertThat(a.get(MvcAttributes.GEN_AI_REQUEST_MODEL)).isEqualTo(TestManifests.MODEL_ID);
    assertThat(a.get(MvcAttributes.GEN_AI_REQUEST_TEMPERATURE)).isEqualTo(0.2);
    assertThat(a.get(MvcAttributes.GEN_AI_REQUEST_MAX_TOKENS)).isEqualTo(256L);
    assertThat(a.get(MvcAttributes.GEN_AI_REQUEST_TOP_P)).isEqualTo(0.9);
    assertThat(a.get(MvcAttributes.GEN_AI_REQUEST_STOP_SEQUENCES)).containsExactly("\n\nHuman:");
    assertThat(a.get(MvcAttributes.GEN_AI_RESPONSE_FINISH_REASONS)).containsExactly("end_turn");
    assertThat(a.get(MvcAttributes.GEN_AI_RESPONSE_ID)).isEqualTo(response.stamp().backendRequestId()).isNotNull();
    assertThat(a.get(MvcAttributes.GEN_AI_USAGE_INPUT_TOKENS)).isEqualTo((long) response.usage().inputTokens());
    assertThat(a.get(MvcAttributes.GEN_AI_USAGE_OUTPUT_TOKENS)).isEqualTo((long) response.usage().outputTokens());
    assertThat(a.get(MvcAttributes.GEN_AI_PROMPT_NAME)).isEqualTo(manifest.name());
    assertThat(a.get(MvcAttributes.GEN_AI_PROMPT_VERSION)).isEqualTo(manifest.version());
    assertThat(a.get(MvcAttributes.MVC_MANIFEST_DIGEST)).isEqualTo(manifest.digest());
    assertThat(a.get(MvcAttributes.MVC_INVOCATION_ID)).isEqualTo(response.stamp().invocationId());
    assertThat(a.get(MvcAttributes.MVC_SERVED_FROM)).isEqualTo("source");
    assertThat(a.get(MvcAttributes.ERROR_TYPE)).isNull();
    assertThat(a.get(MvcAttributes.AWS_BEDROCK_GUARDRAIL_ID)).isNull();
  }

  @Test
  void spans_neverCarryPromptTextSystemTextOrVariableValues() {
    backend.otherwise().reply("ok");
    try (PinnedModelClient client = client(TestManifests.bedrock("Answer: {{question}}"), MvcTracing.create(otel))) {
      client.invoke(Map.of("question", SECRET_QUESTION));
    }
    SpanData span = onlySpan();
    assertThat(span.getAttributes().asMap().values()).allSatisfy(value -> assertThat(String.valueOf(value))
        .doesNotContain("refund policy").doesNotContain("Answer:").doesNotContain(TestManifests.SYSTEM));
    assertThat(span.getEvents()).isEmpty();
  }

  @Test
  void drift_endsTheSpanWithErrorStatusAndBothModels() {
    backend.reportServedModel("anthropic.claude-3-sonnet-20240229-v1:0");
    try (PinnedModelClient client = client(TestManifests.bedrock("Answer: {{question}}"), MvcTracing.create(otel))) {
      assertThatThrownBy(() -> client.invoke(Map.of("question", "q"))).isInstanceOf(VersionDriftException.class);
    }
    SpanData span = onlySpan();
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getAttributes().get(MvcAttributes.ERROR_TYPE)).isEqualTo(VersionDriftException.class.getName());
    assertThat(span.getAttributes().get(MvcAttributes.MVC_DRIFT_PINNED)).isEqualTo(TestManifests.MODEL_ID);
    assertThat(span.getAttributes().get(MvcAttributes.MVC_DRIFT_SERVED)).isEqualTo("anthropic.claude-3-sonnet-20240229-v1:0");
    assertThat(span.getAttributes().get(MvcAttributes.GEN_AI_USAGE_INPUT_TOKENS)).isNull();
  }

  @Test
  void backendFailure_usesTheProviderErrorCodeAsErrorType() {
    backend.failNext(1, BackendException.builder("throttled").retryable(true).statusCode(429)
        .errorCode("ThrottlingException").requestId("req-429").build());
    try (PinnedModelClient client = client(TestManifests.bedrock("Answer: {{question}}"), MvcTracing.create(otel))) {
      assertThatThrownBy(() -> client.invoke(Map.of("question", "q"))).isInstanceOf(BackendException.class);
    }
    SpanData span = onlySpan();
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getStatus().getDescription()).isEqualTo("ThrottlingException");
    assertThat(span.getAttributes().get(MvcAttributes.ERROR_TYPE)).isEqualTo("ThrottlingException");
    assertThat(span.getAttributes().get(MvcAttributes.GEN_AI_RESPONSE_ID)).isEqualTo("req-429");
  }

  @Test
  void backendFailureWithoutErrorCode_usesTheExceptionClassName() {
    backend.failNext(1, new IllegalStateException("connection reset"));
    try (PinnedModelClient client = client(TestManifests.bedrock("Answer: {{question}}"), MvcTracing.create(otel))) {
      assertThatThrownBy(() -> client.invoke(Map.of("question", "q"))).isInstanceOf(BackendException.class);
    }
    assertThat(onlySpan().getAttributes().get(MvcAttributes.ERROR_TYPE)).isEqualTo(BackendException.class.getName());
  }

  @Test
  void allowedOverride_changesTheTemperatureAttributeOfThatCallOnly() {
    VersionManifest manifest = TestManifests.bedrock("Answer: {{question}}").toBuilder()
        .inference(InferenceParameters.builder().temperature(0.2).maxTokens(256).topP(0.9)
            .overridable("temperature", 0, 0.5).build())
        .build();
    try (PinnedModelClient client = client(manifest, MvcTracing.create(otel))) {
      client.invoke(InvocationRequest.builder().variable("question", "q").overrideTemperature(0.4).build());
      client.invoke(Map.of("question", "q"));
    }
    List<SpanData> spans = exporter.getFinishedSpanItems();
    assertThat(spans).extracting(s -> s.getAttributes().get(MvcAttributes.GEN_AI_REQUEST_TEMPERATURE))
        .containsExactly(0.4, 0.2);
  }

  @Test
  void sageMakerCall_namesTheProviderAndTheEndpointWithItsVariant() {
    try (PinnedModelClient client = client(TestManifests.sagemaker("Answer: {{question}}"), MvcTracing.create(otel))) {
      client.invoke(Map.of("question", "q"));
    }
    SpanData span = onlySpan();
    assertThat(span.getName()).isEqualTo("chat support-llm/blue");
    assertThat(span.getAttributes().get(MvcAttributes.GEN_AI_PROVIDER_NAME)).isEqualTo("aws.sagemaker");
    assertThat(span.getAttributes().get(MvcAttributes.GEN_AI_REQUEST_MODEL)).isEqualTo("support-llm/blue");
  }

  @Test
  void bedrockGuardrailAndKnowledgeBase_areRecordedWhenPinned() {
    VersionManifest manifest = TestManifests.base("Answer: {{question}}")
        .model(BedrockTarget.builder(TestManifests.MODEL_ID).region("us-east-1")
            .guardrail("gr8x2k4m9q1z", "3")
            .knowledgeBase("KB12345678", "DS12345678", "INGEST12345")
            .build())
        .build();
    try (PinnedModelClient client = client(manifest, MvcTracing.create(otel))) {
      client.invoke(Map.of("question", "q"));
    }
    SpanData span = onlySpan();
    assertThat(span.getAttributes().get(MvcAttributes.AWS_BEDROCK_GUARDRAIL_ID)).isEqualTo("gr8x2k4m9q1z");
    assertThat(span.getAttributes().get(MvcAttributes.AWS_BEDROCK_KNOWLEDGE_BASE_ID)).isEqualTo("KB12345678");
  }

  @Test
  void span_isAChildOfTheContextCurrentWhenTheCallStarts() {
    Span parent = otel.getTracer("app").spanBuilder("handle request").startSpan();
    try (PinnedModelClient client = client(TestManifests.bedrock("Answer: {{question}}"), MvcTracing.create(otel));
        Scope ignored = parent.makeCurrent()) {
      client.invoke(Map.of("question", "q"));
    } finally {
      parent.end();
    }
    SpanData child = exporter.getFinishedSpanItems().stream()
        .filter(s -> s.getKind() == SpanKind.CLIENT).findFirst().orElseThrow();
    assertThat(child.getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
    assertThat(child.getTraceId()).isEqualTo(parent.getSpanContext().getTraceId());
  }

  @Test
  void asyncCall_endsItsSpanOnTheCompletingThread() {
    try (PinnedModelClient client = client(TestManifests.bedrock("Answer: {{question}}"), MvcTracing.create(otel))) {
      client.invokeAsync(InvocationRequest.of(Map.of("question", "q"))).join();
    }
    assertThat(onlySpan().getAttributes().get(MvcAttributes.GEN_AI_RESPONSE_FINISH_REASONS)).containsExactly("end_turn");
  }

  @Test
  void completedCalls_leaveNothingBehind() {
    MvcTracing tracing = MvcTracing.create(otel);
    backend.failNext(2, new IllegalStateException("down"));
    try (PinnedModelClient client = client(TestManifests.bedrock("Answer: {{question}}"), tracing)) {
      for (int i = 0; i < 5; i++) {
        try {
          client.invoke(Map.of("question", "q"));
        } catch (BackendException expected) {
          // two of the five fail
        }
      }
    }
    assertThat(exporter.getFinishedSpanItems()).hasSize(5)
        .filteredOn(s -> s.getStatus().getStatusCode() == StatusCode.ERROR).hasSize(2);
  }

  @Test
  void overlappingCalls_eachEndTheirOwnSpan() {
    MvcTracing tracing = MvcTracing.create(otel);
    VersionManifest manifest = TestManifests.bedrock("Answer: {{question}}");
    CallListener first = tracing.newCall(call(manifest, "call-1"));
    CallListener second = tracing.newCall(call(manifest, "call-2"));
    assertThat(exporter.getFinishedSpanItems()).isEmpty();

    second.onFailure(BackendException.builder("throttled").errorCode("ThrottlingException").build());
    assertThat(exporter.getFinishedSpanItems()).singleElement().satisfies(s -> {
      assertThat(s.getAttributes().get(MvcAttributes.MVC_INVOCATION_ID)).isEqualTo("call-2");
      assertThat(s.getAttributes().get(MvcAttributes.ERROR_TYPE)).isEqualTo("ThrottlingException");
    });
    first.onFailure(BackendException.builder("down").errorCode("ServiceUnavailableException").build());
    assertThat(exporter.getFinishedSpanItems()).hasSize(2).last().satisfies(s -> {
      assertThat(s.getAttributes().get(MvcAttributes.MVC_INVOCATION_ID)).isEqualTo("call-1");
      assertThat(s.getAttributes().get(MvcAttributes.ERROR_TYPE)).isEqualTo("ServiceUnavailableException");
    });
  }

  @Test
  void providerNames_followTheSemanticConventions() {
    assertThat(MvcTracing.providerName("bedrock")).isEqualTo("aws.bedrock");
    assertThat(MvcTracing.providerName("sagemaker")).isEqualTo("aws.sagemaker");
    assertThat(MvcTracing.providerName("in-memory")).isEqualTo("in-memory");
    assertThat(AttributeKey.stringKey("gen_ai.provider.name")).isEqualTo(MvcAttributes.GEN_AI_PROVIDER_NAME);
  }

  private static ResolvedCall call(VersionManifest manifest, String invocationId) {
    return ResolvedCall.builder().invocationId(invocationId).manifest(manifest)
        .messages(List.of(dev.mvc.Message.user("hi"))).parameters(manifest.inference()).build();
  }
}
