package dev.mvc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mvc.PromptSpec;
import dev.mvc.PromptText;
import dev.mvc.VersionManifest;
import dev.mvc.cli.internal.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;

/** {@code mvc publish} repairs corrupted stored blobs; {@code mvc rollback --to} refuses a version that would not load. */
class PublishRepairAndRollbackCommandsTest extends S3CliTestBase {
  private static final String BLOB_TEMPLATE = "Handbook:\n{{policy}}\n\nQuestion: {{question}}";

  @TempDir
  Path tmp;
  String bucket;
  String key;

  @BeforeEach
  void newBucket() {
    bucket = newVersionedBucket("cli-repair-");
    key = "s3://" + bucket + "/app/manifest.json";
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
