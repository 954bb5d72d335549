package dev.mvc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mvc.VersionManifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mvc build} turns a committed config repository into a manifest, the same one for the same ref. */
class BuildCommandTest {
  @TempDir
  Path tmp;

  @Test
  void build_fromACommittedRepository_writesTheManifestWithGitShaAndCommitTime() throws IOException {
    Path repo = ConfigRepos.sample(tmp.resolve("repo"));
    Path out = tmp.resolve("manifest.json");

    Cli.Result r = Cli.run("build", "--repo", repo.toString(), "-o", out.toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    VersionManifest m = VersionManifest.parse(Files.readAllBytes(out));
    assertThat(m.name()).isEqualTo("support-answer");
    assertThat(m.version()).isEqualTo("1.5.0");
    assertThat(m.createdAt()).isEqualTo(Instant.parse(ConfigRepos.DATE));
    assertThat(m.provenance().gitSha()).isEqualTo(ConfigRepos.git(repo, "rev-parse", "HEAD"));
    assertThat(m.provenance().dirty()).isFalse();
    assertThat(m.prompt().variables()).containsExactly("policy", "question");
    assertThat(m.prompt().template().sha256()).isEqualTo("cee6e93aa1f1a1b240cfc559050e8a0850c2410bb023da4b2af59625207c2319");
    assertThat(m.inference().maxTokens()).isEqualTo(512);
    assertThat(m.inference().overridable()).containsKey("temperature");
    Golden.assertMatches("build/sample-manifest.json", Files.readString(out, StandardCharsets.UTF_8));
    Golden.assertMatches("build/sample.txt", r.outWithout(tmp));
  }

  @Test
  void build_twiceFromTheSameRef_givesTheSameDigest() {
    Path repo = ConfigRepos.sample(tmp.resolve("repo"));

    Cli.Result first = Cli.run("build", "--repo", repo.toString(), "--json");
    Cli.Result second = Cli.run("build", "--repo", repo.toString(), "--ref", "HEAD", "--json");

    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(second.exitCode()).as(second.err()).isZero();
    assertThat(digest(first.out())).isEqualTo(digest(second.out())).startsWith("sha256:");
  }

  @Test
  void build_withoutOutput_printsTheManifestOnStandardOutput() {
    Path repo = ConfigRepos.sample(tmp.resolve("repo"));

    Cli.Result r = Cli.run("build", "--repo", repo.toString());

    assertThat(r.exitCode()).isZero();
    assertThat(VersionManifest.parse(r.out()).name()).isEqualTo("support-answer");
    assertThat(r.err()).startsWith("built support-answer 1.5.0 sha256:");
  }

  @Test
  void build_fromADirtyWorkTree_isRefusedNamingTheFix() throws IOException {
    Path repo = ConfigRepos.sample(tmp.resolve("repo"));
    Files.writeString(repo.resolve("prompts/system.txt"), "Changed but not committed.");

    Cli.Result r = Cli.run("build", "--repo", repo.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.err()).contains("uncommitted changes").contains("prompts/system.txt").contains("--allow-dirty");
  }

  @Test
  void build_withAllowDirty_readsTheWorkTreeAndMarksTheManifestDirty() throws IOException {
    Path repo = ConfigRepos.sample(tmp.resolve("repo"));
    Files.writeString(repo.resolve("prompts/system.txt"), "Changed but not committed.");
    Path out = tmp.resolve("dirty.json");

    Cli.Result r = Cli.run("build", "--repo", repo.toString(), "--allow-dirty", "-o", out.toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    VersionManifest m = VersionManifest.parse(Files.readAllBytes(out));
    assertThat(m.provenance().dirty()).isTrue();
    assertThat(m.prompt().system().text()).isEqualTo("Changed but not committed.");
    assertThat(r.out()).contains("(dirty work tree)");
  }

  @Test
  void build_withRef_readsTheCommittedFilesWhateverTheWorkTreeHolds() throws IOException {
    Path repo = ConfigRepos.sample(tmp.resolve("repo"));
    String first = ConfigRepos.git(repo, "rev-parse", "HEAD");
    Files.writeString(repo.resolve("prompts/system.txt"), "A second system prompt.");
    ConfigRepos.commitAll(repo, "Second system prompt");
    Files.writeString(repo.resolve("prompts/system.txt"), "Uncommitted.");

    Cli.Result atFirst = Cli.run("build", "--repo", repo.toString(), "--ref", first);
    Cli.Result atHead = Cli.run("build", "--repo", repo.toString(), "--ref", "HEAD");

    assertThat(atFirst.exitCode()).as(atFirst.err()).isZero();
    assertThat(atHead.exitCode()).as(atHead.err()).isZero();
    VersionManifest a = VersionManifest.parse(atFirst.out());
    VersionManifest b = VersionManifest.parse(atHead.out());
    assertThat(a.provenance().gitSha()).isEqualTo(first);
    assertThat(a.prompt().system().text()).startsWith("You are the support assistant");
    assertThat(b.prompt().system().text()).isEqualTo("A second system prompt.");
    assertThat(b.provenance().dirty()).isFalse();
  }

  @Test
  void build_ofAnUnknownRef_exitsNotFound() {
    Path repo = ConfigRepos.sample(tmp.resolve("repo"));

    Cli.Result r = Cli.run("build", "--repo", repo.toString(), "--ref", "v9.9.9");

    assertThat(r.exitCode()).isEqualTo(ExitCode.NOT_FOUND);
    assertThat(r.err()).contains("git ref v9.9.9 does not exist").contains("fix:");
  }

  @Test
  void build_outsideAGitWorkTree_isAUsageError() throws IOException {
    Path plain = Files.createDirectories(tmp.resolve("plain"));
    ConfigRepos.copy(ConfigRepos.SAMPLE, plain);

    Cli.Result r = Cli.run("build", "--repo", plain.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("is not in a git work tree").contains("git init");
  }

  @Test
  void build_withAnUnknownConfigKey_namesTheKeyAndTheAllowedOnes() throws IOException {
    Path repo = tmp.resolve("repo");
    ConfigRepos.copy(ConfigRepos.SAMPLE, repo);
    Path config = repo.resolve("config/bedrock-config.json");
    Files.writeString(config, Files.readString(config).replace("\"region\"", "\"regoin\""));
    ConfigRepos.git(repo, "init", "-q");
    ConfigRepos.commitAll(repo, "typo");

    Cli.Result r = Cli.run("build", "--repo", repo.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(r.err()).contains("unknown key regoin").contains("model_id, region");
  }

  @Test
  void build_withAnInvalidValue_namesTheManifestField() throws IOException {
    Path repo = tmp.resolve("repo");
    ConfigRepos.copy(ConfigRepos.SAMPLE, repo);
    Path config = repo.resolve("config/bedrock-config.json");
    Files.writeString(config, Files.readString(config).replace("\"temperature\": 0.2", "\"temperature\": 1.7"));
    ConfigRepos.git(repo, "init", "-q");
    ConfigRepos.commitAll(repo, "too hot");

    Cli.Result r = Cli.run("build", "--repo", repo.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(r.err()).contains("inference.temperature must be in [0, 1], was 1.7");
  }

  @Test
  void build_ofASageMakerRepository_hashesTheScriptsAndPinsTheEndpoint() throws IOException {
    Path repo = Files.createDirectories(tmp.resolve("sm"));
    Files.createDirectories(repo.resolve("prompts"));
    Files.createDirectories(repo.resolve("config"));
    Files.createDirectories(repo.resolve("scripts"));
    Files.writeString(repo.resolve("prompts/summarize.txt"), "Summarize: {{text}}");
    Files.writeString(repo.resolve("scripts/pre.py"), "def pre(x):\n    return x\n");
    Files.writeString(repo.resolve("config/sagemaker-config.json"), """
        {
          "name": "summarizer",
          "version": "2.0.0",
          "endpoint_name": "summarizer-prod",
          "variant": "blue",
          "model_package_arn": "arn:aws:sagemaker:us-east-1:123456789012:model-package/summarizer/7",
          "artifact": {"uri": "s3://models/summarizer/model.tar.gz", "version_id": "v7"},
          "image": {"uri": "763104351884.dkr.ecr.us-east-1.amazonaws.com/tgi:2.4.0",
                    "digest": "sha256:0f6a1c3c0c8f2a7f1b9e4d5c6b7a8f9e0d1c2b3a4f5e6d7c8b9a0f1e2d3c4b5a"},
          "instance_type": "ml.g5.xlarge",
          "environment": {"HF_MODEL_ID": "/opt/ml/model"},
          "scripts": {"preprocess_file": "scripts/pre.py"},
          "payload_format": "tgi",
          "prompt_template_file": "prompts/summarize.txt",
          "inference_config": {"temperature": 0.1, "max_tokens": 300, "top_p": 0.95}
        }
        """);
    ConfigRepos.git(repo, "init", "-q");
    ConfigRepos.commitAll(repo, "summarizer");

    Cli.Result r = Cli.run("build", "--repo", repo.toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    VersionManifest m = VersionManifest.parse(r.out());
    dev.mvc.SageMakerTarget t = (dev.mvc.SageMakerTarget) m.model();
    assertThat(t.endpointName()).isEqualTo("summarizer-prod");
    assertThat(t.artifactVersionId()).isEqualTo("v7");
    assertThat(t.environment()).containsEntry("HF_MODEL_ID", "/opt/ml/model");
    assertThat(t.preprocessScriptSha256())
        .isEqualTo(dev.mvc.PromptText.inline("def pre(x):\n    return x\n").sha256());
    assertThat(Cli.run("validate", writeTo(tmp.resolve("sm.json"), r.out())).exitCode()).isZero();
  }

  @Test
  void build_thenValidate_passesTheStrictPolicy() {
    Path repo = ConfigRepos.sample(tmp.resolve("repo"));
    Path out = tmp.resolve("manifest.json");
    assertThat(Cli.run("build", "--repo", repo.toString(), "-o", out.toString()).exitCode()).isZero();

    Cli.Result r = Cli.run("validate", out.toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("valid: support-answer 1.5.0 sha256:");
  }

  private static String writeTo(Path file, String text) throws IOException {
    Files.writeString(file, text);
    return file.toString();
  }

  private static String digest(String json) {
    return dev.mvc.cli.internal.Json.parse(json, "output").get("digest").asText();
  }
}
