package dev.mvc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mvc.BedrockTarget;
import dev.mvc.CachePoint;
import dev.mvc.ToolChoice;
import dev.mvc.ToolSpec;
import dev.mvc.VersionManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Converse request fields of a Bedrock config repository ({@code tools} or {@code tools_file},
 * {@code tool_choice}, {@code cache_points}, {@code max_tool_rounds}, {@code request_metadata})
 * become the manifest's {@code prompt.tools}, {@code prompt.toolChoice}, {@code prompt.cachePoints},
 * {@code prompt.maxToolRounds} and {@code model.bedrock.requestMetadata}; a bad value fails naming
 * the file and the config key path.
 */
class ConfigRepoConverseFieldsBuildTest {
  private static final String LOOKUP_TOOL = "{\"name\": \"lookup_policy\", \"description\": \"Finds a policy section\","
      + " \"input_schema\": {\"type\": \"object\", \"properties\": {\"policy_id\": {\"type\": \"string\"}},"
      + " \"required\": [\"policy_id\"]}}";

  @TempDir
  Path tmp;

  /** The sample config repository with {@code fields} added to its Bedrock config, committed. */
  private Path repoWith(String fields) throws IOException {
    Path repo = tmp.resolve("repo");
    ConfigRepos.copy(ConfigRepos.SAMPLE, repo);
    Path config = repo.resolve("config/bedrock-config.json");
    // The sample declares Converse fields of its own; each test starts from the config without them.
    String plain = Files.readString(config)
        .replaceAll("(?m)^  \"(tools_file|tool_choice|cache_points|max_tool_rounds|request_metadata)\".*\n", "");
    assertThat(plain).doesNotContain("tools_file").doesNotContain("request_metadata");
    Files.writeString(config, plain.replace("\"region\": \"us-east-1\",",
        "\"region\": \"us-east-1\",\n  " + fields + ","));
    ConfigRepos.git(repo, "init", "-q");
    ConfigRepos.commitAll(repo, "Converse fields");
    return repo;
  }

