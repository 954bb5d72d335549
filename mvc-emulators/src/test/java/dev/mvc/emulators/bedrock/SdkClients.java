package dev.mvc.emulators.bedrock;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.builder.SdkAsyncClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.bedrockagent.BedrockAgentClient;
import software.amazon.awssdk.services.bedrockagentruntime.BedrockAgentRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockagentruntime.BedrockAgentRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

/** Real AWS SDK clients pointed at an emulator, with fake static credentials. */
final class SdkClients {

  static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "not-a-secret"));

  private SdkClients() {}

  static BedrockRuntimeClient runtime(URI endpoint, boolean retries) {
    return sync(BedrockRuntimeClient.builder(), endpoint, retries).build();
  }

  static BedrockRuntimeAsyncClient runtimeAsync(URI endpoint) {
    return async(BedrockRuntimeAsyncClient.builder(), endpoint).build();
  }

  static BedrockClient control(URI endpoint) {
    return sync(BedrockClient.builder(), endpoint, false).build();
  }

  static BedrockAgentRuntimeClient agentRuntime(URI endpoint) {
    return sync(BedrockAgentRuntimeClient.builder(), endpoint, false).build();
  }

  static BedrockAgentRuntimeAsyncClient agentRuntimeAsync(URI endpoint) {
    return async(BedrockAgentRuntimeAsyncClient.builder(), endpoint).build();
  }

  static BedrockAgentClient agentControl(URI endpoint) {
    return sync(BedrockAgentClient.builder(), endpoint, false).build();
  }

  /** Points a synchronous client builder at the emulator (URL-connection HTTP client). */
  private static <B extends AwsClientBuilder<B, ?> & SdkSyncClientBuilder<B, ?>> B sync(B builder, URI endpoint,
      boolean retries) {
    return common(builder, endpoint, retries).httpClient(UrlConnectionHttpClient.create());
  }

  /** Points an asynchronous client builder at the emulator (Netty HTTP client, SDK retries off). */
  private static <B extends AwsClientBuilder<B, ?> & SdkAsyncClientBuilder<B, ?>> B async(B builder, URI endpoint) {
    return common(builder, endpoint, false)
        .httpClient(NettyNioAsyncHttpClient.builder().connectionTimeout(Duration.ofSeconds(5)).build());
  }

  private static <B extends AwsClientBuilder<B, ?>> B common(B builder, URI endpoint, boolean retries) {
    return builder
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(CREDENTIALS)
        .overrideConfiguration(o -> {
          if (!retries) {
            o.retryStrategy(AwsRetryStrategy.doNotRetry());
          }
        });
  }
}
