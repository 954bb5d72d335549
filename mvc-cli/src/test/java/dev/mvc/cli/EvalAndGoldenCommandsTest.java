package dev.mvc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mvc.ManifestSources;
import dev.mvc.PinnedModelClient;
import dev.mvc.PinningPolicy;
import dev.mvc.ManifestEvaluationException;
import dev.mvc.VersionManifest;
import dev.mvc.audit.AuditLog;
import dev.mvc.bedrock.BedrockBackend;
import dev.mvc.cli.internal.Json;
import dev.mvc.emulators.bedrock.BedrockEmulator;
import dev.mvc.emulators.bedrock.BedrockReply;
import dev.mvc.emulators.s3.S3MockLauncher;
import dev.mvc.eval.EvaluationReport;
import dev.mvc.eval.GoldenSet;
import dev.mvc.s3.S3EvaluationRegistry;
import dev.mvc.s3.S3Location;
import dev.mvc.s3.S3ManifestSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/** {@code mvc golden}, {@code mvc eval} and the evaluation check of {@code mvc approve}, on S3Mock and the Bedrock emulator. */
class EvalAndGoldenCommandsTest extends S3CliTestBase {
  static final String GOLDEN = ""
      + "{\"id\": \"refund-1\", \"variables\": {\"policy\": \"Refunds take 5 business days.\", \"question\": \"How long?\"},"
      + " \"expect\": {\"contains\": \"5 business days\", \"number\": {\"value\": 5, \"tolerance\": 0}}}\n"
      + "{\"id\": \"refund-2\", \"variables\": {\"policy\": \"Refunds take 5 business days.\", \"question\": \"Card?\"},"
      + " \"expect\": {\"regex\": \"original (card|payment)\"}}\n";

  @TempDir
  Path tmp;
  BedrockEmulator bedrock;
  String bucket;
  String key;

  @BeforeEach
  void start() {
    bedrock = BedrockEmulator.create().start();
    bucket = newVersionedBucket("eval-");
    key = "s3://" + bucket + "/support-answer/manifest.json";
  }

  @AfterEach
  void stop() {
    bedrock.close();
  }

  Path golden() throws Exception {
    return Files.writeString(tmp.resolve("golden.jsonl"), GOLDEN);
  }

