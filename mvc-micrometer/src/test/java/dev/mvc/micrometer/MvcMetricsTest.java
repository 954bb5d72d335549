package dev.mvc.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvc.BackendException;
import dev.mvc.InvocationResponse;
import dev.mvc.Message;
import dev.mvc.PinnedModelClient;
import dev.mvc.VersionDriftException;
import dev.mvc.VersionManifest;
import dev.mvc.spi.CallListener;
import dev.mvc.spi.ResolvedCall;
import dev.mvc.testkit.InMemoryModelBackend;
import dev.mvc.testkit.TestManifests;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Invocation counts, latency and token summaries, driven through a real client. */
class MvcMetricsTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final InMemoryModelBackend backend = InMemoryModelBackend.create();
  private final VersionManifest manifest = TestManifests.bedrock("Answer: {{question}}");

  private PinnedModelClient client(VersionManifest m, MvcMetrics metrics) {
    return PinnedModelClient.builder().manifest(m).backend(backend).listener(metrics).build();
  }

  private Tags tags(VersionManifest m) {
    return Tags.of(MvcMetrics.TAG_MANIFEST, m.name(), MvcMetrics.TAG_VERSION, m.version(),
        MvcMetrics.TAG_PROVIDER, "bedrock");
  }

  @Test
  void successfulCalls_areCountedTimedAndTheirTokensSummarised() {
    backend.latency(Duration.ofMillis(15)).otherwise().reply("Within five business days, to the card.");
    InvocationResponse first;
    InvocationResponse second;
    try (PinnedModelClient client = client(manifest, MvcMetrics.create(registry))) {
      first = client.invoke(Map.of("question", "How are refunds paid?"));
      second = client.invoke(Map.of("question", "And how long does it take?"));
    }
    Tags success = tags(manifest).and(MvcMetrics.TAG_OUTCOME, MvcMetrics.SUCCESS);
    assertThat(registry.get(MvcMetrics.INVOCATIONS).tags(success).counter().count()).isEqualTo(2.0);
    Timer timer = registry.get(MvcMetrics.DURATION).tags(success).timer();
    assertThat(timer.count()).isEqualTo(2);
    assertThat(timer.totalTime(TimeUnit.NANOSECONDS))
        .isEqualTo((double) first.latency().plus(second.latency()).toNanos());
    assertThat(timer.max(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(15.0);
    var input = registry.get(MvcMetrics.TOKENS).tags(tags(manifest).and(MvcMetrics.TAG_TOKEN_TYPE, "input")).summary();
    var output = registry.get(MvcMetrics.TOKENS).tags(tags(manifest).and(MvcMetrics.TAG_TOKEN_TYPE, "output")).summary();
    assertThat(input.count()).isEqualTo(2);
    assertThat(input.totalAmount()).isEqualTo(first.usage().inputTokens() + second.usage().inputTokens());
    assertThat(output.totalAmount()).isEqualTo(first.usage().outputTokens() + second.usage().outputTokens());
    assertThat(output.getId().getBaseUnit()).isEqualTo("tokens");
  }

  @Test
  void promptCacheTokens_areSummarisedAsCacheReadAndCacheWrite() {
    dev.mvc.spi.ModelBackend caching = new dev.mvc.spi.ModelBackend() {
      @Override
      public String provider() {
        return "bedrock";
      }

      @Override
      public dev.mvc.spi.BackendResponse invoke(ResolvedCall call) {
        return dev.mvc.spi.BackendResponse.builder("cached answer")
            .usage(dev.mvc.TokenUsage.of(120, 4).withCache(80, 30)).build();
      }
    };
    try (PinnedModelClient client = PinnedModelClient.builder().manifest(manifest).backend(caching)
        .listener(MvcMetrics.create(registry)).build()) {
      client.invoke(Map.of("question", "q"));
    }
    var read = registry.get(MvcMetrics.TOKENS).tags(tags(manifest).and(MvcMetrics.TAG_TOKEN_TYPE, "cache_read")).summary();
    var write = registry.get(MvcMetrics.TOKENS).tags(tags(manifest).and(MvcMetrics.TAG_TOKEN_TYPE, "cache_write")).summary();
    assertThat(read.totalAmount()).isEqualTo(80);
    assertThat(write.totalAmount()).isEqualTo(30);
  }

  @Test
  void failures_areCountedAndTimedByErrorTypeWithoutTokens() {
    MockClock clock = new MockClock();
    SimpleMeterRegistry timed = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
    MvcMetrics metrics = MvcMetrics.create(timed);
    ResolvedCall call = call(manifest, "call-1");
    CallListener started = metrics.newCall(call);
    clock.add(Duration.ofMillis(250));
    started.onFailure(BackendException.builder("throttled").errorCode("ThrottlingException").build());

    Tags throttled = tags(manifest).and(MvcMetrics.TAG_OUTCOME, "ThrottlingException");
    assertThat(timed.get(MvcMetrics.INVOCATIONS).tags(throttled).counter().count()).isEqualTo(1.0);
    assertThat(timed.get(MvcMetrics.DURATION).tags(throttled).timer().totalTime(TimeUnit.MILLISECONDS))
        .isEqualTo(250.0);
    assertThat(timed.find(MvcMetrics.TOKENS).meters()).isEmpty();
  }

  @Test
  void driftAndThrottlingThroughTheClient_haveTheirOwnOutcomes() {
    try (PinnedModelClient client = client(manifest, MvcMetrics.create(registry))) {
      backend.throttleNext(1);
      assertThatThrownBy(() -> client.invoke(Map.of("question", "q"))).isInstanceOf(BackendException.class);
      backend.reportServedModel("anthropic.claude-3-sonnet-20240229-v1:0");
      assertThatThrownBy(() -> client.invoke(Map.of("question", "q"))).isInstanceOf(VersionDriftException.class);
      backend.reportServedModel(null);
      client.invoke(Map.of("question", "q"));
    }
    assertThat(registry.find(MvcMetrics.INVOCATIONS).counters())
        .extracting(c -> c.getId().getTag(MvcMetrics.TAG_OUTCOME))
        .containsExactlyInAnyOrder("ThrottlingException", "VersionDriftException", MvcMetrics.SUCCESS);
    assertThat(registry.get(MvcMetrics.DURATION).tags(MvcMetrics.TAG_OUTCOME, "VersionDriftException").timer().count())
        .isEqualTo(1);
    assertThat(registry.get(MvcMetrics.TOKENS).tags(MvcMetrics.TAG_TOKEN_TYPE, "input").summary().count())
        .isEqualTo(1);
  }

  @Test
  void eachManifestVersion_isItsOwnSeries() {
    VersionManifest next = TestManifests.withVersion(manifest, "1.1.0");
    MvcMetrics metrics = MvcMetrics.create(registry);
    try (PinnedModelClient a = client(manifest, metrics); PinnedModelClient b = client(next, metrics)) {
      a.invoke(Map.of("question", "q"));
      b.invoke(Map.of("question", "q"));
      b.invoke(Map.of("question", "q"));
    }
    assertThat(registry.get(MvcMetrics.INVOCATIONS).tags(MvcMetrics.TAG_VERSION, "1.0.0").counter().count()).isEqualTo(1.0);
    assertThat(registry.get(MvcMetrics.INVOCATIONS).tags(MvcMetrics.TAG_VERSION, "1.1.0").counter().count()).isEqualTo(2.0);
  }

  @Test
  void tags_stayLowInCardinality() {
    MvcMetrics metrics = MvcMetrics.builder(registry).tags(Tags.of("app", "support")).build();
    try (PinnedModelClient client = client(manifest, metrics)) {
      for (int i = 0; i < 20; i++) {
        client.invoke(Map.of("question", "question number " + i));
      }
      backend.failNext(1, new IllegalStateException("reset"));
      assertThatThrownBy(() -> client.invoke(Map.of("question", "q"))).isInstanceOf(BackendException.class);
    }
    List<Meter> meters = registry.getMeters();
    // one counter and one timer per outcome, two token summaries
    assertThat(meters).hasSize(6);
    Set<String> allowed = Set.of("app", MvcMetrics.TAG_MANIFEST, MvcMetrics.TAG_VERSION, MvcMetrics.TAG_PROVIDER,
        MvcMetrics.TAG_OUTCOME, MvcMetrics.TAG_TOKEN_TYPE);
    assertThat(meters).allSatisfy(m -> {
      assertThat(m.getId().getTags()).extracting(Tag::getKey).isSubsetOf(allowed).contains("app");
      assertThat(m.getId().getTags()).extracting(Tag::getValue)
          .noneMatch(v -> v.startsWith("sha256:") || v.contains("question"));
    });
  }

  @Test
  void overlappingCalls_areEachTimedFromTheirOwnStart() {
    MockClock clock = new MockClock();
    SimpleMeterRegistry timed = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
    MvcMetrics metrics = MvcMetrics.create(timed);
    CallListener first = metrics.newCall(call(manifest, "call-1"));
    clock.add(Duration.ofMillis(100));
    CallListener second = metrics.newCall(call(manifest, "call-2"));
    clock.add(Duration.ofMillis(30));
    second.onFailure(BackendException.builder("throttled").errorCode("ThrottlingException").build());
    clock.add(Duration.ofMillis(70));
    first.onFailure(BackendException.builder("timed out").errorCode("ModelTimeoutException").build());

    Tags throttled = tags(manifest).and(MvcMetrics.TAG_OUTCOME, "ThrottlingException");
    Tags timedOut = tags(manifest).and(MvcMetrics.TAG_OUTCOME, "ModelTimeoutException");
    assertThat(timed.get(MvcMetrics.DURATION).tags(throttled).timer().totalTime(TimeUnit.MILLISECONDS))
        .isEqualTo(30.0);
    assertThat(timed.get(MvcMetrics.DURATION).tags(timedOut).timer().totalTime(TimeUnit.MILLISECONDS))
        .isEqualTo(200.0);
  }

  @Test
  void errorTypes_preferTheProviderCodeThenTheSimpleClassName() {
    assertThat(MvcMetrics.errorType(BackendException.builder("x").errorCode("ModelTimeoutException").build()))
        .isEqualTo("ModelTimeoutException");
    assertThat(MvcMetrics.errorType(BackendException.builder("x").build())).isEqualTo("BackendException");
    assertThat(MvcMetrics.errorType(new VersionDriftException("model.bedrock.modelId", "a", "b")))
        .isEqualTo("VersionDriftException");
  }

  private static ResolvedCall call(VersionManifest m, String invocationId) {
    return ResolvedCall.builder().invocationId(invocationId).manifest(m)
        .messages(List.of(Message.user("hi"))).parameters(m.inference()).build();
  }
}
