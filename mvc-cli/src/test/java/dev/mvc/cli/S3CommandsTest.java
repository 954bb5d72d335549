package dev.mvc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mvc.InvocationRequest;
import dev.mvc.PinnedModelClient;
import dev.mvc.VersionManifest;
import dev.mvc.VersionStamp;
import dev.mvc.cli.internal.Json;
import dev.mvc.s3.S3ManifestSource;
import dev.mvc.testkit.InMemoryModelBackend;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The S3 commands end to end against S3Mock, and the CI pipeline script built on them. */
class S3CommandsTest extends S3CliTestBase {

  @TempDir
  Path tmp;
  String bucket;
  String key;

  /** The Bedrock emulator the pipeline's evaluation calls, when a test starts one. */
  dev.mvc.emulators.bedrock.BedrockEmulator bedrock;

  @org.junit.jupiter.api.AfterEach
  void stopBedrock() {
    if (bedrock != null) {
      bedrock.close();
    }
  }

  @BeforeEach
  void newBucket() {
    bucket = newVersionedBucket("cli-");
    key = "s3://" + bucket + "/support-answer/manifest.json";
  }

  private String publish(VersionManifest m) {
    Path file = Manifests.write(tmp, m.version() + ".json", m);
    Cli.Result r = mvc("publish", file.toString(), key, "--by", "ci/test");
    assertThat(r.exitCode()).as(r.err()).isZero();
    return r.out().strip();
  }

  @Test
  void publish_printsThePinnedUriAndIsIdempotent() {
    String uri = publish(Manifests.valid());
    Path file = Manifests.write(tmp, "again.json", Manifests.valid());

    Cli.Result again = mvc("publish", file.toString(), key, "--json");

    assertThat(uri).startsWith(key + "?versionId=");
    assertThat(again.exitCode()).isZero();
    assertThat(Json.parse(again.out(), "out").get("created").asBoolean()).isFalse();
    assertThat(Json.parse(again.out(), "out").get("uri").asText()).isEqualTo(uri);
  }

  @Test
  void publish_ofAManifestThatBreaksThePolicy_isRefused() {
    Path file = Manifests.write(tmp, "floating.json", Manifests.unpinnedModel());

    Cli.Result r = mvc("publish", file.toString(), key);

    assertThat(r.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(r.err()).contains("[bedrock-model-versioned]");
  }

  @Test
  void publish_toABucketThatDoesNotExist_isNotFoundOrRemote() {
    Path file = Manifests.write(tmp, "m.json", Manifests.valid());

    Cli.Result r = mvc("publish", file.toString(), "s3://no-such-bucket-" + bucket + "/m.json");

    assertThat(r.exitCode()).isIn(ExitCode.NOT_FOUND, ExitCode.REMOTE_ERROR);
    assertThat(r.err().lines()).hasSize(1);
  }

  @Test
  void validateShowAndDigest_readS3UrisThroughTheEndpoint() {
    String uri = publish(Manifests.valid());

    Cli.Result validate = mvc("validate", uri);
    Cli.Result digest = mvc("digest", key);

    assertThat(validate.exitCode()).as(validate.err()).isZero();
    assertThat(validate.out()).contains("source:   " + uri);
    assertThat(digest.out().strip()).isEqualTo(Manifests.valid().digest());
  }

  @Test
  void approveAndReject_recordDecisionsSeenByHistoryAndValidate() {
    String v1 = publish(Manifests.valid());
    String v2 = publish(Manifests.changed());

    Cli.Result approve = mvc("approve", v1, "--reason", "eval 0.93", "--by", "alice@example.com", "--without-evaluation");
    Cli.Result reject = mvc("reject", key, "--reason", "regression", "--json");
    Cli.Result history = mvc("history", key);

    assertThat(approve.exitCode()).as(approve.err()).isZero();
    assertThat(approve.out()).startsWith("approved: " + Manifests.valid().digest()).contains("by:       alice@example.com");
    assertThat(reject.exitCode()).as(reject.err()).isZero();
    assertThat(Json.parse(reject.out(), "out").get("manifest").asText()).isEqualTo(v2);
    assertThat(history.exitCode()).isZero();
    List<String> lines = history.out().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(1)).startsWith("* ").contains("1.1.0").contains("Rejected").contains("by ci/test");
    assertThat(lines.get(2)).startsWith("  ").contains("1.0.0").contains("Approved");
  }

