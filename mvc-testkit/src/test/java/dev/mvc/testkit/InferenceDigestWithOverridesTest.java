package dev.mvc.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mvc.InferenceParameters;
import dev.mvc.InvocationRequest;
import dev.mvc.InvocationResponse;
import dev.mvc.ManifestLoader;
import dev.mvc.MvcException;
import dev.mvc.PinnedModelClient;
import dev.mvc.StreamHandler;
import dev.mvc.VersionManifest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A call with overrides is stamped with the digest of the parameters it actually sent, on every
 * path: {@code invoke}, {@code invokeAsync} and {@code invokeStream} alike.
 */
class InferenceDigestWithOverridesTest {
  private static final VersionManifest MANIFEST = TestManifests.base("Answer: {{question}}")
      .model(dev.mvc.BedrockTarget.builder(TestManifests.MODEL_ID).region("us-east-1").build())
      .inference(InferenceParameters.builder().temperature(0.2).maxTokens(256).topP(0.9)
          .overridable("temperature", 0.0, 0.5).build())
      .build();

  private static final InvocationRequest OVERRIDDEN = InvocationRequest.builder()
      .variable("question", "q").overrideTemperature(0.4).build();
  private static final InvocationRequest PLAIN = InvocationRequest.builder().variable("question", "q").build();

  private static final String PINNED_DIGEST = ManifestLoader.inferenceDigest(MANIFEST.inference());
  private static final String OVERRIDDEN_DIGEST =
      ManifestLoader.inferenceDigest(MANIFEST.inference().toBuilder().temperature(0.4).build());

  private static PinnedModelClient client() {
    InMemoryModelBackend backend = InMemoryModelBackend.create();
    backend.otherwise().reply("fine");
    return PinnedModelClient.builder().manifest(MANIFEST).backend(backend).build();
  }

  @Test
  void theTwoDigests_differ() {
    assertThat(OVERRIDDEN_DIGEST).isNotEqualTo(PINNED_DIGEST).startsWith("sha256:");
  }

  @Test
  void invoke_withAnOverride_stampsTheDigestOfTheParametersSent() {
    try (PinnedModelClient client = client()) {
      assertThat(client.invoke(OVERRIDDEN).stamp().inferenceDigest()).isEqualTo(OVERRIDDEN_DIGEST);
      assertThat(client.invoke(PLAIN).stamp().inferenceDigest()).isEqualTo(PINNED_DIGEST);
    }
  }

  @Test
  void invokeAsync_withAnOverride_stampsTheDigestOfTheParametersSent() throws Exception {
    try (PinnedModelClient client = client()) {
      assertThat(client.invokeAsync(OVERRIDDEN).get(10, TimeUnit.SECONDS).stamp().inferenceDigest())
          .isEqualTo(OVERRIDDEN_DIGEST);
      assertThat(client.invokeAsync(PLAIN).get(10, TimeUnit.SECONDS).stamp().inferenceDigest())
          .isEqualTo(PINNED_DIGEST);
    }
  }

  @Test
  void invokeStream_withAnOverride_stampsTheDigestOfTheParametersSent() throws Exception {
    try (PinnedModelClient client = client()) {
      assertThat(stream(client, OVERRIDDEN).stamp().inferenceDigest()).isEqualTo(OVERRIDDEN_DIGEST);
      assertThat(stream(client, PLAIN).stamp().inferenceDigest()).isEqualTo(PINNED_DIGEST);
    }
  }

  private static InvocationResponse stream(PinnedModelClient client, InvocationRequest request) throws Exception {
    CompletableFuture<InvocationResponse> handled = new CompletableFuture<>();
    CompletableFuture<InvocationResponse> returned = client.invokeStream(request, new StreamHandler() {
      @Override
      public void onText(String delta) {}

      @Override
      public void onComplete(InvocationResponse response) {
        handled.complete(response);
      }

      @Override
      public void onError(MvcException error) {
        handled.completeExceptionally(error);
      }
    });
    InvocationResponse response = handled.get(10, TimeUnit.SECONDS);
    assertThat(returned.get(10, TimeUnit.SECONDS).stamp().inferenceDigest())
        .isEqualTo(response.stamp().inferenceDigest());
    return response;
  }
}
