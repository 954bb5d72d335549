package dev.mvc.testkit;

import static dev.mvc.testkit.MvcAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvc.BackendException;
import dev.mvc.InvocationRequest;
import dev.mvc.InvocationResponse;
import dev.mvc.ManifestException;
import dev.mvc.ManifestParseException;
import dev.mvc.ManifestPolicyException;
import dev.mvc.ManifestSources;
import dev.mvc.Message;
import dev.mvc.MvcException;
import dev.mvc.PinnedModelClient;
import dev.mvc.TemplateException;
import dev.mvc.VersionDriftException;
import dev.mvc.VersionManifest;
import dev.mvc.LoadedManifest;
import dev.mvc.spi.InvocationListener;
import dev.mvc.spi.ManifestListener;
import dev.mvc.spi.ResolvedCall;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.MDC;

/** The client's pin enforcement, stamping, drift detection, listeners and reload. */
class PinnedModelClientTest {
  private static final VersionManifest MANIFEST = TestManifests.bedrock("Answer: {{question}}");

  @TempDir Path dir;

  private static PinnedModelClient client(InMemoryModelBackend backend) {
    return PinnedModelClient.builder().manifest(MANIFEST).backend(backend).build();
  }

  @Test
  void invoke_sendsOnlyPinnedValuesAndStampsTheResponse() {
    InMemoryModelBackend backend = InMemoryModelBackend.create();
    backend.when(c -> c.renderedPrompt().contains("refund")).reply("Five days.");
    try (PinnedModelClient client = client(backend)) {
      InvocationResponse r = client.invoke(Map.of("question", "When is my refund?"));
      assertThat(r).wasServedBy(MANIFEST).hasText("Five days.").hasBackendRequestId("in-memory-1");
      assertThat(r.stamp()).roundTripsThroughItsHeaderForm();
      ResolvedCall sent = backend.lastCall();
      assertThat(sent.manifest()).isEqualTo(MANIFEST);
      assertThat(sent.systemText()).isEqualTo(TestManifests.SYSTEM);
      assertThat(sent.messages()).containsExactly(Message.user("Answer: When is my refund?"));
      assertThat(sent.parameters()).isEqualTo(MANIFEST.inference());
    }
  }

  @Test
  void invoke_withHistory_putsTheRenderedTemplateLast() {
    InMemoryModelBackend backend = InMemoryModelBackend.create();
    try (PinnedModelClient client = client(backend)) {
      client.invoke(InvocationRequest.builder().variable("question", "and now?")
          .history(List.of(Message.user("hi"), Message.assistant("hello"))).build());
      assertThat(backend.lastCall().messages()).extracting(Message::text)
          .containsExactly("hi", "hello", "Answer: and now?");
    }
  }

  @Test
  void invoke_withMissingOrUnknownVariables_failsBeforeTheBackend() {
    InMemoryModelBackend backend = InMemoryModelBackend.create();
    try (PinnedModelClient client = client(backend)) {
      assertThatThrownBy(() -> client.invoke(Map.of())).isInstanceOf(TemplateException.class);
      assertThatThrownBy(() -> client.invoke(Map.of("question", "q", "model", "gpt")))
          .isInstanceOf(TemplateException.class).hasMessageContaining("\"model\"");
      assertThat(backend.calls()).isEmpty();
    }
  }

  @Test
  void overrideOfAParameterNotDeclaredOverridable_isAPinViolation() {
    InMemoryModelBackend backend = InMemoryModelBackend.create();
    try (PinnedModelClient client = client(backend)) {
      assertThatThrownBy(() -> client.invoke(InvocationRequest.builder().variable("question", "q")
          .overrideMaxTokens(4096).build()))
          .isInstanceOf(dev.mvc.PinViolationException.class)
          .hasMessageContaining("inference.maxTokens is not overridable").hasMessageContaining("4096");
      assertThat(backend.calls()).isEmpty();
    }
  }

