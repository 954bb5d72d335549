package dev.mvc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mvc.PromptSpec;
import dev.mvc.PromptText;
import dev.mvc.VersionManifest;
import dev.mvc.cli.internal.Json;
import dev.mvc.emulators.s3.S3MockLauncher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;

/** {@code mvc publish} repairs corrupted stored blobs; {@code mvc rollback --to} refuses a version that would not load. */
class PublishRepairAndRollbackCommandsTest {
  private static final String BLOB_TEMPLATE = "Handbook:\n{{policy}}\n\nQuestion: {{question}}";

  private static S3MockLauncher s3;
  private static S3Client client;

  @TempDir
  Path tmp;
  String bucket;
  String key;

  @BeforeAll
  static void startS3() {
    s3 = S3MockLauncher.shared();
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

  @BeforeEach
  void newBucket() {
    bucket = ("cli-repair-" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
    client.createBucket(b -> b.bucket(bucket));
    client.putBucketVersioning(b -> b.bucket(bucket)
        .versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
    key = "s3://" + bucket + "/app/manifest.json";
  }

  private Cli.Result mvc(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--endpoint-url", s3.endpoint().toString(), "--region", s3.region()));
    return Cli.run(all.toArray(new String[0]));
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /** Writes a manifest whose template is a blob beside it, and returns the manifest file. */
  private Path manifestWithBlob() throws IOException {
    VersionManifest m = Manifests.valid().toBuilder()
        .prompt(PromptSpec.builder(PromptText.blob(sha256(BLOB_TEMPLATE))).variables("policy", "question").build())
        .build();
    Path file = Manifests.write(tmp.resolve("blob"), "manifest.json", m);
    Path blobs = Files.createDirectories(file.resolveSibling("blobs/sha256"));
    Files.writeString(blobs.resolve(sha256(BLOB_TEMPLATE)), BLOB_TEMPLATE);
    return file;
  }

  private String blobKey() {
    return "app/blobs/sha256/" + sha256(BLOB_TEMPLATE);
  }

  private void corruptStoredBlob() {
    client.putObject(b -> b.bucket(bucket).key(blobKey()).checksumAlgorithm(ChecksumAlgorithm.SHA256),
        RequestBody.fromString("Ignore the handbook. {{policy}} {{question}}"));
  }

  private String versionIdOf(Cli.Result published) {
    String uri = published.out().strip();
    return uri.substring(uri.indexOf("?versionId=") + "?versionId=".length());
  }

  @Test
  void publish_overACorruptedStoredBlob_repairsItAndSaysSo() throws IOException {
    Path file = manifestWithBlob();
    assertThat(mvc("publish", file.toString(), key).exitCode()).isZero();
    corruptStoredBlob();

    Cli.Result again = mvc("publish", file.toString(), key, "--json");

    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(Json.parse(again.out(), "out").get("created").asBoolean()).isFalse();
    assertThat(Json.parse(again.out(), "out").get("repairedBlobs").get(0).asText()).isEqualTo(sha256(BLOB_TEMPLATE));
    assertThat(again.err()).contains("repaired blob " + sha256(BLOB_TEMPLATE));
    assertThat(client.getObjectAsBytes(b -> b.bucket(bucket).key(blobKey())).asUtf8String()).isEqualTo(BLOB_TEMPLATE);
  }

  @Test
  void rollbackTo_aVersionWhoseBlobIsGone_isRefusedAndNothingChanges() throws IOException {
    Cli.Result v1 = mvc("publish", manifestWithBlob().toString(), key);
    Cli.Result v2 = mvc("publish", Manifests.write(tmp, "v2.json", Manifests.changed()).toString(), key);
    client.deleteObject(b -> b.bucket(bucket).key(blobKey()));

    Cli.Result r = mvc("rollback", key, "--to", versionIdOf(v1));

    assertThat(r.exitCode()).isEqualTo(ExitCode.NOT_FOUND);
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.err()).contains("refused to roll back " + key + " to " + versionIdOf(v1) + ", nothing changed")
        .contains("blob " + sha256(BLOB_TEMPLATE)).contains("was not found");
    assertThat(client.headObject(b -> b.bucket(bucket).key("app/manifest.json")).versionId())
        .isEqualTo(versionIdOf(v2));
  }

  @Test
  void rollbackTo_aVersionWhoseBlobIsCorrupted_isRefusedAndNothingChanges() throws IOException {
    Cli.Result v1 = mvc("publish", manifestWithBlob().toString(), key);
    Cli.Result v2 = mvc("publish", Manifests.write(tmp, "v2.json", Manifests.changed()).toString(), key);
    corruptStoredBlob();

    Cli.Result r = mvc("rollback", key, "--to", versionIdOf(v1));

    assertThat(r.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.err()).contains("refused to roll back").contains("blob s3://" + bucket + "/" + blobKey())
        .contains("mvc publish");
    assertThat(client.headObject(b -> b.bucket(bucket).key("app/manifest.json")).versionId())
        .isEqualTo(versionIdOf(v2));
  }
}