  private VersionManifest build(Path repo) throws IOException {
    Path out = tmp.resolve("manifest.json");
    Cli.Result r = Cli.run("build", "--repo", repo.toString(), "-o", out.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    return VersionManifest.parse(Files.readAllBytes(out));
  }

  @Test
  void build_withToolsToolChoiceCachePointsMaxToolRoundsAndRequestMetadata_pinsThemInTheManifest() throws IOException {
    VersionManifest m = build(repoWith("\"tools\": [" + LOOKUP_TOOL + "], \"tool_choice\": {\"tool\": \"lookup_policy\"},"
        + " \"cache_points\": [\"system\", \"tools\"], \"max_tool_rounds\": 3,"
        + " \"request_metadata\": {\"team\": \"support\", \"cost_center\": \"cc-42\"}"));

    assertThat(m.prompt().tools().tools()).containsExactly(new ToolSpec("lookup_policy", "Finds a policy section",
        Map.of("type", "object", "properties", Map.of("policy_id", Map.of("type", "string")),
            "required", List.of("policy_id"))));
    assertThat(m.prompt().toolChoice()).isEqualTo(ToolChoice.tool("lookup_policy"));
    assertThat(m.prompt().cachePoints()).containsExactly(CachePoint.SYSTEM, CachePoint.TOOLS);
    assertThat(m.prompt().maxToolRounds()).isEqualTo(3);
    // Keys of request_metadata are data: cost_center stays as written, not costCenter.
    assertThat(((BedrockTarget) m.model()).options().requestMetadata())
        .containsExactly(Map.entry("team", "support"), Map.entry("cost_center", "cc-42"));
  }

  @Test
  void build_withToolsFile_readsTheToolDefinitionsFromThatFileAndSaysSo() throws IOException {
    Path repo = repoWith("\"tools_file\": \"config/tools.json\", \"tool_choice\": \"any\"");
    Files.writeString(repo.resolve("config/tools.json"), "[" + LOOKUP_TOOL + "]");
    ConfigRepos.commitAll(repo, "Tools file");
    Path out = tmp.resolve("manifest.json");

    Cli.Result r = Cli.run("build", "--repo", repo.toString(), "-o", out.toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("tools: config/tools.json sha256 ").contains("(1 tool(s))");
    VersionManifest m = VersionManifest.parse(Files.readAllBytes(out));
    assertThat(m.prompt().tools().tools()).extracting(ToolSpec::name).containsExactly("lookup_policy");
    assertThat(m.prompt().tools().tools().get(0).inputSchema()).containsEntry("required", List.of("policy_id"));
    assertThat(m.prompt().toolChoice()).isEqualTo(ToolChoice.any());
  }

  @Test
  void build_withAToolChoiceNamingAnUndeclaredTool_failsNamingTheFileAndTheKeyPath() throws IOException {
    Path repo = repoWith("\"tools\": [" + LOOKUP_TOOL + "], \"tool_choice\": {\"tool\": \"refund\"}");

    Cli.Result r = Cli.run("build", "--repo", repo.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(r.err()).contains("config/bedrock-config.json has an invalid tool_choice.tool: "
        + "prompt.toolChoice.tool must name a tool of prompt.tools, was \"refund\"");
  }

  @Test
  void build_withAnUnknownCachePoint_failsNamingTheFileAndTheKeyPath() throws IOException {
    Path repo = repoWith("\"cache_points\": [\"system\", \"everything\"]");

    Cli.Result r = Cli.run("build", "--repo", repo.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(r.err()).contains("config/bedrock-config.json has an invalid cache_points[1]: ").contains("everything");
  }

  @Test
  void build_withARequestMetadataValueBedrockRefuses_failsNamingTheFileAndTheKeyPath() throws IOException {
    Path repo = repoWith("\"request_metadata\": {\"team\": \"support<script>\"}");

    Cli.Result r = Cli.run("build", "--repo", repo.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(r.err()).contains("config/bedrock-config.json has an invalid request_metadata").contains("support<script>");
  }

  @Test
  void build_withMaxToolRoundsOutOfRange_failsNamingTheFileAndTheKeyPath() throws IOException {
    Path repo = repoWith("\"tools\": [" + LOOKUP_TOOL + "], \"max_tool_rounds\": 0");

    Cli.Result r = Cli.run("build", "--repo", repo.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(r.err()).contains("config/bedrock-config.json has an invalid max_tool_rounds: prompt.maxToolRounds");
  }

  @Test
  void build_withAnInvalidToolNameInTheToolsFile_failsNamingThatFileAndTheKeyPath() throws IOException {
    Path repo = repoWith("\"tools_file\": \"config/tools.json\"");
    Files.writeString(repo.resolve("config/tools.json"), "[" + LOOKUP_TOOL + ", "
        + LOOKUP_TOOL.replace("lookup_policy", "look up policy") + "]");
    ConfigRepos.commitAll(repo, "Bad tool name");

    Cli.Result r = Cli.run("build", "--repo", repo.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(r.err()).contains("config/tools.json has an invalid [1].name: ").contains("look up policy");
  }

  @Test
  void build_withAManifestStyleKeyInATool_failsNamingTheUnknownKey() throws IOException {
    Path repo = repoWith("\"tools\": [" + LOOKUP_TOOL.replace("input_schema", "inputSchema") + "]");

    Cli.Result r = Cli.run("build", "--repo", repo.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(r.err()).contains("config/bedrock-config.json has unknown key tools[0].inputSchema")
        .contains("name, description, input_schema");
  }

  @Test
  void build_withAConverseKeyWrittenTwice_failsNamingTheKey_insteadOfKeepingTheLastOne() throws IOException {
    Path repo = repoWith("\"cache_points\": [\"everything\"], \"cache_points\": [\"system\"]");

    Cli.Result r = Cli.run("build", "--repo", repo.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("config/bedrock-config.json is not valid JSON: Duplicate field 'cache_points'");
  }

  @Test
  void build_withBothToolsAndToolsFile_isRefused() throws IOException {
    Path repo = repoWith("\"tools\": [" + LOOKUP_TOOL + "], \"tools_file\": \"config/tools.json\"");

    Cli.Result r = Cli.run("build", "--repo", repo.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(r.err()).contains("config/bedrock-config.json has both tools and tools_file");
  }

  @Test
  void build_ofASageMakerConfigWithTools_failsNamingTheUnknownKey() throws IOException {
    Path repo = tmp.resolve("sm");
    Files.createDirectories(repo.resolve("config"));
    Files.createDirectories(repo.resolve("prompts"));
    Files.writeString(repo.resolve("prompts/t.txt"), "{{q}}");
    Files.writeString(repo.resolve("config/sagemaker-config.json"), "{\"endpoint_name\": \"e\", \"payload_format\": \"tgi\","
        + " \"prompt_template_file\": \"prompts/t.txt\", \"tools\": [" + LOOKUP_TOOL + "]}");
    ConfigRepos.git(repo, "init", "-q");
    ConfigRepos.commitAll(repo, "SageMaker with tools");

    Cli.Result r = Cli.run("build", "--repo", repo.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(r.err()).contains("config/sagemaker-config.json has unknown key tools");
  }
}
