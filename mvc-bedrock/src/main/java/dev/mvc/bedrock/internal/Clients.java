package dev.mvc.bedrock.internal;

import dev.mvc.MvcException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.bedrockagent.BedrockAgentClient;
import software.amazon.awssdk.services.bedrockagentruntime.BedrockAgentRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockagentruntime.BedrockAgentRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

/**
 * The AWS clients of one backend: those the user supplied, used for every call, or clients
 * mvc builds lazily per region with SDK retries off. Besides Bedrock Runtime and its control
 * plane they include Agents for Bedrock Runtime (knowledge bases, agents) and its control plane.
 *
 * <p>Every runtime client must carry the request guard. The SDK installs it from mvc-bedrock's
 * class path interceptor files in every client built while mvc-bedrock is on the class path, so
 * it costs nothing per call; a user client that lacks it anyway (built by a class loader that
 * cannot see those files) is refused here, with the line that adds it.
 */
public final class Clients implements AutoCloseable {

  private static final String RUNTIME = "bedrockruntime";
  private static final String AGENT_RUNTIME = "bedrockagentruntime";

  private final @Nullable BedrockRuntimeClient userSync;
  private final @Nullable BedrockRuntimeAsyncClient userAsync;
  private final @Nullable BedrockClient userControl;
  private final @Nullable String defaultRegion;
  private final @Nullable URI endpointOverride;
  private final @Nullable AwsCredentialsProvider credentials;
  private final Map<String, BedrockRuntimeClient> syncByRegion = new ConcurrentHashMap<>();
  private final Map<String, BedrockRuntimeAsyncClient> asyncByRegion = new ConcurrentHashMap<>();
  private final Map<String, BedrockClient> controlByRegion = new ConcurrentHashMap<>();
  private final java.time.@Nullable Duration callTimeout;
  private final boolean userAsyncSingleAttempt;
  private final boolean userAgentAsyncSingleAttempt;
  private final @Nullable AgentClients userAgents;
  private final Map<String, BedrockAgentRuntimeClient> agentSyncByRegion = new ConcurrentHashMap<>();
  private final Map<String, BedrockAgentRuntimeAsyncClient> agentAsyncByRegion = new ConcurrentHashMap<>();
  private final Map<String, BedrockAgentClient> agentControlByRegion = new ConcurrentHashMap<>();

  /**
   * The Agents for Bedrock clients a user supplied; any may be null, so that mvc builds that one.
   *
   * @param sync the runtime client for RetrieveAndGenerate
   * @param async the runtime client for InvokeAgent and async calls
   * @param control the control-plane client for the data-source and alias checks
   */
  public record AgentClients(@Nullable BedrockAgentRuntimeClient sync, @Nullable BedrockAgentRuntimeAsyncClient async,
      @Nullable BedrockAgentClient control) {}

  /**
   * Creates the client set including user-supplied Agents for Bedrock clients (null: mvc builds
   * them); {@code callTimeout} bounds each call of the clients built here.
   *
   * @throws MvcException if a user runtime client lacks the request guard, naming the builder method
   */
  public Clients(@Nullable BedrockRuntimeClient userSync, @Nullable BedrockRuntimeAsyncClient userAsync,
      @Nullable BedrockClient userControl, @Nullable AgentClients userAgents, @Nullable String defaultRegion,
      @Nullable URI endpointOverride, @Nullable AwsCredentialsProvider credentials,
      java.time.@Nullable Duration callTimeout) {
    requireGuard(userSync, "client", RUNTIME);
    requireGuard(userAsync, "asyncClient", RUNTIME);
    if (userAgents != null) {
      requireGuard(userAgents.sync(), "agentRuntimeClient", AGENT_RUNTIME);
      requireGuard(userAgents.async(), "agentRuntimeAsyncClient", AGENT_RUNTIME);
    }
    this.userAgents = userAgents;
    this.callTimeout = callTimeout;
    this.userSync = userSync;
    this.userAsync = userAsync;
    this.userControl = userControl;
    this.defaultRegion = defaultRegion;
    this.endpointOverride = endpointOverride;
    this.credentials = credentials;
    this.userAsyncSingleAttempt = userAsync == null || singleAttempt(userAsync);
    this.userAgentAsyncSingleAttempt = userAgents == null || userAgents.async() == null
        || singleAttempt(userAgents.async());
  }

  /**
   * Returns the builder methods of the user clients whose own retry strategy would send a call
   * more than once (empty when every client makes one attempt, as the clients mvc builds do).
   */
  public List<String> userClientsThatRetry() {
    List<String> retrying = new ArrayList<>();
    if (userSync != null && !singleAttempt(userSync)) {
      retrying.add("client");
    }
    if (userAsync != null && !singleAttempt(userAsync)) {
      retrying.add("asyncClient");
    }
    if (userAgents != null && userAgents.sync() != null && !singleAttempt(userAgents.sync())) {
      retrying.add("agentRuntimeClient");
    }
    if (userAgents != null && userAgents.async() != null && !singleAttempt(userAgents.async())) {
      retrying.add("agentRuntimeAsyncClient");
    }
    return retrying;
  }

  /** Returns the sync client for calls pinned to {@code region} (null: the default). */
  public BedrockRuntimeClient sync(@Nullable String region) {
    if (userSync != null) {
      return userSync;
    }
    return syncByRegion.computeIfAbsent(key(region),
        k -> guarded(explicit -> configure(BedrockRuntimeClient.builder(), k, true, explicit).build()));
  }

