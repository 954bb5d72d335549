package dev.mvc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mvc.SageMakerTarget;
import dev.mvc.VersionManifest;
import dev.mvc.emulators.sagemaker.SageMakerEmulator;
import dev.mvc.sagemaker.DeploymentStrategy;
import dev.mvc.sagemaker.EndpointRollback;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;

/** {@code mvc keygen|sign|verify} and {@code mvc sagemaker ...} end to end (SageMaker on its emulator). */
class SageMakerAndSignatureCommandsTest {
  private static final String V1 = "classpath:manifests/sagemaker/support-llm-1.0.0.json";
  private static final String V2 = "classpath:manifests/sagemaker/support-llm-1.1.0.json";

  @TempDir
  Path tmp;
  SageMakerEmulator emulator;

  @BeforeEach
  void start() {
    System.setProperty("aws.accessKeyId", "AKIDEXAMPLE");
    System.setProperty("aws.secretAccessKey", "example");
    emulator = SageMakerEmulator.create().start();
  }

  @AfterEach
  void stop() {
    emulator.close();
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }

  private Cli.Result sagemaker(String... args) {
    List<String> all = new ArrayList<>(List.of("sagemaker"));
    all.addAll(List.of(args));
    all.addAll(List.of("--endpoint-url", emulator.endpoint().toString(), "--region", "us-east-1"));
    return Cli.run(all.toArray(new String[0]));
  }

