package dev.mvc.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvc.BackendException;
import dev.mvc.BedrockTarget;
import dev.mvc.InvocationRequest;
import dev.mvc.InvocationResponse;
import dev.mvc.ManifestSources;
import dev.mvc.MvcException;
import dev.mvc.PinnedModelClient;
import dev.mvc.ResiliencePolicy;
import dev.mvc.StreamHandler;
import dev.mvc.VersionManifest;
import dev.mvc.spi.CallListener;
import dev.mvc.spi.InvocationListener;
import dev.mvc.spi.ResolvedCall;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Per-call listener state: every call gets its own {@link CallListener}, whatever the call mode. */
class CallListenerTest {
  private static final VersionManifest PRIMARY = TestManifests.bedrock("Answer: {{question}}");
  private static final VersionManifest FALLBACK = PRIMARY.toBuilder().version("1.0.0-eu")
      .model(BedrockTarget.builder("eu.anthropic.claude-3-haiku-20240307-v1:0").region("eu-west-1").build()).build();
  private static final Map<String, String> VARS = Map.of("question", "q");

  /** Makes one recorder per call; each records the events its own call received. */
  private static final class Recording implements InvocationListener {
    final List<Recorder> calls = new CopyOnWriteArrayList<>();

    @Override
    public CallListener newCall(ResolvedCall call) {
      Recorder r = new Recorder(call);
      calls.add(r);
      return r;
    }
  }

  private static final class Recorder implements CallListener {
    final ResolvedCall call;
    final List<String> events = new CopyOnWriteArrayList<>();

    Recorder(ResolvedCall call) {
      this.call = call;
    }

    @Override
    public void onRetry(int attempt, MvcException error, Duration backoff) {
      events.add("retry " + attempt);
    }

    @Override
    public void onFallback(MvcException cause, ResolvedCall fallbackCall) {
      events.add("fallback to " + fallbackCall.manifest().version());
    }

    @Override
    public void onSuccess(InvocationResponse response) {
      events.add("success " + response.stamp().invocationId());
    }

    @Override
    public void onFailure(MvcException error) {
      events.add("failure " + error.getClass().getSimpleName());
    }
  }

  @Test
  void invokeInvokeAsyncAndInvokeStream_eachGiveTheirCallItsOwnCallListener() throws Exception {
    InMemoryModelBackend backend = InMemoryModelBackend.create().throttleNext(2);
    Recording listener = new Recording();
    try (PinnedModelClient client = PinnedModelClient.builder().manifest(PRIMARY).backend(backend)
        .resilience(ResiliencePolicy.builder().retry(3, Duration.ofMillis(1), 2.0, Duration.ofMillis(5)).build())
        .listener(listener).build()) {
      InvocationResponse sync = client.invoke(VARS);
      backend.throttleNext(1);
      InvocationResponse async = client.invokeAsync(InvocationRequest.of(VARS)).get(10, TimeUnit.SECONDS);
      InvocationResponse streamed = client.invokeStream(InvocationRequest.of(VARS), new StreamHandler() {
        @Override
        public void onText(String delta) {}

        @Override
        public void onComplete(InvocationResponse response) {}

        @Override
        public void onError(MvcException error) {}
      }).get(10, TimeUnit.SECONDS);

      assertThat(listener.calls).hasSize(3);
      assertThat(listener.calls).extracting(r -> r.call.invocationId())
          .containsExactly(sync.stamp().invocationId(), async.stamp().invocationId(), streamed.stamp().invocationId());
      assertThat(listener.calls.get(0).events)
          .containsExactly("retry 1", "retry 2", "success " + sync.stamp().invocationId());
      assertThat(listener.calls.get(1).events).containsExactly("retry 1", "success " + async.stamp().invocationId());
      assertThat(listener.calls.get(2).events).containsExactly("success " + streamed.stamp().invocationId());
    }
  }

