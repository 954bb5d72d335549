package dev.mvc.sagemaker;

import dev.mvc.CheckMode;
import dev.mvc.MvcException;
import dev.mvc.SageMakerTarget;
import dev.mvc.VersionDriftException;
import dev.mvc.VersionManifest;
import dev.mvc.sagemaker.internal.ClientSettings;
import dev.mvc.sagemaker.internal.ErrorMapper;
import dev.mvc.sagemaker.internal.PayloadFormat;
import dev.mvc.sagemaker.internal.StreamDecoder;
import dev.mvc.sagemaker.internal.StreamAssembly;
import dev.mvc.spi.BackendStreamHandler;
import dev.mvc.spi.BackendResponse;
import dev.mvc.spi.CheckListener;
import dev.mvc.spi.ModelBackend;
import dev.mvc.spi.RemoteCheck;
import dev.mvc.spi.ResolvedCall;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeAsyncClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointWithResponseStreamRequest;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointRequest;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointResponse;

/**
 * A {@link ModelBackend} that calls a SageMaker real-time endpoint with {@code InvokeEndpoint}:
 * the pinned endpoint, the pinned production variant ({@code TargetVariant}) or inference
 * component, and a body in the manifest's payload format ({@code tgi}, {@code openai-chat} or
 * {@code json} with JSON pointers) built from the pinned values only.
 *
 * <p>The variant SageMaker reports in {@code x-Amzn-Invoked-Production-Variant} is handed to the
 * client, which fails the call with {@link VersionDriftException} when it is not the pinned one;
 * a response without that header while a variant is pinned fails the same way, because it cannot
 * be proven to come from the pin. Errors become {@link dev.mvc.BackendException}: throttling,
 * {@code ModelNotReadyException}, 500 and 503 are retryable; {@code ValidationError} (400) and
 * {@code ModelError} (424, whose message keeps the container's {@code OriginalStatusCode} and
 * {@code OriginalMessage}) are not.
 *
 * <p>Streaming uses {@code InvokeEndpointWithResponseStream} on a {@code SageMakerRuntimeAsyncClient}
 * for the {@code tgi} and {@code openai-chat} formats and delivers every character exactly once.
 *
 * <p>With {@link Builder#deploymentCheck(CheckMode)} set to {@code WARN} or {@code FAIL}, every
 * manifest load (at client start and on each reload) first compares the running endpoint with the
 * manifest through a {@link DeploymentVerifier} (check {@value #DEPLOYMENT_CHECK}): {@code FAIL}
 * refuses a manifest the endpoint does not match with {@link DeploymentMismatchException},
 * {@code WARN} reports each difference to the {@link Builder#checkListener} and loads it.
 *
 * <pre>{@code
 * PinnedModelClient client = PinnedModelClient.builder()
 *     .manifest(ManifestSources.classpath("manifests/support-llm.json"))
 *     .backend(SageMakerEndpointBackend.create())
 *     .build();
 * }</pre>
 */
public final class SageMakerEndpointBackend implements ModelBackend {

  /** The name of the deployment check, in {@link dev.mvc.CheckWarning#check()}. */
  public static final String DEPLOYMENT_CHECK = "sagemaker-deployment";

  /** Streams are sent once: SDK retries off for the request, whatever the client's own settings. */
  private static final software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration SEND_ONCE =
      software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration.builder()
          .addPlugin(config -> config.overrideConfiguration(config.overrideConfiguration().toBuilder()
              .retryStrategy(software.amazon.awssdk.awscore.retry.AwsRetryStrategy.doNotRetry()).build()))
          .build();

  private final SageMakerRuntimeClient client;
  private final boolean ownsClient;
  private final RemoteCheck deploymentCheck;
  private final @Nullable DeploymentVerifier verifier;
  private final boolean ownsVerifier;
  private final ClientSettings settings;
  private final boolean ownsAsyncClient;
  private final boolean async;
  private volatile @Nullable SageMakerRuntimeAsyncClient asyncClient;

  private SageMakerEndpointBackend(Builder b) {
    this.ownsClient = b.client == null;
    this.client = b.client != null ? b.client : b.settings.runtime();
    this.deploymentCheck = RemoteCheck.of(DEPLOYMENT_CHECK, b.deploymentCheck, b.checkListener);
    // A verifier is built only when the check can use it: OFF makes no call and needs no client.
    this.ownsVerifier = b.verifier == null && b.deploymentCheck != CheckMode.OFF;
    this.verifier = b.verifier != null ? b.verifier : ownsVerifier ? DeploymentVerifier.of(b.settings) : null;
    this.settings = b.settings;
    this.ownsAsyncClient = b.asyncClient == null;
    // A caller's sync client with no async one: an async client built from defaults could reach
    // another endpoint than the caller configured, so calls stay on the caller's client.
    this.async = b.asyncClient != null || b.client == null;
    this.asyncClient = b.asyncClient;
  }

