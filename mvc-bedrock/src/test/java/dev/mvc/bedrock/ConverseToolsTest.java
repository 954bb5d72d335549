package dev.mvc.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mvc.BedrockTarget;
import dev.mvc.CachePoint;
import dev.mvc.InvocationRequest;
import dev.mvc.InvocationResponse;
import dev.mvc.Message;
import dev.mvc.MvcException;
import dev.mvc.PinViolationException;
import dev.mvc.PinnedModelClient;
import dev.mvc.PromptSpec;
import dev.mvc.PromptText;
import dev.mvc.StreamHandler;
import dev.mvc.ToolCall;
import dev.mvc.ToolChoice;
import dev.mvc.ToolExecutor;
import dev.mvc.ToolLoopException;
import dev.mvc.ToolSet;
import dev.mvc.ToolSpec;
import dev.mvc.VersionManifest;
import dev.mvc.emulators.bedrock.BedrockEmulator;
import dev.mvc.emulators.bedrock.BedrockReply;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

/**
 * The whole Converse request is pinned: tools and tool choice, cache points, request metadata,
 * service tier and latency go on the wire from the pin only, the request guard checks each, and
 * tool calls, reasoning and cache usage come back; the tool loop runs every round through the
 * client. All through the real SDK against the Bedrock emulator.
 */
class ConverseToolsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> NAME = Map.of("name", "Ada");
  private static final String WEATHER_SCHEMA =
      "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\",\"minLength\":1}},\"required\":[\"city\"]}";
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

  static List<ToolSpec> tools(int n) {
    List<ToolSpec> out = new ArrayList<>();
    out.add(ToolSpec.of("get_weather", "Current weather for a city.", parse(WEATHER_SCHEMA)));
    for (int i = 1; i < n; i++) {
      out.add(ToolSpec.of("tool_" + i, Map.of("type", "object", "properties", Map.of("q", Map.of("type", "string")))));
    }
    return out;
  }

  /** A manifest with four tools, every cache point, pinned metadata, tier and latency. */
  static VersionManifest toolManifest(Integer maxToolRounds) {
    return TestSetup.manifest(BedrockTarget.builder(TestSetup.HAIKU).region("us-east-1")
            .options(new BedrockTarget.RequestOptions(Map.of("team", "support"), "priority", "optimized")).build())
        .prompt(PromptSpec.builder(PromptText.inline("Say hello to {{name}}."))
            .system(PromptText.inline("Be brief."))
            .variables("name")
            .tools(ToolSet.inline(tools(4)))
            .toolChoice(ToolChoice.auto())
            .cachePoints(CachePoint.SYSTEM, CachePoint.TOOLS, CachePoint.HISTORY)
            .maxToolRounds(maxToolRounds)
            .build())
        .build();
  }

  private static PinnedModelClient client(VersionManifest manifest) {
    return PinnedModelClient.builder().manifest(manifest).backend(TestSetup.backend(bedrock)).build();
  }

  private static InvocationRequest withHistory() {
    return InvocationRequest.builder().variables(NAME)
        .history(List.of(Message.user("Hi"), Message.assistant("Hello.")))
        .metadata("ticket", "T-42")
        .build();
  }

  @Test
  void converse_sendsPinnedToolConfigCachePointsMetadataTierAndLatency_fromThePinOnly() throws Exception {
    bedrock.enqueue(BedrockReply.text("Hello Ada"));
    try (PinnedModelClient client = client(toolManifest(3))) {
      InvocationResponse r = client.invoke(withHistory());

      JsonNode body = JSON.readTree(bedrock.lastRequest().body());
      JsonNode tools = body.path("toolConfig").path("tools");
      assertThat(tools).hasSize(5);
      assertThat(tools.get(0).path("toolSpec").path("name").asText()).isEqualTo("get_weather");
      assertThat(tools.get(0).path("toolSpec").path("inputSchema").path("json")).isEqualTo(JSON.readTree(WEATHER_SCHEMA));
      assertThat(tools.get(4).path("cachePoint").path("type").asText()).isEqualTo("default");
      assertThat(body.path("toolConfig").path("toolChoice").has("auto")).isTrue();
      assertThat(body.path("system").get(1).path("cachePoint").path("type").asText()).isEqualTo("default");
      JsonNode lastHistory = body.path("messages").get(1).path("content");
      assertThat(lastHistory.get(1).path("cachePoint").path("type").asText()).isEqualTo("default");
      assertThat(body.path("messages").get(2).path("content")).hasSize(1);
      assertThat(body.path("serviceTier").path("type").asText()).isEqualTo("priority");
      assertThat(body.path("performanceConfig").path("latency").asText()).isEqualTo("optimized");
      JsonNode metadata = body.path("requestMetadata");
      assertThat(metadata.path("team").asText()).isEqualTo("support");
      assertThat(metadata.path("ticket").asText()).isEqualTo("T-42");
      assertThat(metadata.path("mvc.digest").asText()).isEqualTo(client.currentManifest().manifest().digest());
      assertThat(metadata.path("mvc.invocationId").asText()).isEqualTo(r.stamp().invocationId());
    }
  }

  @Test
  void requestMetadata_aPinnedKeyFromTheCall_orMoreThanBedrocksSixteenPairs_isRefusedBeforeSending() {
    try (PinnedModelClient client = client(toolManifest(3))) {
      assertThatThrownBy(() -> client.invoke(InvocationRequest.builder().variables(NAME).metadata("team", "sales").build()))
          .isInstanceOf(PinViolationException.class)
          .hasMessageContaining("metadata team is pinned by model.bedrock.requestMetadata to \"support\"");
      InvocationRequest.Builder many = InvocationRequest.builder().variables(NAME);
      for (int i = 0; i < 14; i++) {
        many.metadata("k" + i, "v");
      }
      assertThatThrownBy(() -> client.invoke(many.build()))
          .isInstanceOf(PinViolationException.class)
          .hasMessageContaining("metadata holds 15 pairs (1 pinned, 14 from the call); Bedrock takes 16");
    }
    assertThatThrownBy(() -> InvocationRequest.builder().metadata("mvc.digest", "x"))
        .hasMessageContaining("reserved");
    assertThatThrownBy(() -> InvocationRequest.builder().metadata("note", "a;b"))
        .hasMessageContaining("metadata.note must be 0 to 256 characters");
    assertThat(bedrock.requests()).isEmpty();
  }

  @Test
  void invoke_returnsTheToolCalls_cacheUsage_andReasoningApartFromTheText() {
    bedrock.enqueue(BedrockReply.builder().text("Checking.").reasoning("The user wants weather.", "sig-1")
        .toolUse("tu-1", "get_weather", "{\"city\":\"Paris\"}").cacheUsage(1000, 24).build());
    try (PinnedModelClient client = client(toolManifest(3))) {
      InvocationResponse r = client.invoke(withHistory());

      assertThat(r.toolCalls()).containsExactly(new ToolCall("tu-1", "get_weather", "{\"city\":\"Paris\"}"));
      assertThat(r.text()).isEqualTo("Checking.");
      assertThat(r.reasoning()).isEqualTo("The user wants weather.");
      assertThat(r.stopReason()).isEqualTo("tool_use");
      assertThat(r.usage().cacheReadInputTokens()).isEqualTo(1000);
      assertThat(r.usage().cacheWriteInputTokens()).isEqualTo(24);
    }
  }

  @Test
  void invokeAsync_returnsTheToolCalls() throws Exception {
    bedrock.enqueue(BedrockReply.builder().text("").toolUse("tu-9", "tool_1", "{\"q\":\"x\"}").build());
    try (PinnedModelClient client = client(toolManifest(3))) {
      InvocationResponse r = client.invokeAsync(withHistory()).get(10, TimeUnit.SECONDS);
      assertThat(r.toolCalls()).containsExactly(new ToolCall("tu-9", "tool_1", "{\"q\":\"x\"}"));
      assertThat(r.text()).isEmpty();
    }
  }

  @Test
  void invokeStream_assemblesEachStreamedToolUseOnce_andKeepsReasoningOutOfTheTextDeltas() throws Exception {
    bedrock.enqueue(BedrockReply.builder().deltas("Let ", "me check.").reasoning("Think.", "sig-2")
        .toolUse("tu-1", "get_weather", "{\"city\":\"Paris\"}")
        .toolUse("tu-2", "tool_1", "{\"q\":\"long input value\"}").cacheUsage(7, 3).build());
    List<String> deltas = new CopyOnWriteArrayList<>();
    try (PinnedModelClient client = client(toolManifest(3))) {
      InvocationResponse r = client.invokeStream(withHistory(), new StreamHandler() {
        @Override
        public void onText(String delta) {
          deltas.add(delta);
        }

        @Override
        public void onComplete(InvocationResponse response) {}

        @Override
        public void onError(MvcException error) {}
      }).get(10, TimeUnit.SECONDS);

      assertThat(deltas).containsExactly("Let ", "me check.");
      assertThat(r.text()).isEqualTo("Let me check.");
      assertThat(r.reasoning()).isEqualTo("Think.");
      assertThat(r.toolCalls()).containsExactly(new ToolCall("tu-1", "get_weather", "{\"city\":\"Paris\"}"),
          new ToolCall("tu-2", "tool_1", "{\"q\":\"long input value\"}"));
      assertThat(r.usage().cacheReadInputTokens()).isEqualTo(7);
      assertThat(r.usage().cacheWriteInputTokens()).isEqualTo(3);
    }
  }

  @Test
  void toolLoop_runsTheHandler_sendsToolUseAndResultBack_andStampsTheRounds() throws Exception {
    bedrock.enqueue(
        BedrockReply.builder().text("").toolUse("tu-1", "get_weather", "{\"city\":\"Paris\"}").usage(100, 10).build(),
        BedrockReply.builder().text("It is 21 degrees in Paris.").usage(120, 8).build());
    List<String> inputs = new ArrayList<>();
    ToolExecutor tools = ToolExecutor.builder()
        .tool("get_weather", input -> {
          inputs.add(input);
          return "{\"celsius\":21}";
        })
        .build();
    try (PinnedModelClient client = client(toolManifest(3))) {
      InvocationResponse r = client.invoke(withHistory(), tools);

      assertThat(r.text()).isEqualTo("It is 21 degrees in Paris.");
      assertThat(r.stamp().toolRounds()).isEqualTo(2);
      assertThat(r.stamp().toHeaderValue()).contains(";tr=2");
      assertThat(r.usage().inputTokens()).isEqualTo(220);
      assertThat(inputs).containsExactly("{\"city\":\"Paris\"}");
      assertThat(bedrock.requests()).hasSize(2);
      JsonNode second = JSON.readTree(bedrock.requests().get(1).body());
      JsonNode messages = second.path("messages");
      assertThat(messages).hasSize(5);
      JsonNode toolUse = messages.get(3).path("content").get(0).path("toolUse");
      assertThat(toolUse.path("toolUseId").asText()).isEqualTo("tu-1");
      assertThat(toolUse.path("input").path("city").asText()).isEqualTo("Paris");
      JsonNode toolResult = messages.get(4).path("content").get(0).path("toolResult");
      assertThat(toolResult.path("toolUseId").asText()).isEqualTo("tu-1");
      assertThat(toolResult.path("content").get(0).path("json").path("celsius").asInt()).isEqualTo(21);
      assertThat(second.path("toolConfig").path("tools")).hasSize(5);
    }
  }

  @Test
  void toolLoop_asyncForm_endsWithTheModelsAnswer() throws Exception {
    bedrock.enqueue(BedrockReply.builder().text("").toolUse("tu-1", "tool_2", "{\"q\":\"a\"}").build(),
        BedrockReply.text("Done."));
    try (PinnedModelClient client = client(toolManifest(3))) {
      InvocationResponse r = client.invokeAsync(withHistory(), ToolExecutor.builder().tool("tool_2", in -> "plain text").build())
          .get(10, TimeUnit.SECONDS);
      assertThat(r.text()).isEqualTo("Done.");
      JsonNode result = JSON.readTree(bedrock.requests().get(1).body()).path("messages").get(4).path("content").get(0);
      assertThat(result.path("toolResult").path("content").get(0).path("text").asText()).isEqualTo("plain text");
    }
  }

  @Test
  void toolLoop_aToolTheManifestDoesNotDeclare_isRefusedBeforeAnyHandlerRuns() {
    bedrock.enqueue(BedrockReply.builder().text("").toolUse("tu-1", "get_weather", "{\"city\":\"Paris\"}")
        .toolUse("tu-2", "delete_everything", "{}").build());
    AtomicInteger ran = new AtomicInteger();
    ToolExecutor tools = ToolExecutor.builder().tool("get_weather", in -> {
      ran.incrementAndGet();
      return "sunny";
    }).tool("delete_everything", in -> {
      ran.incrementAndGet();
      return "done";
    }).build();
    try (PinnedModelClient client = client(toolManifest(3))) {
      assertThatThrownBy(() -> client.invoke(withHistory(), tools))
          .isInstanceOf(ToolLoopException.class)
          .hasMessageContaining("refused tool call tu-2: tool delete_everything is not declared in prompt.tools");
    }
    assertThat(ran).hasValue(0);
    assertThat(bedrock.requests()).hasSize(1);
  }

  @Test
  void toolLoop_inputFailingTheDeclaredSchema_isRefusedBeforeTheHandlerRuns() {
    bedrock.enqueue(BedrockReply.builder().text("").toolUse("tu-1", "get_weather", "{\"city\":\"\"}").build());
    AtomicInteger ran = new AtomicInteger();
    try (PinnedModelClient client = client(toolManifest(3))) {
      assertThatThrownBy(() -> client.invoke(withHistory(),
          ToolExecutor.builder().tool("get_weather", in -> "x" + ran.incrementAndGet()).build()))
          .isInstanceOf(ToolLoopException.class)
          .hasMessageContaining("input of tool get_weather fails its inputSchema")
          .hasMessageContaining("/city: must be at least 1 characters long");
    }
    assertThat(ran).hasValue(0);
  }

  @Test
  void toolLoop_stillAskingAfterMaxToolRounds_failsNamingTheLimit() {
    for (int i = 0; i < 2; i++) {
      bedrock.enqueue(BedrockReply.builder().text("").toolUse("tu-" + i, "tool_1", "{\"q\":\"again\"}").build());
    }
    try (PinnedModelClient client = client(toolManifest(2))) {
      assertThatThrownBy(() -> client.invoke(withHistory(), ToolExecutor.builder().tool("tool_1", in -> "{}").build()))
          .isInstanceOf(ToolLoopException.class)
          .hasMessageContaining("after 2 model calls, the limit prompt.maxToolRounds = 2")
          .satisfies(e -> assertThat(((ToolLoopException) e).rounds()).isEqualTo(2));
    }
    assertThat(bedrock.requests()).hasSize(2);
  }

  @Test
  void guard_catchesAnInterceptorThatRewritesTheToolList() {
    assertGuardCatches(body -> body.replace("\"name\":\"tool_3\"", "\"name\":\"tool_x\""),
        "toolConfig.tools[3].toolSpec.name is \"tool_x\", pinned \"tool_3\"");
  }

  @Test
  void guard_catchesAnInterceptorThatDropsACachePoint() {
    String point = ",{\"cachePoint\":{\"type\":\"default\"}}]";
    assertGuardCatches(body -> body.replace(point + ",\"toolChoice\"", "],\"toolChoice\""),
        "toolConfig.tools.length is 4, pinned 5");
    // The first cache point on the wire is the one after the history.
    assertGuardCatches(body -> body.replaceFirst(java.util.regex.Pattern.quote(point), "]"),
        "messages[1].content.length is 1, pinned 2");
  }

  @Test
  void guard_catchesAnInterceptorThatChangesTheServiceTier() {
    assertGuardCatches(body -> body.replace("\"type\":\"priority\"", "\"type\":\"flex\""),
        "serviceTier.type is \"flex\", pinned \"priority\"");
  }

  @Test
  void guard_catchesAnInterceptorThatChangesTheLatencyOrTheMetadata() {
    assertGuardCatches(body -> body.replace("\"latency\":\"optimized\"", "\"latency\":\"standard\""),
        "performanceConfig.latency is \"standard\", pinned \"optimized\"");
    assertGuardCatches(body -> body.replace("\"team\":\"support\"", "\"team\":\"sales\""),
        "requestMetadata.team is \"sales\", pinned \"support\"");
  }

  private static void assertGuardCatches(UnaryOperator<String> rewrite, String message) {
    ExecutionInterceptor rogue = bodyRewriter(rewrite);
    try (BedrockRuntimeClient sdk = TestSetup.userClient(bedrock).overrideConfiguration(o -> o.addExecutionInterceptor(rogue)).build();
        BedrockBackend backend = BedrockBackend.builder().client(sdk).build();
        PinnedModelClient pinned = PinnedModelClient.builder().manifest(toolManifest(3)).backend(backend).build()) {
      assertThatThrownBy(() -> pinned.invoke(withHistory()))
          .isInstanceOf(PinViolationException.class)
          .hasMessageContaining(message);
    }
    assertThat(bedrock.requests()).isEmpty();
  }

  private static ExecutionInterceptor bodyRewriter(UnaryOperator<String> rewrite) {
    return new ExecutionInterceptor() {
      @Override
      public Optional<RequestBody> modifyHttpContent(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        return context.requestBody().map(body -> {
          try (InputStream in = body.contentStreamProvider().newStream()) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String changed = rewrite.apply(text);
            assertThat(changed).as("the rewrite changes the body").isNotEqualTo(text);
            return RequestBody.fromString(changed);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
      }
    };
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> parse(String json) {
    try {
      return JSON.readValue(json, Map.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
