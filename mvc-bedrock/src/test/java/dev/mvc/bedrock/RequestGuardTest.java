package dev.mvc.bedrock;

import static dev.mvc.bedrock.TestSetup.HAIKU;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvc.BackendException;
import dev.mvc.InvocationRequest;
import dev.mvc.InvocationResponse;
import dev.mvc.MvcException;
import dev.mvc.PinViolationException;
import dev.mvc.PinnedModelClient;
import dev.mvc.VersionManifest;
import dev.mvc.bedrock.internal.PinGuardInterceptor;
import dev.mvc.bedrock.internal.PinRegistry;
import dev.mvc.emulators.bedrock.BedrockEmulator;
import dev.mvc.emulators.bedrock.BedrockErrorType;
import dev.mvc.emulators.bedrock.BedrockReply;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockagentruntime.BedrockAgentRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockagentruntime.BedrockAgentRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeServiceClientConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InferenceConfiguration;

/** Another interceptor that rewrites a pinned value after mvc built the request is caught by the guard. */
class RequestGuardTest {

  private static final Map<String, String> NAME = Map.of("name", "Ada");
  private static BedrockEmulator bedrock;

  @BeforeAll
  static void start() {
    bedrock = BedrockEmulator.create().start();
  }

  @AfterAll
  static void stop() {
    bedrock.close();
  }

  @BeforeEach
  void reset() {
    bedrock.reset();
  }

  @Test
  void guard_catchesAnInterceptorThatRewritesTemperatureInTheBody_onAUserClientBuiltWithoutAddingTheGuard() {
    ExecutionInterceptor rogue = bodyRewriter(body -> body.replace("\"temperature\":0.2", "\"temperature\":0.9"));

    try (BedrockRuntimeClient client = TestSetup.userClient(bedrock).overrideConfiguration(o -> o.addExecutionInterceptor(rogue)).build();
        BedrockBackend backend = BedrockBackend.builder().client(client).build();
        PinnedModelClient pinned = PinnedModelClient.builder().manifest(TestSetup.converse()).backend(backend).build()) {
      assertThatThrownBy(() -> pinned.invoke(NAME))
          .isInstanceOf(PinViolationException.class)
          .hasMessageContaining("inferenceConfig.temperature is 0.9, pinned 0.2");
    }
    assertThat(bedrock.requests()).isEmpty();
  }

  @Test
  void guard_catchesAnInterceptorThatRewritesTheModelIdInThePath() {
    ExecutionInterceptor rogue = new ExecutionInterceptor() {
      @Override
      public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        return context.httpRequest().toBuilder()
            .encodedPath(context.httpRequest().encodedPath().replace("claude-3-haiku", "claude-3-opus"))
            .build();
      }
    };

