package dev.mvc.testkit;

import static dev.mvc.testkit.MvcAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mvc.CanaryClient;
import dev.mvc.InferenceParameters;
import dev.mvc.InvocationRequest;
import dev.mvc.InvocationResponse;
import dev.mvc.Message;
import dev.mvc.PinnedModelClient;
import dev.mvc.ResponseCacheStats;
import dev.mvc.VersionManifest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The opt-in response cache for deterministic manifests, and the canary between two versions. */
class ResponseCacheAndCanaryTest {
  private static final VersionManifest DETERMINISTIC = TestManifests.bedrock("Classify: {{text}}").toBuilder()
      .inference(InferenceParameters.builder().temperature(0.0).maxTokens(16).topP(1.0).build()).build();

  @Test
  void deterministicCall_isAnsweredFromTheCacheAndStampedSo() {
    InMemoryModelBackend backend = InMemoryModelBackend.create();
    try (PinnedModelClient client = PinnedModelClient.builder().manifest(DETERMINISTIC).backend(backend)
        .responseCache(100).build()) {
      InvocationResponse first = client.invoke(Map.of("text", "great product"));
      InvocationResponse second = client.invoke(Map.of("text", "great product"));
      client.invoke(Map.of("text", "awful product"));
      assertThat(backend.calls()).hasSize(2);
      assertThat(first.stamp().cached()).isFalse();
      assertThat(second.stamp().cached()).isTrue();
      assertThat(second).wasServedBy(DETERMINISTIC);
      assertThat(second.stamp().invocationId()).isNotEqualTo(first.stamp().invocationId());
      assertThat(client.responseCacheStats()).isEqualTo(new ResponseCacheStats(true, 1, 2, 2));
    }
  }

  @Test
  void nonDeterministicCalls_areNeverCached() {
    InMemoryModelBackend backend = InMemoryModelBackend.create();
    try (PinnedModelClient client = PinnedModelClient.builder().manifest(TestManifests.bedrock("Q: {{q}}"))
        .backend(backend).responseCache(100).build()) {
      client.invoke(Map.of("q", "x"));
      client.invoke(Map.of("q", "x"));
      assertThat(backend.calls()).hasSize(2);
    }
  }

  @Test
  void aMessageHoldingSeparatorsAndRoles_neverHitsTheEntryOfAThreeMessageConversation() {
    VersionManifest echo = TestManifests.bedrock("{{text}}").toBuilder()
        .inference(InferenceParameters.builder().temperature(0.0).maxTokens(16).topP(1.0).build()).build();
    InMemoryModelBackend backend = InMemoryModelBackend.create();
    backend.otherwise().replyWith(c -> "answer to " + c.messages().size() + " messages");
    try (PinnedModelClient client = PinnedModelClient.builder().manifest(echo).backend(backend)
        .responseCache(100).build()) {
      InvocationResponse conversation = client.invoke(InvocationRequest.builder().variables(Map.of("text", "c"))
          .history(List.of(Message.user("a"), Message.assistant("b"))).build());
      InvocationResponse oneMessage = client.invoke(InvocationRequest.of(Map.of("text", "a\0ASSISTANT\0b\0USER\0c")));

      assertThat(backend.calls()).hasSize(2);
      assertThat(backend.lastCall().messages()).containsExactly(Message.user("a\0ASSISTANT\0b\0USER\0c"));
      assertThat(oneMessage.stamp().cached()).isFalse();
      assertThat(oneMessage.text()).isEqualTo("answer to 1 messages");
      assertThat(conversation.text()).isEqualTo("answer to 3 messages");
      assertThat(client.responseCacheStats()).isEqualTo(new ResponseCacheStats(true, 0, 2, 2));
    }
  }

  @Test
  void anotherVersion_neverHitsTheEntriesOfTheFirst() {
    InMemoryModelBackend backend = InMemoryModelBackend.create();
    backend.otherwise().replyWith(c -> "answer of " + c.manifest().version());
    VersionManifest v2 = TestManifests.withVersion(DETERMINISTIC, "2.0.0");
    try (PinnedModelClient one = PinnedModelClient.builder().manifest(DETERMINISTIC).backend(backend).responseCache(10).build();
        PinnedModelClient two = PinnedModelClient.builder().manifest(v2).backend(backend).responseCache(10).build()) {
      assertThat(one.invoke(Map.of("text", "t")).text()).isEqualTo("answer of 1.0.0");
      assertThat(two.invoke(Map.of("text", "t")).text()).isEqualTo("answer of 2.0.0");
    }
  }

  @Test
  void canary_assignsKeysStickily_inProportion_andRecordsTheArm() {
    VersionManifest baseline = TestManifests.bedrock("Q: {{q}}");
    VersionManifest candidate = TestManifests.withVersion(baseline, "2.0.0");
    InMemoryModelBackend backend = InMemoryModelBackend.create();
    try (CanaryClient canary = CanaryClient.create(
        PinnedModelClient.builder().manifest(baseline).backend(backend).closeBackend(false).build(),
        PinnedModelClient.builder().manifest(candidate).backend(backend).closeBackend(false).build(), 20.0)) {
      Map<String, String> firstArm = new HashMap<>();
      int toCandidate = 0;
      for (int i = 0; i < 2000; i++) {
        String key = "user-" + i;
        InvocationResponse r = canary.invoke(key, Map.of("q", "x"));
        firstArm.put(key, r.stamp().arm());
        if (r.stamp().arm().equals(CanaryClient.CANDIDATE)) {
          toCandidate++;
          assertThat(r).wasServedBy(candidate);
        } else {
          assertThat(r).wasServedBy(baseline);
        }
        assertThat(r.stamp().toHeaderValue()).contains(";arm=" + r.stamp().arm());
      }
      assertThat(toCandidate).isBetween(320, 480);
      for (int i = 0; i < 2000; i += 7) {
        String key = "user-" + i;
        assertThat(canary.armFor(key)).isEqualTo(firstArm.get(key));
      }
      canary.setPercent(50);
      firstArm.forEach((key, arm) -> {
        if (arm.equals(CanaryClient.CANDIDATE)) {
          assertThat(canary.armFor(key)).isEqualTo(CanaryClient.CANDIDATE);
        }
      });
      canary.promote();
      assertThat(canary.invoke("user-1", Map.of("q", "x")).stamp().manifestVersion()).isEqualTo("2.0.0");
      canary.abort();
      assertThat(canary.invoke("user-1", Map.of("q", "x")).stamp().manifestVersion()).isEqualTo("1.0.0");
    }
  }
}
