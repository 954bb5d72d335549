package dev.mvc.emulators.sagemaker;

import dev.mvc.emulators.internal.LoopbackServer;
import dev.mvc.emulators.sagemaker.internal.ControlPlane;
import dev.mvc.emulators.sagemaker.internal.EmulatorState;
import dev.mvc.emulators.sagemaker.internal.SageMakerDispatcher;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A scriptable server on the loopback interface that speaks the Amazon SageMaker wire protocols,
 * so that code using the real AWS SDK (runtime and control plane) can be tested without an AWS
 * account or network.
 *
 * <p><b>Runtime.</b> {@code POST /endpoints/{name}/invocations} and
 * {@code /invocations-response-stream} answer with scripted
 * {@link SageMakerReply replies}, rendered in the payload format of the request (OpenAI chat,
 * Hugging Face TGI, or raw JSON), and reports the serving variant in
 * {@code x-Amzn-Invoked-Production-Variant}: the one named by {@code X-Amzn-SageMaker-Target-Variant},
 * else the endpoint's first variant with traffic, else {@code AllTraffic}. For an endpoint created
 * through the control plane an unknown target variant is a {@code ValidationError}; endpoints the
 * control plane does not know are served too, so runtime-only tests need no set-up. Errors are
 * scripted too: {@code ModelError} (424, with {@code OriginalStatusCode} and
 * {@code OriginalMessage}), throttling (429), {@code ServiceUnavailable} (503) and others. Streamed
 * replies are event-stream {@code PayloadPart} frames carrying server-sent events in the
 * request's format (TGI tokens or OpenAI chat chunks), cut at arbitrary byte offsets as real
 * containers do; {@link SageMakerReply#withStreamFailureAfter(int)} ends a stream with a
 * {@code ModelStreamError} event. Errors SageMaker Runtime's service model defines are sent only to
 * the operation that declares them ({@code ModelNotReadyException} only to InvokeEndpoint); otherwise
 * the call is answered with a {@code ValidationError} naming the errors the operation declares.
 *
 * <p><b>Control plane.</b> {@code POST /} with {@code X-Amz-Target: SageMaker.<Op>} (JSON 1.1)
 * keeps state for CreateModelPackageGroup, DescribeModelPackageGroup, CreateModelPackage (into
 * an existing group), DescribeModelPackage, ListModelPackages (sorted and paged), UpdateModelPackage, CreateModel, DescribeModel,
 * CreateEndpointConfig, DescribeEndpointConfig, CreateEndpoint, DescribeEndpoint and
 * UpdateEndpoint. Endpoints report {@code Creating} or {@code Updating} for
 * {@link #transitionDescribes(int)} DescribeEndpoint calls, then {@code InService} with the new
 * configuration; {@link #failNextEndpointUpdate(String, String)} makes an update fail and leave the
 * old configuration serving, as a failed blue/green deployment does. Image tags resolve to the
 * digest given by {@link #imageDigest(String, String)} (else a digest derived from the tag), which
 * DescribeEndpoint reports as {@code DeployedImages[].ResolvedImage}. Customer metadata is checked
 * against SageMaker's limits (50 entries, 128-character keys, 256-character values, allowed
 * characters).
 *
 * <pre>{@code
 * try (SageMakerEmulator sagemaker = SageMakerEmulator.create().start()) {
 *   sagemaker.enqueue(SageMakerReply.throttled(), SageMakerReply.text("Bonjour"));
 *   SageMakerRuntimeClient runtime = SageMakerRuntimeClient.builder()
 *       .endpointOverride(sagemaker.endpoint())
 *       .region(Region.US_EAST_1)
 *       .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
 *       .build();
 *   // ... call the code under test ...
 *   assertThat(sagemaker.lastInvocation().targetVariant()).isEqualTo("blue");
 * }
 * }</pre>
 *
 * <p>Runtime replies are chosen per call in this order: the queue of the endpoint, the queue for
 * any endpoint, the standing reply of the endpoint, the standing reply for any endpoint, which
 * initially is the text {@code ok}. All methods are thread-safe. Start one emulator per test
 * class and {@link #reset()} it between tests.
 */
public final class SageMakerEmulator implements AutoCloseable {
  /** The account ID in every ARN the emulator creates. */
  public static final String ACCOUNT_ID = ControlPlane.ACCOUNT;

  private final EmulatorState state = new EmulatorState();
  private final LoopbackServer server;

  private SageMakerEmulator() {
    this.server = new LoopbackServer("SageMakerEmulator", new SageMakerDispatcher(state));
  }

  /** Returns a new emulator that is not started yet. */
  public static SageMakerEmulator create() {
    return new SageMakerEmulator();
  }

  /** Starts the server on a free loopback port and returns this emulator. */
  public SageMakerEmulator start() {
    server.start();
    return this;
  }

  /** Returns the base URI for the SDK's {@code endpointOverride}, such as {@code http://127.0.0.1:50123}. */
  public URI endpoint() {
    return server.endpoint();
  }

  /** Returns the port the server listens on; fails if it has not been started. */
  public int port() {
    return server.port();
  }

  /** Queues replies, served in order, to invocations of any endpoint; returns this emulator. */
  public SageMakerEmulator enqueue(SageMakerReply... replies) {
    state.enqueue(null, List.of(replies));
    return this;
  }

  /** Queues replies, served in order, to invocations of {@code endpointName}; returns this emulator. */
  public SageMakerEmulator enqueue(String endpointName, SageMakerReply... replies) {
    state.enqueue(requireName(endpointName), List.of(replies));
    return this;
  }

  /** Sets the reply to every invocation of any endpoint once the queues are empty; returns this emulator. */
  public SageMakerEmulator respondWith(SageMakerReply reply) {
    state.respondWith(null, Objects.requireNonNull(reply, "reply"));
    return this;
  }

  /** Sets the reply to every invocation of {@code endpointName} once its queues are empty; returns this emulator. */
  public SageMakerEmulator respondWith(String endpointName, SageMakerReply reply) {
    state.respondWith(requireName(endpointName), Objects.requireNonNull(reply, "reply"));
    return this;
  }

  /** Sets the digest that image tag {@code imageUri} resolves to when deployed; returns this emulator. */
  public SageMakerEmulator imageDigest(String imageUri, String digest) {
    if (!digest.matches("sha256:[0-9a-f]{64}")) {
      throw new IllegalArgumentException("digest must be sha256:<64 hex>, was " + digest);
    }
    state.controlPlane().imageDigest(requireName(imageUri), digest);
    return this;
  }

  /**
   * Sets how many DescribeEndpoint calls report {@code Creating} or {@code Updating} before an
   * endpoint is {@code InService} (default 2; 0 settles at once); returns this emulator.
   */
  public SageMakerEmulator transitionDescribes(int describes) {
    if (describes < 0) {
      throw new IllegalArgumentException("describes must be >= 0, was " + describes);
    }
    state.controlPlane().transitionDescribes(describes);
    return this;
  }

  /**
   * Makes the next UpdateEndpoint of {@code endpointName} fail with {@code reason}: the endpoint
   * returns to {@code InService} on its old configuration with {@code FailureReason} set.
   */
  public SageMakerEmulator failNextEndpointUpdate(String endpointName, String reason) {
    state.controlPlane().failNextUpdate(requireName(endpointName), Objects.requireNonNull(reason, "reason"));
    return this;
  }

  /** Returns the endpoint configuration {@code endpointName} currently runs, or null if it does not exist. */
  public @Nullable String endpointConfigOf(String endpointName) {
    return state.controlPlane().endpointConfigOf(endpointName);
  }

  /** Returns how many queued replies have not been served yet. */
  public int pendingReplies() {
    return state.pendingReplies();
  }

  /** Returns all requests received since start or the last reset, in arrival order. */
  public List<RecordedSageMakerRequest> requests() {
    return state.journal();
  }

  /** Returns the requests of {@code operation} (such as {@code UpdateEndpoint}), in arrival order. */
  public List<RecordedSageMakerRequest> requests(String operation) {
    return state.journal().stream().filter(r -> r.operation().equals(operation)).collect(Collectors.toList());
  }

  /** Returns the runtime invocations, streamed or not, in arrival order. */
  public List<RecordedSageMakerRequest> invocations() {
    return state.journal().stream().filter(RecordedSageMakerRequest::isInvocation).collect(Collectors.toList());
  }

  /** Returns the most recent runtime invocation; fails if none has been received. */
  public RecordedSageMakerRequest lastInvocation() {
    List<RecordedSageMakerRequest> all = invocations();
    if (all.isEmpty()) {
      throw new IllegalStateException("SageMakerEmulator has received no invocation");
    }
    return all.get(all.size() - 1);
  }

  /** Clears the scripted replies and the journal; the control plane's state is kept. */
  public void resetRuntime() {
    state.resetRuntime();
  }

  /** Clears everything: scripted replies, journal and control-plane state. */
  public void reset() {
    state.resetRuntime();
    state.controlPlane().reset();
  }

  /** Stops the server; the emulator cannot be started again. */
  @Override
  public void close() {
    server.close();
  }

  @Override
  public String toString() {
    return server.toString();
  }

  private static String requireName(@Nullable String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank, was '" + name + "'");
    }
    return name;
  }
}