  @Test
  void allowedOverride_changesTheInferenceDigestInTheStamp() {
    VersionManifest m = MANIFEST.toBuilder().inference(MANIFEST.inference().toBuilder()
        .overridable("maxTokens", 1, 1024).build()).build();
    InMemoryModelBackend backend = InMemoryModelBackend.create();
    try (PinnedModelClient client = PinnedModelClient.builder().manifest(m).backend(backend).build()) {
      InvocationResponse pinned = client.invoke(Map.of("question", "q"));
      InvocationResponse overridden = client.invoke(InvocationRequest.builder().variable("question", "q")
          .overrideMaxTokens(1000).build());
      assertThat(backend.lastCall().parameters().maxTokens()).isEqualTo(1000);
      assertThat(overridden.stamp().inferenceDigest()).isNotEqualTo(pinned.stamp().inferenceDigest());
      assertThat(overridden.stamp().digest()).isEqualTo(pinned.stamp().digest());
    }
  }

  @Test
  void backendReportingAnotherModel_failsClosedWithVersionDrift() {
    InMemoryModelBackend backend = InMemoryModelBackend.create().reportServedModel("anthropic.claude-3-5-haiku-20241022-v1:0");
    List<MvcException> failures = new CopyOnWriteArrayList<>();
    try (PinnedModelClient client = PinnedModelClient.builder().manifest(MANIFEST).backend(backend)
        .listener(new InvocationListener() {
          @Override
          public void onFailure(ResolvedCall call, MvcException error) {
            failures.add(error);
          }
        }).build()) {
      assertThatThrownBy(() -> client.invoke(Map.of("question", "q")))
          .isInstanceOfSatisfying(VersionDriftException.class, e -> {
            assertThat(e.pinned()).isEqualTo(TestManifests.MODEL_ID);
            assertThat(e.served()).isEqualTo("anthropic.claude-3-5-haiku-20241022-v1:0");
          });
      assertThat(failures).singleElement().isInstanceOf(VersionDriftException.class);
    }
  }

  @Test
  void sagemakerBackendReportingAnotherVariant_failsClosed() {
    VersionManifest sm = TestManifests.sagemaker("Q: {{q}}");
    InMemoryModelBackend backend = InMemoryModelBackend.create().reportServedVariant("green");
    try (PinnedModelClient client = PinnedModelClient.builder().manifest(sm).backend(backend).build()) {
      assertThatThrownBy(() -> client.invoke(Map.of("q", "x")))
          .isInstanceOf(VersionDriftException.class).hasMessageContaining("model.sagemaker.variant")
          .hasMessageContaining("blue").hasMessageContaining("green");
    }
  }

  @Test
  void throwingListener_isSkippedAndTheCallSucceeds() {
    InMemoryModelBackend backend = InMemoryModelBackend.create();
    List<String> seen = new CopyOnWriteArrayList<>();
    try (PinnedModelClient client = PinnedModelClient.builder().manifest(MANIFEST).backend(backend)
        .listener(new InvocationListener() {
          @Override
          public void beforeInvocation(ResolvedCall call) {
            throw new IllegalStateException("listener bug");
          }
        })
        .listener(new InvocationListener() {
          @Override
          public void afterInvocation(ResolvedCall call, InvocationResponse response) {
            seen.add(response.stamp().invocationId());
          }
        }).build()) {
      InvocationResponse r = client.invoke(Map.of("question", "q"));
      assertThat(seen).containsExactly(r.stamp().invocationId());
    }
  }

  @Test
  void mdc_holdsTheVersionDuringTheCallAndIsClearedAfter() {
    InMemoryModelBackend backend = InMemoryModelBackend.create();
    backend.otherwise().replyWith(c -> MDC.get("mvc.manifest") + "/" + MDC.get("mvc.version") + "/" + MDC.get("mvc.digest"));
    try (PinnedModelClient client = client(backend)) {
      InvocationResponse r = client.invoke(Map.of("question", "q"));
      assertThat(r.text()).isEqualTo("test-manifest/1.0.0/" + MANIFEST.digest());
      assertThat(MDC.get("mvc.manifest")).isNull();
      assertThat(MDC.get("mvc.digest")).isNull();
    }
  }

