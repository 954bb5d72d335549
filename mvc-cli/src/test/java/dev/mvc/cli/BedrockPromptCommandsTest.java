package dev.mvc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mvc.BedrockTarget;
import dev.mvc.InferenceParameters;
import dev.mvc.PromptSpec;
import dev.mvc.PromptText;
import dev.mvc.VersionManifest;
import dev.mvc.emulators.bedrock.BedrockEmulator;
import dev.mvc.emulators.bedrock.BedrockOperation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mvc publish --bedrock-prompt}, {@code mvc import bedrock-prompt} and
 * {@code mvc validate --online} of a manifest that goes through a prompt version, against the
 * Bedrock emulator through the real SDK: a manifest published twice makes one version, imports
 * back to the same model, template and parameters, and pins that version; a changed version is
 * drift that {@code validate --online} refuses.
 */
class BedrockPromptCommandsTest {
  static final String MODEL = "anthropic.claude-3-haiku-20240307-v1:0";
  static final String PROMPT = "arn:aws:bedrock:us-east-1:123456789012:prompt/PROMPT1234";

  @TempDir
  Path tmp;
  BedrockEmulator bedrock;

  @BeforeEach
  void start() {
    // The default credentials chain reads these system properties first.
    System.setProperty("aws.accessKeyId", "test");
    System.setProperty("aws.secretAccessKey", "test");
    bedrock = BedrockEmulator.create().start();
    bedrock.promptDraft(PROMPT, "support", "{\"name\":\"main\",\"templateType\":\"TEXT\","
        + "\"templateConfiguration\":{\"text\":{\"text\":\"placeholder\"}}}");
  }

  @AfterEach
  void stop() {
    bedrock.close();
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }

  static VersionManifest source() {
    return VersionManifest.builder().name("support-answer").version("1.4.0")
        .createdAt(Instant.parse("2026-11-20T10:00:00Z"))
        .model(BedrockTarget.builder(MODEL).region("us-east-1").build())
        .prompt(PromptSpec.builder(PromptText.inline("Question: {{ question }}\nPolicy: {{policy}}"))
            .system(PromptText.inline("Answer in two sentences."))
            .variables("question", "policy").build())
        .inference(InferenceParameters.builder().temperature(0.2).maxTokens(512).topP(0.9)
            .stopSequences(List.of("\n\nHuman:")).additionalModelField("top_k", 50).build())
        .build();
  }

