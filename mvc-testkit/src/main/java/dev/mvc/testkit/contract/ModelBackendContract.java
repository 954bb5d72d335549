package dev.mvc.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvc.BackendException;
import dev.mvc.ImageFormat;
import dev.mvc.InferenceParameters;
import dev.mvc.InvocationRequest;
import dev.mvc.InvocationResponse;
import dev.mvc.MvcException;
import dev.mvc.PinViolationException;
import dev.mvc.PinnedModelClient;

import dev.mvc.StreamHandler;
import dev.mvc.TargetStamp;
import dev.mvc.VersionManifest;
import dev.mvc.VersionStamp;
import dev.mvc.spi.ModelBackend;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link ModelBackend} must pass: pinned values reach the provider unchanged,
 * responses are stamped, errors are mapped into the mvc tree with the right retry flag, and
 * overrides are enforced before anything leaves the process. Backend modules extend it and say
 * how to create the backend, script a reply or an error, and read what arrived.
 */
public abstract class ModelBackendContract {
  /** The template the contract's manifest uses. */
  protected static final String TEMPLATE = "Answer briefly: {{question}}";

  private PinnedModelClient client;
  private VersionManifest manifest;

  /** Returns the manifest the contract pins: it must use {@link #TEMPLATE} and allow a temperature override in [0, 0.5]. */
  protected abstract VersionManifest manifest();

  /** Returns a fresh backend under test (closed by the contract after each test). */
  protected abstract ModelBackend createBackend();

  /** Scripts the next call's reply text and provider request ID. */
  protected abstract void scriptReply(String text, String requestId);

  /** Scripts the next call to fail with a provider error of {@code status} and {@code errorCode}. */
  protected abstract void scriptError(int status, String errorCode);

  /** Returns what the provider received in the last call, or null when nothing arrived. */
  protected abstract ReceivedCall lastReceived();

  /** Returns how many calls the provider received so far. */
  protected abstract int receivedCount();

  /** Returns the contract's default manifest for {@code base}: pins plus a temperature override bound. */
  protected static VersionManifest withOverridableTemperature(VersionManifest base) {
    InferenceParameters p = base.inference().toBuilder().overridable("temperature", 0.0, 0.5).build();
    return base.toBuilder().inference(p).build();
  }

  @BeforeEach
  void startClient() {
    manifest = manifest();
    client = PinnedModelClient.builder().manifest(manifest).backend(createBackend()).build();
  }

  @AfterEach
  void closeClient() {
    if (client != null) {
      client.close();
    }
  }

  /** Returns the client under test. */
  protected PinnedModelClient client() {
    return client;
  }

  @Test
  void invoke_sendsThePinnedModelPromptAndParametersUnchanged() {
    scriptReply("Paris.", "req-1");
    client.invoke(Map.of("question", "Capital of France?"));
    ReceivedCall got = lastReceived();
    assertThat(got).isNotNull();
    assertThat(got.target()).isEqualTo(pinnedTarget());
    assertThat(got.userText()).isEqualTo("Answer briefly: Capital of France?");
    assertThat(got.systemText()).isEqualTo(client.currentManifest().systemText());
    InferenceParameters p = manifest.inference();
    assertThat(got.temperature()).isEqualTo(p.temperature());
    assertThat(got.maxTokens()).isEqualTo(p.maxTokens());
    assertThat(got.topP()).isEqualTo(p.topP());
    assertThat(got.stopSequences()).isEqualTo(p.stopSequences());
  }

  @Test
  void invoke_returnsTheTextAndAFilledStamp() {
    scriptReply("Paris.", "req-42");
    InvocationResponse r = client.invoke(Map.of("question", "Capital of France?"));
    assertThat(r.text()).isEqualTo("Paris.");
    VersionStamp s = r.stamp();
    assertThat(s.manifestName()).isEqualTo(manifest.name());
    assertThat(s.manifestVersion()).isEqualTo(manifest.version());
    assertThat(s.digest()).isEqualTo(manifest.digest());
    assertThat(s.provider()).isEqualTo(manifest.model().provider());
    assertThat(s.templateSha256()).isEqualTo(manifest.prompt().template().sha256());
    assertThat(s.inferenceDigest()).isEqualTo(client.currentManifest().inferenceDigest());
    assertThat(s.backendRequestId()).isEqualTo("req-42");
    assertThat(s.invocationId()).isNotBlank();
    assertThat(VersionStamp.parse(s.toHeaderValue())).isEqualTo(s);
  }

