package dev.mvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvc.spi.ContentStore;
import dev.mvc.spi.FetchedManifest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code prompt.tools}, {@code prompt.toolChoice}, {@code prompt.cachePoints},
 * {@code prompt.maxToolRounds} and {@code model.bedrock.requestMetadata}, {@code serviceTier},
 * {@code latency}: written and read back unchanged, each part of the digest, tools from a blob
 * verified at load, and input schemas compiled at load and applied to tool inputs.
 */
class ToolsAndRequestSettingsTest {
  private static final SourceRef SOURCE = new SourceRef("file:///tools.json", null, null);
  private static final Map<String, Object> CITY = Map.of("type", "object",
      "properties", Map.of("city", Map.of("type", "string")), "required", List.of("city"));

  private static VersionManifest.Builder base(PromptSpec.Builder prompt, BedrockTarget.RequestOptions options) {
    return VersionManifest.builder()
        .name("tools")
        .version("1.0.0")
        .createdAt(Instant.parse("2026-01-01T00:00:00Z"))
        .model(BedrockTarget.builder("anthropic.claude-3-haiku-20240307-v1:0").options(options).build())
        .prompt(prompt.build())
        .inference(InferenceParameters.builder().temperature(0.2).maxTokens(64).topP(0.9).build());
  }

  private static PromptSpec.Builder prompt() {
    return PromptSpec.builder(PromptText.inline("Weather in {{city}}?")).system(PromptText.inline("Be brief."))
        .variables("city")
        .tools(ToolSet.inline(ToolSpec.of("get_weather", "Weather for a city.", CITY)))
        .toolChoice(ToolChoice.tool("get_weather"))
        .cachePoints(CachePoint.SYSTEM, CachePoint.TOOLS)
        .maxToolRounds(3);
  }

  private static final BedrockTarget.RequestOptions OPTIONS =
      new BedrockTarget.RequestOptions(Map.of("team", "support"), "flex", "standard");

  @Test
  void everyNewField_isWrittenAndReadBackUnchanged_withTheSameDigest() {
    VersionManifest built = base(prompt(), OPTIONS).build();
    VersionManifest parsed = VersionManifest.parse(built.toJson());

    assertThat(parsed.digest()).isEqualTo(built.digest());
    assertThat(parsed.prompt()).isEqualTo(built.prompt());
    assertThat(parsed.prompt().tools().tools().get(0).inputSchema()).isEqualTo(CITY);
    assertThat(parsed.prompt().toolChoice()).isEqualTo(ToolChoice.tool("get_weather"));
    assertThat(parsed.prompt().cachePoints()).containsExactly(CachePoint.SYSTEM, CachePoint.TOOLS);
    assertThat(parsed.prompt().maxToolRounds()).isEqualTo(3);
    BedrockTarget target = (BedrockTarget) parsed.model();
    assertThat(target.options()).isEqualTo(OPTIONS);
    assertThat(built.toJson()).contains("\"toolChoice\" : {\n      \"tool\" : \"get_weather\"")
        .contains("\"serviceTier\" : \"flex\"").contains("\"latency\" : \"standard\"");
  }

  @Test
  void eachNewField_changesTheDigest() {
    String digest = base(prompt(), OPTIONS).build().digest();
    Map<String, VersionManifest> variants = Map.of(
        "tools", base(prompt().tools(ToolSet.inline(ToolSpec.of("get_weather", "Weather.", CITY))), OPTIONS).build(),
        "toolChoice", base(prompt().toolChoice(ToolChoice.any()), OPTIONS).build(),
        "cachePoints", base(prompt().cachePoints(CachePoint.SYSTEM), OPTIONS).build(),
        "maxToolRounds", base(prompt().maxToolRounds(4), OPTIONS).build(),
        "requestMetadata", base(prompt(), new BedrockTarget.RequestOptions(Map.of("team", "sales"), "flex", "standard")).build(),
        "serviceTier", base(prompt(), new BedrockTarget.RequestOptions(Map.of("team", "support"), "priority", "standard")).build(),
        "latency", base(prompt(), new BedrockTarget.RequestOptions(Map.of("team", "support"), "flex", "optimized")).build());
    variants.forEach((field, m) -> assertThat(m.digest()).as(field).isNotEqualTo(digest));
  }

