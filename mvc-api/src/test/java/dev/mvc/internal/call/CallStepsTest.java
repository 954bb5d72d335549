package dev.mvc.internal.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.mvc.BackendException;
import dev.mvc.BedrockTarget;
import dev.mvc.InferenceParameters;
import dev.mvc.InvocationRequest;
import dev.mvc.InvocationResponse;
import dev.mvc.LoadedManifest;
import dev.mvc.ManifestLoader;
import dev.mvc.ManifestSources;
import dev.mvc.MvcException;
import dev.mvc.PromptSpec;
import dev.mvc.PromptText;
import dev.mvc.ResilienceException;
import dev.mvc.ResiliencePolicy;
import dev.mvc.StreamHandler;
import dev.mvc.TokenUsage;
import dev.mvc.VersionDriftException;
import dev.mvc.VersionManifest;
import dev.mvc.spi.BackendResponse;
import dev.mvc.spi.BackendStreamHandler;
import dev.mvc.spi.InvocationListener;
import dev.mvc.spi.ModelBackend;
import dev.mvc.spi.ResolvedCall;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each step of the call chain on its own, linked to a scripted backend. */
class CallStepsTest {
  private static final String MODEL = "anthropic.claude-3-haiku-20240307-v1:0";
  private static final InvocationListener[] NO_LISTENERS = new InvocationListener[0];
  private static final Map<String, String> VARS = Map.of("question", "Where is my parcel?");
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final Scripted backend = new Scripted();

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  private static LoadedManifest loaded(String modelId, double temperature) {
    VersionManifest m = VersionManifest.builder()
        .name("support-answer").version("1.0.0").createdAt(Instant.parse("2026-01-01T00:00:00Z"))
        .model(BedrockTarget.builder(modelId).region("us-east-1").build())
        .prompt(PromptSpec.builder(PromptText.inline("Answer: {{question}}")).variables("question").build())
        .inference(InferenceParameters.builder().temperature(temperature).maxTokens(64).topP(0.9).build())
        .build();
    return ManifestLoader.builder().build().load(ManifestSources.fixed(m).fetch());
  }

  private static ResiliencePolicy retries(int attempts) {
    return ResiliencePolicy.builder().retry(attempts, Duration.ofMillis(1), 1.0, Duration.ofMillis(1)).build();
  }

  /** Links {@code steps} after a resolve step and before a backend step; returns the head. */
  private Step chain(Step... steps) {
    Step head = new ResolveStep();
    Step tail = head;
    for (Step s : steps) {
      tail = tail.then(s);
    }
    tail.then(new BackendStep(backend, Runnable::run));
    return head;
  }

  private static BackendException throttled() {
    return BackendException.builder("throttled").retryable(true).errorCode("ThrottlingException").statusCode(429).build();
  }

  @Test
  void resilienceStep_retriesARetryableFailureOnTheCallersThread_thenPassesTheAnswerUp() {
    backend.fail(throttled()).fail(throttled()).answer("On its way.");
    Exchange x = Exchange.sync(loaded(MODEL, 0.2), VARS);
    chain(new ResilienceStep("test", retries(3), NO_LISTENERS, scheduler)).start(x);
    assertThat(x.error).isNull();
    assertThat(x.backendResponse.text()).isEqualTo("On its way.");
    assertThat(backend.calls).isEqualTo(3);
    assertThat(x.attempt).isEqualTo(3);
  }

  @Test
  void resilienceStep_givesUpAfterItsAttempts_withTheLastError() {
    backend.fail(throttled()).fail(throttled()).answer("too late");
    Exchange x = Exchange.sync(loaded(MODEL, 0.2), VARS);
    chain(new ResilienceStep("test", retries(2), NO_LISTENERS, scheduler)).start(x);
    assertThat(x.error).isInstanceOf(BackendException.class).hasMessage("throttled");
    assertThat(backend.calls).isEqualTo(2);
  }

