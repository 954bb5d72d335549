package dev.mvc.bedrock.internal;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
 * mvc builds lazily per region with the request guard installed and SDK retries off. Besides
 * Bedrock Runtime and its control plane they include Agents for Bedrock Runtime (knowledge
 * bases, agents) and its control plane.
 */
public final class Clients implements AutoCloseable {

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
  private final boolean userSyncGuarded;
  private final boolean userAsyncGuarded;
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

  /** Creates the client set; any user client may be null, and so may the settings for built clients. */
  public Clients(@Nullable BedrockRuntimeClient userSync, @Nullable BedrockRuntimeAsyncClient userAsync,
      @Nullable BedrockClient userControl, @Nullable String defaultRegion, @Nullable URI endpointOverride,
      @Nullable AwsCredentialsProvider credentials) {
    this(userSync, userAsync, userControl, defaultRegion, endpointOverride, credentials, null);
  }

  /** Creates the client set; {@code callTimeout} bounds each call of the clients built here. */
  public Clients(@Nullable BedrockRuntimeClient userSync, @Nullable BedrockRuntimeAsyncClient userAsync,
      @Nullable BedrockClient userControl, @Nullable String defaultRegion, @Nullable URI endpointOverride,
      @Nullable AwsCredentialsProvider credentials, java.time.@Nullable Duration callTimeout) {
    this(userSync, userAsync, userControl, null, defaultRegion, endpointOverride, credentials, callTimeout);
  }

  /** Creates the client set including user-supplied Agents for Bedrock clients (null: mvc builds them). */
  public Clients(@Nullable BedrockRuntimeClient userSync, @Nullable BedrockRuntimeAsyncClient userAsync,
      @Nullable BedrockClient userControl, @Nullable AgentClients userAgents, @Nullable String defaultRegion,
      @Nullable URI endpointOverride, @Nullable AwsCredentialsProvider credentials,
      java.time.@Nullable Duration callTimeout) {
    this.userAgents = userAgents;
    this.callTimeout = callTimeout;
    this.userSync = userSync;
    this.userAsync = userAsync;
    this.userControl = userControl;
    this.defaultRegion = defaultRegion;
    this.endpointOverride = endpointOverride;
    this.credentials = credentials;
    this.userSyncGuarded = userSync != null && guarded(userSync.serviceClientConfiguration().overrideConfiguration());
    this.userAsyncGuarded = userAsync != null && guarded(userAsync.serviceClientConfiguration().overrideConfiguration());
  }

  /** Returns the sync client for calls pinned to {@code region} (null: the default). */
  public BedrockRuntimeClient sync(@Nullable String region) {
    if (userSync != null) {
      return userSync;
    }
    return syncByRegion.computeIfAbsent(key(region), k -> configure(BedrockRuntimeClient.builder(), k, true).build());
  }

  /** Returns the async client for calls pinned to {@code region} (null: the default). */
  public BedrockRuntimeAsyncClient async(@Nullable String region) {
    if (userAsync != null) {
      return userAsync;
    }
    return asyncByRegion.computeIfAbsent(key(region), k -> configure(BedrockRuntimeAsyncClient.builder(), k, true).build());
  }

  /** Returns the control-plane client for {@code region} (null: the default). */
  public BedrockClient control(@Nullable String region) {
    if (userControl != null) {
      return userControl;
    }
    return controlByRegion.computeIfAbsent(key(region), k -> configure(BedrockClient.builder(), k, false).build());
  }

  /** Returns the Agents for Bedrock Runtime sync client for {@code region} (null: the default). */
  public BedrockAgentRuntimeClient agentSync(@Nullable String region) {
    if (userAgents != null && userAgents.sync() != null) {
      return userAgents.sync();
    }
    return agentSyncByRegion.computeIfAbsent(key(region),
        k -> configure(BedrockAgentRuntimeClient.builder(), k, true).build());
  }

  /** Returns the Agents for Bedrock Runtime async client for {@code region} (null: the default). */
  public BedrockAgentRuntimeAsyncClient agentAsync(@Nullable String region) {
    if (userAgents != null && userAgents.async() != null) {
      return userAgents.async();
    }
    return agentAsyncByRegion.computeIfAbsent(key(region),
        k -> configure(BedrockAgentRuntimeAsyncClient.builder(), k, true).build());
  }

  /** Returns the Agents for Bedrock control-plane client for {@code region} (null: the default). */
  public BedrockAgentClient agentControl(@Nullable String region) {
    if (userAgents != null && userAgents.control() != null) {
      return userAgents.control();
    }
    return agentControlByRegion.computeIfAbsent(key(region), k -> configure(BedrockAgentClient.builder(), k, false).build());
  }

  /** Returns whether the agent runtime sync client in use already carries the request guard. */
  public boolean agentSyncGuarded() {
    return userAgents == null || userAgents.sync() == null
        || guarded(userAgents.sync().serviceClientConfiguration().overrideConfiguration());
  }

  /** Returns whether the agent runtime async client in use already carries the request guard. */
  public boolean agentAsyncGuarded() {
    return userAgents == null || userAgents.async() == null
        || guarded(userAgents.async().serviceClientConfiguration().overrideConfiguration());
  }

  /** Returns whether the agent runtime async client in use was built by mvc (and so has SDK retries off). */
  public boolean agentAsyncOwned() {
    return userAgents == null || userAgents.async() == null;
  }

  /** Returns whether the sync client in use already carries the request guard. */
  public boolean syncGuarded() {
    return userSync == null || userSyncGuarded;
  }

  /** Returns whether the async client in use already carries the request guard. */
  public boolean asyncGuarded() {
    return userAsync == null || userAsyncGuarded;
  }

  /** Returns whether the async client in use was built by mvc (and so has SDK retries off). */
  public boolean asyncOwned() {
    return userAsync == null;
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

  private <B extends AwsClientBuilder<B, ?>> B configure(B builder, String regionKey, boolean runtime) {
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
      // Retries belong to mvc: the resilience layer for calls, the stream run for streams.
      ClientOverrideConfiguration.Builder o = ClientOverrideConfiguration.builder()
          .retryStrategy(AwsRetryStrategy.doNotRetry())
          .addExecutionInterceptor(PinGuardInterceptor.INSTANCE);
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

  private static boolean guarded(ClientOverrideConfiguration configuration) {
    return configuration.executionInterceptors().contains(PinGuardInterceptor.INSTANCE);
  }
}
