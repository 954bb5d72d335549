package dev.mvc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mvc.InvocationResponse;
import dev.mvc.PinnedModelClient;
import dev.mvc.ToolSpec;
import dev.mvc.VersionManifest;
import dev.mvc.bedrock.BedrockBackend;
import dev.mvc.emulators.bedrock.BedrockEmulator;
import dev.mvc.emulators.bedrock.BedrockOperation;
import dev.mvc.emulators.bedrock.BedrockReply;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * {@code mvc build} of the article's config repository for Converse (its Bedrock config targets no
 * agent): the functions of {@code config/agent-config.json} become the manifest's
 * {@code prompt.tools}, its instructions the system prompt when nothing else gives one, and a
 * function a Converse tool cannot express is refused, named.
 */
class ArticleAgentToolsConverseBuildTest {
  private static final String INSTRUCTION = "You help customers with product questions. Look up orders with the "
      + "order tools before answering questions about an order.";

  @TempDir
  Path tmp;

  private Path articleRepo() {
    Path repo = tmp.resolve("repo");
    ConfigRepos.copy(ArticleConfigRepoBuildTest.ARTICLE, repo);
    ConfigRepos.git(repo, "init", "-q");
    ConfigRepos.commitAll(repo, "Article layout");
    return repo;
  }

  private void editAgentConfig(Path repo, String from, String to) throws IOException {
    Path agent = repo.resolve("config/agent-config.json");
    String before = Files.readString(agent);
    assertThat(before).contains(from);
    Files.writeString(agent, before.replace(from, to));
    ConfigRepos.commitAll(repo, "Agent config edited");
  }