  @Test
  void invokeAsync_returnsTheSameStampedAnswer() throws Exception {
    scriptReply("Rome.", "req-7");
    InvocationResponse r = client.invokeAsync(InvocationRequest.of(Map.of("question", "Capital of Italy?")))
        .get(30, TimeUnit.SECONDS);
    assertThat(r.text()).isEqualTo("Rome.");
    assertThat(r.stamp().digest()).isEqualTo(manifest.digest());
    assertThat(lastReceived().userText()).isEqualTo("Answer briefly: Capital of Italy?");
  }

  @Test
  void attachments_areStampedBySha256_orRefusedBeforeAnythingIsSent() {
    byte[] image = {(byte) 0x89, 'P', 'N', 'G', 1};
    InvocationRequest request = InvocationRequest.builder().variable("question", "What is in the picture?")
        .image(ImageFormat.PNG, image).build();
    String sha256 = request.attachments().get(0).sha256();
    if (manifest.model().sendsAttachments()) {
      scriptReply("A logo.", "req-11");
      InvocationResponse r = client.invoke(request);
      assertThat(r.stamp().attachmentSha256s()).containsExactly(sha256);
      assertThat(VersionStamp.parse(r.stamp().toHeaderValue()).attachmentSha256s()).containsExactly(sha256);
    } else {
      int before = receivedCount();
      assertThatThrownBy(() -> client.invoke(request))
          .isInstanceOf(PinViolationException.class)
          .hasMessageContaining("documents and images cannot be sent to");
      assertThat(receivedCount()).isEqualTo(before);
    }
  }

  @Test
  void invokeStream_deliversTheTextOnceThenTheStampedResponse() throws Exception {
    scriptReply("Madrid.", "req-9");
    List<String> deltas = new CopyOnWriteArrayList<>();
    List<MvcException> errors = new CopyOnWriteArrayList<>();
    InvocationResponse r = client.invokeStream(InvocationRequest.of(Map.of("question", "Capital of Spain?")),
        new StreamHandler() {
          @Override
          public void onText(String delta) {
            deltas.add(delta);
          }

          @Override
          public void onComplete(InvocationResponse response) {}

          @Override
          public void onError(MvcException error) {
            errors.add(error);
          }
        }).get(30, TimeUnit.SECONDS);
    assertThat(errors).isEmpty();
    assertThat(String.join("", deltas)).isEqualTo("Madrid.").isEqualTo(r.text());
    assertThat(r.stamp().digest()).isEqualTo(manifest.digest());
  }

  @Test
  void throttling_isMappedToARetryableBackendException() {
    scriptError(429, "ThrottlingException");
    assertThatThrownBy(() -> client.invoke(Map.of("question", "?")))
        .isInstanceOfSatisfying(BackendException.class, e -> {
          assertThat(e.retryable()).isTrue();
          assertThat(e.statusCode()).isEqualTo(429);
        });
  }

  @Test
  void validationError_isMappedToANonRetryableBackendException() {
    scriptError(400, "ValidationException");
    assertThatThrownBy(() -> client.invoke(Map.of("question", "?")))
        .isInstanceOfSatisfying(BackendException.class, e -> {
          assertThat(e.retryable()).isFalse();
          assertThat(e.statusCode()).isEqualTo(400);
        });
  }

  @Test
  void overrideInsideItsBound_reachesTheProvider() {
    scriptReply("ok", "req-3");
    client.invoke(InvocationRequest.builder().variable("question", "?").overrideTemperature(0.4).build());
    assertThat(lastReceived().temperature()).isEqualTo(0.4);
  }

  @Test
  void overrideOutsideItsBound_isRejectedBeforeAnythingIsSent() {
    int before = receivedCount();
    assertThatThrownBy(() -> client.invoke(
        InvocationRequest.builder().variable("question", "?").overrideTemperature(0.9).build()))
        .isInstanceOf(PinViolationException.class)
        .hasMessageContaining("inference.temperature").hasMessageContaining("0.9");
    assertThatThrownBy(() -> client.invoke(
        InvocationRequest.builder().variable("question", "?").overrideTopP(0.5).build()))
        .isInstanceOf(PinViolationException.class).hasMessageContaining("inference.topP");
    assertThat(receivedCount()).isEqualTo(before);
  }

  private String pinnedTarget() {
    TargetStamp pinned = manifest.model().stampFields();
    return pinned.modelId() != null ? pinned.modelId() : pinned.endpoint();
  }
}
