package dev.mvc.cli.internal;

import java.net.URI;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;

/** The AWS connection options, named and behaving like the AWS CLI's. */
public final class AwsOptions {
  @Option(names = "--endpoint-url", paramLabel = "URL",
      description = "Send AWS requests to this endpoint instead of the default (for example a local emulator).")
  @Nullable URI endpointUrl;

  @Option(names = "--region", paramLabel = "REGION",
      description = "AWS region; by default the AWS region chain (AWS_REGION, profile) decides.")
  @Nullable String region;

  @Option(names = "--profile", paramLabel = "NAME",
      description = "Use credentials and settings of this named profile from ~/.aws/config.")
  @Nullable String profile;

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
}