  private Cli.Result run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--endpoint-url", bedrock.endpoint().toString(), "--region", "us-east-1"));
    return Cli.run(all.toArray(new String[0]));
  }

  @Test
  void publishBedrockPrompt_twice_makesOneVersion_printsItsArnAndHash_andImportsBackToTheSameManifestParts()
      throws Exception {
    Path file = Manifests.write(tmp, "m.json", source());

    Cli.Result first = run("publish", "--bedrock-prompt", "PROMPT1234", file.toString());
    Cli.Result again = run("publish", "--bedrock-prompt", "PROMPT1234", file.toString());

    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.out().strip()).isEqualTo(PROMPT + ":1");
    assertThat(again.out().strip()).isEqualTo(PROMPT + ":1");
    assertThat(bedrock.requests(BedrockOperation.CREATE_PROMPT_VERSION)).hasSize(2)
        .allSatisfy(r -> assertThat(r.body()).contains(source().digest().substring(7)));
    String sha = first.err().replaceAll("(?s).*content: sha256 ([0-9a-f]{64}).*", "$1");
    assertThat(sha).hasSize(64);
    assertThat(again.err()).contains("content: sha256 " + sha)
        .contains("\"prompt\": {\"arn\": \"" + PROMPT + ":1\", \"sha256\": \"" + sha + "\"}");

    Path imported = tmp.resolve("imported.json");
    Cli.Result in = run("import", "bedrock-prompt", PROMPT + ":1", "-o", imported.toString(),
        "--manifest-name", "support-answer", "--manifest-version", "1.4.0");
    assertThat(in.exitCode()).as(in.err()).isZero();
    assertThat(in.out()).contains("content:  sha256 " + sha);
    VersionManifest back = VersionManifest.parse(Files.readAllBytes(imported));
    assertThat(back.model()).isEqualTo(source().model());
    assertThat(back.prompt().template().text()).isEqualTo("Question: {{question}}\nPolicy: {{policy}}");
    assertThat(back.prompt().system().text()).isEqualTo("Answer in two sentences.");
    assertThat(back.prompt().variables()).containsExactly("question", "policy");
    assertThat(back.inference()).isEqualTo(source().inference());
    Cli.Result valid = Cli.run("validate", imported.toString());
    assertThat(valid.exitCode()).as(valid.out() + valid.err()).isZero();

    VersionManifest throughPrompt = VersionManifest.builder().name("support-answer").version("1.5.0")
        .createdAt(Instant.parse("2026-11-21T10:00:00Z"))
        .model(BedrockTarget.builder(MODEL).region("us-east-1").prompt(PROMPT + ":1", sha).build())
        .prompt(PromptSpec.builder(PromptText.inline("Question: {{question}}\nPolicy: {{policy}}"))
            .variables("question", "policy").build())
        .inference(InferenceParameters.builder().build())
        .build();
    Path pinned = Manifests.write(tmp, "pinned.json", throughPrompt);
    Cli.Result online = run("validate", pinned.toString(), "--online");
    assertThat(online.exitCode()).as(online.err()).isZero();
    assertThat(online.out()).contains("online:   " + PROMPT + ":1 as pinned")
        .contains("online:   prompt content sha256 " + sha + " as pinned");

    bedrock.promptVersion(PROMPT, 1, "support", "{\"name\":\"default\",\"templateType\":\"TEXT\",\"modelId\":\""
        + MODEL + "\",\"templateConfiguration\":{\"text\":{\"text\":\"Question: {{question}}\\nPolicy: {{policy}}!\","
        + "\"inputVariables\":[{\"name\":\"question\"},{\"name\":\"policy\"}]}}}");
    Cli.Result drifted = run("validate", pinned.toString(), "--online");
    assertThat(drifted.exitCode()).isEqualTo(dev.mvc.cli.ExitCode.CHECK_FAILED);
    assertThat(drifted.err()).contains("model.bedrock.prompt.sha256 is " + sha + " but prompt version " + PROMPT
        + ":1 hashes to ");
  }

  @Test
  void publishBedrockPrompt_refusesWhatAPromptVersionCannotHold_andAnS3UriBesideIt() {
    Path file = Manifests.write(tmp, "m.json", source().toBuilder()
        .model(BedrockTarget.builder(MODEL).region("us-east-1").guardrail("gr-123", "3").build()).build());
    Cli.Result guarded = run("publish", "--bedrock-prompt", "PROMPT1234", file.toString());
    assertThat(guarded.exitCode()).isEqualTo(dev.mvc.cli.ExitCode.CHECK_FAILED);
    assertThat(guarded.err()).contains("model.bedrock.guardrail cannot be published as a Bedrock prompt version");
    Cli.Result both = run("publish", "--bedrock-prompt", "PROMPT1234", file.toString(), "s3://bucket/m.json");
    assertThat(both.exitCode()).isEqualTo(dev.mvc.cli.ExitCode.USAGE);
    assertThat(bedrock.requests(BedrockOperation.CREATE_PROMPT_VERSION)).isEmpty();
  }

  @Test
  void importBedrockPrompt_refusesADraft_andAPromptWithToolsOrAnAgent_namingIt() {
    bedrock.promptVersion(PROMPT, 2, "support", "{\"name\":\"main\",\"templateType\":\"CHAT\",\"modelId\":\"" + MODEL
        + "\",\"templateConfiguration\":{\"chat\":{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"Hi\"}]}],"
        + "\"toolConfiguration\":{\"tools\":[{\"toolSpec\":{\"name\":\"lookup\",\"inputSchema\":{\"json\":{}}}}]}}}}");
    Cli.Result tools = run("import", "bedrock-prompt", PROMPT + ":2");
    assertThat(tools.exitCode()).isEqualTo(dev.mvc.cli.ExitCode.CHECK_FAILED);
    assertThat(tools.err()).contains("templateConfiguration.chat.toolConfiguration cannot be represented");
    Cli.Result draft = run("import", "bedrock-prompt", PROMPT + ":DRAFT");
    assertThat(draft.exitCode()).isNotZero();
    assertThat(draft.err()).contains("must be a prompt version ARN");
  }
}