    try (BedrockRuntimeClient client = TestSetup.userClient(bedrock).overrideConfiguration(o -> o.addExecutionInterceptor(rogue)).build();
        BedrockBackend backend = BedrockBackend.builder().client(client).build();
        PinnedModelClient pinned = PinnedModelClient.builder().manifest(TestSetup.converse()).backend(backend).build()) {
      assertThatThrownBy(() -> pinned.invoke(NAME))
          .isInstanceOf(PinViolationException.class)
          .hasMessageContaining("modelId is anthropic.claude-3-opus-20240307-v1:0, pinned " + HAIKU);
    }
    assertThat(bedrock.requests()).isEmpty();
  }

  @Test
  void guard_catchesAnInterceptorThatRewritesTheSdkRequestBeforeMarshalling() {
    ExecutionInterceptor rogue = new ExecutionInterceptor() {
      @Override
      public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        ConverseRequest request = (ConverseRequest) context.request();
        return request.toBuilder()
            .inferenceConfig(request.inferenceConfig().toBuilder().maxTokens(4096).build())
            .build();
      }
    };

    try (BedrockRuntimeAsyncClient client = TestSetup.userAsyncClient(bedrock).overrideConfiguration(o -> o.addExecutionInterceptor(rogue)).build();
        BedrockBackend backend = BedrockBackend.builder().asyncClient(client).build();
        PinnedModelClient pinned = PinnedModelClient.builder().manifest(TestSetup.converse()).backend(backend).build()) {
      assertThatThrownBy(() -> pinned.invokeAsync(InvocationRequest.of(NAME)).get(10, TimeUnit.SECONDS))
          .hasCauseInstanceOf(PinViolationException.class)
          .hasMessageContaining("inferenceConfig.maxTokens is 4096, pinned 64");
    }
    assertThat(bedrock.requests()).isEmpty();
  }

  @Test
  void guard_catchesARewrittenNativeBodyOnTheStreamingPath() {
    ExecutionInterceptor rogue = bodyRewriter(body -> body.replace("\"top_p\":0.9", "\"top_p\":1.0"));

    try (BedrockRuntimeAsyncClient client = TestSetup.userAsyncClient(bedrock).overrideConfiguration(o -> o.addExecutionInterceptor(rogue)).build();
        BedrockBackend backend = BedrockBackend.builder().asyncClient(client).build();
        PinnedModelClient pinned = PinnedModelClient.builder().manifest(TestSetup.invokeModel()).backend(backend).build()) {
      BedrockBackendTest.RecordingHandler handler = new BedrockBackendTest.RecordingHandler();

      assertThatThrownBy(() -> pinned.invokeStream(InvocationRequest.of(NAME), handler).get(10, TimeUnit.SECONDS))
          .hasCauseInstanceOf(PinViolationException.class);
      assertThat(handler.errors).singleElement().isInstanceOf(PinViolationException.class)
          .extracting(Throwable::getMessage).asString().contains("body.top_p is 1.0, pinned 0.9");
    }
    assertThat(bedrock.requests()).isEmpty();
  }

  @Test
  void guard_refusesAnInterceptorThatReplacesTheAsyncBody() {
    ExecutionInterceptor rogue = new ExecutionInterceptor() {
      @Override
      public Optional<AsyncRequestBody> modifyAsyncHttpContent(Context.ModifyHttpRequest context,
          ExecutionAttributes attributes) {
        String text = context.requestBody().map(RequestGuardTest::text).orElseThrow();
        return Optional.of(AsyncRequestBody.fromString(text.replace("\"temperature\":0.2", "\"temperature\":0.9")));
      }
    };

    try (BedrockRuntimeAsyncClient client = TestSetup.userAsyncClient(bedrock).overrideConfiguration(o -> o.addExecutionInterceptor(rogue)).build();
        BedrockBackend backend = BedrockBackend.builder().asyncClient(client).build();
        PinnedModelClient pinned = PinnedModelClient.builder().manifest(TestSetup.converse()).backend(backend).build()) {
      assertThatThrownBy(() -> pinned.invokeAsync(InvocationRequest.of(NAME)).get(10, TimeUnit.SECONDS))
          .hasCauseInstanceOf(PinViolationException.class)
          .hasMessageContaining("replaced by an interceptor's modifyAsyncHttpContent");
    }
    assertThat(bedrock.requests()).isEmpty();
  }

  @Test
  void guard_lets_anUnchangedRequestThroughOnAUserClientWithTheGuardInstalled() {
    try (BedrockRuntimeClient client = TestSetup.userClient(bedrock)
            .overrideConfiguration(o -> o.addExecutionInterceptor(BedrockBackend.requestGuard())).build();
        BedrockBackend backend = BedrockBackend.builder().client(client).build();
        PinnedModelClient pinned = PinnedModelClient.builder().manifest(TestSetup.converse()).backend(backend).build()) {
      assertThat(pinned.invoke(NAME).text()).isEqualTo("Hello from the Bedrock emulator.");
    }
    assertThat(bedrock.requests()).hasSize(1);
  }

  /**
   * A body that is re-wrapped with the same bytes is no longer the marshaller's own object, so
   * the guard compares it field by field: this proves that every mapping mvc sends passes the
   * full comparison, which the guard skips for the marshaller's own body.
   */
  @Test
  void guard_fullComparison_acceptsEveryUnmodifiedRuntimeMapping() throws Exception {
    ExecutionInterceptor rewrap = bodyRewriter(UnaryOperator.identity());

    try (BedrockRuntimeClient client = TestSetup.userClient(bedrock).overrideConfiguration(o -> o.addExecutionInterceptor(rewrap)).build();
        BedrockRuntimeAsyncClient async = TestSetup.userAsyncClient(bedrock).overrideConfiguration(o -> o.addExecutionInterceptor(rewrap)).build();
        BedrockBackend backend = BedrockBackend.builder().client(client).asyncClient(async).build();
        PinnedModelClient converse = PinnedModelClient.builder().manifest(TestSetup.converse()).backend(backend).build();
        PinnedModelClient invokeModel = PinnedModelClient.builder().manifest(TestSetup.invokeModel()).backend(backend).build()) {
      assertThat(converse.invoke(NAME).text()).isNotEmpty();
      assertThat(converse.invokeAsync(InvocationRequest.of(NAME)).get(10, TimeUnit.SECONDS).text()).isNotEmpty();
      assertThat(converse.invokeStream(InvocationRequest.of(NAME), new BedrockBackendTest.RecordingHandler())
          .get(10, TimeUnit.SECONDS).text()).isNotEmpty();
      assertThat(invokeModel.invoke(NAME).text()).isNotEmpty();
      assertThat(invokeModel.invokeStream(InvocationRequest.of(NAME), new BedrockBackendTest.RecordingHandler())
          .get(10, TimeUnit.SECONDS).text()).isNotEmpty();
    }
    assertThat(bedrock.requests()).hasSize(5);
  }

  @Test
  void everyCallCarriesItsOwnPin_soInterleavedCallsOfTwoVersionsOnOneClientAreEachCheckedAgainstTheirOwn()
      throws Exception {
    VersionManifest warmer = TestSetup.converse().toBuilder()
        .inference(TestSetup.converse().inference().toBuilder().temperature(0.7).build()).build();
    ExecutionInterceptor rogue = bodyRewriter(body -> body.replace("\"temperature\":0.2", "\"temperature\":0.9"));
    try (BedrockRuntimeClient client = TestSetup.userClient(bedrock).build();
        BedrockRuntimeAsyncClient async = TestSetup.userAsyncClient(bedrock).build();
        BedrockRuntimeClient rogueClient = TestSetup.userClient(bedrock).overrideConfiguration(o -> o.addExecutionInterceptor(rogue)).build();
        BedrockBackend backend = BedrockBackend.builder().client(client).asyncClient(async).build();
        BedrockBackend rogueBackend = BedrockBackend.builder().client(rogueClient).build();
        PinnedModelClient cool = PinnedModelClient.builder().manifest(TestSetup.converse()).backend(backend).build();
        PinnedModelClient warm = PinnedModelClient.builder().manifest(warmer).backend(backend).build();
        PinnedModelClient refused = PinnedModelClient.builder().manifest(TestSetup.converse()).backend(rogueBackend).build()) {
      List<CompletableFuture<InvocationResponse>> calls = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        calls.add(cool.invokeAsync(InvocationRequest.of(NAME)));
        calls.add(warm.invokeAsync(InvocationRequest.of(NAME)));
      }
      assertThat(cool.invoke(NAME).text()).isNotEmpty();
      assertThat(warm.invokeStream(InvocationRequest.of(NAME), new BedrockBackendTest.RecordingHandler())
          .get(10, TimeUnit.SECONDS).text()).isNotEmpty();
      for (CompletableFuture<InvocationResponse> call : calls) {
        assertThat(call.get(10, TimeUnit.SECONDS).text()).isNotEmpty();
      }
      assertThatThrownBy(() -> refused.invoke(NAME)).isInstanceOf(PinViolationException.class)
          .hasMessageContaining("inferenceConfig.temperature is 0.9, pinned 0.2");
    }
    assertThat(bedrock.requests()).hasSize(10);
    assertThat(bedrock.requests().stream().filter(r -> r.body().contains("\"temperature\":0.7")).count()).isEqualTo(5);
  }

  @Test
  void everyCallReleasesItsPin_whetherItSucceeds_failsOrIsRefusedByTheGuard() throws Exception {
    ExecutionInterceptor rogue = bodyRewriter(body -> body.replace("\"temperature\":0.2", "\"temperature\":0.9"));
    try (BedrockRuntimeClient client = TestSetup.userClient(bedrock).build();
        BedrockRuntimeAsyncClient async = TestSetup.userAsyncClient(bedrock).build();
        BedrockRuntimeClient rogueClient = TestSetup.userClient(bedrock).overrideConfiguration(o -> o.addExecutionInterceptor(rogue)).build();
        BedrockBackend backend = BedrockBackend.builder().client(client).asyncClient(async).build();
        BedrockBackend rogueBackend = BedrockBackend.builder().client(rogueClient).build();
        PinnedModelClient pinned = PinnedModelClient.builder().manifest(TestSetup.converse()).backend(backend).build();
        PinnedModelClient refused = PinnedModelClient.builder().manifest(TestSetup.converse()).backend(rogueBackend).build()) {
      pinned.invoke(NAME);
      pinned.invokeAsync(InvocationRequest.of(NAME)).get(10, TimeUnit.SECONDS);
      pinned.invokeStream(InvocationRequest.of(NAME), new BedrockBackendTest.RecordingHandler()).get(10, TimeUnit.SECONDS);
      bedrock.enqueue(BedrockReply.error(BedrockErrorType.ACCESS_DENIED, "no access"));
      assertThatThrownBy(() -> pinned.invoke(NAME)).isInstanceOf(BackendException.class);
      bedrock.enqueue(BedrockReply.error(BedrockErrorType.ACCESS_DENIED, "no access"));
      assertThatThrownBy(() -> pinned.invokeAsync(InvocationRequest.of(NAME)).get(10, TimeUnit.SECONDS))
          .hasCauseInstanceOf(BackendException.class);
      assertThatThrownBy(() -> refused.invoke(NAME)).isInstanceOf(PinViolationException.class);
      assertThat(backend.pinsInFlight()).isZero();
      assertThat(rogueBackend.pinsInFlight()).isZero();
    }
    assertThat(bedrock.requests()).hasSize(5);
  }

  @Test
  void aClientTheUserBuilds_carriesTheGuardWithoutAnySetup() {
    try (BedrockRuntimeClient client = TestSetup.userClient(bedrock).build();
        BedrockRuntimeAsyncClient async = TestSetup.userAsyncClient(bedrock).build();
        BedrockAgentRuntimeClient agent = TestSetup.userAgentClient(bedrock).build();
        BedrockAgentRuntimeAsyncClient agentAsync = TestSetup.userAgentAsyncClient(bedrock).build()) {
      for (SdkClient c : List.<SdkClient>of(client, async, agent, agentAsync)) {
        assertThat(c.serviceClientConfiguration().overrideConfiguration().executionInterceptors())
            .as(c.serviceName())
            .filteredOn(i -> i instanceof PinGuardInterceptor)
            .hasSize(1);
      }
    }
  }

  @Test
  void aUserClientThatMakesOneAttempt_hasCallsThatCarryTheirPinButNoPerRequestPlugin() {
    List<SdkRequest> seen = new CopyOnWriteArrayList<>();
    ExecutionInterceptor recorder = new ExecutionInterceptor() {
      @Override
      public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        seen.add(context.request());
      }
    };
    try (BedrockRuntimeClient client = TestSetup.userClient(bedrock).overrideConfiguration(o -> o.addExecutionInterceptor(recorder)
            .retryStrategy(software.amazon.awssdk.awscore.retry.AwsRetryStrategy.doNotRetry())).build();
        BedrockBackend backend = BedrockBackend.builder().client(client).build();
        PinnedModelClient pinned = PinnedModelClient.builder().manifest(TestSetup.converse()).backend(backend).build()) {
      pinned.invoke(NAME);
    }
    assertThat(seen).singleElement().satisfies(r -> {
      assertThat(r.overrideConfiguration().orElseThrow().plugins()).isEmpty();
      assertThat(r.overrideConfiguration().orElseThrow().executionAttributes().getAttribute(PinRegistry.ATTRIBUTE))
          .isNotNull();
    });
  }

  @Test
  void aUserClientWithoutTheGuard_isRefusedAtBuild_withTheLineThatAddsIt() {
    BedrockRuntimeClient unguarded = new BedrockRuntimeClient() {
      @Override
      public String serviceName() {
        return SERVICE_NAME;
      }

      @Override
      public BedrockRuntimeServiceClientConfiguration serviceClientConfiguration() {
        return BedrockRuntimeServiceClientConfiguration.builder()
            .overrideConfiguration(ClientOverrideConfiguration.builder().build()).build();
      }

      @Override
      public void close() {}
    };

    assertThatThrownBy(() -> BedrockBackend.builder().client(unguarded).build())
        .isInstanceOf(MvcException.class)
        .hasMessageContaining("BedrockBackend.builder().client(..) was given a bedrockruntime client without the request guard")
        .hasMessageContaining(".overrideConfiguration(o -> o.addExecutionInterceptor(BedrockBackend.requestGuard()))");
  }

  @Test
  void guard_ignoresRequestsNotMadeByMvc() {
    try (BedrockRuntimeClient client = TestSetup.userClient(bedrock)
            .overrideConfiguration(o -> o.addExecutionInterceptor(BedrockBackend.requestGuard())).build()) {
      client.converse(b -> b.modelId("anthropic.claude-3-opus-20240229-v1:0")
          .messages(m -> m.role("user").content(c -> c.text("hi")))
          .inferenceConfig(InferenceConfiguration.builder().temperature(1.0f).build()));
    }
    assertThat(bedrock.requests()).hasSize(1);
  }

  private static String text(RequestBody body) {
    try (InputStream in = body.contentStreamProvider().newStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ExecutionInterceptor bodyRewriter(UnaryOperator<String> rewrite) {
    return new ExecutionInterceptor() {
      @Override
      public Optional<RequestBody> modifyHttpContent(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        return context.requestBody().map(body -> {
          try (InputStream in = body.contentStreamProvider().newStream()) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return RequestBody.fromString(rewrite.apply(text));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
      }
    };
  }
}