  @Test
  void rollback_toLastKnownGood_restoresTheApprovedVersion() {
    String v1 = publish(Manifests.valid());
    publish(Manifests.changed());
    assertThat(mvc("approve", v1, "--reason", "ok", "--without-evaluation").exitCode()).isZero();

    Cli.Result r = mvc("rollback", key, "--last-known-good", "--by", "oncall");
    Cli.Result digest = mvc("digest", key);
    Cli.Result history = mvc("history", key, "--json");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out().strip()).startsWith(key + "?versionId=").isNotEqualTo(v1);
    assertThat(digest.out().strip()).isEqualTo(Manifests.valid().digest());
    var newest = Json.parse(history.out(), "history").get("versions").get(0);
    assertThat(newest.get("restoredFrom").asText()).isEqualTo(v1.substring(v1.indexOf("versionId=") + 10));
    assertThat(newest.get("approval").asText()).isEqualTo("Approved");
  }

  @Test
  void rollback_toAVersionId_andWithoutATarget() {
    String v1 = publish(Manifests.valid());
    publish(Manifests.changed());

    Cli.Result to = mvc("rollback", key, "--to", v1.substring(v1.indexOf("versionId=") + 10));
    Cli.Result none = mvc("rollback", key);

    assertThat(to.exitCode()).as(to.err()).isZero();
    assertThat(mvc("digest", key).out().strip()).isEqualTo(Manifests.valid().digest());
    assertThat(none.exitCode()).isEqualTo(ExitCode.USAGE);
  }

  @Test
  void rollback_withoutAnApprovedEarlierVersion_failsTheCheck() {
    publish(Manifests.valid());
    publish(Manifests.changed());

    Cli.Result r = mvc("rollback", key, "--last-known-good");

    assertThat(r.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(r.err()).contains("no earlier version");
  }

  @Test
  void history_ofAKeyWithoutVersions_isNotFound() {
    Cli.Result r = mvc("history", "s3://" + bucket + "/nothing.json");

    assertThat(r.exitCode()).isEqualTo(ExitCode.NOT_FOUND);
  }

  @Test
  void explain_ofAStampFromAnS3Manifest_fetchesThatVersionEvenAfterANewPublish() {
    publish(Manifests.valid());
    VersionStamp stamp;
    try (PinnedModelClient c = PinnedModelClient.builder()
        .manifest(S3ManifestSource.of(client, key))
        .backend(InMemoryModelBackend.create().otherwise().reply("ok"))
        .build()) {
      stamp = c.invoke(InvocationRequest.of(Map.of("policy", "p", "question", "q"))).stamp();
    }
    publish(Manifests.changed());

    Cli.Result r = mvc("explain", stamp.toHeaderValue());

    assertThat(stamp.sourceVersionId()).isNotNull();
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("test-manifest 1.0.0 " + Manifests.valid().digest())
        .contains("source:     " + key + "?versionId=" + stamp.sourceVersionId());
  }

  @Test
  void artifactUpload_printsThePinnedReferenceAndPlainProgress() throws IOException {
    Path artifact = tmp.resolve("model.tar.gz");
    byte[] bytes = new byte[6 << 20];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (i * 31);
    }
    Files.write(artifact, bytes);

    Cli.Result r = mvc("artifact", "upload", artifact.toString(), "s3://" + bucket + "/models/model.tar.gz",
        "--meta", "git-sha=0123456789abcdef0123456789abcdef01234567", "--part-size", "5");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("s3://" + bucket + "/models/model.tar.gz?versionId=")
        .contains("sha256: " + sha256(bytes))
        .contains("size:   " + bytes.length);
    assertThat(r.err()).contains("uploaded " + bytes.length + " of " + bytes.length + " bytes (100%)");
    assertThat(client.headObject(b -> b.bucket(bucket).key("models/model.tar.gz")).metadata())
        .containsEntry("git-sha", "0123456789abcdef0123456789abcdef01234567");
  }

  @Test
  void pipelineScript_publishesApprovesAndRollsBackABadRelease() throws Exception {
    Path repo = ConfigRepos.sample(tmp.resolve("repo"));
    bedrock = dev.mvc.emulators.bedrock.BedrockEmulator.create().start();
    bedrock.respondWith(dev.mvc.emulators.bedrock.BedrockReply.text(
        "Refunds are paid to the original payment method within 5 business days."));

    Process good = pipeline(repo, "true");
    String goodLog = new String(good.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(good.waitFor()).as(goodLog).isZero();
    Path config = repo.resolve("config/bedrock-config.json");
    Files.writeString(config, Files.readString(config).replace("\"1.5.0\"", "\"1.6.0\"")
        .replace("\"temperature\": 0.2", "\"temperature\": 0.3"));
    ConfigRepos.commitAll(repo, "Support answer 1.6.0");
    Process bad = pipeline(repo, "false");
    String badLog = new String(bad.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(goodLog).contains("== evaluate").contains("passed: score 1.0000")
        .contains("== approve").contains("approved: sha256:").contains("[evaluation 1.0000 of 3 cases");
    assertThat(goodLog.indexOf("== evaluate")).isLessThan(goodLog.indexOf("== approve"));
    assertThat(bad.waitFor()).as(badLog).isEqualTo(1);
    assertThat(badLog).contains("evaluation or smoke test failed").contains("rejected: sha256:").contains("rolled back");
    VersionManifest current = VersionManifest.parse(
        client.getObjectAsBytes(b -> b.bucket(bucket).key("support-answer/manifest.json")).asByteArray());
    assertThat(current.version()).isEqualTo("1.5.0");
  }

  private static String sha256(byte[] bytes) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private Process pipeline(Path repo, String smokeTest) throws IOException {
    ProcessBuilder pb = new ProcessBuilder("bash", "../samples/ci/pipeline.sh", repo.toString(), key)
        .redirectErrorStream(true);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // Short-lived command JVMs: the C1 compiler and the serial collector start faster and use less CPU.
    pb.environment().put("MVC", java + " -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "
        + System.getProperty("java.class.path") + " dev.mvc.cli.MvcCli");
    pb.environment().put("MVC_ENDPOINT_URL", s3.endpoint().toString());
    pb.environment().put("MVC_BEDROCK_ENDPOINT_URL", bedrock.endpoint().toString());
    pb.environment().put("AWS_ACCESS_KEY_ID", s3.accessKeyId());
    pb.environment().put("AWS_SECRET_ACCESS_KEY", s3.secretAccessKey());
    pb.environment().put("AWS_REGION", s3.region());
    pb.environment().put("SMOKE_TEST", smokeTest);
    pb.environment().put("BUILD_ID", "42");
    return pb.start();
  }
}