  @Test
  void resilienceStep_neverResendsAStreamAfterItsFirstDelta() throws Exception {
    backend.streamDeltasThenFail(List.of("Hel"), throttled()).answer("never");
    Collected handler = new Collected();
    Exchange x = Exchange.stream(loaded(MODEL, 0.2), InvocationRequest.of(VARS), handler);
    chain(new ResilienceStep("test", retries(3), NO_LISTENERS, scheduler)).start(x);
    assertThat(x.future()).failsWithin(5, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(BackendException.class);
    assertThat(backend.calls).isEqualTo(1);
    assertThat(handler.deltas).containsExactly("Hel");
    assertThat(handler.errors).singleElement().satisfies(e -> assertThat(e.getMessage())
        .contains("after 1 text deltas (3 characters)").contains("throttled"));
  }

  @Test
  void resilienceStep_retriesAStreamThatFailedBeforeItsFirstDelta() throws Exception {
    backend.streamDeltasThenFail(List.of(), throttled()).answer("Hello");
    Collected handler = new Collected();
    Exchange x = Exchange.stream(loaded(MODEL, 0.2), InvocationRequest.of(VARS), handler);
    chain(new ResilienceStep("test", retries(3), NO_LISTENERS, scheduler)).start(x);
    assertThat(x.future().get(5, TimeUnit.SECONDS)).isNull(); // no stamp step in this chain
    assertThat(backend.calls).isEqualTo(2);
    assertThat(handler.deltas).containsExactly("Hello");
  }

  @Test
  void resilienceStep_timeLimit_endsAnAsyncCallThatRunsLong_andCancelsTheAttempt() {
    backend.hang();
    Exchange x = Exchange.async(loaded(MODEL, 0.2), InvocationRequest.of(VARS));
    chain(new ResilienceStep("test", ResiliencePolicy.builder().timeLimit(Duration.ofMillis(100)).build(),
        NO_LISTENERS, scheduler)).start(x);
    assertThat(x.future()).failsWithin(5, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class)
        .havingCause().isInstanceOfSatisfying(ResilienceException.class,
            e -> assertThat(e.kind()).isEqualTo(ResilienceException.Kind.TIMEOUT));
    assertThat(backend.hanging.isCancelled()).isTrue();
  }

  @Test
  void cacheStep_answersTheSameDeterministicCallWithoutTheBackend() {
    backend.answer("cached answer");
    LoadedManifest m = loaded(MODEL, 0.0);
    Step head = chain(new CacheStep(Caffeine.newBuilder().maximumSize(10).build()));
    Exchange first = Exchange.sync(m, VARS);
    head.start(first);
    Exchange second = Exchange.sync(m, VARS);
    head.start(second);
    assertThat(backend.calls).isEqualTo(1);
    assertThat(second.served).isEqualTo(Exchange.Served.CACHED);
    assertThat(second.backendResponse.text()).isEqualTo("cached answer");
  }

  @Test
  void cacheStep_neverKeepsAnswersOfANonZeroTemperature() {
    backend.answer("one").answer("two");
    LoadedManifest m = loaded(MODEL, 0.2);
    Step head = chain(new CacheStep(Caffeine.newBuilder().maximumSize(10).build()));
    head.start(Exchange.sync(m, VARS));
    Exchange second = Exchange.sync(m, VARS);
    head.start(second);
    assertThat(backend.calls).isEqualTo(2);
    assertThat(second.backendResponse.text()).isEqualTo("two");
  }

  @Test
  void servedCheckStep_turnsAnotherServedModelIntoDrift() {
    backend.answerFrom("late answer", "anthropic.claude-3-5-haiku-20241022-v1:0");
    Exchange x = Exchange.sync(loaded(MODEL, 0.2), VARS);
    chain(new ServedCheckStep()).start(x);
    assertThat(x.error).isInstanceOfSatisfying(VersionDriftException.class,
        e -> assertThat(e.getMessage()).contains("model.bedrock.modelId").contains(MODEL)
            .contains("anthropic.claude-3-5-haiku-20241022-v1:0"));
  }

  @Test
  void fallbackStep_sendsAnOpenCircuitRefusalToTheFallbackSideChain_andStampStepMarksIt() {
    LoadedManifest fallback = loaded("eu." + MODEL, 0.2);
    backend.answer("from the fallback");
    Step side = new ServedCheckStep();
    side.then(new BackendStep(backend, Runnable::run));
    Step head = new ResolveStep();
    head.then(new StampStep(Clock.systemUTC()))
        .then(new FallbackStep(fallback, Set.of(), NO_LISTENERS, side))
        .then(new Refusing(new ResilienceException(ResilienceException.Kind.CIRCUIT_OPEN, "circuit is OPEN", null)));
    Exchange x = Exchange.sync(loaded(MODEL, 0.2), VARS);
    head.start(x);
    InvocationResponse r = x.result();
    assertThat(r.text()).isEqualTo("from the fallback");
    assertThat(r.stamp().fallback()).isTrue();
    assertThat(r.stamp().modelId()).isEqualTo("eu." + MODEL);
    assertThat(backend.lastModel).isEqualTo("eu." + MODEL);
  }

  @Test
  void fallbackStep_leavesErrorsItWasNotToldAbout() {
    LoadedManifest fallback = loaded("eu." + MODEL, 0.2);
    Step side = new BackendStep(backend, Runnable::run);
    Step head = new ResolveStep();
    head.then(new FallbackStep(fallback, Set.of("ServiceUnavailableException"), NO_LISTENERS, side))
        .then(new Refusing(throttled()));
    Exchange x = Exchange.sync(loaded(MODEL, 0.2), VARS);
    head.start(x);
    assertThatThrownBy(x::result).isInstanceOf(BackendException.class).hasMessage("throttled");
    assertThat(backend.calls).isZero();
  }

  @Test
  void resolveStep_endsACallWithAMissingVariableBeforeAnyOtherStep() {
    Exchange x = Exchange.sync(loaded(MODEL, 0.2), Map.of());
    chain(new ServedCheckStep()).start(x);
    assertThat(x.error).hasMessageContaining("question");
    assertThat(x.call).isNull();
    assertThat(backend.calls).isZero();
  }

  @Test
  void eventsStep_usesTheMdcKeysTheClientPublishes() {
    assertThat(List.of(EventsStep.MDC_MANIFEST, EventsStep.MDC_VERSION, EventsStep.MDC_DIGEST)).containsExactly(
        dev.mvc.PinnedModelClient.MDC_MANIFEST, dev.mvc.PinnedModelClient.MDC_VERSION,
        dev.mvc.PinnedModelClient.MDC_DIGEST);
  }

  /** A step that ends every call with one error, as a refused permit does. */
  private static final class Refusing extends Step {
    private final MvcException error;

    Refusing(MvcException error) {
      this.error = error;
    }

    @Override
    void start(Exchange x) {
      x.failed(error);
      up(x);
    }
  }

  private static final class Collected implements StreamHandler {
    final List<String> deltas = new ArrayList<>();
    final List<MvcException> errors = new ArrayList<>();

    @Override
    public synchronized void onText(String delta) {
      deltas.add(delta);
    }

    @Override
    public void onComplete(InvocationResponse response) {}

    @Override
    public synchronized void onError(MvcException error) {
      errors.add(error);
    }
  }

  /** A backend that plays a script of answers and failures, one per call. */
  private static final class Scripted implements ModelBackend {
    private final Deque<Object> script = new ArrayDeque<>();
    int calls;
    String lastModel;
    CompletableFuture<BackendResponse> hanging;

    Scripted answer(String text) {
      script.add(BackendResponse.builder(text).usage(TokenUsage.of(1, 1)).requestId("req").build());
      return this;
    }

    Scripted answerFrom(String text, String servedModel) {
      script.add(BackendResponse.builder(text).servedModel(servedModel).requestId("req").build());
      return this;
    }

    Scripted fail(RuntimeException e) {
      script.add(e);
      return this;
    }

    Scripted streamDeltasThenFail(List<String> deltas, RuntimeException e) {
      script.add(new Object[] {deltas, e});
      return this;
    }

    void hang() {
      hanging = new CompletableFuture<>();
    }

    @Override
    public String provider() {
      return "bedrock";
    }

    private Object next(ResolvedCall call) {
      calls++;
      lastModel = ((BedrockTarget) call.target()).modelId();
      return script.poll();
    }

    @Override
    public BackendResponse invoke(ResolvedCall call) {
      Object next = next(call);
      if (next instanceof RuntimeException) {
        throw (RuntimeException) next;
      }
      return (BackendResponse) next;
    }

    @Override
    public CompletableFuture<BackendResponse> invokeAsync(ResolvedCall call, Executor executor) {
      if (hanging != null) {
        calls++;
        return hanging;
      }
      return ModelBackend.super.invokeAsync(call, executor);
    }

    @Override
    public void invokeStream(ResolvedCall call, BackendStreamHandler handler, Executor executor) {
      Object next = next(call);
      if (next instanceof Object[]) {
        Object[] plan = (Object[]) next;
        @SuppressWarnings("unchecked")
        List<String> deltas = (List<String>) plan[0];
        deltas.forEach(handler::onText);
        handler.onError((Throwable) plan[1]);
      } else if (next instanceof RuntimeException) {
        handler.onError((RuntimeException) next);
      } else {
        BackendResponse r = (BackendResponse) next;
        handler.onText(r.text());
        handler.onComplete(r);
      }
    }
  }
}