  @Test
  void keygenSignVerify_acceptsTheTrustedKeyAndRefusesAnother() {
    Path keys = tmp.resolve("keys");
    Path manifest = Manifests.write(tmp, "m.json", Manifests.valid());

    Cli.Result keygen = Cli.run("keygen", "--key-id", "release-2026", "-o", keys.toString());
    Cli.Result other = Cli.run("keygen", "--key-id", "other", "-o", keys.toString());
    Cli.Result sign = Cli.run("sign", manifest.toString(), "--key", keys.resolve("release-2026.key").toString());
    Cli.Result trusted = Cli.run("verify", manifest.toString(), "--trust", keys.resolve("release-2026.pub").toString());
    Cli.Result untrusted = Cli.run("verify", manifest.toString(), "--trust", keys.resolve("other.pub").toString());

    assertThat(keygen.exitCode()).as(keygen.err()).isZero();
    assertThat(other.exitCode()).isZero();
    assertThat(sign.exitCode()).as(sign.err()).isZero();
    assertThat(sign.out()).startsWith("ed25519:release-2026:");
    assertThat(tmp.resolve("m.json.sig")).exists();
    assertThat(trusted.exitCode()).as(trusted.err()).isZero();
    assertThat(trusted.out()).startsWith("verified: test-manifest 1.0.0 sha256:");
    assertThat(untrusted.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(untrusted.err().lines()).hasSize(1);
  }

  @Test
  void verify_aChangedManifest_failsEvenWithTheOldSignature() throws IOException {
    Path keys = tmp.resolve("keys");
    Path manifest = Manifests.write(tmp, "m.json", Manifests.valid());
    Cli.run("keygen", "--key-id", "k1", "-o", keys.toString());
    Cli.run("sign", manifest.toString(), "--key", keys.resolve("k1.key").toString());
    Files.writeString(manifest, Manifests.changed().toJson());

    Cli.Result r = Cli.run("verify", manifest.toString(), "--trust", keys.resolve("k1.pub").toString());

    assertThat(r.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
  }

  @Test
  void register_withEvaluation_recordsTheReportsScoresAsEvalMetadataOfThePackage() throws IOException {
    VersionManifest m = load(V1);
    Path report = tmp.resolve("evaluation-results.json");
    Files.writeString(report, dev.mvc.eval.EvaluationReport.builder().manifest(m.name(), m.version(), m.digest())
        .createdAt(java.time.Instant.parse("2026-11-30T10:00:00Z")).golden("golden/support.jsonl", "sha256:" + "cd".repeat(32))
        .scorers(List.of("contains")).minScore(0.5)
        .cases(List.of(
            new dev.mvc.eval.CaseResult("a", null, null, null, List.of(new dev.mvc.eval.Score("contains", 1, "ok", null)), null),
            new dev.mvc.eval.CaseResult("b", null, null, null, List.of(new dev.mvc.eval.Score("contains", 1, "ok", null)), null),
            new dev.mvc.eval.CaseResult("c", null, null, null, List.of(), "timed out"),
            new dev.mvc.eval.CaseResult("d", null, null, null, List.of(new dev.mvc.eval.Score("contains", 0, "no", null)), null)))
        .build().toJson());

    Cli.Result r = sagemaker("register", V1, "--group", "support-llm", "--create-group", "--evaluation", report.toString());
    Cli.Result wrong = sagemaker("register", V2, "--group", "support-llm", "--evaluation", report.toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.err()).contains("with evaluation score 0.5000 of 4 cases");
    java.util.Map<String, String> metadata;
    try (SageMakerClient control = control()) {
      metadata = control.describeModelPackage(b -> b.modelPackageName(r.out().strip())).customerMetadataProperties();
    }
    assertThat(metadata).containsEntry("eval-accuracy", "0.5").containsEntry("eval-contains", "0.6667")
        .containsEntry("mvc:evaluationCases", "4");
    assertThat(wrong.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(wrong.err()).contains(m.digest()).contains(load(V2).digest());
    assertThat(emulator.requests("CreateModelPackage")).hasSize(1);
  }

  @Test
  void registerApproveDeployVerifyRejectRollback_onTheEmulator() {
    Cli.Result r1 = sagemaker("register", V1, "--group", "support-llm", "--create-group");
    Cli.Result r2 = sagemaker("register", V2, "--group", "support-llm", "--json");
    assertThat(r1.exitCode()).as(r1.err()).isZero();
    assertThat(r2.exitCode()).as(r2.err()).isZero();
    String arn1 = r1.out().strip();
    String arn2 = dev.mvc.cli.internal.Json.parse(r2.out(), "out").get("arn").asText();
    assertThat(r1.err()).contains("PendingManualApproval");

    Cli.Result a1 = sagemaker("approve", arn1, "--reason", "accuracy 0.91");
    Cli.Result a2 = sagemaker("approve", arn2, "--reason", "accuracy 0.93");
    assertThat(a1.exitCode()).as(a1.err()).isZero();
    assertThat(a1.out()).isEqualTo("approved: " + arn1 + System.lineSeparator());
    assertThat(a2.exitCode()).isZero();

    createEndpointRunning(load(V1));
    deploy(arn2);
    Cli.Result v2Matches = sagemaker("verify-endpoint", V2);
    Cli.Result v1Differs = sagemaker("verify-endpoint", V1, "--json");
    assertThat(v2Matches.exitCode()).as(v2Matches.err()).isZero();
    assertThat(v2Matches.out()).startsWith("matches: support-llm 1.1.0");
    assertThat(v1Differs.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(v1Differs.out()).contains("\"matches\" : false").contains("\"mismatches\"");

    Cli.Result reject = sagemaker("reject", arn2, "--reason", "regressed");
    Cli.Result rollback = sagemaker("rollback", "support-llm", "--group", "support-llm", "--poll-interval-ms", "20");
    Cli.Result v1Back = sagemaker("verify-endpoint", V1);

    assertThat(reject.exitCode()).isZero();
    assertThat(rollback.exitCode()).as(rollback.err()).isZero();
    assertThat(rollback.out()).startsWith("rolled back support-llm to " + arn1);
    assertThat(rollback.err()).contains("IN_SERVICE");
    assertThat(v1Back.exitCode()).as(v1Back.err()).isZero();
  }

  @Test
  void register_ofABedrockManifest_isRefused() {
    Path manifest = Manifests.write(tmp, "m.json", Manifests.valid());

    Cli.Result r = sagemaker("register", manifest.toString(), "--group", "g", "--create-group");

    assertThat(r.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(r.err().lines()).hasSize(1);
  }

  private SageMakerClient control() {
    return SageMakerClient.builder().endpointOverride(emulator.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "example")))
        .build();
  }

  private void deploy(String arn) {
    try (SageMakerClient control = control();
        EndpointRollback rollback = EndpointRollback.builder().client(control).pollInterval(Duration.ofMillis(20))
            .timeout(Duration.ofSeconds(30)).build()) {
      rollback.deploy("support-llm", arn, DeploymentStrategy.allAtOnce());
    }
  }

  /** Creates model, endpoint configuration and endpoint as an infrastructure pipeline would. */
  private void createEndpointRunning(VersionManifest m) {
    SageMakerTarget t = (SageMakerTarget) m.model();
    emulator.imageDigest(t.imageUri(), t.imageDigest());
    try (SageMakerClient control = control()) {
      control.createModel(r -> r.modelName("support-llm-initial")
          .executionRoleArn("arn:aws:iam::" + SageMakerEmulator.ACCOUNT_ID + ":role/sagemaker-execution")
          .primaryContainer(c -> c.image(t.imageUri()).modelDataUrl(t.artifactUri()).environment(t.environment())));
      control.createEndpointConfig(r -> r.endpointConfigName("support-llm-initial")
          .productionVariants(v -> v.variantName(t.variant()).modelName("support-llm-initial")
              .instanceType(t.instanceType()).initialInstanceCount(2).initialVariantWeight(1f)));
      control.createEndpoint(r -> r.endpointName("support-llm").endpointConfigName("support-llm-initial"));
      for (int i = 0; i < 10; i++) {
        if ("InService".equals(control.describeEndpoint(r -> r.endpointName("support-llm")).endpointStatusAsString())) {
          return;
        }
      }
    }
    throw new IllegalStateException("endpoint did not reach InService");
  }

  private static VersionManifest load(String uri) {
    try (InputStream in = SageMakerAndSignatureCommandsTest.class.getClassLoader()
        .getResourceAsStream(uri.substring("classpath:".length()))) {
      return VersionManifest.parse(in.readAllBytes());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
