package dev.mvc.cli.internal;

import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * The AWS connection options, named and behaving like the AWS CLI's, and the S3 client they
 * configure (created on first use, closed with the command).
 */
public final class AwsOptions implements AutoCloseable {
  @Option(names = "--endpoint-url", paramLabel = "URL",
      description = "Send AWS requests to this endpoint instead of the default (for example a local emulator).")
  @Nullable URI endpointUrl;

  @Option(names = "--region", paramLabel = "REGION",
      description = "AWS region; by default the AWS region chain (AWS_REGION, profile) decides.")
  @Nullable String region;

  @Option(names = "--profile", paramLabel = "NAME",
      description = "Use credentials and settings of this named profile from ~/.aws/config.")
  @Nullable String profile;

  /** The time one S3 call of a command may take, retries and the body read included. */
  static final Duration S3_CALL_TIMEOUT = Duration.ofSeconds(60);
  /** The time one attempt of an S3 call may take. */
  static final Duration S3_ATTEMPT_TIMEOUT = Duration.ofSeconds(20);

  private @Nullable S3Client s3;

  /** Returns the endpoint override, or null. */
  public @Nullable URI endpointUrl() {
    return endpointUrl;
  }

  /** Returns the region, or null. */
  public @Nullable String region() {
    return region;
  }

  /** Returns the credentials: the named profile's, or the default chain's. */
  public AwsCredentialsProvider credentials() {
    return profile != null ? ProfileCredentialsProvider.create(profile) : DefaultCredentialsProvider.builder().build();
  }

  /** Returns the S3 client these options describe; path-style addressing with an endpoint override. */
  public synchronized S3Client s3() {
    if (s3 == null) {
      s3 = newS3(null, true);
    }
    return s3;
  }

  /**
   * Returns a new S3 client for artifact uploads: {@code parallelParts} parts at a time go up as
   * plain bodies (no chunked encoding, whose per-chunk signatures over plain HTTP cost both ends
   * more); no API call timeout, since a part takes as long as the network needs; {@code
   * interceptor} added; the caller closes it.
   */
  public S3Client newS3Upload(ExecutionInterceptor interceptor, int parallelParts) {
    S3ClientBuilder b = S3Client.builder()
        .httpClientBuilder(ApacheHttpClient.builder().maxConnections(Math.max(50, parallelParts * 2)))
        .credentialsProvider(credentials())
        .region(resolveRegion())
        .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
        .overrideConfiguration(o -> o.addExecutionInterceptor(interceptor));
    if (endpointUrl != null) {
      b.endpointOverride(endpointUrl).forcePathStyle(true);
    }
    return b.build();
  }

  private S3Client newS3(@Nullable ExecutionInterceptor interceptor, boolean callTimeouts) {
    S3ClientBuilder b = S3Client.builder()
        .httpClientBuilder(ApacheHttpClient.builder())
        .credentialsProvider(credentials())
        .region(resolveRegion());
    if (endpointUrl != null) {
      b.endpointOverride(endpointUrl).forcePathStyle(true);
    }
    b.overrideConfiguration(o -> {
      if (callTimeouts) {
        // The SDK sets no API call timeouts; without them a stalled manifest, blob or record body holds the command.
        o.apiCallTimeout(S3_CALL_TIMEOUT).apiCallAttemptTimeout(S3_ATTEMPT_TIMEOUT);
      }
      if (interceptor != null) {
        o.addExecutionInterceptor(interceptor);
      }
    });
    return b.build();
  }

  /** Returns the region: the option, else the profile's or the default chain's, else us-east-1. */
  public Region resolveRegion() {
    if (region != null) {
      return Region.of(region);
    }
    try {
      return profile != null ? new AwsProfileRegionProvider(null, profile).getRegion()
          : DefaultAwsRegionProviderChain.builder().build().getRegion();
    } catch (RuntimeException e) {
      // S3 URIs name their bucket; any region signs the first request, and S3 redirects.
      return Region.US_EAST_1;
    }
  }

  @Override
  public synchronized void close() {
    if (s3 != null) {
      s3.close();
      s3 = null;
    }
  }
}
