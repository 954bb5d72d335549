package dev.mvc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvc.BedrockTarget;
import dev.mvc.ManifestException;
import dev.mvc.PinnedModelClient;
import dev.mvc.VersionManifest;
import dev.mvc.bedrock.BedrockAgentDefinition;
import dev.mvc.bedrock.BedrockBackend;
import dev.mvc.emulators.bedrock.BedrockEmulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * {@code mvc build} of the article's config repository when its Bedrock config targets an agent:
 * {@code config/agent-config.json} is pinned into {@code model.bedrock.agent}, and the manifest
 * built loads only against an agent version that has that instruction, those action groups and
 * the pinned foundation model (the Bedrock emulator, through the real SDK).
 */
class ArticleAgentConfigBuildTest {
  private static final String SONNET = "anthropic.claude-sonnet-4-5-20251001-v2:0";
  private static final String INSTRUCTION = "You help customers with product questions. Look up orders with the "
      + "order tools before answering questions about an order.";
  /** The article's action group as GetAgentActionGroup returns it, with an executor the config does not name. */
  private static final String ORDER_TOOLS = "{\"actionGroupName\":\"order-tools\",\"description\":\"Look up orders\","
      + "\"actionGroupExecutor\":{\"lambda\":\"arn:aws:lambda:us-east-1:123456789012:function:orders:3\"},"
      + "\"functionSchema\":{\"functions\":[{\"name\":\"get_order_status\",\"description\":\"Returns the status of an order\","
      + "\"parameters\":{\"order_id\":{\"type\":\"string\",\"description\":\"The order number\",\"required\":true}},"
      + "\"requireConfirmation\":\"DISABLED\"}]}}";

  @TempDir
  Path tmp;
  private BedrockEmulator bedrock;

  @BeforeEach
  void start() {
    bedrock = BedrockEmulator.create().start();
  }

  @AfterEach
  void stop() {
    bedrock.close();
  }

  private Path agentRepo() throws IOException {
    Path repo = tmp.resolve("repo");
    ConfigRepos.copy(ArticleConfigRepoBuildTest.ARTICLE, repo);
    Path config = repo.resolve("config/bedrock-config.json");
    // top_p goes: Claude 4.5 models refuse it together with temperature (rule parameter-contract).
    Files.writeString(config, Files.readString(config).replace(", \"top_p\": 0.9", "").replace("\"model_id\"",
        "\"api\": \"invoke-agent\", \"region\": \"us-east-1\", "
            + "\"agent\": {\"id\": \"AGENT12345\", \"alias_id\": \"PRODALIAS1\"}, \"model_id\""));
    ConfigRepos.git(repo, "init", "-q");
    ConfigRepos.commitAll(repo, "Article layout with an agent");
    return repo;
  }

