package dev.mvc.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mvc.BackendException;
import dev.mvc.InferenceParameters;
import dev.mvc.InvocationRequest;
import dev.mvc.InvocationResponse;
import dev.mvc.MvcException;
import dev.mvc.PinnedModelClient;
import dev.mvc.ResiliencePolicy;
import dev.mvc.StreamHandler;
import dev.mvc.ToolExecutor;
import dev.mvc.ToolLoopException;
import dev.mvc.VersionManifest;
import dev.mvc.emulators.bedrock.BedrockEmulator;
import dev.mvc.emulators.bedrock.BedrockErrorType;
import dev.mvc.emulators.bedrock.BedrockOperation;
import dev.mvc.emulators.bedrock.BedrockReply;
import dev.mvc.emulators.bedrock.RecordedBedrockRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.ReasoningContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ReasoningTextBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

/**
 * The streamed tool loop, and extended thinking inside a tool loop: every round of
 * {@code invokeStream(request, tools, handler)} is a pinned ConverseStream call whose text reaches
 * the caller in order; with thinking pinned, the signed reasoning blocks of the turn that asked for
 * tools go back unchanged before its tool calls, in every mode, as the emulator (like Bedrock)
 * requires. All through the real SDK against the Bedrock emulator.
 */
class ToolLoopStreamAndThinkingTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> NAME = Map.of("name", "Ada");
  private static final byte[] REDACTED = "opaque-redacted-reasoning".getBytes(StandardCharsets.UTF_8);
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

  /** A recording stream handler. */
  static final class Recorder implements StreamHandler {
    final List<String> deltas = new CopyOnWriteArrayList<>();
    final List<InvocationResponse> completed = new CopyOnWriteArrayList<>();
    final List<MvcException> errors = new CopyOnWriteArrayList<>();

    @Override
    public void onText(String delta) {
      deltas.add(delta);
    }

    @Override
    public void onComplete(InvocationResponse response) {
      completed.add(response);
    }

    @Override
    public void onError(MvcException error) {
      errors.add(error);
    }
  }

  private static PinnedModelClient client(VersionManifest manifest) {
    return PinnedModelClient.builder().manifest(manifest).backend(TestSetup.backend(bedrock)).build();
  }

  private static InvocationRequest request() {
    return InvocationRequest.builder().variables(NAME).build();
  }

  /** The tool manifest with extended thinking pinned: thinking on with a token budget. */
  static VersionManifest thinkingManifest() {
    VersionManifest base = ConverseToolsTest.toolManifest(3);
    InferenceParameters p = InferenceParameters.builder().maxTokens(2048).temperature(1.0).topP(0.95)
        .additionalModelField("thinking", Map.of("type", "enabled", "budget_tokens", 1024)).build();
    return base.toBuilder().inference(p).build();
  }

  @Test
  void toolLoopStream_deliversEveryRoundsTextInOrder_runsEachStreamedToolUseOnce_andStampsTheRounds() throws Exception {
    bedrock.enqueue(
        BedrockReply.builder().deltas("Let me ", "check. ").toolUse("tu-1", "get_weather", "{\"city\":\"Paris\"}")
            .toolUse("tu-2", "tool_1", "{\"q\":\"a longer input value\"}").usage(100, 10).build(),
        BedrockReply.builder().deltas("It is ", "21 degrees.").usage(130, 6).build());
    List<String> ran = new CopyOnWriteArrayList<>();
    ToolExecutor tools = ToolExecutor.builder()
        .tool("get_weather", in -> {
          ran.add("get_weather " + in);
          return "{\"celsius\":21}";
        })
        .tool("tool_1", in -> {
          ran.add("tool_1 " + in);
          return "noted";
        })
        .build();
    Recorder handler = new Recorder();
    try (PinnedModelClient client = client(ConverseToolsTest.toolManifest(3))) {
      InvocationResponse r = client.invokeStream(request(), tools, handler).get(10, TimeUnit.SECONDS);

      assertThat(handler.deltas).containsExactly("Let me ", "check. ", "It is ", "21 degrees.");
      assertThat(handler.completed).containsExactly(r);
      assertThat(handler.errors).isEmpty();
      assertThat(r.text()).isEqualTo("It is 21 degrees.");
      assertThat(r.toolCalls()).isEmpty();
      assertThat(r.stamp().toolRounds()).isEqualTo(2);
      assertThat(r.stamp().toHeaderValue()).contains(";tr=2");
      assertThat(r.usage().inputTokens()).isEqualTo(230);
      assertThat(ran).containsExactly("get_weather {\"city\":\"Paris\"}", "tool_1 {\"q\":\"a longer input value\"}");
      assertThat(bedrock.requests()).extracting(RecordedBedrockRequest::operation)
          .containsExactly(BedrockOperation.CONVERSE_STREAM, BedrockOperation.CONVERSE_STREAM);
      JsonNode messages = JSON.readTree(bedrock.requests().get(1).body()).path("messages");
      JsonNode asked = messages.get(1).path("content");
      assertThat(asked.get(0).path("text").asText()).isEqualTo("Let me check. ");
      assertThat(asked.get(1).path("toolUse").path("input").path("city").asText()).isEqualTo("Paris");
      assertThat(asked.get(2).path("toolUse").path("input").path("q").asText()).isEqualTo("a longer input value");
      JsonNode answered = messages.get(2).path("content");
      assertThat(answered.get(0).path("toolResult").path("content").get(0).path("json").path("celsius").asInt())
          .isEqualTo(21);
      assertThat(answered.get(1).path("toolResult").path("content").get(0).path("text").asText()).isEqualTo("noted");
    }
  }

  @Test
  void toolLoopStream_stillAskingAfterMaxToolRounds_failsWithTheSyncLoopsException() throws Exception {
    for (int i = 0; i < 2; i++) {
      bedrock.enqueue(BedrockReply.builder().deltas("again ").toolUse("tu-" + i, "tool_1", "{\"q\":\"x\"}").build());
    }
    Recorder handler = new Recorder();
    try (PinnedModelClient client = client(ConverseToolsTest.toolManifest(2))) {
      CompletableFuture<InvocationResponse> f =
          client.invokeStream(request(), ToolExecutor.builder().tool("tool_1", in -> "{}").build(), handler);

      assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
          .cause().isInstanceOf(ToolLoopException.class)
          .hasMessageContaining("after 2 model calls, the limit prompt.maxToolRounds = 2");
      assertThat(handler.errors).singleElement().isInstanceOfSatisfying(ToolLoopException.class,
          e -> assertThat(e.rounds()).isEqualTo(2));
      assertThat(handler.completed).isEmpty();
      assertThat(handler.deltas).containsExactly("again ", "again ");
    }
    assertThat(bedrock.requests()).hasSize(2);
  }

  @Test
  void toolLoopStream_failingAfterEarlierRoundsText_isNotSentAgain_andNamesAllDeltasTheCallerHas() throws Exception {
    bedrock.enqueue(
        BedrockReply.builder().deltas("One ", "two. ").toolUse("tu-1", "tool_1", "{\"q\":\"x\"}").build(),
        BedrockReply.builder().deltas("Three ", "four.").failStreamAfter(1, BedrockErrorType.THROTTLING).build());
    Recorder handler = new Recorder();
    ResiliencePolicy retries = ResiliencePolicy.builder()
        .retry(3, Duration.ofMillis(1), 1.0, Duration.ofMillis(1)).build();
    try (PinnedModelClient client = PinnedModelClient.builder().manifest(ConverseToolsTest.toolManifest(3))
        .backend(TestSetup.backend(bedrock)).resilience(retries).build()) {
      CompletableFuture<InvocationResponse> f =
          client.invokeStream(request(), ToolExecutor.builder().tool("tool_1", in -> "{}").build(), handler);

      assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(BackendException.class)
          .hasMessageContaining("failed in round 2 of a tool loop after 3 text deltas (15 characters) had reached "
              + "the caller; not sent again");
      assertThat(handler.deltas).containsExactly("One ", "two. ", "Three ");
      assertThat(handler.errors).hasSize(1);
    }
    assertThat(bedrock.requests()).hasSize(2);
  }

  @Test
  void toolLoopStream_aRoundFailingBeforeItsOwnFirstDelta_isRetried_withoutRepeatingEarlierText() throws Exception {
    bedrock.enqueue(
        BedrockReply.builder().deltas("One ", "two. ").toolUse("tu-1", "tool_1", "{\"q\":\"x\"}").build(),
        BedrockReply.error(BedrockErrorType.THROTTLING),
        BedrockReply.builder().deltas("Three.").build());
    Recorder handler = new Recorder();
    ResiliencePolicy retries = ResiliencePolicy.builder()
        .retry(3, Duration.ofMillis(1), 1.0, Duration.ofMillis(1)).build();
    try (PinnedModelClient client = PinnedModelClient.builder().manifest(ConverseToolsTest.toolManifest(3))
        .backend(TestSetup.backend(bedrock)).resilience(retries).build()) {
      InvocationResponse r = client.invokeStream(request(), ToolExecutor.builder().tool("tool_1", in -> "{}").build(),
          handler).get(10, TimeUnit.SECONDS);

      assertThat(handler.deltas).containsExactly("One ", "two. ", "Three.");
      assertThat(r.stamp().toolRounds()).isEqualTo(2);
    }
    assertThat(bedrock.requests()).hasSize(3);
  }

  /** How a test runs a tool loop. */
  enum Mode { INVOKE, ASYNC, STREAM }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void toolLoopWithThinking_sendsTheSignedAndRedactedReasoningBackUnchanged_beforeTheToolUse(Mode mode)
      throws Exception {
    bedrock.enqueue(
        BedrockReply.builder().text("").reasoning("The user wants the weather in Paris.", "sig-abc")
            .redactedReasoning(REDACTED).toolUse("tu-1", "get_weather", "{\"city\":\"Paris\"}").build(),
        BedrockReply.builder().text("It is 21 degrees.").reasoning("Answer with the number.", "sig-def").build());
    ToolExecutor tools = ToolExecutor.builder().tool("get_weather", in -> "{\"celsius\":21}").build();
    try (PinnedModelClient client = client(thinkingManifest())) {
      InvocationResponse r = switch (mode) {
        case INVOKE -> client.invoke(request(), tools);
        case ASYNC -> client.invokeAsync(request(), tools).get(10, TimeUnit.SECONDS);
        case STREAM -> client.invokeStream(request(), tools, new Recorder()).get(10, TimeUnit.SECONDS);
      };

      assertThat(r.text()).isEqualTo("It is 21 degrees.");
      assertThat(r.reasoning()).isEqualTo("Answer with the number.");
      assertThat(r.stamp().toolRounds()).isEqualTo(2);
      assertThat(bedrock.requests()).hasSize(2);
      JsonNode second = JSON.readTree(bedrock.requests().get(1).body());
      assertThat(second.path("additionalModelRequestFields").path("thinking").path("budget_tokens").asInt())
          .isEqualTo(1024);
      JsonNode asked = second.path("messages").get(1);
      assertThat(asked.path("role").asText()).isEqualTo("assistant");
      JsonNode content = asked.path("content");
      assertThat(content).hasSize(3);
      JsonNode signed = content.get(0).path("reasoningContent").path("reasoningText");
      assertThat(signed.path("text").asText()).isEqualTo("The user wants the weather in Paris.");
      assertThat(signed.path("signature").asText()).isEqualTo("sig-abc");
      assertThat(content.get(1).path("reasoningContent").path("redactedContent").asText())
          .isEqualTo(Base64.getEncoder().encodeToString(REDACTED));
      assertThat(content.get(2).path("toolUse").path("toolUseId").asText()).isEqualTo("tu-1");
    }
  }

  @Test
  void reasoning_isNeverMixedIntoTheTextOrTheStreamedDeltas_ofAThinkingToolLoop() throws Exception {
    bedrock.enqueue(
        BedrockReply.builder().deltas("Checking. ").reasoning("Secret chain of thought.", "sig-1")
            .toolUse("tu-1", "get_weather", "{\"city\":\"Paris\"}").build(),
        BedrockReply.builder().deltas("Sunny.").reasoning("More thought.", "sig-2").build());
    Recorder handler = new Recorder();
    try (PinnedModelClient client = client(thinkingManifest())) {
      InvocationResponse r = client.invokeStream(request(),
          ToolExecutor.builder().tool("get_weather", in -> "sunny").build(), handler).get(10, TimeUnit.SECONDS);

      assertThat(handler.deltas).containsExactly("Checking. ", "Sunny.");
      assertThat(r.text()).isEqualTo("Sunny.").doesNotContain("thought");
      assertThat(r.reasoning()).isEqualTo("More thought.");
    }
  }

  @Test
  void emulator_refusesAThinkingToolLoopWhoseAssistantTurnLacksOrAltersTheReasoning_asBedrockDoes() {
    bedrock.enqueue(BedrockReply.builder().text("").reasoning("Think first.", "sig-9")
        .toolUse("tu-1", "get_weather", "{\"city\":\"Paris\"}").build());
    try (BedrockRuntimeClient sdk = TestSetup.userClient(bedrock).build()) {
      Document thinking = Document.mapBuilder().putDocument("thinking", Document.mapBuilder()
          .putString("type", "enabled").putNumber("budget_tokens", 1024).build()).build();
      sdk.converse(ConverseRequest.builder().modelId(TestSetup.HAIKU).additionalModelRequestFields(thinking)
          .messages(user(ContentBlock.fromText("Weather?"))).build());
      ContentBlock toolUse = ContentBlock.fromToolUse(ToolUseBlock.builder().toolUseId("tu-1").name("get_weather")
          .input(Document.mapBuilder().putString("city", "Paris").build()).build());
      Message result = user(ContentBlock.fromToolResult(ToolResultBlock.builder().toolUseId("tu-1")
          .content(ToolResultContentBlock.fromText("sunny")).build()));

      assertThatThrownBy(() -> sdk.converse(ConverseRequest.builder().modelId(TestSetup.HAIKU)
          .additionalModelRequestFields(thinking)
          .messages(user(ContentBlock.fromText("Weather?")), assistant(toolUse), result).build()))
          .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.statusCode()).isEqualTo(400))
          .hasMessageContaining("messages.1.content.0.type: Expected `thinking` or `redacted_thinking`, but found "
              + "`tool_use`. When `thinking` is enabled, a final `assistant` message must start with a thinking block");

      ContentBlock altered = ContentBlock.fromReasoningContent(ReasoningContentBlock.fromReasoningText(
          ReasoningTextBlock.builder().text("Think first, edited.").signature("sig-9").build()));
      assertThatThrownBy(() -> sdk.converse(ConverseRequest.builder().modelId(TestSetup.HAIKU)
          .additionalModelRequestFields(thinking)
          .messages(user(ContentBlock.fromText("Weather?")), assistant(altered, toolUse), result).build()))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("messages.1.content.0: thinking or redacted_thinking blocks in the latest assistant "
              + "message cannot be modified");

      ContentBlock invented = ContentBlock.fromReasoningContent(
          ReasoningContentBlock.fromRedactedContent(SdkBytes.fromUtf8String("never sent")));
      assertThatThrownBy(() -> sdk.converse(ConverseRequest.builder().modelId(TestSetup.HAIKU)
          .additionalModelRequestFields(thinking)
          .messages(user(ContentBlock.fromText("Weather?")), assistant(invented, toolUse), result).build()))
          .isInstanceOf(ValidationException.class).hasMessageContaining("cannot be modified");

      // Without thinking, the same turn without reasoning is accepted.
      bedrock.enqueue(BedrockReply.text("Sunny."));
      assertThat(sdk.converse(ConverseRequest.builder().modelId(TestSetup.HAIKU)
          .messages(user(ContentBlock.fromText("Weather?")), assistant(toolUse), result).build())
          .output().message().content().get(0).text()).isEqualTo("Sunny.");
    }
  }

  private static Message user(ContentBlock... content) {
    return Message.builder().role(ConversationRole.USER).content(content).build();
  }

  private static Message assistant(ContentBlock... content) {
    return Message.builder().role(ConversationRole.ASSISTANT).content(content).build();
  }
}
