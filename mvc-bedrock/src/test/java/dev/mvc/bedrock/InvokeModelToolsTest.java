package dev.mvc.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mvc.BedrockApi;
import dev.mvc.BedrockTarget;
import dev.mvc.CachePoint;
import dev.mvc.InvocationRequest;
import dev.mvc.InvocationResponse;
import dev.mvc.Message;
import dev.mvc.MvcException;
import dev.mvc.PinnedModelClient;
import dev.mvc.PromptSpec;
import dev.mvc.PromptText;
import dev.mvc.StreamHandler;
import dev.mvc.ToolCall;
import dev.mvc.ToolChoice;
import dev.mvc.ToolExecutor;
import dev.mvc.ToolSet;
import dev.mvc.VersionManifest;
import dev.mvc.emulators.bedrock.BedrockEmulator;
import dev.mvc.emulators.bedrock.BedrockReply;
import dev.mvc.InferenceParameters;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * InvokeModel with the Anthropic Messages body pins the same tools, tool choice and cache points
 * as Converse, in that format's fields, and reads tool calls, thinking and cache usage back.
 */
class InvokeModelToolsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static BedrockEmulator bedrock;

  @BeforeAll
  static void start() {
    bedrock = BedrockEmulator.create().start();
  }

  @AfterAll
  static void stop() {
    bedrock.close();
  }

  @BeforeEach
  void reset() {
    bedrock.reset();
  }

  private static VersionManifest manifest() {
    return TestSetup.manifest(BedrockTarget.builder(TestSetup.HAIKU).region("us-east-1")
            .api(BedrockApi.INVOKE_MODEL).bodyFormat("anthropic-messages").build())
        .prompt(PromptSpec.builder(PromptText.inline("Say hello to {{name}}."))
            .system(PromptText.inline("Be brief."))
            .variables("name")
            .tools(ToolSet.inline(ConverseToolsTest.tools(4)))
            .toolChoice(ToolChoice.any())
            .cachePoints(CachePoint.SYSTEM, CachePoint.TOOLS, CachePoint.HISTORY)
            .build())
        .build();
  }

  private static InvocationRequest request() {
    return InvocationRequest.builder().variables(Map.of("name", "Ada"))
        .history(List.of(Message.user("Hi"), Message.assistant("Hello."))).build();
  }

  @Test
  void anthropicBody_carriesThePinnedToolsToolChoiceAndCacheControl() throws Exception {
    bedrock.enqueue(BedrockReply.text("Hi Ada"));
    try (PinnedModelClient client = PinnedModelClient.builder().manifest(manifest()).backend(TestSetup.backend(bedrock)).build()) {
      client.invoke(request());
    }
    JsonNode body = JSON.readTree(bedrock.lastRequest().body());
    assertThat(body.path("tools")).hasSize(4);
    assertThat(body.path("tools").get(0).path("input_schema").path("required").get(0).asText()).isEqualTo("city");
    assertThat(body.path("tools").get(3).path("cache_control").path("type").asText()).isEqualTo("ephemeral");
    assertThat(body.path("tools").get(2).has("cache_control")).isFalse();
    assertThat(body.path("tool_choice").path("type").asText()).isEqualTo("any");
    assertThat(body.path("system").get(0).path("cache_control").path("type").asText()).isEqualTo("ephemeral");
    assertThat(body.path("messages").get(1).path("content").get(0).path("cache_control").path("type").asText())
        .isEqualTo("ephemeral");
    assertThat(body.path("messages").get(2).path("content").get(0).has("cache_control")).isFalse();
  }

  @Test
  void anthropicReply_givesToolCallsThinkingAndCacheUsage_andTheToolLoopRunsOverIt() throws Exception {
    bedrock.enqueue(BedrockReply.builder().text("").reasoning("Need weather.", "sig").cacheUsage(500, 0)
            .toolUse("toolu_1", "get_weather", "{\"city\":\"Oslo\"}").build(),
        BedrockReply.text("Cold in Oslo."));
    try (PinnedModelClient client = PinnedModelClient.builder().manifest(manifest()).backend(TestSetup.backend(bedrock)).build()) {
      InvocationResponse first = client.invoke(request());
      assertThat(first.toolCalls()).containsExactly(new ToolCall("toolu_1", "get_weather", "{\"city\":\"Oslo\"}"));
      assertThat(first.reasoning()).isEqualTo("Need weather.");
      assertThat(first.text()).isEmpty();
      assertThat(first.usage().cacheReadInputTokens()).isEqualTo(500);

      bedrock.reset();
      bedrock.enqueue(BedrockReply.builder().text("").toolUse("toolu_1", "get_weather", "{\"city\":\"Oslo\"}").build(),
          BedrockReply.text("Cold in Oslo."));
      InvocationResponse answer = client.invoke(request(), ToolExecutor.builder().tool("get_weather", in -> "-3 C").build());
      assertThat(answer.text()).isEqualTo("Cold in Oslo.");
      assertThat(answer.stamp().toolRounds()).isEqualTo(2);
      JsonNode messages = JSON.readTree(bedrock.requests().get(1).body()).path("messages");
      assertThat(messages.get(3).path("content").get(0).path("type").asText()).isEqualTo("tool_use");
      assertThat(messages.get(4).path("content").get(0).path("tool_use_id").asText()).isEqualTo("toolu_1");
      assertThat(messages.get(4).path("content").get(0).path("content").asText()).isEqualTo("-3 C");
    }
  }

  @Test
  void anthropicStream_assemblesToolUseFromInputJsonDeltas_once() throws Exception {
    bedrock.enqueue(BedrockReply.builder().deltas("Checking.").toolUse("toolu_2", "tool_1", "{\"q\":\"a b c\"}").build());
    try (PinnedModelClient client = PinnedModelClient.builder().manifest(manifest()).backend(TestSetup.backend(bedrock)).build()) {
      InvocationResponse r = client.invokeStream(request(), new StreamHandler() {
        @Override
        public void onText(String delta) {}

        @Override
        public void onComplete(InvocationResponse response) {}

        @Override
        public void onError(MvcException error) {}
      }).get(10, TimeUnit.SECONDS);
      assertThat(r.text()).isEqualTo("Checking.");
      assertThat(r.toolCalls()).containsExactly(new ToolCall("toolu_2", "tool_1", "{\"q\":\"a b c\"}"));
    }
  }

  /** The InvokeModel tool manifest with extended thinking pinned (tool choice auto, as thinking requires). */
  private static VersionManifest thinkingManifest() {
    VersionManifest base = manifest();
    return base.toBuilder()
        .prompt(base.prompt().toBuilder().toolChoice(ToolChoice.auto()).cachePoints().build())
        .inference(InferenceParameters.builder().maxTokens(2048).temperature(1.0).topP(0.95)
            .additionalModelField("thinking", Map.of("type", "enabled", "budget_tokens", 1024)).build())
        .build();
  }

  @ParameterizedTest
  @EnumSource(ToolLoopStreamAndThinkingTest.Mode.class)
  void anthropicToolLoopWithThinking_sendsTheSignedAndRedactedThinkingBackUnchanged_beforeTheToolUse(
      ToolLoopStreamAndThinkingTest.Mode mode) throws Exception {
    byte[] redacted = "opaque-redacted-thinking".getBytes(StandardCharsets.UTF_8);
    bedrock.enqueue(
        BedrockReply.builder().text("").reasoning("The user wants the weather in Oslo.", "sig-abc")
            .redactedReasoning(redacted).toolUse("toolu_1", "get_weather", "{\"city\":\"Oslo\"}").build(),
        BedrockReply.builder().text("Cold in Oslo.").reasoning("Answer briefly.", "sig-def").build());
    ToolExecutor tools = ToolExecutor.builder().tool("get_weather", in -> "-3 C").build();
    try (PinnedModelClient client =
        PinnedModelClient.builder().manifest(thinkingManifest()).backend(TestSetup.backend(bedrock)).build()) {
      InvocationResponse r = switch (mode) {
        case INVOKE -> client.invoke(request(), tools);
        case ASYNC -> client.invokeAsync(request(), tools).get(10, TimeUnit.SECONDS);
        case STREAM -> client.invokeStream(request(), tools, new ToolLoopStreamAndThinkingTest.Recorder())
            .get(10, TimeUnit.SECONDS);
      };

      assertThat(r.text()).isEqualTo("Cold in Oslo.");
      assertThat(r.reasoning()).isEqualTo("Answer briefly.");
      assertThat(r.stamp().toolRounds()).isEqualTo(2);
      JsonNode second = JSON.readTree(bedrock.requests().get(1).body());
      assertThat(second.path("thinking").path("budget_tokens").asInt()).isEqualTo(1024);
      JsonNode asked = second.path("messages").get(3);
      assertThat(asked.path("role").asText()).isEqualTo("assistant");
      JsonNode content = asked.path("content");
      assertThat(content).hasSize(3);
      assertThat(content.get(0).path("type").asText()).isEqualTo("thinking");
      assertThat(content.get(0).path("thinking").asText()).isEqualTo("The user wants the weather in Oslo.");
      assertThat(content.get(0).path("signature").asText()).isEqualTo("sig-abc");
      assertThat(content.get(1).path("type").asText()).isEqualTo("redacted_thinking");
      assertThat(content.get(1).path("data").asText()).isEqualTo(Base64.getEncoder().encodeToString(redacted));
      assertThat(content.get(2).path("type").asText()).isEqualTo("tool_use");
    }
  }

  @Test
  void emulator_refusesAnAnthropicThinkingToolLoopWithoutItsThinkingBlock_asBedrockDoes() throws Exception {
    bedrock.enqueue(BedrockReply.builder().text("").reasoning("Think first.", "sig-9")
        .toolUse("toolu_1", "get_weather", "{\"city\":\"Oslo\"}").build());
    String withoutThinking = "{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":2048,"
        + "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1024},\"messages\":["
        + "{\"role\":\"user\",\"content\":\"Weather?\"},"
        + "{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"get_weather\",\"input\":{}}]},"
        + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\",\"content\":\"-3 C\"}]}]}";
    try (software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient sdk = TestSetup.userClient(bedrock).build()) {
      sdk.invokeModel(b -> b.modelId(TestSetup.HAIKU).body(software.amazon.awssdk.core.SdkBytes.fromUtf8String(
          "{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":2048,\"messages\":[{\"role\":\"user\",\"content\":\"Weather?\"}]}")));

      org.assertj.core.api.Assertions.assertThatThrownBy(() -> sdk.invokeModel(b -> b.modelId(TestSetup.HAIKU)
              .body(software.amazon.awssdk.core.SdkBytes.fromUtf8String(withoutThinking))))
          .isInstanceOfSatisfying(software.amazon.awssdk.services.bedrockruntime.model.ValidationException.class,
              e -> assertThat(e.statusCode()).isEqualTo(400))
          .hasMessageContaining("messages.1.content.0.type: Expected `thinking` or `redacted_thinking`, but found `tool_use`");
      String altered = withoutThinking.replace("[{\"type\":\"tool_use\"",
          "[{\"type\":\"thinking\",\"thinking\":\"Think first, edited.\",\"signature\":\"sig-9\"},{\"type\":\"tool_use\"");
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> sdk.invokeModel(b -> b.modelId(TestSetup.HAIKU)
              .body(software.amazon.awssdk.core.SdkBytes.fromUtf8String(altered))))
          .hasMessageContaining("cannot be modified");
    }
  }
}