  private VersionManifest build(Path repo) throws IOException {
    Path out = tmp.resolve("manifest.json");
    Cli.Result r = Cli.run("build", "--repo", repo.toString(), "-o", out.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("agent config: config/agent-config.json pinned as model.bedrock.agent.instructionSha256 "
        + BedrockAgentDefinition.instructionSha256(INSTRUCTION))
        .contains("system prompt: prompts/system-prompt.txt not used (api invoke-agent");
    return VersionManifest.parse(Files.readAllBytes(out));
  }

  private PinnedModelClient load(VersionManifest m) {
    return PinnedModelClient.builder().manifest(m).backend(BedrockBackend.builder().endpointOverride(bedrock.endpoint())
        .region("us-east-1").credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .build()).build();
  }

  @Test
  void build_withAnAgentTarget_pinsTheAgentConfigsInstructionAndActionGroups() throws IOException {
    VersionManifest m = build(agentRepo());

    BedrockTarget.Agent agent = ((BedrockTarget) m.model()).agent();
    assertThat(agent.instructionSha256()).isEqualTo(BedrockAgentDefinition.instructionSha256(INSTRUCTION));
    assertThat(agent.actionGroupsSha256()).isEqualTo(BedrockAgentDefinition.actionGroupsSha256(java.util.List.of(
        Map.of("actionGroupName", "order-tools", "description", "Look up orders", "functionSchema", Map.of("functions",
            java.util.List.of(Map.of("name", "get_order_status", "description", "Returns the status of an order",
                "parameters", Map.of("order_id", Map.of("type", "string", "description", "The order number",
                    "required", true)))))))));
  }

  @Test
  void builtAgentManifest_loadsAgainstTheAgentVersionItDescribes_andIsRefusedWhenTheVersionDiffers() throws IOException {
    VersionManifest m = build(agentRepo());
    bedrock.agentAlias("AGENT12345", "PRODALIAS1", "3");
    bedrock.agentVersion("AGENT12345", "3", SONNET, INSTRUCTION, ORDER_TOOLS);
    load(m).close();

    bedrock.agentVersion("AGENT12345", "3", SONNET, INSTRUCTION,
        ORDER_TOOLS.replace("\"required\":true", "\"required\":false"));
    assertThatThrownBy(() -> load(m))
        .isInstanceOf(ManifestException.class)
        .hasMessageContaining("model.bedrock.agent.actionGroupsSha256 is " + ((BedrockTarget) m.model()).agent().actionGroupsSha256());

    bedrock.agentVersion("AGENT12345", "3", "anthropic.claude-3-haiku-20240307-v1:0", INSTRUCTION, ORDER_TOOLS);
    assertThatThrownBy(() -> load(m))
        .isInstanceOf(ManifestException.class)
        .hasMessageContaining("model.bedrock.modelId is " + SONNET)
        .hasMessageContaining("uses foundation model anthropic.claude-3-haiku-20240307-v1:0");
  }

  @Test
  void build_withAnUnknownKeyInAnActionGroupOfTheAgentConfig_failsNamingTheKey() throws IOException {
    Path repo = agentRepo();
    Path agent = repo.resolve("config/agent-config.json");
    Files.writeString(agent, Files.readString(agent).replace("\"description\": \"Look up orders\",",
        "\"description\": \"Look up orders\", \"lambda_arn\": \"arn:aws:lambda:us-east-1:123456789012:function:orders\","));
    ConfigRepos.commitAll(repo, "Unknown key");

    Cli.Result r = Cli.run("build", "--repo", repo.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(r.err()).contains("config/agent-config.json has unknown key action_groups[0].lambda_arn");
  }

  @Test
  void build_withAnAgentConfigForAnotherFoundationModel_failsNamingBothModels() throws IOException {
    Path repo = agentRepo();
    Path agent = repo.resolve("config/agent-config.json");
    Files.writeString(agent, Files.readString(agent).replace(SONNET, "anthropic.claude-3-haiku-20240307-v1:0"));
    ConfigRepos.commitAll(repo, "Other model");

    Cli.Result r = Cli.run("build", "--repo", repo.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(r.err()).contains("config/agent-config.json has foundation_model anthropic.claude-3-haiku-20240307-v1:0")
        .contains("model_id " + SONNET);
  }

  @Test
  void build_withoutAnAgentTarget_stillRefusesAnUnknownTopLevelKeyOfTheAgentConfig() throws IOException {
    Path repo = tmp.resolve("plain");
    ConfigRepos.copy(ArticleConfigRepoBuildTest.ARTICLE, repo);
    Path agent = repo.resolve("config/agent-config.json");
    Files.writeString(agent, Files.readString(agent).replace("\"agent_name\"", "\"memory\": true, \"agent_name\""));
    ConfigRepos.git(repo, "init", "-q");
    ConfigRepos.commitAll(repo, "Unknown key");

    Cli.Result r = Cli.run("build", "--repo", repo.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(r.err()).contains("config/agent-config.json has unknown key memory");
  }
}
