package dev.mvc.sagemaker.internal;

import java.net.URI;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeAsyncClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

/**
 * How to build the SDK clients mvc owns: region, endpoint override and credentials, each from
 * the SDK's default chain when unset. SDK retries are off, so that retrying is decided in one
 * place (the client's resilience settings) and never doubles up.
 */
public final class ClientSettings {
  private @Nullable Region region;
  private @Nullable URI endpointOverride;
  private @Nullable AwsCredentialsProvider credentials;

  /** Sets the region. */
  public void region(@Nullable Region region) {
    this.region = region;
  }

  /** Sets the endpoint override. */
  public void endpointOverride(@Nullable URI uri) {
    this.endpointOverride = uri;
  }

  /** Sets the credentials provider. */
  public void credentials(@Nullable AwsCredentialsProvider credentials) {
    this.credentials = credentials;
  }

  /** Builds a runtime client. */
  public SageMakerRuntimeClient runtime() {
    return configure(SageMakerRuntimeClient.builder()).build();
  }

  /** Builds an asynchronous runtime client (for streaming). */
  public SageMakerRuntimeAsyncClient runtimeAsync() {
    return configure(SageMakerRuntimeAsyncClient.builder()).build();
  }

  /** Builds a control-plane client. */
  public SageMakerClient controlPlane() {
    return configure(SageMakerClient.builder()).build();
  }

  /** Applies the settings, with SDK retries off: retries belong to mvc's resilience layer. */
  private <B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, ?>> B configure(B b) {
    b.overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));
    if (region != null) {
      b.region(region);
    }
    if (endpointOverride != null) {
      b.endpointOverride(endpointOverride);
    }
    if (credentials != null) {
      b.credentialsProvider(credentials);
    }
    return b;
  }
}
