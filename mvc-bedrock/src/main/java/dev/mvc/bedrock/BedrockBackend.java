package dev.mvc.bedrock;

import dev.mvc.BedrockTarget;
import dev.mvc.CheckMode;
import dev.mvc.LifecycleFacts;
import dev.mvc.MvcException;
import dev.mvc.VersionManifest;
import dev.mvc.bedrock.internal.BedrockErrorMapper;
import dev.mvc.bedrock.internal.BedrockOperation;
import dev.mvc.bedrock.internal.Clients;
import dev.mvc.bedrock.internal.ConverseOperation;
import dev.mvc.bedrock.internal.InvokeAgentOperation;
import dev.mvc.bedrock.internal.InvokeModelOperation;
import dev.mvc.bedrock.internal.LifecycleChecker;
import dev.mvc.bedrock.internal.Operations;
import dev.mvc.bedrock.internal.PinChecker;
import dev.mvc.bedrock.internal.PinGuardInterceptor;
import dev.mvc.bedrock.internal.PinRegistry;
import dev.mvc.bedrock.internal.PromptChecker;
import dev.mvc.bedrock.internal.RetrieveAndGenerateOperation;
import dev.mvc.bedrock.internal.TargetChecker;
import dev.mvc.spi.ArtifactDigests;
import dev.mvc.spi.BackendResponse;
import dev.mvc.spi.BackendStreamHandler;
import dev.mvc.spi.CheckListener;
import dev.mvc.spi.ModelBackend;
import dev.mvc.spi.RemoteCheck;
import dev.mvc.spi.ResolvedCall;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.bedrockagent.BedrockAgentClient;
import software.amazon.awssdk.services.bedrockagentruntime.BedrockAgentRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockagentruntime.BedrockAgentRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

/**
 * A {@link ModelBackend} that calls Amazon Bedrock through the AWS SDK for Java v2: Converse
 * (the default), ConverseStream for streamed calls, and InvokeModel with the Anthropic Messages
 * body ({@code bedrock-2023-05-31}) and its streaming form, as the manifest's
 * {@code model.bedrock.api} and {@code bodyFormat} say; knowledge-base RetrieveAndGenerate
 * ({@code retrieve-and-generate}) and agent InvokeAgent ({@code invoke-agent}) through Agents for
 * Bedrock Runtime.
 *
 * <p>Knowledge-base calls send the pinned knowledge base ID, the pinned model as a
 * foundation-model ARN, the system prompt as the generation prompt template (it must hold
 * {@code $search_results$}), the inference parameters and the guardrail; answers carry
 * {@link dev.mvc.Citation}s and the session ID. Agent calls send the pinned agent and alias with
 * the caller's {@link dev.mvc.InvocationRequest#sessionId()} (a fresh session per call without
 * one); the completion is assembled from the streamed chunks.
 *
 * <p>Bedrock can change what a pin means without the manifest changing, so three remote checks
 * run each time a manifest is loaded, each in a {@link CheckMode} with warnings to one
 * {@link Builder#checkListener}: {@link Builder#lifecycleCheck} ({@value #LIFECYCLE_CHECK}, default
 * {@code OFF}) refuses or reports a model that is no longer {@code ACTIVE};
 * {@link Builder#knowledgeBaseCheck} ({@value #KNOWLEDGE_BASE_CHECK}, default {@code WARN}) compares
 * the pinned data-source version with the latest completed ingestion job; and
 * {@link Builder#agentAliasCheck} ({@value #AGENT_ALIAS_CHECK}, default {@code FAIL}) requires the
 * alias to route to a numbered agent version. When the target goes through an application
 * inference profile, a provisioned throughput, a custom or an imported model, or a prompt version,
 * {@link Builder#targetCheck} ({@value #TARGET_CHECK}, default {@code FAIL}) compares what the
 * manifest pins about it with the Bedrock control plane; calls then send that resource's ARN as
 * the model ID.
 *
 * <p>Every request is built from the pin alone, and a request guard checks the marshalled,
 * signed HTTP request just before it leaves the process: if anything (another interceptor, a
 * plugin) changed the model ID, the region, {@code inferenceConfig}, {@code system},
 * {@code guardrailConfig} or the native body, the call fails with
 * {@link dev.mvc.PinViolationException} naming the field and both values. The SDK installs the
 * guard, through mvc-bedrock's class path interceptor files, in every Bedrock Runtime and Agents
 * for Bedrock Runtime client built while mvc-bedrock is on the class path, user clients included;
 * {@link Builder#build()} refuses a user client that lacks it (see {@link #requestGuard()}).
 *
 * <p>Failures become {@link dev.mvc.BackendException} with {@code retryable()},
 * {@code statusCode()} and {@code requestId()}, keeping the AWS exception as the cause. Every
 * call, streamed or not, makes one attempt: retries belong to the client's resilience policy.
 * Clients mvc builds have SDK retries off; on a user client that would retry, streams and agent
 * calls turn SDK retries off for their request, so a handler never receives duplicated text. A
 * stream that fails after its first event reports how many text deltas had been delivered.
 *
 * <pre>{@code
 * ModelBackend bedrock = BedrockBackend.create();              // default AWS provider chains
 * ModelBackend custom = BedrockBackend.builder()
 *     .client(myRuntimeClient).asyncClient(myAsyncClient)      // user clients stay open on close()
 *     .lifecycleCheck(CheckMode.WARN)
 *     .checkListener(w -> alerts.send(w.message()))
 *     .build();
 * }</pre>
 */
