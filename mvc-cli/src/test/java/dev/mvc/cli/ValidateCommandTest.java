package dev.mvc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mvc.BedrockTarget;
import dev.mvc.InferenceParameters;
import dev.mvc.VersionManifest;
import dev.mvc.emulators.bedrock.BedrockEmulator;
import dev.mvc.emulators.bedrock.BedrockModelLifecycle;
import dev.mvc.testkit.TestManifests;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mvc validate} runs the library's load pipeline and policy and exits by the result. */
class ValidateCommandTest {
  @TempDir
  Path tmp;

  @Test
  void validate_aStrictManifest_printsValidAndExitsZero() {
    Path file = Manifests.write(tmp, "ok.json", Manifests.valid());

    Cli.Result r = Cli.run("validate", file.toString());

    assertThat(r.exitCode()).isZero();
    assertThat(r.err()).isEmpty();
    Golden.assertMatches("validate/valid.txt", r.outWithout(tmp));
  }

  @Test
  void validate_withJson_printsAStableReport() {
    Path file = Manifests.write(tmp, "ok.json", Manifests.valid());

    Cli.Result r = Cli.run("validate", file.toString(), "--json");

    assertThat(r.exitCode()).isZero();
    Golden.assertMatches("validate/valid.json", r.outWithout(tmp));
  }

  @Test
  void validate_aPolicyViolation_listsEachRuleAndExitsOne() {
    Path file = Manifests.write(tmp, "floating.json", Manifests.unpinnedModel());

    Cli.Result r = Cli.run("validate", file.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
    Golden.assertMatches("validate/policy-violation.txt", r.outWithout(tmp));
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.err()).startsWith("mvc validate: error: manifest test-manifest 1.0.0 breaks the pinning policy")
        .contains("fix: pin the named fields, or relax a rule deliberately with --relax RULE");
  }