  Cli.Result eval(String... more) {
    String[] base = {"eval", "--bedrock-endpoint-url", bedrock.endpoint().toString()};
    String[] all = new String[base.length + more.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return mvc(all);
  }

  String publish(VersionManifest m) {
    Path file = Manifests.write(tmp, m.version() + ".json", m);
    Cli.Result r = mvc("publish", file.toString(), key, "--by", "ci/test");
    assertThat(r.exitCode()).as(r.err()).isZero();
    return r.out().strip();
  }

  @Test
  void eval_belowMinScore_exitsOne_andWritesTheReportBoundToTheDigest() throws Exception {
    bedrock.respondWith(BedrockReply.text("Refunds take 5 business days."));
    Path manifest = Manifests.write(tmp, "manifest.json", Manifests.valid());
    Path out = tmp.resolve("out/evaluation-results.json");

    Cli.Result r = eval("--golden", golden().toString(), "--manifest", manifest.toString(), "--scorer", "contains",
        "--scorer", "regex", "--scorer", "number", "--min-score", "0.9", "--concurrency", "2", "--out", out.toString(),
        "--include-text");

    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(r.out()).startsWith("FAILED: score 0.5000 (min 0.9) over 2 cases, 0 errors")
        .contains("contains   1/1 passed").contains("regex      0/1 passed");
    assertThat(r.err()).contains("scored 0.5000, below --min-score 0.9").contains("evaluated 2 of 2 cases (100%)");
    EvaluationReport report = EvaluationReport.parse(Files.readAllBytes(out), out.toString());
    assertThat(report.digest()).isEqualTo(Manifests.valid().digest());
    assertThat(report.result("refund-1").text()).isEqualTo("Refunds take 5 business days.");
    assertThat(report.minScore()).isEqualTo(0.9);
  }

  @Test
  void eval_withBaseline_printsTheChangedCases_andPassesAboveTheThreshold() throws Exception {
    bedrock.respondWith(BedrockReply.text("Refunds take 5 business days, back to the original card."));
    Path manifest = Manifests.write(tmp, "manifest.json", Manifests.valid());
    Path first = tmp.resolve("first.json");
    assertThat(eval("--golden", golden().toString(), "--manifest", manifest.toString(), "--scorer", "contains",
        "--min-score", "0.5", "--out", first.toString()).exitCode()).isZero();

    Cli.Result r = eval("--golden", golden().toString(), "--manifest", manifest.toString(), "--scorer", "contains",
        "--scorer", "regex", "--min-score", "0.9", "--out", tmp.resolve("second.json").toString(),
        "--baseline", first.toString(), "--json");

    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode o = Json.parse(r.out(), "out");
    assertThat(o.get("score").asDouble()).isEqualTo(1.0);
    assertThat(o.get("changedCases").asInt()).isZero();
    assertThat(o.get("casesPerSecond").asDouble()).isPositive();
  }

  @Test
  void eval_unknownScorer_isAUsageError_namingTheKnownOnes() throws Exception {
    Path manifest = Manifests.write(tmp, "manifest.json", Manifests.valid());

    Cli.Result r = eval("--golden", golden().toString(), "--manifest", manifest.toString(), "--scorer", "bleu",
        "--min-score", "0.9");

    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("unknown scorer 'bleu'").contains("jsonSchema");
  }

  @Test
  void evalPublish_thenApprove_recordsTheReport_andTheS3GateLoadsTheManifest() throws Exception {
    bedrock.respondWith(BedrockReply.text("Refunds take 5 business days, back to the original card."));
    String v1 = publish(Manifests.valid());

    Cli.Result refused = mvc("approve", v1, "--reason", "looks fine");
    assertThat(refused.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(refused.err()).contains("no evaluation report about " + Manifests.valid().digest())
        .contains("--without-evaluation");

    Cli.Result r = eval("--golden", golden().toString(), "--manifest", key, "--scorer", "contains", "--scorer", "regex",
        "--min-score", "0.9", "--out", tmp.resolve("r.json").toString(), "--publish", key,
        "--kms-key", S3MockLauncher.DEFAULT_KMS_KEY_ID);
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("published: s3://" + bucket + "/support-answer/evaluations/sha256/");

    S3EvaluationRegistry registry = S3EvaluationRegistry.besideManifest(client, S3Location.parse(key));
    S3Location stored = registry.reportLocation(Manifests.valid().digest());
    HeadObjectResponse head = client.headObject(b -> b.bucket(bucket).key(stored.key()).checksumMode(ChecksumMode.ENABLED));
    assertThat(head.serverSideEncryption()).isEqualTo(ServerSideEncryption.AWS_KMS);
    byte[] body = client.getObjectAsBytes(b -> b.bucket(bucket).key(stored.key())).asByteArray();
    assertThat(head.checksumSHA256()).isEqualTo(java.util.Base64.getEncoder().encodeToString(
        java.security.MessageDigest.getInstance("SHA-256").digest(body)));

    Cli.Result approved = mvc("approve", v1, "--reason", "eval passed", "--json");
    assertThat(approved.exitCode()).as(approved.err()).isZero();
    assertThat(Json.parse(approved.out(), "out").get("reason").asText())
        .startsWith("eval passed [evaluation 1.0000 of 2 cases, report sha256:");

    try (BedrockBackend backend = BedrockBackend.builder().endpointOverride(bedrock.endpoint()).region("us-east-1")
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("t", "t"))).build();
         PinnedModelClient gated = PinnedModelClient.builder().manifest(S3ManifestSource.of(client, key)).backend(backend)
             .closeBackend(false).evaluationRegistry(registry)
             .policy(PinningPolicy.builder().requireEvaluation(0.9, Duration.ofDays(1)).build()).build()) {
      assertThat(gated.currentManifest().manifest().digest()).isEqualTo(Manifests.valid().digest());
    }
    publish(Manifests.changed());
    Assertions.assertThatThrownBy(() -> PinnedModelClient.builder().manifest(S3ManifestSource.of(client, key))
        .backend(dev.mvc.testkit.InMemoryModelBackend.create()).evaluationRegistry(registry)
        .policy(PinningPolicy.builder().requireEvaluation(0.9, Duration.ofDays(1)).build()).build())
        .isInstanceOf(ManifestEvaluationException.class).hasMessageContaining(Manifests.changed().digest());
  }

