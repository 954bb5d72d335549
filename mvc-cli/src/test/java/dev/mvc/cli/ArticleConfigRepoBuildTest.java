package dev.mvc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mvc.BedrockTarget;
import dev.mvc.VersionManifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mvc build} on a config repository laid out as the model-versioning article lays it out:
 * {@code config/bedrock-config.json} with {@code prompt_template_version}, {@code prompts/system-prompt.txt},
 * {@code prompts/rag-prompt-template.txt}, {@code prompts/evaluation-prompt.txt} and
 * {@code config/agent-config.json}, copied from {@code src/test/resources/article-config-repo}.
 */
class ArticleConfigRepoBuildTest {
  static final Path ARTICLE = Path.of("src/test/resources/article-config-repo");

  @TempDir
  Path tmp;

  private Path articleRepo() {
    Path repo = tmp.resolve("repo");
    ConfigRepos.copy(ARTICLE, repo);
    ConfigRepos.git(repo, "init", "-q");
    ConfigRepos.commitAll(repo, "Article layout");
    return repo;
  }

  @Test
  void build_ofTheArticlesConfigRepositoryAsItIs_buildsAndReportsThePlaceholderAndTheSystemPrompt() throws IOException {
    Path repo = articleRepo();
    Path out = tmp.resolve("manifest.json");

    Cli.Result r = Cli.run("build", "--repo", repo.toString(), "-o", out.toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    String head = ConfigRepos.git(repo, "rev-parse", "HEAD");
    VersionManifest m = VersionManifest.parse(Files.readAllBytes(out));
    assertThat(((BedrockTarget) m.model()).modelId()).isEqualTo("anthropic.claude-sonnet-4-5-20251001-v2:0");
    assertThat(m.inference().temperature()).isEqualTo(0.1);
    assertThat(m.inference().maxTokens()).isEqualTo(2048);
    assertThat(m.inference().topP()).isEqualTo(0.9);
    assertThat(m.prompt().variables()).containsExactly("context", "question");
    assertThat(m.prompt().template().sha256()).isEqualTo(sha256(repo.resolve("prompts/rag-prompt-template.txt")));
    assertThat(m.prompt().system()).isNotNull();
    assertThat(m.prompt().system().sha256()).isEqualTo(sha256(repo.resolve("prompts/system-prompt.txt")));
    assertThat(m.provenance().gitSha()).isEqualTo(head);
    assertThat(r.out())
        .contains("prompt_template_version: \"git-sha-here\" is not a commit SHA; the template is pinned at the "
            + "build's commit " + head)
        .contains("system prompt: prompts/system-prompt.txt (config/bedrock-config.json names no system_prompt_file)")
        .contains("agent config: config/agent-config.json sha256 " + sha256(repo.resolve("config/agent-config.json")));
  }

  @Test
  void build_ofTheArticlesConfigRepository_reportsTheAgentConfigHashInJson() throws IOException {
    Path repo = articleRepo();

    Cli.Result r = Cli.run("build", "--repo", repo.toString(), "-o", tmp.resolve("m.json").toString(), "--json");

    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertThat(json.path("agentConfig").path("sha256").asText())
        .isEqualTo(sha256(repo.resolve("config/agent-config.json")));
    assertThat(json.path("notes").toString()).contains("git-sha-here");
  }

  @Test
  void build_withPromptTemplateVersionAtACommitHoldingTheSameTemplate_recordsTheMatch() throws IOException {
    Path repo = articleRepo();
    String first = ConfigRepos.git(repo, "rev-parse", "HEAD");
    setTemplateVersion(repo, first);
    ConfigRepos.commitAll(repo, "Pin the template version");

    Cli.Result r = Cli.run("build", "--repo", repo.toString(), "-o", tmp.resolve("m.json").toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("prompt_template_version: prompts/rag-prompt-template.txt matches commit " + first);
    assertThat(VersionManifest.parse(Files.readAllBytes(tmp.resolve("m.json"))).provenance().gitSha())
        .isEqualTo(ConfigRepos.git(repo, "rev-parse", "HEAD"));
  }

  @Test
  void build_withPromptTemplateVersionWhoseTemplateDiffers_failsNamingBothShas() throws IOException {
    Path repo = articleRepo();
    String first = ConfigRepos.git(repo, "rev-parse", "HEAD");
    Files.writeString(repo.resolve("prompts/rag-prompt-template.txt"),
        "Answer from these documents only.\n\n{{context}}\n\nQuestion: {{question}}\n", StandardCharsets.UTF_8);
    setTemplateVersion(repo, first);
    ConfigRepos.commitAll(repo, "Change the template but keep the old version");
    String second = ConfigRepos.git(repo, "rev-parse", "HEAD");

    Cli.Result r = Cli.run("build", "--repo", repo.toString(), "-o", tmp.resolve("m.json").toString());

    assertThat(r.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(r.err())
        .contains("prompt_template_version " + first)
        .contains("prompts/rag-prompt-template.txt at " + first)
        .contains("differs from prompts/rag-prompt-template.txt built at " + second);
    assertThat(tmp.resolve("m.json")).doesNotExist();
  }

  @Test
  void build_withPromptTemplateVersionThatIsNoCommitOfTheRepository_failsNamingIt() throws IOException {
    Path repo = articleRepo();
    setTemplateVersion(repo, "0123456789abcdef0123456789abcdef01234567");
    ConfigRepos.commitAll(repo, "Unknown template version");

    Cli.Result r = Cli.run("build", "--repo", repo.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(r.err()).contains("prompt_template_version 0123456789abcdef0123456789abcdef01234567")
        .contains("not a commit of the repository");
  }

  @Test
  void build_ofTheArticlesConfigRepositoryWithAnUnknownKey_stillFailsNamingTheKey() throws IOException {
    Path repo = articleRepo();
    Path config = repo.resolve("config/bedrock-config.json");
    Files.writeString(config, Files.readString(config).replace("\"model_id\"", "\"prompt_version\": \"1\",\n  \"model_id\""));
    ConfigRepos.commitAll(repo, "Unknown key");

    Cli.Result r = Cli.run("build", "--repo", repo.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(r.err()).contains("config/bedrock-config.json has unknown key prompt_version")
        .contains("prompt_template_version");
  }

  private static void setTemplateVersion(Path repo, String version) throws IOException {
    Path config = repo.resolve("config/bedrock-config.json");
    Files.writeString(config, Files.readString(config).replace("git-sha-here", version));
  }

  private static String sha256(Path file) throws IOException {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