  /** Returns the async client for calls pinned to {@code region} (null: the default). */
  public BedrockRuntimeAsyncClient async(@Nullable String region) {
    if (userAsync != null) {
      return userAsync;
    }
    return asyncByRegion.computeIfAbsent(key(region),
        k -> guarded(explicit -> configure(BedrockRuntimeAsyncClient.builder(), k, true, explicit).build()));
  }

  /** Returns the control-plane client for {@code region} (null: the default). */
  public BedrockClient control(@Nullable String region) {
    if (userControl != null) {
      return userControl;
    }
    return controlByRegion.computeIfAbsent(key(region), k -> configure(BedrockClient.builder(), k, false, false).build());
  }

  /** Returns the Agents for Bedrock Runtime sync client for {@code region} (null: the default). */
  public BedrockAgentRuntimeClient agentSync(@Nullable String region) {
    if (userAgents != null && userAgents.sync() != null) {
      return userAgents.sync();
    }
    return agentSyncByRegion.computeIfAbsent(key(region),
        k -> guarded(explicit -> configure(BedrockAgentRuntimeClient.builder(), k, true, explicit).build()));
  }

  /** Returns the Agents for Bedrock Runtime async client for {@code region} (null: the default). */
  public BedrockAgentRuntimeAsyncClient agentAsync(@Nullable String region) {
    if (userAgents != null && userAgents.async() != null) {
      return userAgents.async();
    }
    return agentAsyncByRegion.computeIfAbsent(key(region),
        k -> guarded(explicit -> configure(BedrockAgentRuntimeAsyncClient.builder(), k, true, explicit).build()));
  }

  /** Returns the Agents for Bedrock control-plane client for {@code region} (null: the default). */
  public BedrockAgentClient agentControl(@Nullable String region) {
    if (userAgents != null && userAgents.control() != null) {
      return userAgents.control();
    }
    return agentControlByRegion.computeIfAbsent(key(region), k -> configure(BedrockAgentClient.builder(), k, false, false).build());
  }

  /**
   * Returns whether the async client in use makes one attempt per call: true for the clients mvc
   * builds; for a user client, whether its retry strategy (or legacy retry policy) allows one.
   */
  public boolean asyncSingleAttempt() {
    return userAsyncSingleAttempt;
  }

  /** Returns whether the agent runtime async client in use makes one attempt per call (as {@link #asyncSingleAttempt}). */
  public boolean agentAsyncSingleAttempt() {
    return userAgentAsyncSingleAttempt;
  }

  /** Closes the clients mvc built; user clients stay open. */
  @Override
  public void close() {
    List<SdkClient> owned = new ArrayList<>();
    owned.addAll(syncByRegion.values());
    owned.addAll(asyncByRegion.values());
    owned.addAll(controlByRegion.values());
    owned.addAll(agentSyncByRegion.values());
    owned.addAll(agentAsyncByRegion.values());
    owned.addAll(agentControlByRegion.values());
    agentSyncByRegion.clear();
    agentAsyncByRegion.clear();
    agentControlByRegion.clear();
    syncByRegion.clear();
    asyncByRegion.clear();
    controlByRegion.clear();
    owned.forEach(SdkClient::close);
  }

  private <B extends AwsClientBuilder<B, ?>> B configure(B builder, String regionKey, boolean runtime,
      boolean explicitGuard) {
    if (!regionKey.isEmpty()) {
      builder.region(Region.of(regionKey));
    }
    if (endpointOverride != null) {
      builder.endpointOverride(endpointOverride);
    }
    if (credentials != null) {
      builder.credentialsProvider(credentials);
    }
    if (runtime) {
      // Retries belong to the client's resilience layer, for calls and streams alike.
      ClientOverrideConfiguration.Builder o = ClientOverrideConfiguration.builder()
          .retryStrategy(AwsRetryStrategy.doNotRetry());
      if (explicitGuard) {
        o.addExecutionInterceptor(new PinGuardInterceptor());
      }
      if (callTimeout != null) {
        o.apiCallTimeout(callTimeout);
      }
      builder.overrideConfiguration(o.build());
    }
    return builder;
  }

  private String key(@Nullable String region) {
    if (region != null) {
      return region;
    }
    return defaultRegion != null ? defaultRegion : "";
  }

  /**
   * Builds a runtime client, which normally gets the guard from the class path interceptor files;
   * where the class loader cannot see them, it is built again with the guard added explicitly.
   */
  private static <C extends SdkClient> C guarded(Function<Boolean, C> build) {
    C client = build.apply(false);
    if (hasGuard(client)) {
      return client;
    }
    client.close();
    return build.apply(true);
  }

  private static boolean hasGuard(SdkClient client) {
    return PinGuardInterceptor.installedIn(client.serviceClientConfiguration().overrideConfiguration().executionInterceptors());
  }

  private static void requireGuard(@Nullable SdkClient client, String builderMethod, String service) {
    if (client != null && !hasGuard(client)) {
      throw new MvcException("BedrockBackend.builder()." + builderMethod + "(..) was given a " + service
          + " client without the request guard (it was built where mvc-bedrock's software/amazon/awssdk/services/"
          + service + "/execution.interceptors is not visible); add the guard when building the client: "
          + ".overrideConfiguration(o -> o.addExecutionInterceptor(BedrockBackend.requestGuard()))");
    }
  }

  /** Returns whether the client's retry strategy, or its legacy retry policy, allows only one attempt. */
  private static boolean singleAttempt(SdkClient client) {
    ClientOverrideConfiguration o = client.serviceClientConfiguration().overrideConfiguration();
    if (o.retryPolicy().isPresent()) {
      Integer retries = o.retryPolicy().get().numRetries();
      return retries != null && retries == 0;
    }
    return o.retryStrategy().map(r -> r.maxAttempts() == 1).orElse(false);
  }
}
