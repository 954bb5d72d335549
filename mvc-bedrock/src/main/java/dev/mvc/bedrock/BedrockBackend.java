package dev.mvc.bedrock;

import dev.mvc.BedrockApi;
import dev.mvc.BedrockTarget;
import dev.mvc.CheckMode;
import dev.mvc.MvcException;
import dev.mvc.TokenUsage;
import dev.mvc.VersionManifest;
import dev.mvc.bedrock.internal.AgentMapping;
import dev.mvc.bedrock.internal.AnthropicMessages;
import dev.mvc.bedrock.internal.BedrockErrorMapper;
import dev.mvc.bedrock.internal.Clients;
import dev.mvc.bedrock.internal.ConverseMapping;
import dev.mvc.bedrock.internal.KnowledgeBaseMapping;
import dev.mvc.bedrock.internal.LifecycleChecker;
import dev.mvc.bedrock.internal.ModelNames;
import dev.mvc.bedrock.internal.PinChecker;
import dev.mvc.bedrock.internal.PinGuardInterceptor;
import dev.mvc.bedrock.internal.StreamRun;
import dev.mvc.bedrock.internal.Utf8Chunks;
import dev.mvc.bedrock.internal.WirePin;
import dev.mvc.spi.BackendResponse;
import dev.mvc.spi.BackendStreamHandler;
import dev.mvc.spi.CheckListener;
import dev.mvc.spi.ModelBackend;
import dev.mvc.spi.RemoteCheck;
import dev.mvc.spi.ResolvedCall;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequest;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkPlugin;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.bedrockagent.BedrockAgentClient;
import software.amazon.awssdk.services.bedrockagentruntime.BedrockAgentRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockagentruntime.BedrockAgentRuntimeClient;
import software.amazon.awssdk.services.bedrockagentruntime.model.InvokeAgentRequest;
import software.amazon.awssdk.services.bedrockagentruntime.model.InvokeAgentResponseHandler;
import software.amazon.awssdk.services.bedrockagentruntime.model.RetrieveAndGenerateRequest;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamResponseHandler;

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
 * one); the completion is assembled from the streamed chunks, retried only before the first chunk.
 *
 * <p>Bedrock can change what a pin means without the manifest changing, so three remote checks
 * run each time a manifest is loaded, each in a {@link CheckMode} with warnings to one
 * {@link Builder#checkListener}: {@link Builder#lifecycleCheck} ({@value #LIFECYCLE_CHECK}, default
 * {@code OFF}) refuses or reports a model that is no longer {@code ACTIVE};
 * {@link Builder#knowledgeBaseCheck} ({@value #KNOWLEDGE_BASE_CHECK}, default {@code WARN}) compares
 * the pinned data-source version with the latest completed ingestion job; and
 * {@link Builder#agentAliasCheck} ({@value #AGENT_ALIAS_CHECK}, default {@code FAIL}) requires the
 * alias to route to a numbered agent version.
 *
 * <p>Every request is built from the pin alone, and a request guard checks the marshalled,
 * signed HTTP request just before it leaves the process: if anything (another interceptor, a
 * plugin) changed the model ID, the region, {@code inferenceConfig}, {@code system},
 * {@code guardrailConfig} or the native body, the call fails with
 * {@link dev.mvc.PinViolationException} naming the field and both values. The guard is
 * installed on the clients mvc builds and added per request to clients the user supplies.
 *
 * <p>Failures become {@link dev.mvc.BackendException} with {@code retryable()},
 * {@code statusCode()} and {@code requestId()}, keeping the AWS exception as the cause.
 * Clients mvc builds have SDK retries off; streams are retried by the backend only before
 * their first event, so a handler never receives duplicated text.
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

  /** The name of the model lifecycle check, in {@link dev.mvc.CheckWarning#check()}. */
  public static final String LIFECYCLE_CHECK = "bedrock-lifecycle";
  /** The name of the knowledge base data-source version check, in {@link dev.mvc.CheckWarning#check()}. */
  public static final String KNOWLEDGE_BASE_CHECK = "bedrock-knowledge-base";
  /** The name of the agent alias routing check, in {@link dev.mvc.CheckWarning#check()}. */
  public static final String AGENT_ALIAS_CHECK = "bedrock-agent-alias";

  private static final SdkPlugin GUARD = config -> config.overrideConfiguration(
      config.overrideConfiguration().toBuilder().addExecutionInterceptor(PinGuardInterceptor.INSTANCE).build());
  private static final SdkPlugin NO_RETRY = config -> config.overrideConfiguration(
      config.overrideConfiguration().toBuilder().retryStrategy(AwsRetryStrategy.doNotRetry()).build());
  private static final SdkPlugin GUARD_NO_RETRY = config -> config.overrideConfiguration(
      config.overrideConfiguration().toBuilder()
          .addExecutionInterceptor(PinGuardInterceptor.INSTANCE)
          .retryStrategy(AwsRetryStrategy.doNotRetry())
          .build());
  /** Request configurations shared by all calls: the mark of an mvc call, and plugins where needed. */
  private static final AwsRequestOverrideConfiguration ON_GUARDED = requestConfiguration(null);
  private static final AwsRequestOverrideConfiguration ON_GUARDED_NO_RETRY = requestConfiguration(NO_RETRY);
  private static final AwsRequestOverrideConfiguration ON_UNGUARDED = requestConfiguration(GUARD);
  private static final AwsRequestOverrideConfiguration ON_UNGUARDED_NO_RETRY = requestConfiguration(GUARD_NO_RETRY);

  private final Clients clients;
  private final LifecycleChecker lifecycle;
  private final PinChecker pins;
  private final int streamAttempts;
  private final long streamBackoffMillis;

  private BedrockBackend(Builder b) {
    Clients.AgentClients agents = b.agentRuntimeClient != null || b.agentRuntimeAsyncClient != null
        || b.agentControlClient != null
        ? new Clients.AgentClients(b.agentRuntimeClient, b.agentRuntimeAsyncClient, b.agentControlClient) : null;
    this.clients = new Clients(b.client, b.asyncClient, b.controlClient, agents, b.region, b.endpointOverride,
        b.credentialsProvider, b.callTimeout);
    this.lifecycle = new LifecycleChecker(RemoteCheck.of(LIFECYCLE_CHECK, b.lifecycleCheck, b.checkListener));
    this.pins = new PinChecker(RemoteCheck.of(KNOWLEDGE_BASE_CHECK, b.knowledgeBaseCheck, b.checkListener),
        RemoteCheck.of(AGENT_ALIAS_CHECK, b.agentAliasCheck, b.checkListener));
    this.streamAttempts = b.streamAttempts;
    this.streamBackoffMillis = b.streamBackoff.toMillis();
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
   * Returns the request guard, for adding to user-built clients with
   * {@code overrideConfiguration(o -> o.addExecutionInterceptor(BedrockBackend.requestGuard()))}
   * so that it need not be added per request. It checks only requests made by mvc.
   */
  public static ExecutionInterceptor requestGuard() {
    return PinGuardInterceptor.INSTANCE;
  }

  @Override
  public String provider() {
    return "bedrock";
  }

  @Override
  public void validate(VersionManifest manifest) {
    ModelBackend.super.validate(manifest);
    BedrockTarget target = (BedrockTarget) manifest.model();
    if (target.api() == BedrockApi.INVOKE_MODEL) {
      if (!AnthropicMessages.FORMAT.equals(target.bodyFormat())) {
        throw new MvcException("model.bedrock.bodyFormat must be " + AnthropicMessages.FORMAT
            + " for BedrockBackend, was " + target.bodyFormat());
      }
      AnthropicMessages.validate(manifest);
    } else if (target.api() == BedrockApi.RETRIEVE_AND_GENERATE) {
      KnowledgeBaseMapping.validate(manifest);
    } else if (target.api() == BedrockApi.INVOKE_AGENT) {
      AgentMapping.validate(manifest);
    }
    lifecycle.check(target, clients);
    pins.checkKnowledgeBase(target, clients);
    pins.checkAgentAlias(target, clients);
  }

  @Override
  public BackendResponse invoke(ResolvedCall call) {
    BedrockTarget target = target(call);
    if (target.api() == BedrockApi.INVOKE_AGENT) {
      return agentCall(call, target).join();
    }
    if (target.api() == BedrockApi.RETRIEVE_AND_GENERATE) {
      try {
        BedrockAgentRuntimeClient client = clients.agentSync(target.region());
        RetrieveAndGenerateRequest request =
            retrieveAndGenerate(call, target, client.serviceClientConfiguration().region(), clients.agentSyncGuarded());
        return KnowledgeBaseMapping.response(releasing(request, () -> client.retrieveAndGenerate(request)));
      } catch (RuntimeException e) {
        throw BedrockErrorMapper.map(e, target.modelId());
      }
    }
    BedrockRuntimeClient client = clients.sync(target.region());
    boolean guarded = clients.syncGuarded();
    try {
      if (target.api() == BedrockApi.INVOKE_MODEL) {
        InvokeModelRequest request = invokeModel(call, AnthropicMessages.body(call), guarded);
        return invokeModelResponse(target, releasing(request, () -> client.invokeModel(request)));
      }
      ConverseRequest request = pinned(ConverseMapping.converse(call), WirePin.converse(call, false), guarded, false);
      return converseResponse(releasing(request, () -> client.converse(request)));
    } catch (RuntimeException e) {
      throw BedrockErrorMapper.map(e, target.modelId());
    }
  }

  @Override
  public CompletableFuture<BackendResponse> invokeAsync(ResolvedCall call, Executor executor) {
    BedrockTarget target = target(call);
    if (target.api() == BedrockApi.INVOKE_AGENT) {
      CompletableFuture<BackendResponse> agent = new CompletableFuture<>();
      agentCall(call, target).whenCompleteAsync((r, e) -> {
        if (e != null) {
          agent.completeExceptionally(e instanceof java.util.concurrent.CompletionException && e.getCause() != null
              ? e.getCause() : e);
        } else {
          agent.complete(r);
        }
      }, executor);
      return agent;
    }
    CompletableFuture<BackendResponse> future;
    try {
      if (target.api() == BedrockApi.RETRIEVE_AND_GENERATE) {
        BedrockAgentRuntimeAsyncClient client = clients.agentAsync(target.region());
        RetrieveAndGenerateRequest request = retrieveAndGenerate(call, target,
            client.serviceClientConfiguration().region(), clients.agentAsyncGuarded());
        future = releasingAsync(request, () -> client.retrieveAndGenerate(request))
            .thenApply(KnowledgeBaseMapping::response);
      } else {
        future = runtimeAsync(call, target);
      }
    } catch (RuntimeException e) {
      future = CompletableFuture.failedFuture(e);
    }
    CompletableFuture<BackendResponse> result = new CompletableFuture<>();
    future.whenCompleteAsync((response, error) -> {
      if (error != null) {
        result.completeExceptionally(BedrockErrorMapper.map(error, target.modelId()));
      } else {
        result.complete(response);
      }
    }, executor);
    return result;
  }

  private CompletableFuture<BackendResponse> runtimeAsync(ResolvedCall call, BedrockTarget target) {
    BedrockRuntimeAsyncClient client = clients.async(target.region());
    boolean guarded = clients.asyncGuarded();
    if (target.api() == BedrockApi.INVOKE_MODEL) {
      InvokeModelRequest request = invokeModel(call, AnthropicMessages.body(call), guarded);
      return releasingAsync(request, () -> client.invokeModel(request)).thenApply(r -> invokeModelResponse(target, r));
    }
    ConverseRequest request = pinned(ConverseMapping.converse(call), WirePin.converse(call, false), guarded, false);
    return releasingAsync(request, () -> client.converse(request)).thenApply(BedrockBackend::converseResponse);
  }

  @Override
  public void invokeStream(ResolvedCall call, BackendStreamHandler handler, Executor executor) {
    BedrockTarget target = target(call);
    if (target.api() == BedrockApi.RETRIEVE_AND_GENERATE) {
      // Delivered as one delta: the answer and its citations come together.
      ModelBackend.super.invokeStream(call, handler, executor);
      return;
    }
    StreamRun.Attempt attempt;
    if (target.api() == BedrockApi.INVOKE_AGENT) {
      AgentMapping.requireNoHistory(call, "invoke-agent");
      String sessionId = AgentMapping.sessionId(call);
      StreamRun.start(run -> startAgentStream(call, target, sessionId, run), handler, target.describe(),
          streamAttempts, streamBackoffMillis, executor);
      return;
    }
    if (target.api() == BedrockApi.INVOKE_MODEL) {
      attempt = run -> startInvokeModelStream(call, target, run);
    } else {
      attempt = run -> startConverseStream(call, target, run);
    }
    StreamRun.start(attempt, handler, target.modelId(), streamAttempts, streamBackoffMillis, executor);
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

  private RetrieveAndGenerateRequest retrieveAndGenerate(ResolvedCall call, BedrockTarget target,
      software.amazon.awssdk.regions.@Nullable Region clientRegion, boolean guarded) {
    AgentMapping.requireNoHistory(call, "retrieve-and-generate");
    String modelArn = KnowledgeBaseMapping.modelArn(target, clientRegion);
    return pinned(KnowledgeBaseMapping.request(call, modelArn), KnowledgeBaseMapping.pin(call, modelArn), guarded, false);
  }

  /** Runs an agent call to its end, with the stream run's retries before the first chunk. */
  private CompletableFuture<BackendResponse> agentCall(ResolvedCall call, BedrockTarget target) {
    CompletableFuture<BackendResponse> done = new CompletableFuture<>();
    try {
      AgentMapping.requireNoHistory(call, "invoke-agent");
    } catch (MvcException e) {
      done.completeExceptionally(e);
      return done;
    }
    String sessionId = AgentMapping.sessionId(call);
    StreamRun.start(run -> startAgentStream(call, target, sessionId, run), new BackendStreamHandler() {
      @Override
      public void onText(String delta) {}

      @Override
      public void onComplete(BackendResponse response) {
        done.complete(response);
      }

      @Override
      public void onError(Throwable error) {
        done.completeExceptionally(error);
      }
    }, target.describe(), streamAttempts, streamBackoffMillis, Runnable::run);
    return done;
  }

  private CompletableFuture<Void> startAgentStream(ResolvedCall call, BedrockTarget target, String sessionId,
      StreamRun run) {
    BedrockAgentRuntimeAsyncClient client = clients.agentAsync(target.region());
    run.sessionId(sessionId);
    Utf8Chunks utf8 = new Utf8Chunks();
    InvokeAgentResponseHandler.Visitor visitor = InvokeAgentResponseHandler.Visitor.builder()
        .onChunk(chunk -> {
          if (chunk.attribution() != null && chunk.attribution().hasCitations()) {
            run.citations(KnowledgeBaseMapping.citations(chunk.attribution().citations()));
          }
          if (chunk.bytes() != null) {
            run.text(utf8.next(chunk.bytes().asByteArrayUnsafe()));
          }
        })
        .build();
    InvokeAgentResponseHandler handler = InvokeAgentResponseHandler.builder()
        .onResponse(r -> {
          run.requestId(r.responseMetadata().requestId());
          run.sessionId(r.sessionId());
        })
        .subscriber(event -> {
          run.event();
          event.accept(visitor);
        })
        .build();
    InvokeAgentRequest request = pinned(AgentMapping.request(call, sessionId), AgentMapping.pin(call, sessionId),
        clients.agentAsyncGuarded(), !clients.agentAsyncOwned());
    return releasingAsync(request, () -> client.invokeAgent(request, handler));
  }

  private CompletableFuture<Void> startConverseStream(ResolvedCall call, BedrockTarget target, StreamRun run) {
    BedrockRuntimeAsyncClient client = clients.async(target.region());
    ConverseStreamResponseHandler.Visitor visitor = ConverseStreamResponseHandler.Visitor.builder()
        .onContentBlockDelta(e -> {
          if (e.delta() != null && e.delta().text() != null) {
            run.text(e.delta().text());
          }
        })
        .onMessageStop(e -> run.stopReason(e.stopReasonAsString()))
        .onMetadata(e -> {
          if (e.usage() != null) {
            run.inputTokens(orZero(e.usage().inputTokens()));
            run.outputTokens(orZero(e.usage().outputTokens()));
          }
        })
        .build();
    ConverseStreamResponseHandler handler = ConverseStreamResponseHandler.builder()
        .onResponse(r -> run.requestId(r.responseMetadata().requestId()))
        .subscriber(event -> {
          run.event();
          event.accept(visitor);
        })
        .build();
    ConverseStreamRequest request = pinned(ConverseMapping.converseStream(call), WirePin.converse(call, true),
        clients.asyncGuarded(), !clients.asyncOwned());
    return releasingAsync(request, () -> client.converseStream(request, handler));
  }

  private CompletableFuture<Void> startInvokeModelStream(ResolvedCall call, BedrockTarget target, StreamRun run) {
    BedrockRuntimeAsyncClient client = clients.async(target.region());
    byte[] body = AnthropicMessages.body(call);
    InvokeModelWithResponseStreamRequest.Builder builder = InvokeModelWithResponseStreamRequest.builder()
        .modelId(target.modelId())
        .contentType("application/json")
        .accept("application/json")
        .body(SdkBytes.fromByteArrayUnsafe(body));
    InvokeModelWithResponseStreamResponseHandler.Visitor visitor = InvokeModelWithResponseStreamResponseHandler.Visitor.builder()
        .onChunk(chunk -> {
          var event = AnthropicMessages.event(chunk.bytes().asByteArray());
          String type = event.path("type").asText();
          String text = AnthropicMessages.deltaText(event);
          if (text != null) {
            run.text(text);
          } else if ("message_start".equals(type)) {
            run.servedModel(ModelNames.servedModel(target.modelId(), event.path("message").path("model").asText(null)));
            run.inputTokens(event.path("message").path("usage").path("input_tokens").asInt(0));
          } else if ("message_delta".equals(type)) {
            run.stopReason(event.path("delta").path("stop_reason").asText(null));
            run.outputTokens(event.path("usage").path("output_tokens").asInt(0));
          } else if ("message_stop".equals(type)) {
            var metrics = event.path("amazon-bedrock-invocationMetrics");
            run.inputTokens(metrics.path("inputTokenCount").asInt(0));
            run.outputTokens(metrics.path("outputTokenCount").asInt(0));
          }
        })
        .build();
    InvokeModelWithResponseStreamResponseHandler handler = InvokeModelWithResponseStreamResponseHandler.builder()
        .onResponse(r -> run.requestId(r.responseMetadata().requestId()))
        .subscriber(event -> {
          run.event();
          event.accept(visitor);
        })
        .build();
    InvokeModelWithResponseStreamRequest request = pinned(builder, WirePin.invokeModel(call, body, true),
        clients.asyncGuarded(), !clients.asyncOwned());
    return releasingAsync(request, () -> client.invokeModelWithResponseStream(request, handler));
  }

  private InvokeModelRequest invokeModel(ResolvedCall call, byte[] body, boolean guarded) {
    BedrockTarget target = (BedrockTarget) call.target();
    return pinned(InvokeModelRequest.builder()
        .modelId(target.modelId())
        .contentType("application/json")
        .accept("application/json")
        .body(SdkBytes.fromByteArrayUnsafe(body)), WirePin.invokeModel(call, body, false), guarded, false);
  }

  /**
   * Builds the request with the shared mvc request configuration and registers its pin with the
   * guard; the caller releases it when the call ends ({@link #releasing}, {@link #releasingAsync}).
   */
  private static <R extends SdkRequest> R pinned(AwsRequest.Builder builder, WirePin pin, boolean guarded,
      boolean disableRetries) {
    @SuppressWarnings("unchecked")
    R request = (R) builder.overrideConfiguration(guarded
            ? (disableRetries ? ON_GUARDED_NO_RETRY : ON_GUARDED)
            : (disableRetries ? ON_UNGUARDED_NO_RETRY : ON_UNGUARDED))
        .build();
    PinGuardInterceptor.register(request, pin);
    return request;
  }

  /** Makes a synchronous call and releases the request's pin when it returns or throws. */
  private static <T> T releasing(SdkRequest request, Supplier<T> call) {
    try {
      return call.get();
    } finally {
      PinGuardInterceptor.release(request);
    }
  }

  /** Starts the call and releases the request's pin when its future completes, or at once if starting fails. */
  private static <T> CompletableFuture<T> releasingAsync(SdkRequest request, Supplier<CompletableFuture<T>> start) {
    CompletableFuture<T> future;
    try {
      future = start.get();
    } catch (RuntimeException | Error e) {
      PinGuardInterceptor.release(request);
      throw e;
    }
    future.whenComplete((r, e) -> PinGuardInterceptor.release(request));
    return future;
  }

  private static AwsRequestOverrideConfiguration requestConfiguration(@Nullable SdkPlugin plugin) {
    AwsRequestOverrideConfiguration.Builder b = AwsRequestOverrideConfiguration.builder()
        .putExecutionAttribute(PinGuardInterceptor.MVC_CALL, Boolean.TRUE);
    if (plugin != null) {
      b.addPlugin(plugin);
    }
    return b.build();
  }

  private static BackendResponse converseResponse(ConverseResponse r) {
    TokenUsage usage = r.usage() == null
        ? TokenUsage.UNKNOWN
        : TokenUsage.of(orZero(r.usage().inputTokens()), orZero(r.usage().outputTokens()));
    return BackendResponse.builder(ConverseMapping.text(r))
        .stopReason(r.stopReasonAsString())
        .usage(usage)
        .requestId(r.responseMetadata().requestId())
        .build();
  }

  private static BackendResponse invokeModelResponse(BedrockTarget target, InvokeModelResponse r) {
    AnthropicMessages.Reply reply = AnthropicMessages.parse(r.body().asByteArrayUnsafe());
    SdkHttpResponse http = r.sdkHttpResponse();
    int input = header(http, "x-amzn-bedrock-input-token-count", reply.inputTokens());
    int output = header(http, "x-amzn-bedrock-output-token-count", reply.outputTokens());
    return BackendResponse.builder(reply.text())
        .stopReason(reply.stopReason())
        .usage(input == 0 && output == 0 ? TokenUsage.UNKNOWN : TokenUsage.of(input, output))
        .requestId(r.responseMetadata().requestId())
        .servedModel(ModelNames.servedModel(target.modelId(), reply.model()))
        .build();
  }

  private static int header(SdkHttpResponse http, String name, int fallback) {
    return http.firstMatchingHeader(name).map(v -> {
      try {
        return Integer.parseInt(v.trim());
      } catch (NumberFormatException e) {
        return fallback;
      }
    }).orElse(fallback);
  }

  private static int orZero(@Nullable Integer value) {
    return value == null ? 0 : value;
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
    private int streamAttempts = 3;
    private Duration streamBackoff = Duration.ofMillis(100);
    private @Nullable Duration callTimeout;
    private CheckMode lifecycleCheck = CheckMode.OFF;
    private @Nullable BedrockAgentRuntimeClient agentRuntimeClient;
    private @Nullable BedrockAgentRuntimeAsyncClient agentRuntimeAsyncClient;
    private @Nullable BedrockAgentClient agentControlClient;
    private CheckMode knowledgeBaseCheck = CheckMode.WARN;
    private CheckMode agentAliasCheck = CheckMode.FAIL;
    private CheckListener checkListener = CheckListener.none();

    private Builder() {}

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

    /** Sets how many attempts a stream makes before its first event arrives (default 3; 1 disables retries). */
    public Builder streamAttempts(int streamAttempts) {
      if (streamAttempts < 1 || streamAttempts > 10) {
        throw new IllegalArgumentException("streamAttempts must be in [1, 10], was " + streamAttempts);
      }
      this.streamAttempts = streamAttempts;
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

    /** Sets the base backoff between stream attempts, doubled on each retry (default 100 ms). */
    public Builder streamBackoff(Duration streamBackoff) {
      if (streamBackoff.isNegative() || streamBackoff.compareTo(Duration.ofMinutes(1)) > 0) {
        throw new IllegalArgumentException("streamBackoff must be in [0, 1 min], was " + streamBackoff);
      }
      this.streamBackoff = streamBackoff;
      return this;
    }

    /**
     * Sets the mode of the model lifecycle check ({@value #LIFECYCLE_CHECK}) run when a manifest is
     * loaded (default {@link CheckMode#OFF}): GetFoundationModel must report the pinned foundation
     * model (or the one behind an inference profile) as {@code ACTIVE}, not {@code LEGACY}.
     */
    public Builder lifecycleCheck(CheckMode lifecycleCheck) {
      this.lifecycleCheck = Objects.requireNonNull(lifecycleCheck, "lifecycleCheck");
      return this;
    }

    /** Builds the backend; clients are created on first use. */
    public BedrockBackend build() {
      return new BedrockBackend(this);
    }
  }
}