  @Test
  void validate_aPolicyViolationWithJson_reportsTheViolations() {
    Path file = Manifests.write(tmp, "floating.json", Manifests.unpinnedModel());

    Cli.Result r = Cli.run("validate", file.toString(), "--json");

    assertThat(r.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
    Golden.assertMatches("validate/policy-violation.json", r.outWithout(tmp));
  }

  @Test
  void validate_withTheRulesRelaxed_passes() {
    Path file = Manifests.write(tmp, "floating.json", Manifests.unpinnedModel());

    Cli.Result r = Cli.run("validate", file.toString(), "--relax", "bedrock-model-versioned,inference-explicit");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("policy:   strict, relaxed: bedrock-model-versioned, inference-explicit");
  }

  @Test
  void validate_withAnUnknownRule_isAUsageErrorListingTheRules() {
    Path file = Manifests.write(tmp, "ok.json", Manifests.valid());

    Cli.Result r = Cli.run("validate", file.toString(), "--relax", "anything-goes");

    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("unknown pinning rule anything-goes").contains("prompt-sha256");
  }

  @Test
  void validate_aTamperedTemplate_failsTheIntegrityCheck() {
    String json = Manifests.valid().toJson().replace("Question: {{question}}", "Question (be nice): {{question}}");
    Path file = Manifests.write(tmp, "tampered.json", json);

    Cli.Result r = Cli.run("validate", file.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(r.out()).startsWith("invalid: test-manifest 1.0.0 sha256:");
    assertThat(r.err()).contains("prompt.template of test-manifest 1.0.0 does not match its sha256")
        .contains("fix: rebuild the manifest with mvc build");
  }

  @Test
  void validate_malformedJson_namesThePath() {
    Path file = Manifests.write(tmp, "bad.json", Manifests.valid().toJson().replace("\"maxTokens\" : 256", "\"maxTokens\" : -1"));

    Cli.Result r = Cli.run("validate", file.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(r.out()).startsWith("invalid: file://");
    assertThat(r.err()).contains("inference.maxTokens").contains("fix: correct inference.maxTokens in the manifest");
  }

  @Test
  void validate_aMissingFile_exitsNotFound() {
    Cli.Result r = Cli.run("validate", tmp.resolve("nope.json").toString(), "--json");

    assertThat(r.exitCode()).isEqualTo(ExitCode.NOT_FOUND);
    assertThat(r.out()).contains("\"exitCode\" : 3").contains("does not exist");
    assertThat(r.err().lines()).hasSize(1);
  }

  @Test
  void validate_online_checksTheModelLifecycleWithBedrock() {
    Path file = Manifests.write(tmp, "ok.json", Manifests.valid());
    // The default credentials chain reads these system properties first.
    System.setProperty("aws.accessKeyId", "test");
    System.setProperty("aws.secretAccessKey", "test");
    try (BedrockEmulator bedrock = BedrockEmulator.create().start()) {
      bedrock.foundationModel(TestManifests.MODEL_ID, BedrockModelLifecycle.ACTIVE);
      Cli.Result active = Cli.run("validate", file.toString(), "--online", "--endpoint-url",
          bedrock.endpoint().toString(), "--region", "us-east-1");
      bedrock.foundationModel(TestManifests.MODEL_ID, BedrockModelLifecycle.LEGACY);
      Cli.Result legacy = Cli.run("validate", file.toString(), "--online", "--endpoint-url",
          bedrock.endpoint().toString(), "--region", "us-east-1");

      assertThat(active.exitCode()).as(active.err()).isZero();
      assertThat(active.out()).contains("online:   model lifecycle ACTIVE");
      assertThat(legacy.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
      assertThat(legacy.err()).contains("LEGACY");
    } finally {
      System.clearProperty("aws.accessKeyId");
      System.clearProperty("aws.secretAccessKey");
    }
  }

  @Test
  void validate_anApplicationInferenceProfileArnAsModelId_saysWhereToPinIt_notThatTheArnIsUnknown() {
    String profile = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123def456";
    Path file = Manifests.write(tmp, "profile.json", Manifests.valid().toBuilder()
        .model(BedrockTarget.builder(profile).region("us-east-1").build()).build());

    Cli.Result r = Cli.run("validate", file.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(r.out() + r.err()).contains("is an application inference profile ARN; pin it as "
        + "model.bedrock.inferenceProfile {arn, models}").doesNotContain("is not a foundation-model");
  }

  @Test
  void validate_online_checksWhatTheInferenceProfileRoutesTo() {
    String profile = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123def456";
    String haiku = "arn:aws:bedrock:us-east-1::foundation-model/" + TestManifests.MODEL_ID;
    Path file = Manifests.write(tmp, "profile.json", Manifests.valid().toBuilder()
        .model(BedrockTarget.builder(TestManifests.MODEL_ID).region("us-east-1")
            .inferenceProfile(profile, List.of(haiku)).build()).build());
    System.setProperty("aws.accessKeyId", "test");
    System.setProperty("aws.secretAccessKey", "test");
    try (BedrockEmulator bedrock = BedrockEmulator.create().start()) {
      bedrock.applicationInferenceProfile(profile, haiku);
      Cli.Result pinned = Cli.run("validate", file.toString(), "--online", "--endpoint-url",
          bedrock.endpoint().toString(), "--region", "us-east-1");
      bedrock.applicationInferenceProfile(profile, haiku.replace("us-east-1", "eu-west-1"));
      Cli.Result drifted = Cli.run("validate", file.toString(), "--online", "--endpoint-url",
          bedrock.endpoint().toString(), "--region", "us-east-1");

      assertThat(pinned.exitCode()).as(pinned.err()).isZero();
      assertThat(pinned.out()).contains("online:   " + profile + " as pinned");
      assertThat(drifted.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
      assertThat(drifted.err()).contains("model.bedrock.inferenceProfile.models").contains("eu-west-1");
    } finally {
      System.clearProperty("aws.accessKeyId");
      System.clearProperty("aws.secretAccessKey");
    }
  }

  @Test
  void validate_claude45WithTemperatureAndTopP_isRefusedByTheParameterContract() {
    VersionManifest base = Manifests.valid();
    Path file = Manifests.write(tmp, "claude45.json", base.toBuilder()
        .model(BedrockTarget.builder("anthropic.claude-sonnet-4-5-20250929-v1:0").region("us-east-1").build())
        .inference(InferenceParameters.builder().temperature(0.2).topP(0.9).maxTokens(512).build()).build());

    Cli.Result r = Cli.run("validate", file.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(r.out() + r.err()).contains("[parameter-contract] inference.topP cannot be set together with "
        + "inference.temperature for anthropic.claude-sonnet-4-5-20250929-v1:0");
  }

  @Test
  void validate_withAContractsFile_appliesTheUsersFamilies() throws Exception {
    Path file = Manifests.write(tmp, "ok.json", Manifests.valid());
    Path table = tmp.resolve("contracts.json");
    java.nio.file.Files.writeString(table, "{\"schema\": \"mvc-parameter-contracts/v1\", \"contracts\": ["
        + "{\"family\": \"team-haiku\", \"modelIds\": \"anthropic\\\\.claude-3-haiku-.*\", \"maxTokens\": 100}]}");

    Cli.Result plain = Cli.run("validate", file.toString());
    Cli.Result team = Cli.run("validate", file.toString(), "--contracts", table.toString());

    assertThat(plain.exitCode()).as(plain.err()).isZero();
    assertThat(team.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(team.out() + team.err()).contains("inference.maxTokens must be at most 100").contains("team-haiku");
  }
}