  @Test
  void invokeAsync_failsTheFutureWithTheMappedException() {
    InMemoryModelBackend backend = InMemoryModelBackend.create().throttleNext(1);
    try (PinnedModelClient client = client(backend)) {
      assertThatThrownBy(() -> client.invokeAsync(InvocationRequest.of(Map.of("question", "q"))).get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause().isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.retryable()).isTrue());
    }
  }

  @Test
  void unexpectedBackendException_isWrappedIntoTheMvcTree() {
    InMemoryModelBackend backend = InMemoryModelBackend.create();
    backend.otherwise().fail(new IllegalStateException("socket closed"));
    try (PinnedModelClient client = client(backend)) {
      assertThatThrownBy(() -> client.invoke(Map.of("question", "q")))
          .isInstanceOf(BackendException.class).hasRootCauseInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void build_withAManifestThatBreaksThePolicy_failsFast() {
    VersionManifest floating = MANIFEST.toBuilder()
        .model(dev.mvc.BedrockTarget.builder("anthropic.claude-sonnet-4-5").build()).build();
    assertThatThrownBy(() -> PinnedModelClient.builder().manifest(floating)
        .backend(InMemoryModelBackend.create()).build())
        .isInstanceOf(ManifestPolicyException.class).hasMessageContaining("bedrock-model-versioned");
  }

  @Test
  void reload_swapsAValidNewVersionAndKeepsServingOnABadOne() throws IOException {
    Path file = dir.resolve("manifest.json");
    Files.writeString(file, MANIFEST.toJson());
    List<String> events = new CopyOnWriteArrayList<>();
    InMemoryModelBackend backend = InMemoryModelBackend.create();
    try (PinnedModelClient client = PinnedModelClient.builder().manifest(ManifestSources.file(file)).backend(backend)
        .manifestListener(new ManifestListener() {
          @Override
          public void onSwapped(LoadedManifest previous, LoadedManifest current) {
            events.add("swapped " + current.manifest().version());
          }

          @Override
          public void onRejected(LoadedManifest current, ManifestException error) {
            events.add("rejected, serving " + current.manifest().version());
          }
        }).build()) {
      assertThat(client.reload()).isFalse();
      VersionManifest v2 = TestManifests.withVersion(MANIFEST, "2.0.0");
      Files.writeString(file, v2.toJson());
      assertThat(client.reload()).isTrue();
      assertThat(client.invoke(Map.of("question", "q"))).wasServedBy(v2);

      Files.writeString(file, v2.toJson().replace("\"temperature\" : 0.2", "\"temperature\" : 7"));
      assertThatThrownBy(client::reload).isInstanceOf(ManifestParseException.class)
          .hasMessageContaining("inference.temperature must be in [0, 1], was 7");
      assertThat(client.invoke(Map.of("question", "q"))).wasServedBy(v2);
      assertThat(events).containsExactly("swapped 1.0.0", "swapped 2.0.0", "rejected, serving 2.0.0");
    }
  }

  /** A listener of calls that is also a listener of manifests, such as a metrics binder. */
  private interface BothListener extends InvocationListener, ManifestListener {}

  @Test
  void aCallListenerThatAlsoListensToManifests_hearsSwapsOnce_evenWhenAlsoAddedAsAManifestListener() throws IOException {
    Path file = dir.resolve("manifest.json");
    Files.writeString(file, MANIFEST.toJson());
    List<String> swaps = new CopyOnWriteArrayList<>();
    BothListener both = new BothListener() {
      @Override
      public void onSwapped(LoadedManifest previous, LoadedManifest current) {
        swaps.add(current.manifest().version());
      }
    };
    try (PinnedModelClient onlyAsCallListener = PinnedModelClient.builder().manifest(ManifestSources.file(file))
        .backend(InMemoryModelBackend.create()).listener(both).build();
        PinnedModelClient addedBothWays = PinnedModelClient.builder().manifest(ManifestSources.file(file))
            .backend(InMemoryModelBackend.create()).listener(both).manifestListener(both).build()) {
      assertThat(swaps).containsExactly("1.0.0", "1.0.0");
      Files.writeString(file, TestManifests.withVersion(MANIFEST, "2.0.0").toJson());
      assertThat(onlyAsCallListener.reload()).isTrue();
      assertThat(addedBothWays.reload()).isTrue();
      assertThat(swaps).containsExactly("1.0.0", "1.0.0", "2.0.0", "2.0.0");
    }
  }

  @Test
  void closedClient_refusesCalls() {
    PinnedModelClient client = client(InMemoryModelBackend.create());
    client.close();
    assertThatThrownBy(() -> client.invoke(Map.of("question", "q"))).isInstanceOf(MvcException.class)
        .hasMessageContaining("closed");
  }
}