  @Test
  void aFallback_endsThePrimaryCallsListenerAndGivesTheFallbackCallItsOwn() {
    InMemoryModelBackend backend = InMemoryModelBackend.create();
    backend.when(c -> c.manifest().equals(PRIMARY))
        .fail(BackendException.builder("busy").statusCode(503).errorCode("ServiceUnavailableException").build());
    Recording listener = new Recording();
    try (PinnedModelClient client = PinnedModelClient.builder().manifest(PRIMARY).backend(backend)
        .fallback(ManifestSources.fixed(FALLBACK), "ServiceUnavailableException").listener(listener).build()) {
      InvocationResponse r = client.invoke(VARS);

      assertThat(listener.calls).extracting(c -> c.call.manifest().version()).containsExactly("1.0.0", "1.0.0-eu");
      assertThat(listener.calls.get(0).events).containsExactly("failure BackendException", "fallback to 1.0.0-eu");
      assertThat(listener.calls.get(1).events).containsExactly("success " + r.stamp().invocationId());
      assertThat(r.stamp().fallback()).isTrue();
    }
  }

  @Test
  void aListenerThatThrows_neverBreaksTheCallNorTheOtherListeners() {
    InMemoryModelBackend backend = InMemoryModelBackend.create();
    Recording after = new Recording();
    InvocationListener throwsOnStart = new InvocationListener() {
      @Override
      public CallListener newCall(ResolvedCall call) {
        throw new IllegalStateException("listener bug at start");
      }
    };
    InvocationListener throwsOnEnd = new InvocationListener() {
      @Override
      public CallListener newCall(ResolvedCall call) {
        return new CallListener() {
          @Override
          public void onSuccess(InvocationResponse response) {
            throw new IllegalStateException("listener bug at the end");
          }

          @Override
          public void onFailure(MvcException error) {
            throw new IllegalStateException("listener bug at the end");
          }
        };
      }
    };
    InvocationListener returnsNull = new InvocationListener() {
      @Override
      public CallListener newCall(ResolvedCall call) {
        return null;
      }
    };
    try (PinnedModelClient client = PinnedModelClient.builder().manifest(PRIMARY).backend(backend)
        .listener(throwsOnStart).listener(throwsOnEnd).listener(returnsNull).listener(after).build()) {
      InvocationResponse r = client.invoke(VARS);
      backend.failNext(1, BackendException.builder("down").errorCode("ValidationException").build());
      assertThatThrownBy(() -> client.invoke(VARS)).isInstanceOf(BackendException.class).hasMessage("down");

      assertThat(r.text()).isNotEmpty();
      assertThat(after.calls).hasSize(2);
      assertThat(after.calls.get(0).events).containsExactly("success " + r.stamp().invocationId());
      assertThat(after.calls.get(1).events).containsExactly("failure BackendException");
    }
  }

  @Test
  void theDefaultNewCall_forwardsToThePlainCallbacks() {
    InMemoryModelBackend backend = InMemoryModelBackend.create().throttleNext(1);
    List<String> seen = new CopyOnWriteArrayList<>();
    try (PinnedModelClient client = PinnedModelClient.builder().manifest(PRIMARY).backend(backend)
        .resilience(ResiliencePolicy.builder().retry(2, Duration.ofMillis(1), 2.0, Duration.ofMillis(5)).build())
        .listener(new InvocationListener() {
          @Override
          public void beforeInvocation(ResolvedCall call) {
            seen.add("before " + call.invocationId());
          }

          @Override
          public void onRetry(ResolvedCall call, int attempt, MvcException error, Duration backoff) {
            seen.add("retry " + call.invocationId());
          }

          @Override
          public void afterInvocation(ResolvedCall call, InvocationResponse response) {
            seen.add("after " + call.invocationId());
          }
        }).build()) {
      String id = client.invoke(VARS).stamp().invocationId();
      assertThat(seen).containsExactly("before " + id, "retry " + id, "after " + id);
    }
  }
}