  @Test
  void fieldsThatNeedAnother_areRefusedNamingBoth() {
    assertThatThrownBy(() -> PromptSpec.builder(PromptText.inline("x")).toolChoice(ToolChoice.auto()).build())
        .hasMessageContaining("prompt.toolChoice needs prompt.tools");
    assertThatThrownBy(() -> PromptSpec.builder(PromptText.inline("x")).cachePoints(CachePoint.SYSTEM).build())
        .hasMessageContaining("prompt.cachePoints[0] needs prompt.system");
    assertThatThrownBy(() -> prompt().toolChoice(ToolChoice.tool("get_time")).build())
        .hasMessageContaining("prompt.toolChoice.tool must name a tool of prompt.tools");
    assertThatThrownBy(() -> prompt().maxToolRounds(0).build())
        .hasMessageContaining("prompt.maxToolRounds must be in [1, 100]");
    assertThatThrownBy(() -> new BedrockTarget.RequestOptions(Map.of("mvc.digest", "x"), null, null))
        .hasMessageContaining("reserved");
    assertThatThrownBy(() -> new BedrockTarget.RequestOptions(Map.of(), "gold", null))
        .hasMessageContaining("model.bedrock.serviceTier must be one of priority, default, flex, reserved");
  }

  @Test
  void toolsFromABlob_areHashedParsedAndCompiledAtLoad_andCheckInputs() throws Exception {
    byte[] blob = "[{\"name\":\"get_weather\",\"inputSchema\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}}]"
        .getBytes(StandardCharsets.UTF_8);
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(blob));
    VersionManifest m = base(prompt().tools(ToolSet.blob(sha)), OPTIONS).build();
    LoadedManifest loaded = ManifestLoader.builder().contentStore(store(Map.of(sha, blob))).build()
        .load(FetchedManifest.of(m.toJson().getBytes(StandardCharsets.UTF_8), SOURCE));

    assertThat(loaded.tools()).extracting(ToolSpec::name).containsExactly("get_weather");
    assertThat(loaded.toolInputProblem("get_weather", "{\"city\":\"Paris\"}")).isNull();
    assertThat(loaded.toolInputProblem("get_weather", "{}")).contains("input of tool get_weather fails its inputSchema")
        .contains("city");
    assertThat(loaded.toolInputProblem("get_time", "{}")).isEqualTo("tool get_time is not declared in prompt.tools");

    byte[] other = "[{\"name\":\"x\",\"inputSchema\":{}}]".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> ManifestLoader.builder().contentStore(store(Map.of(sha, other))).build()
        .load(FetchedManifest.of(m.toJson().getBytes(StandardCharsets.UTF_8), SOURCE)))
        .isInstanceOf(ManifestIntegrityException.class)
        .hasMessageContaining("corrupted");
  }

  @Test
  void aToolSchemaThatDoesNotCompile_failsTheLoad() {
    VersionManifest m = base(PromptSpec.builder(PromptText.inline("x")).tools(ToolSet.inline(
        ToolSpec.of("bad", Map.of("type", "object", "properties", Map.of("a", Map.of("$ref", "#/nowhere")))))),
        BedrockTarget.RequestOptions.NONE).build();
    assertThatThrownBy(() -> ManifestLoader.builder().build()
        .load(FetchedManifest.of(m.toJson().getBytes(StandardCharsets.UTF_8), SOURCE))
        .toolInputProblem("bad", "{\"a\":1}"))
        .hasMessageContaining("prompt.tools[0].inputSchema");
  }

  @Test
  void theToolRoundsOfAStamp_surviveItsHeaderForm() {
    VersionStamp stamp = VersionStamp.parse(VersionStamp.builder().manifest("tools", "1.0.0", "sha256:" + "a".repeat(64))
        .provider("bedrock").prompt("b".repeat(64), null).inferenceDigest("sha256:" + "c".repeat(64))
        .source(SOURCE).servedFrom(ServedFrom.SOURCE).approval(ApprovalStatus.UNKNOWN).invocationId("inv-1")
        .time(Instant.parse("2026-01-01T00:00:00Z")).build().withToolRounds(3).toHeaderValue());
    assertThat(stamp.toolRounds()).isEqualTo(3);
    assertThat(stamp.toHeaderValue()).contains(";tr=3");
  }

  private static ContentStore store(Map<String, byte[]> blobs) {
    return new ContentStore() {
      @Override
      public byte[] fetch(String sha256) {
        return blobs.get(sha256);
      }

      @Override
      public String describe() {
        return "test-store";
      }
    };
  }
}