  @Test
  void approve_belowTheReportsThreshold_isRefused_andWithoutEvaluationIsRecorded() throws Exception {
    bedrock.respondWith(BedrockReply.text("Refunds take 5 business days."));
    String v1 = publish(Manifests.valid());
    Cli.Result r = eval("--golden", golden().toString(), "--manifest", key, "--scorer", "contains", "--scorer", "regex",
        "--min-score", "0.9", "--out", tmp.resolve("r.json").toString(), "--publish", "s3://" + bucket + "/support-answer/");
    assertThat(r.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);

    Cli.Result refused = mvc("approve", v1, "--reason", "ship it");
    Cli.Result forced = mvc("approve", v1, "--reason", "hotfix, evaluation follows", "--without-evaluation", "--json");

    assertThat(refused.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(refused.err()).contains("scored 0.5000, below 0.9");
    assertThat(forced.exitCode()).as(forced.err()).isZero();
    assertThat(Json.parse(forced.out(), "out").get("reason").asText())
        .isEqualTo("[approved without evaluation] hotfix, evaluation follows");
  }

  @Test
  void goldenShow_listsCases_andABadLineNamesTheLineAndField() throws Exception {
    Cli.Result ok = Cli.run("golden", "show", golden().toString());
    Path bad = Files.writeString(tmp.resolve("bad.jsonl"), GOLDEN
        + "{\"id\": \"refund-3\", \"variables\": {}, \"expect\": {\"number\": {\"value\": \"five\"}}}\n");
    Cli.Result broken = Cli.run("golden", "show", bad.toString());

    assertThat(ok.exitCode()).as(ok.err()).isZero();
    assertThat(ok.out()).contains("2 cases").contains("refund-1").contains("expect=[contains, number]")
        .contains("contains=1").contains("regex=1");
    assertThat(broken.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(broken.err()).contains(bad + " line 3: expect.number.value must be a number, was \"five\"");
  }

  @Test
  void goldenRecord_fromAnAuditLogWithPromptText_recoversTheVariables() throws Exception {
    bedrock.respondWith(BedrockReply.text("5 business days."));
    Path manifest = Manifests.write(tmp, "manifest.json", Manifests.valid());
    Path audit = tmp.resolve("audit.jsonl");
    try (AuditLog log = AuditLog.builder().file(audit).includePromptText(true).build();
         BedrockBackend backend = BedrockBackend.builder().endpointOverride(bedrock.endpoint()).region("us-east-1")
             .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("t", "t"))).build();
         PinnedModelClient c = PinnedModelClient.builder().manifest(ManifestSources.file(manifest)).backend(backend)
             .listener(log).build()) {
      c.invoke(Map.of("policy", "Refunds take 5 days.\nNo cash.", "question", "How long?"));
      c.invoke(Map.of("policy", "Refunds take 5 days.\nNo cash.", "question", "How long?"));
      c.invoke(Map.of("policy", "Exchanges within 30 days.", "question", "Can I swap {{size}}?"));
    }
    Files.writeString(audit, "not json\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
    Path out = tmp.resolve("recorded.jsonl");

    Cli.Result r = Cli.run("golden", "record", "--from-audit", audit.toString(), "--manifest", manifest.toString(),
        "--out", out.toString(), "--id-prefix", "prod-");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("recorded 2 cases to " + out + "; skipped 2 lines");
    GoldenSet set = GoldenSet.read(out);
    assertThat(set.cases().get(0).id()).isEqualTo("prod-1");
    assertThat(set.cases().get(0).variables()).isEqualTo(Map.of("policy", "Refunds take 5 days.\nNo cash.", "question", "How long?"));
    assertThat(set.cases().get(1).variables()).containsEntry("question", "Can I swap {{size}}?");
  }

  @Test
  void goldenRecord_fromAFileOfVariables_writesOneCaseEach() throws Exception {
    Path vars = Files.writeString(tmp.resolve("vars.jsonl"),
        "{\"policy\": \"p\", \"question\": \"q1\"}\n\n{\"policy\": \"p\", \"question\": \"q2\", \"n\": 2}\n");
    Path out = tmp.resolve("g.jsonl");

    Cli.Result r = Cli.run("golden", "record", "--from-variables", vars.toString(), "--out", out.toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(Files.readString(out)).isEqualTo(
        "{\"id\":\"case-1\",\"variables\":{\"policy\":\"p\",\"question\":\"q1\"}}\n"
        + "{\"id\":\"case-2\",\"variables\":{\"policy\":\"p\",\"question\":\"q2\",\"n\":2}}\n");
  }
}