public final class BedrockBackend implements ModelBackend {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BedrockBackend.class);

  /** The name of the model lifecycle check, in {@link dev.mvc.CheckWarning#check()}. */
  public static final String LIFECYCLE_CHECK = "bedrock-lifecycle";
  /** The name of the knowledge base data-source version check, in {@link dev.mvc.CheckWarning#check()}. */
  public static final String KNOWLEDGE_BASE_CHECK = "bedrock-knowledge-base";
  /** The name of the agent alias routing check, in {@link dev.mvc.CheckWarning#check()}. */
  public static final String AGENT_ALIAS_CHECK = "bedrock-agent-alias";
  /**
   * The name of the check of the resource a target goes through (inference profile, provisioned
   * throughput, custom or imported model, prompt version), in {@link dev.mvc.CheckWarning#check()}.
   */
  public static final String TARGET_CHECK = "bedrock-target";

  private final Clients clients;
  private final LifecycleChecker lifecycle;
  private final PinChecker pins;
  private final TargetChecker targets;
  private final PromptChecker prompts;
  private final PinRegistry inFlight;
  private final BedrockOperation converse;
  private final BedrockOperation invokeModel;
  private final BedrockOperation retrieveAndGenerate;
  private final BedrockOperation invokeAgent;

  private BedrockBackend(Builder b) {
    Clients.AgentClients agents = b.agentRuntimeClient != null || b.agentRuntimeAsyncClient != null
        || b.agentControlClient != null
        ? new Clients.AgentClients(b.agentRuntimeClient, b.agentRuntimeAsyncClient, b.agentControlClient) : null;
    this.clients = new Clients(b.client, b.asyncClient, b.controlClient, agents, b.region, b.endpointOverride,
        b.credentialsProvider, b.callTimeout);
    List<String> retrying = clients.userClientsThatRetry();
    if (!retrying.isEmpty()) {
      LOG.warn("the Bedrock client(s) given to {} retry on their own; mvc turns SDK retries off for each of their "
          + "requests so that the client's resilience policy stays the one retry layer, which costs the SDK a "
          + "configuration rebuild per call. Build them with .overrideConfiguration(o -> o.retryStrategy("
          + "AwsRetryStrategy.doNotRetry())) to avoid it", retrying);
    }
    this.inFlight = new PinRegistry(retrying.isEmpty());
    this.lifecycle = new LifecycleChecker(RemoteCheck.of(LIFECYCLE_CHECK, b.lifecycleCheck, b.checkListener),
        b.lifecycleWarnWithin, b.lifecycleFailWithin, b.failOnExtendedAccess, b.clock);
    this.pins = new PinChecker(RemoteCheck.of(KNOWLEDGE_BASE_CHECK, b.knowledgeBaseCheck, b.checkListener),
        RemoteCheck.of(AGENT_ALIAS_CHECK, b.agentAliasCheck, b.checkListener));
    RemoteCheck targetCheck = RemoteCheck.of(TARGET_CHECK, b.targetCheck, b.checkListener);
    this.targets = new TargetChecker(targetCheck, b.artifactDigests);
    this.prompts = new PromptChecker(targetCheck);
    this.converse = new ConverseOperation(clients, inFlight);
    this.invokeModel = new InvokeModelOperation(clients, inFlight);
    this.retrieveAndGenerate = new RetrieveAndGenerateOperation(clients, inFlight);
    this.invokeAgent = new InvokeAgentOperation(clients, inFlight);
  }

  /** Returns a backend whose clients are built from the default AWS region and credentials chains. */
  public static BedrockBackend create() {
    return builder().build();
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the request guard. Every Bedrock Runtime and Agents for Bedrock Runtime client built
   * while mvc-bedrock is on the class path already carries it; add it yourself only to a client
   * built where mvc-bedrock's class path resources are not visible, which {@link Builder#build()}
   * otherwise refuses:
   * {@code overrideConfiguration(o -> o.addExecutionInterceptor(BedrockBackend.requestGuard()))}.
   * It checks only requests made by mvc.
   */
  public static ExecutionInterceptor requestGuard() {
    return PinGuardInterceptor.INSTANCE;
  }

  @Override
  public String provider() {
    return "bedrock";
  }

  /**
   * Looks up the lifecycle of the foundation model a target stands for with GetFoundationModel,
   * whatever the lifecycle check's mode; returns null when the target names no foundation model
   * (an imported model).
   *
   * @throws MvcException the mapped Bedrock error when the lookup fails
   */
  public @Nullable ModelLifecycle lifecycle(BedrockTarget target) {
    try {
      return LifecycleChecker.lookUp(target, clients);
    } catch (RuntimeException e) {
      throw BedrockErrorMapper.map(e, target.modelId());
    }
  }

  @Override
  public void validate(VersionManifest manifest) {
    validateAtLoad(manifest);
  }

  /**
   * Validates as {@link #validate} does and returns the lifecycle the lifecycle check found for
   * the pinned foundation model, or null when the check is {@code OFF}, its lookup failed under
   * {@code WARN}, or the target names no foundation model (an imported model).
   */
  @Override
  public @Nullable LifecycleFacts validateAtLoad(VersionManifest manifest) {
    ModelBackend.super.validate(manifest);
    BedrockTarget target = (BedrockTarget) manifest.model();
    operation(target).validate(manifest);
    targets.check(target, clients);
    prompts.check(manifest, clients);
    ModelLifecycle found = lifecycle.check(target, clients);
    pins.checkKnowledgeBase(target, clients);
    pins.checkAgentAlias(target, clients);
    return found == null ? null : found.toFacts();
  }

  @Override
  public BackendResponse invoke(ResolvedCall call) {
    return operation(target(call)).invoke(call);
  }

  @Override
  public CompletableFuture<BackendResponse> invokeAsync(ResolvedCall call, Executor executor) {
    CompletableFuture<BackendResponse> future;
    try {
      future = operation(target(call)).invokeAsync(call);
    } catch (RuntimeException e) {
      future = CompletableFuture.failedFuture(e);
    }
    return Operations.on(future, executor);
  }

  /**
   * Streams the call in one attempt: text deltas in order, then exactly one of
   * {@link BackendStreamHandler#onComplete} or {@link BackendStreamHandler#onError}. Never throws.
   */
  @Override
  public void invokeStream(ResolvedCall call, BackendStreamHandler handler, Executor executor) {
    BedrockOperation operation;
    try {
      operation = operation(target(call));
    } catch (RuntimeException e) {
      handler.onError(BedrockErrorMapper.map(e, call.target().describe()));
      return;
    }
    operation.invokeStream(call, handler);
  }

  /** Closes the clients this backend built; clients passed to the builder stay open. */
  @Override
  public void close() {
    clients.close();
  }

  @Override
  public String toString() {
    return "BedrockBackend";
  }

  /** Returns how many of this backend's calls hold a registered pin now (for tests that look for leaks). */
  int pinsInFlight() {
    return inFlight.size();
  }

  private BedrockOperation operation(BedrockTarget target) {
    return switch (target.api()) {
      case CONVERSE -> converse;
      case INVOKE_MODEL -> invokeModel;
      case RETRIEVE_AND_GENERATE -> retrieveAndGenerate;
      case INVOKE_AGENT -> invokeAgent;
    };
  }

  private static BedrockTarget target(ResolvedCall call) {
    if (!(call.target() instanceof BedrockTarget)) {
      throw new MvcException("BedrockBackend cannot serve a " + call.target().provider() + " target ("
          + call.target().describe() + ")");
    }
    return (BedrockTarget) call.target();
  }

  /** A builder of {@link BedrockBackend}. */
  public static final class Builder {
    private @Nullable BedrockRuntimeClient client;
    private @Nullable BedrockRuntimeAsyncClient asyncClient;
    private @Nullable BedrockClient controlClient;
    private @Nullable String region;
    private @Nullable URI endpointOverride;
    private @Nullable AwsCredentialsProvider credentialsProvider;
    private @Nullable Duration callTimeout;
    private CheckMode lifecycleCheck = CheckMode.OFF;
    private @Nullable BedrockAgentRuntimeClient agentRuntimeClient;
    private @Nullable BedrockAgentRuntimeAsyncClient agentRuntimeAsyncClient;
    private @Nullable BedrockAgentClient agentControlClient;
    private CheckMode knowledgeBaseCheck = CheckMode.WARN;
    private CheckMode agentAliasCheck = CheckMode.FAIL;
    private CheckMode targetCheck = CheckMode.FAIL;
    private Duration lifecycleWarnWithin = ModelLifecycle.DEFAULT_WARN_WITHIN;
    private Duration lifecycleFailWithin = ModelLifecycle.DEFAULT_FAIL_WITHIN;
    private boolean failOnExtendedAccess;
    private Clock clock = Clock.systemUTC();
    private CheckListener checkListener = CheckListener.none();
    private @Nullable ArtifactDigests artifactDigests;

    private Builder() {}

    /**
     * Reads the SHA-256 of an imported model's data for the target check ({@value #TARGET_CHECK})
     * when a manifest pins {@code model.bedrock.importedModel.sha256}: the artifact at
     * {@code modelDataUri} (for a prefix, the listing of its objects' SHA-256s described in
     * {@link ArtifactDigests}) must hash to the pinned value. Without one, such a pin is a lookup
     * that failed (refused under {@code FAIL}). mvc-s3's {@code S3ArtifactDigests.create(s3Client)}
     * reads S3; this backend never closes it.
     */
    public Builder artifactDigests(ArtifactDigests artifactDigests) {
      this.artifactDigests = Objects.requireNonNull(artifactDigests, "artifactDigests");
      return this;
    }

    /** Uses the given client for knowledge-base calls in every region; it stays open when the backend closes. */
    public Builder agentRuntimeClient(BedrockAgentRuntimeClient agentRuntimeClient) {
      this.agentRuntimeClient = Objects.requireNonNull(agentRuntimeClient, "agentRuntimeClient");
      return this;
    }

    /**
     * Uses the given client for agent calls and async knowledge-base calls in every region; it stays
     * open when the backend closes.
     */
    public Builder agentRuntimeAsyncClient(BedrockAgentRuntimeAsyncClient agentRuntimeAsyncClient) {
      this.agentRuntimeAsyncClient = Objects.requireNonNull(agentRuntimeAsyncClient, "agentRuntimeAsyncClient");
      return this;
    }

    /**
     * Uses the given Agents for Bedrock control-plane client for the data-source version and agent
     * alias checks; it stays open when the backend closes.
     */
    public Builder agentControlClient(BedrockAgentClient agentControlClient) {
      this.agentControlClient = Objects.requireNonNull(agentControlClient, "agentControlClient");
      return this;
    }

    /**
     * Sets the mode of the data-source version check ({@value #KNOWLEDGE_BASE_CHECK}) run when a
     * manifest that pins a knowledge base data source and version is loaded (default
     * {@link CheckMode#WARN}): ListIngestionJobs finds the latest completed ingestion job, which
     * must be the pinned {@code dataSourceVersion}.
     */
    public Builder knowledgeBaseCheck(CheckMode knowledgeBaseCheck) {
      this.knowledgeBaseCheck = Objects.requireNonNull(knowledgeBaseCheck, "knowledgeBaseCheck");
      return this;
    }

    /**
     * Sets the mode of the agent alias check ({@value #AGENT_ALIAS_CHECK}) run when a manifest that
     * pins an agent is loaded (default {@link CheckMode#FAIL}): GetAgentAlias must show routing to
     * numbered agent versions only, never the working draft. Relaxing the policy rule
     * {@code bedrock-agent-alias-versioned} also needs this set to WARN or OFF.
     */
    public Builder agentAliasCheck(CheckMode agentAliasCheck) {
      this.agentAliasCheck = Objects.requireNonNull(agentAliasCheck, "agentAliasCheck");
      return this;
    }

    /**
     * Sets the mode of the check ({@value #TARGET_CHECK}) of the resource a target goes through,
     * run when such a manifest is loaded (default {@link CheckMode#FAIL}): GetInferenceProfile must
     * show an {@code ACTIVE} {@code APPLICATION} profile routing to exactly the pinned models;
     * GetProvisionedModelThroughput an {@code InService} throughput serving the pinned
     * {@code modelArn}; GetCustomModel the pinned base model and customization job; and
     * GetImportedModel the pinned model data S3 URI, whose data must hash to the pinned
     * {@code sha256} when one is given (see {@link #artifactDigests}).
     */
    public Builder targetCheck(CheckMode targetCheck) {
      this.targetCheck = Objects.requireNonNull(targetCheck, "targetCheck");
      return this;
    }

    /**
     * Receives the warnings of every remote check in {@link CheckMode#WARN} (lifecycle, knowledge
     * base, agent alias); they are also logged, once each. Must be fast and not throw.
     */
    public Builder checkListener(CheckListener checkListener) {
      this.checkListener = Objects.requireNonNull(checkListener, "checkListener");
      return this;
    }

    /** Uses the given client for sync calls in every region; it stays open when the backend closes. */
    public Builder client(BedrockRuntimeClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /** Uses the given client for async and streamed calls in every region; it stays open when the backend closes. */
    public Builder asyncClient(BedrockRuntimeAsyncClient asyncClient) {
      this.asyncClient = Objects.requireNonNull(asyncClient, "asyncClient");
      return this;
    }

    /** Uses the given control-plane client for the lifecycle check; it stays open when the backend closes. */
    public Builder controlClient(BedrockClient controlClient) {
      this.controlClient = Objects.requireNonNull(controlClient, "controlClient");
      return this;
    }

    /** Sets the region of built clients for manifests that pin none; by default the AWS region chain decides. */
    public Builder region(String region) {
      if (region.isBlank()) {
        throw new IllegalArgumentException("region must not be blank, was '" + region + "'");
      }
      this.region = region;
      return this;
    }

    /** Points the clients mvc builds at another endpoint, such as a local emulator. */
    public Builder endpointOverride(URI endpointOverride) {
      this.endpointOverride = Objects.requireNonNull(endpointOverride, "endpointOverride");
      return this;
    }

    /** Sets the credentials of the clients mvc builds; by default the AWS credentials chain. */
    public Builder credentialsProvider(AwsCredentialsProvider credentialsProvider) {
      this.credentialsProvider = Objects.requireNonNull(credentialsProvider, "credentialsProvider");
      return this;
    }

    /**
     * Bounds each call of the clients this backend builds (the SDK's API call timeout); a call
     * over it fails with a retryable {@link dev.mvc.BackendException}. Not applied to your own clients.
     */
    public Builder callTimeout(Duration callTimeout) {
      if (callTimeout.isNegative() || callTimeout.isZero()) {
        throw new IllegalArgumentException("callTimeout must be positive, was " + callTimeout);
      }
      this.callTimeout = callTimeout;
      return this;
    }

    /**
     * Sets the mode of the model lifecycle check ({@value #LIFECYCLE_CHECK}) run when a manifest is
     * loaded (default {@link CheckMode#OFF}): GetFoundationModel must report the pinned foundation
     * model (or the one behind an inference profile) as {@code ACTIVE}, not {@code LEGACY}, with
     * its end of life, if announced, outside the fail window of {@link #lifecycleWindows}.
     */
    public Builder lifecycleCheck(CheckMode lifecycleCheck) {
      this.lifecycleCheck = Objects.requireNonNull(lifecycleCheck, "lifecycleCheck");
      return this;
    }

    /**
     * Sets the windows of the lifecycle check before a model's announced end of life: inside
     * {@code failWithin} (default 14 days) the end of life is a difference, refused under
     * {@link CheckMode#FAIL}; inside {@code warnWithin} (default 90 days) it is only reported.
     */
    public Builder lifecycleWindows(Duration warnWithin, Duration failWithin) {
      if (warnWithin.isNegative() || failWithin.isNegative() || failWithin.compareTo(warnWithin) > 0) {
        throw new IllegalArgumentException("lifecycle windows need 0 <= failWithin <= warnWithin, was warnWithin "
            + warnWithin + ", failWithin " + failWithin);
      }
      this.lifecycleWarnWithin = warnWithin;
      this.lifecycleFailWithin = failWithin;
      return this;
    }

    /**
     * Makes public extended access (billed higher) a difference of the lifecycle check rather than
     * a report (default false).
     */
    public Builder failOnExtendedAccess(boolean failOnExtendedAccess) {
      this.failOnExtendedAccess = failOnExtendedAccess;
      return this;
    }

    /** Sets the clock the lifecycle windows are measured from (default the system clock, UTC). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Builds the backend; clients are created on first use.
     *
     * @throws MvcException if a runtime client given to this builder lacks the request guard
     *     (see {@link BedrockBackend#requestGuard()}), naming the builder method and how to add it
     */
    public BedrockBackend build() {
      return new BedrockBackend(this);
    }
  }
}
