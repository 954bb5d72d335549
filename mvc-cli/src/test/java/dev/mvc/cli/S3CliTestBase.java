package dev.mvc.cli;

import dev.mvc.emulators.s3.S3MockLauncher;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/**
 * The shared S3Mock, an SDK client on it for arranging and inspecting buckets, and the command
 * line pointed at it, for tests of the S3 commands.
 */
abstract class S3CliTestBase {
  static S3MockLauncher s3;
  static S3Client client;

  @BeforeAll
  static void startS3() {
    s3 = S3MockLauncher.shared();
    // The commands use the default credentials chain, which reads these system properties first.
    System.setProperty("aws.accessKeyId", s3.accessKeyId());
    System.setProperty("aws.secretAccessKey", s3.secretAccessKey());
    client = S3Client.builder().endpointOverride(s3.endpoint()).forcePathStyle(true)
        .httpClientBuilder(ApacheHttpClient.builder())
        .region(Region.of(s3.region()))
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(s3.accessKeyId(), s3.secretAccessKey())))
        .build();
  }

  @AfterAll
  static void closeClient() {
    client.close();
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }

  /** Creates a new bucket with versioning on and returns its name. */
  static String newVersionedBucket(String prefix) {
    String bucket = (prefix + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
    client.createBucket(b -> b.bucket(bucket));
    client.putBucketVersioning(b -> b.bucket(bucket)
        .versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
    return bucket;
  }

  /** Runs {@code mvc} with the S3Mock endpoint and region added. */
  static Cli.Result mvc(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--endpoint-url", s3.endpoint().toString(), "--region", s3.region()));
    return Cli.run(all.toArray(new String[0]));
  }
}
