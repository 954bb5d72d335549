package dev.mvc.s3;

import dev.mvc.emulators.s3.S3MockLauncher;
import java.util.Locale;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/** Test access to the suite-wide S3 emulator: clients and fresh buckets. */
final class S3Emulator {

  private S3Emulator() {}

  static S3MockLauncher launcher() {
    return S3MockLauncher.shared();
  }

  /** A client for the shared emulator, path style, without retries. */
  static S3Client client() {
    S3MockLauncher s3 = launcher();
    return S3Client.builder()
        .endpointOverride(s3.endpoint())
        .forcePathStyle(true)
        .region(Region.of(s3.region()))
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(s3.accessKeyId(), s3.secretAccessKey())))
        .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD).retryStrategy(b -> b.maxAttempts(1)))
        .build();
  }

  /**
   * A client for artifact uploads to the shared emulator, as {@link ArtifactUploader} recommends:
   * plain part bodies (no chunked encoding), without retries; {@code interceptors} added.
   */
  static S3Client uploadClient(software.amazon.awssdk.core.interceptor.ExecutionInterceptor... interceptors) {
    S3MockLauncher s3 = launcher();
    return S3Client.builder()
        .endpointOverride(s3.endpoint())
        .forcePathStyle(true)
        .region(Region.of(s3.region()))
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(s3.accessKeyId(), s3.secretAccessKey())))
        .serviceConfiguration(software.amazon.awssdk.services.s3.S3Configuration.builder()
            .chunkedEncodingEnabled(false).build())
        .overrideConfiguration(o -> {
          o.retryStrategy(RetryMode.STANDARD).retryStrategy(b -> b.maxAttempts(1));
          for (var i : interceptors) {
            o.addExecutionInterceptor(i);
          }
        })
        .build();
  }

  /** Creates a bucket with a unique name; versioned if asked. */
  static String newBucket(S3Client client, String prefix, boolean versioned) {
    String bucket =
        (prefix + "-" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
    client.createBucket(b -> b.bucket(bucket));
    if (versioned) {
      client.putBucketVersioning(
          b -> b.bucket(bucket).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
    }
    return bucket;
  }
}