  /** Returns a backend with a runtime client from the SDK's default region and credential chains. */
  public static SageMakerEndpointBackend create() {
    return builder().build();
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String provider() {
    return "sagemaker";
  }

  @Override
  public void validate(VersionManifest manifest) {
    ModelBackend.super.validate(manifest);
    SageMakerTarget target = (SageMakerTarget) manifest.model();
    refuseTools(manifest, target);
    PayloadFormat.of(target).validate(target, manifest.inference());
    checkDeployment(manifest, target);
  }

  /**
   * Refuses pinned tools and cache points: no payload format carries them, and a pin is never
   * silently dropped.
   */
  private static void refuseTools(VersionManifest manifest, SageMakerTarget target) {
    if (manifest.prompt().tools() != null) {
      throw new MvcException("prompt.tools of manifest " + manifest.name() + " " + manifest.version()
          + ": a SageMaker endpoint call (payload format " + target.payloadFormat()
          + ") carries no tool definitions, so SageMakerEndpointBackend cannot honour them");
    }
    if (!manifest.prompt().cachePoints().isEmpty()) {
      throw new MvcException("prompt.cachePoints of manifest " + manifest.name() + " " + manifest.version() + " is "
          + manifest.prompt().cachePoints() + ": a SageMaker endpoint call carries no cache points");
    }
  }

  private void checkDeployment(VersionManifest manifest, SageMakerTarget target) {
    if (deploymentCheck.off() || verifier == null) {
      return;
    }
    String endpoint = target.endpointName();
    DeploymentReport report;
    try {
      report = verifier.verify(manifest);
    } catch (MvcException e) {
      deploymentCheck.lookupFailed(endpoint, "model.sagemaker.endpointName", endpoint,
          "the deployment of endpoint " + endpoint, e);
      return;
    }
    deploymentCheck.report(report.mismatches(), found -> new DeploymentMismatchException(report));
  }

  @Override
  public BackendResponse invoke(ResolvedCall call) {
    SageMakerTarget target = (SageMakerTarget) call.target();
    PayloadFormat format = PayloadFormat.of(target);
    InvokeEndpointResponse response;
    try {
      response = client.invokeEndpoint(request(call, target, format));
    } catch (SdkException e) {
      throw ErrorMapper.invocation(e, target.describe());
    }
    return complete(target, format, response);
  }

  /**
   * Performs the call on the asynchronous client without blocking a thread, when this backend
   * has one (given with {@link Builder#asyncClient} or built by the backend); otherwise runs
   * {@link #invoke} on {@code executor}.
   */
  @Override
  public CompletableFuture<BackendResponse> invokeAsync(ResolvedCall call, Executor executor) {
    if (!async) {
      return ModelBackend.super.invokeAsync(call, executor);
    }
    SageMakerTarget target = (SageMakerTarget) call.target();
    PayloadFormat format = PayloadFormat.of(target);
    CompletableFuture<InvokeEndpointResponse> sent;
    try {
      sent = asyncClient().invokeEndpoint(request(call, target, format));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e instanceof SdkException
          ? ErrorMapper.invocation((SdkException) e, target.describe()) : e);
    }
    return sent.handle((response, error) -> {
      if (error != null) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        throw cause instanceof SdkException ? ErrorMapper.invocation((SdkException) cause, target.describe())
            : new CompletionException(cause);
      }
      return complete(target, format, response);
    });
  }

  private static InvokeEndpointRequest request(ResolvedCall call, SageMakerTarget target, PayloadFormat format) {
    InvokeEndpointRequest.Builder request = InvokeEndpointRequest.builder()
        .endpointName(target.endpointName())
        .contentType("application/json")
        .accept("application/json")
        .inferenceId(call.invocationId())
        .body(SdkBytes.fromByteArrayUnsafe(format.request(call)));
    if (target.variant() != null) {
      request.targetVariant(target.variant());
    }
    if (target.inferenceComponent() != null) {
      request.inferenceComponentName(target.inferenceComponent());
    }
    return request.build();
  }

  private static BackendResponse complete(SageMakerTarget target, PayloadFormat format, InvokeEndpointResponse response) {
    String served = response.invokedProductionVariant();
    if (target.variant() != null && (served == null || served.isEmpty())) {
      throw new VersionDriftException("model.sagemaker.variant", target.variant(),
          "an unnamed variant (the response has no x-Amzn-Invoked-Production-Variant header)");
    }
    PayloadFormat.Parsed parsed = format.response(response.body().asByteArrayUnsafe(), target.describe());
    return BackendResponse.builder(parsed.text())
        .stopReason(parsed.stopReason())
        .usage(parsed.usage())
        .requestId(response.responseMetadata().requestId())
        // With an inference component the header names the endpoint's variant, not the component.
        .servedVariant(target.variant() != null ? served : null)
        .build();
  }

  /**
   * Streams the call with {@code InvokeEndpointWithResponseStream} for the {@code tgi} and
   * {@code openai-chat} formats (the {@code json} format answers in one delta). The request is
   * sent once, with SDK retries off even on a caller's client, so each character is delivered
   * once; retrying is the client's resilience policy's to decide. A variant other than the pin is
   * detected from the response headers, before any text is delivered.
   */
  @Override
  public void invokeStream(ResolvedCall call, BackendStreamHandler handler, Executor executor) {
    SageMakerTarget target = (SageMakerTarget) call.target();
    PayloadFormat format = PayloadFormat.of(target);
    StreamDecoder decoder = format.streamDecoder();
    if (decoder == null || !async) {
      ModelBackend.super.invokeStream(call, handler, executor);
      return;
    }
    StreamAssembly run = new StreamAssembly(target, decoder, handler);
    try {
      InvokeEndpointWithResponseStreamRequest.Builder request = InvokeEndpointWithResponseStreamRequest.builder()
          .endpointName(target.endpointName())
          .contentType("application/json")
          .accept("text/event-stream")
          .inferenceId(call.invocationId())
          .body(SdkBytes.fromByteArrayUnsafe(format.streamRequest(call)))
          .overrideConfiguration(SEND_ONCE);
      if (target.variant() != null) {
        request.targetVariant(target.variant());
      }
      if (target.inferenceComponent() != null) {
        request.inferenceComponentName(target.inferenceComponent());
      }
      asyncClient().invokeEndpointWithResponseStream(request.build(), run.responseHandler())
          .whenComplete((ignored, error) -> run.finish(error));
    } catch (RuntimeException e) {
      run.finish(e);
    }
  }

  private SageMakerRuntimeAsyncClient asyncClient() {
    SageMakerRuntimeAsyncClient c = asyncClient;
    if (c == null) {
      synchronized (this) {
        c = asyncClient;
        if (c == null) {
          c = settings.runtimeAsync();
          asyncClient = c;
        }
      }
    }
    return c;
  }

  @Override
  public void close() {
    if (ownsClient) {
      client.close();
    }
    if (ownsVerifier && verifier != null) {
      verifier.close();
    }
    SageMakerRuntimeAsyncClient c = asyncClient;
    if (ownsAsyncClient && c != null) {
      c.close();
    }
  }

  @Override
  public String toString() {
    return "SageMakerEndpointBackend{" + deploymentCheck + "}";
  }

  /** A builder of {@link SageMakerEndpointBackend}. */
  public static final class Builder {
    private final ClientSettings settings = new ClientSettings();
    private @Nullable SageMakerRuntimeClient client;
    private @Nullable DeploymentVerifier verifier;
    private CheckMode deploymentCheck = CheckMode.OFF;
    private CheckListener checkListener = CheckListener.none();
    private @Nullable SageMakerRuntimeAsyncClient asyncClient;

    private Builder() {}

    /**
     * Uses {@code asyncClient} for {@code invokeAsync} and streaming (not closed by the backend).
     * Without it, a backend that builds its own clients builds an async one on first use (same
     * settings, SDK retries off); a backend given only a sync {@link #client} runs async calls on
     * that client and streams the whole answer as one delta.
     */
    public Builder asyncClient(SageMakerRuntimeAsyncClient asyncClient) {
      this.asyncClient = Objects.requireNonNull(asyncClient, "asyncClient");
      return this;
    }

    /**
     * Uses {@code client} (not closed by the backend). Its retry settings are the caller's; mvc's
     * own clients have SDK retries off.
     */
    public Builder client(SageMakerRuntimeClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /** Sets the region of the client the backend builds. */
    public Builder region(Region region) {
      settings.region(region);
      return this;
    }

    /** Sets the endpoint URI of the client the backend builds (for emulators and VPC endpoints). */
    public Builder endpointOverride(URI endpoint) {
      settings.endpointOverride(endpoint);
      return this;
    }

    /** Sets the credentials of the client the backend builds. */
    public Builder credentialsProvider(AwsCredentialsProvider credentials) {
      settings.credentials(credentials);
      return this;
    }

    /**
     * Sets the mode of the deployment check ({@value #DEPLOYMENT_CHECK}) run on every manifest
     * before it is served, at client start and on each reload (default {@link CheckMode#OFF}): the
     * running endpoint must run exactly what the manifest pins. {@code FAIL} refuses a manifest the
     * endpoint does not match with {@link DeploymentMismatchException}; {@code WARN} reports each
     * difference to the {@link #checkListener} and serves it.
     */
    public Builder deploymentCheck(CheckMode deploymentCheck) {
      this.deploymentCheck = Objects.requireNonNull(deploymentCheck, "deploymentCheck");
      return this;
    }

    /**
     * Uses {@code verifier} for the deployment check (not closed by the backend), for a control-plane
     * client of your own or expected variant weights. Without it, a backend whose check is not OFF
     * builds a verifier with this builder's region, endpoint and credentials; give one when you pass
     * your own {@link #client}.
     */
    public Builder deploymentVerifier(DeploymentVerifier verifier) {
      this.verifier = Objects.requireNonNull(verifier, "verifier");
      return this;
    }

    /**
     * Receives the warnings of the deployment check in {@link CheckMode#WARN}, one per difference;
     * they are also logged, once each. Must be fast and not throw.
     */
    public Builder checkListener(CheckListener checkListener) {
      this.checkListener = Objects.requireNonNull(checkListener, "checkListener");
      return this;
    }

    /** Builds the backend. */
    public SageMakerEndpointBackend build() {
      return new SageMakerEndpointBackend(this);
    }
  }
}
