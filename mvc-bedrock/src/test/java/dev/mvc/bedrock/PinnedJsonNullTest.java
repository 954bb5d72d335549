package dev.mvc.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mvc.BedrockApi;
import dev.mvc.BedrockTarget;
import dev.mvc.InferenceParameters;
import dev.mvc.InvocationResponse;
import dev.mvc.PinnedModelClient;
import dev.mvc.PromptSpec;
import dev.mvc.PromptText;
import dev.mvc.ToolSet;
import dev.mvc.ToolSpec;
import dev.mvc.VersionManifest;
import dev.mvc.emulators.bedrock.BedrockEmulator;
import dev.mvc.emulators.bedrock.BedrockReply;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A JSON null inside pinned JSON (additional model fields, a tool's input schema) is sent as JSON
 * null, as it is hashed, and the request guard accepts it: through the real SDK against the
 * Bedrock emulator, for Converse and for InvokeModel.
 */
class PinnedJsonNullTest {
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

  private static Map<String, Object> withNull() {
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("budget", null);
    nested.put("list", java.util.Arrays.asList(1, null, "x"));
    return nested;
  }

  private static VersionManifest manifest(BedrockTarget target) {
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", "object");
    Map<String, Object> city = new LinkedHashMap<>();
    city.put("type", "string");
    city.put("default", null);
    schema.put("properties", Map.of("city", city));
    return TestSetup.manifest(target)
        .prompt(PromptSpec.builder(PromptText.inline("Say hello to {{name}}.")).variables("name")
            .tools(ToolSet.inline(List.of(ToolSpec.of("get_weather", schema)))).build())
        .inference(InferenceParameters.builder().temperature(0.2).maxTokens(64).topP(0.9)
            .additionalModelField("hint", null).additionalModelField("nested", withNull()).build())
        .build();
  }

  @Test
  void converse_withJsonNullInAdditionalModelFieldsAndToolSchema_sendsJsonNull() throws Exception {
    bedrock.enqueue(BedrockReply.text("Hello"));
    VersionManifest manifest = manifest(BedrockTarget.builder(TestSetup.HAIKU).region("us-east-1").build());
    try (PinnedModelClient client = PinnedModelClient.builder().manifest(manifest).backend(TestSetup.backend(bedrock)).build()) {
      InvocationResponse r = client.invoke(Map.of("name", "Ada"));

      assertThat(r.text()).isEqualTo("Hello");
      JsonNode body = JSON.readTree(bedrock.lastRequest().body());
      JsonNode fields = body.path("additionalModelRequestFields");
      assertThat(fields.has("hint")).isTrue();
      assertThat(fields.get("hint").isNull()).isTrue();
      assertThat(fields.path("nested").get("budget").isNull()).isTrue();
      assertThat(fields.path("nested").path("list").toString()).isEqualTo("[1,null,\"x\"]");
      JsonNode city = body.path("toolConfig").path("tools").get(0).path("toolSpec").path("inputSchema")
          .path("json").path("properties").path("city");
      assertThat(city.get("default").isNull()).isTrue();
    }
  }

  @Test
  void invokeModel_withJsonNullInAdditionalModelFields_sendsJsonNull() throws Exception {
    bedrock.enqueue(BedrockReply.text("Hello"));
    VersionManifest manifest = manifest(BedrockTarget.builder(TestSetup.HAIKU).region("us-east-1")
        .api(BedrockApi.INVOKE_MODEL).bodyFormat("anthropic-messages").build());
    try (PinnedModelClient client = PinnedModelClient.builder().manifest(manifest).backend(TestSetup.backend(bedrock)).build()) {
      InvocationResponse r = client.invoke(Map.of("name", "Ada"));

      assertThat(r.text()).isEqualTo("Hello");
      JsonNode body = JSON.readTree(bedrock.lastRequest().body());
      assertThat(body.get("hint").isNull()).isTrue();
      assertThat(body.path("nested").path("list").toString()).isEqualTo("[1,null,\"x\"]");
      assertThat(body.path("tools").get(0).path("input_schema").path("properties").path("city").get("default").isNull())
          .isTrue();
    }
  }
}