  @Test
  void build_forConverse_pinsTheAgentConfigsFunctionsAsPromptTools() throws IOException {
    Path repo = articleRepo();
    Path out = tmp.resolve("manifest.json");

    Cli.Result r = Cli.run("build", "--repo", repo.toString(), "-o", out.toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("tools: the functions of config/agent-config.json pinned as prompt.tools (get_order_status)");
    VersionManifest m = VersionManifest.parse(Files.readAllBytes(out));
    assertThat(m.prompt().tools().tools()).containsExactly(new ToolSpec("get_order_status",
        "Returns the status of an order", Map.of("type", "object",
            "properties", Map.of("order_id", Map.of("type", "string", "description", "The order number")),
            "required", List.of("order_id"))));
  }

  @Test
  void build_forConverse_withSystemPromptTxt_keepsItAndSaysTheInstructionsAreNotUsed() throws IOException {
    Path repo = articleRepo();
    Path out = tmp.resolve("manifest.json");

    Cli.Result r = Cli.run("build", "--repo", repo.toString(), "-o", out.toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("system prompt: prompts/system-prompt.txt (config/bedrock-config.json names no "
        + "system_prompt_file)")
        .contains("agent config: instructions of config/agent-config.json not used (the system prompt is "
            + "prompts/system-prompt.txt)");
    assertThat(VersionManifest.parse(Files.readAllBytes(out)).prompt().system().text())
        .startsWith("You are a support assistant");
  }

  @Test
  void build_forConverse_withoutAnySystemPromptFile_usesTheAgentInstructionsAndSaysSo() throws IOException {
    Path repo = articleRepo();
    ConfigRepos.git(repo, "rm", "-q", "prompts/system-prompt.txt");
    ConfigRepos.commitAll(repo, "No system prompt file");
    Path out = tmp.resolve("manifest.json");

    Cli.Result r = Cli.run("build", "--repo", repo.toString(), "-o", out.toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("system prompt: instructions of config/agent-config.json (config/bedrock-config.json "
        + "names no system_prompt_file and there is no prompts/system-prompt.txt)");
    assertThat(VersionManifest.parse(Files.readAllBytes(out)).prompt().system().text()).isEqualTo(INSTRUCTION);
  }

  @Test
  void build_forConverse_withToolsInTheBedrockConfig_usesThoseAndSaysTheAgentConfigsAreNotUsed() throws IOException {
    Path repo = articleRepo();
    Path config = repo.resolve("config/bedrock-config.json");
    Files.writeString(config, Files.readString(config).replace("\"model_id\"", "\"tools\": [{\"name\": \"search_docs\","
        + " \"input_schema\": {\"type\": \"object\"}}], \"model_id\""));
    ConfigRepos.commitAll(repo, "Own tools");
    Path out = tmp.resolve("manifest.json");

    Cli.Result r = Cli.run("build", "--repo", repo.toString(), "-o", out.toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("agent config: tool definitions of config/agent-config.json not used "
        + "(config/bedrock-config.json declares tools)");
    assertThat(VersionManifest.parse(Files.readAllBytes(out)).prompt().tools().tools())
        .extracting(ToolSpec::name).containsExactly("search_docs");
  }

  @Test
  void build_forConverse_withAFunctionRequiringConfirmation_refusesNamingTheTool() throws IOException {
    Path repo = articleRepo();
    editAgentConfig(repo, "\"name\": \"get_order_status\",",
        "\"name\": \"get_order_status\", \"require_confirmation\": \"ENABLED\",");

    Cli.Result r = Cli.run("build", "--repo", repo.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(r.err()).contains("config/agent-config.json has tool get_order_status (action_groups[0].functions[0])"
        + " with require_confirmation ENABLED");
  }

  @Test
  void build_forConverse_withAParameterTypeNoAgentDeclares_refusesNamingTheToolAndParameter() throws IOException {
    Path repo = articleRepo();
    editAgentConfig(repo, "\"type\": \"string\"", "\"type\": \"object\"");

    Cli.Result r = Cli.run("build", "--repo", repo.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(r.err()).contains("tool get_order_status (action_groups[0].functions[0]) whose parameter order_id "
        + "has type object");
  }

  @Test
  void build_forConverse_withAFunctionNameNoConverseToolCanHave_refusesNamingIt() throws IOException {
    Path repo = articleRepo();
    String longName = "get_order_status_" + "x".repeat(60);
    editAgentConfig(repo, "\"name\": \"get_order_status\"", "\"name\": \"" + longName + "\"");

    Cli.Result r = Cli.run("build", "--repo", repo.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(r.err()).contains("config/agent-config.json has tool " + longName)
        .contains("whose name is not 1 to 64 characters of [a-zA-Z0-9_-]");
  }

  @Test
  void build_forConverse_withAnOpenApiActionGroup_refusesNamingTheGroup() throws IOException {
    Path repo = articleRepo();
    Files.writeString(repo.resolve("config/orders-openapi.json"), "{\"openapi\": \"3.0.0\", \"paths\": {}}");
    editAgentConfig(repo, "\"description\": \"Look up orders\",",
        "\"description\": \"Look up orders\", \"api_schema_file\": \"config/orders-openapi.json\",");

    Cli.Result r = Cli.run("build", "--repo", repo.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(r.err()).contains("config/agent-config.json has action group order-tools (action_groups[0]) defined "
        + "by an OpenAPI schema");
  }

  @Test
  void builtConverseManifest_sendsTheAgentConfigsToolInToolConfigThroughTheRealSdk() throws IOException {
    Path repo = articleRepo();
    Path config = repo.resolve("config/bedrock-config.json");
    // top_p goes: Claude 4.5 models refuse it together with temperature (rule parameter-contract).
    Files.writeString(config, Files.readString(config).replace(", \"top_p\": 0.9", ""));
    ConfigRepos.commitAll(repo, "No top_p");
    Path out = tmp.resolve("manifest.json");
    assertThat(Cli.run("build", "--repo", repo.toString(), "-o", out.toString()).exitCode()).isZero();
    VersionManifest m = VersionManifest.parse(Files.readAllBytes(out));

    try (BedrockEmulator bedrock = BedrockEmulator.create().start();
        PinnedModelClient client = PinnedModelClient.builder().manifest(m).backend(BedrockBackend.builder()
            .endpointOverride(bedrock.endpoint()).region("us-east-1").credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build()).build()) {
      bedrock.enqueue(BedrockReply.text("Order 42 has shipped."));
      InvocationResponse response = client.invoke(Map.of("context", "order 42", "question", "Where is order 42?"));

      assertThat(response.text()).isEqualTo("Order 42 has shipped.");
      JsonNode sent = new ObjectMapper().readTree(bedrock.requests(BedrockOperation.CONVERSE).get(0).body());
      JsonNode spec = sent.path("toolConfig").path("tools").get(0).path("toolSpec");
      assertThat(spec.path("name").asText()).isEqualTo("get_order_status");
      assertThat(spec.path("inputSchema").path("json").path("required").get(0).asText()).isEqualTo("order_id");
    }
  }
}
