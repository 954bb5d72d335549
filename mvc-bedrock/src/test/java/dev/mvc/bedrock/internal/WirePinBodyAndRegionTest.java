package dev.mvc.bedrock.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.mvc.BedrockTarget;
import dev.mvc.InferenceParameters;
import dev.mvc.Message;
import dev.mvc.PromptSpec;
import dev.mvc.PromptText;
import dev.mvc.VersionManifest;
import dev.mvc.spi.ResolvedCall;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The rest of the wire pin: the signing region read from the credential scope, exact paths of
 * the agent and knowledge-base operations, and the body comparison with the field it names.
 */
class WirePinBodyAndRegionTest {
  private static final String MODEL = "anthropic.claude-3-haiku-20240307-v1:0";
  private static final String AUTH = "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/bedrock/aws4_request";
  private static final String HONEST = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"Say hello.\"}]}],"
      + "\"inferenceConfig\":{\"maxTokens\":64,\"temperature\":0.2,\"topP\":0.9}";

  private static VersionManifest manifest(BedrockTarget target, InferenceParameters parameters) {
    return VersionManifest.builder()
        .name("guard")
        .version("1.0.0")
        .createdAt(Instant.parse("2026-01-01T00:00:00Z"))
        .model(target)
        .prompt(PromptSpec.builder(PromptText.inline("Say hello.")).build())
        .inference(parameters)
        .build();
  }

  /** The request metadata every call carries: the manifest digest and the invocation ID. */
  private static String meta(BedrockTarget target, InferenceParameters parameters) {
    return ",\"requestMetadata\":{\"mvc.digest\":\"" + manifest(target, parameters).digest()
        + "\",\"mvc.invocationId\":\"inv-1\"}";
  }

  private static final String META = meta(BedrockTarget.builder(MODEL).region("us-east-1").build(),
      InferenceParameters.builder().temperature(0.2).maxTokens(64).topP(0.9).build());

  private static WirePin converse(BedrockTarget target, InferenceParameters parameters) {
    VersionManifest manifest = manifest(target, parameters);
    ResolvedCall call = ResolvedCall.builder().invocationId("inv-1").manifest(manifest)
        .messages(List.of(Message.user("Say hello."))).parameters(parameters).build();
    return WirePin.converse(call, false);
  }

  private static WirePin pin() {
    return converse(BedrockTarget.builder(MODEL).region("us-east-1").build(),
        InferenceParameters.builder().temperature(0.2).maxTokens(64).topP(0.9).build());
  }

  private static byte[] bytes(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "Credential=AKID/20260101/us-east-1/bedrock/aws4_request|us-east-1",
      "AWS4-HMAC-SHA256 Credential=AKID/20260101/eu-west-3/bedrock/aws4_request|eu-west-3",
      "AWS4-HMAC-SHA256 Credential=AKID/20260101//bedrock/aws4_request|",
      "AWS4-HMAC-SHA256 Credential=AKID/2026x101/us-east-1/bedrock/aws4_request|",
      "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1|",
      "AWS4-HMAC-SHA256 Credential=AKID|",
      "Bearer a/20260101/us-east-1/bedrock/aws4_request|",
      "1/2/3 Credential=AKID|"})
  void theSigningRegion_isTheThirdPartOfTheCredentialScope_orNothing(String authorization, String region) {
    assertThat(WirePin.credentialRegion(authorization)).isEqualTo(region);
  }

  @Test
  void theHonestBody_matches_andTheModelIdIsTheOnePinned() {
    WirePin pin = pin();
    assertThat(pin.bodyViolation(bytes(HONEST + META + "}"))).isNull();
    assertThat(pin.violation("/model/" + MODEL + "/converse", AUTH, bytes(HONEST + META + "}"))).isNull();
    assertThat(pin.bodyViolation(bytes(HONEST + "}"))).startsWith("requestMetadata is absent, pinned {\"mvc.digest\"");
    assertThat(pin.modelId()).isEqualTo(MODEL);
  }

  @Test
  void aBodyThatCannotBeReadOrIsNotAnObject_isAViolation() {
    WirePin pin = pin();
    assertThat(pin.bodyViolation(null)).isEqualTo("body could not be inspected");
    assertThat(pin.bodyViolation(bytes("{not json"))).isEqualTo("body is not JSON");
    assertThat(pin.bodyViolation(bytes("[1,2]"))).isEqualTo("body is not a JSON object");
    assertThat(pin.bodyViolation(bytes("\"text\""))).isEqualTo("body is not a JSON object");
  }

  @Test
  void aWrongTarget_isReportedBeforeTheBody() {
    WirePin pin = pin();
    assertThat(pin.violation("/model/" + MODEL + "/converse-stream", AUTH, null))
        .isEqualTo("operation is converse-stream, pinned converse");
    assertThat(pin.violation("/model/" + MODEL + "/converse", AUTH, bytes("[]")))
        .isEqualTo("body is not a JSON object");
  }

  @Test
  void aFieldTheCallDoesNotPin_isNamed() {
    assertThat(pin().bodyViolation(bytes(HONEST + META + ",\"performanceConfig\":{\"latency\":\"optimized\"}}")))
        .isEqualTo("performanceConfig is {\"latency\":\"optimized\"}, pinned absent");
    assertThat(pin().bodyViolation(bytes(HONEST + META + ",\"promptVariables\":{}}")))
        .isEqualTo("promptVariables is set, pinned absent");
  }

  @Test
  void aChangedPrompt_isNamedWithoutPrintingIt_butAChangedRoleIsShown() {
    String prompt = pin().bodyViolation(bytes(HONEST.replace("Say hello.", "Say goodbye, and more.") + "}"));
    assertThat(prompt).startsWith("messages").contains("differs from the pinned prompt").doesNotContain("goodbye");
    String role = pin().bodyViolation(bytes(HONEST.replace("\"user\"", "\"assistant\"") + "}"));
    assertThat(role).startsWith("messages").endsWith(".role is \"assistant\", pinned \"user\"");
  }

  @Test
  void withoutInferenceParameters_noInferenceConfigIsPinned() {
    BedrockTarget target = BedrockTarget.builder(MODEL).region("us-east-1").build();
    WirePin pin = converse(target, InferenceParameters.builder().build());
    assertThat(pin.bodyViolation(bytes("{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"Say hello.\"}]}]"
        + meta(target, InferenceParameters.builder().build()) + "}"))).isNull();
  }

  @Test
  void aGuardrailsTraceSetting_isAllowed_butItsVersionIsPinned() {
    BedrockTarget target = BedrockTarget.builder(MODEL).region("us-east-1").guardrail("gr-1", "3").build();
    InferenceParameters parameters = InferenceParameters.builder().temperature(0.2).maxTokens(64).topP(0.9).build();
    WirePin pin = converse(target, parameters);
    String traced = HONEST + meta(target, parameters) + ",\"guardrailConfig\":{\"guardrailIdentifier\":\"gr-1\",\"guardrailVersion\":\"3\","
        + "\"trace\":\"enabled\"}}";
    assertThat(pin.bodyViolation(bytes(traced))).isNull();
    assertThat(pin.bodyViolation(bytes(traced.replace("\"3\"", "\"4\""))))
        .isEqualTo("guardrailConfig.guardrailVersion is \"4\", pinned \"3\"");
  }

  @Test
  void anAgentsInputText_isNamedAsPromptText() {
    WirePin agent = agentPin();
    assertThat(agent.bodyViolation(bytes("{\"inputText\":\"hello\"}"))).isNull();
    assertThat(agent.bodyViolation(bytes("{\"inputText\":\"goodbye\"}")))
        .startsWith("body.inputText differs from the pinned prompt").doesNotContain("goodbye");
    assertThat(agent.bodyViolation(bytes("{\"inputText\":\"hello\",\"enableTrace\":true}")))
        .startsWith("body.enableTrace is true");
  }

  @Test
  void aBasePathBeforeTheModelSegment_asAnEndpointOverrideWithAPathSendsIt_isAccepted() {
    assertThat(pin().targetViolation("/proxy/bedrock/model/" + MODEL + "/converse", AUTH)).isNull();
    assertThat(pin().targetViolation("/proxy/bedrock/model/" + MODEL + "/invoke", AUTH))
        .isEqualTo("operation is invoke, pinned converse");
  }

  @Test
  void anEscapedControlCharacterInTheModelSegment_isDecodedInTheMessage() {
    assertThat(pin().targetViolation("/model/a%09b/converse", AUTH)).isEqualTo("modelId is a\tb, pinned " + MODEL);
  }

  @Test
  void changedPromptText_isSummarisedWherePromptsLiveInEachBodyShape() {
    assertThat(pin().bodyViolation(bytes(HONEST + META + ",\"system\":[{\"text\":\"secret system\"}]}")))
        .startsWith("system").contains("differs from the pinned prompt").doesNotContain("secret");
    WirePin rag = exactPin("{\"input\":{\"text\":\"q\"},\"retrieveAndGenerateConfiguration\":"
        + "{\"generation\":{\"promptTemplate\":{\"textPromptTemplate\":\"t\"}}}}");
    assertThat(rag.bodyViolation(bytes("{\"input\":{\"text\":\"secret q\"},\"retrieveAndGenerateConfiguration\":"
        + "{\"generation\":{\"promptTemplate\":{\"textPromptTemplate\":\"t\"}}}}")))
        .startsWith("body.input.text differs from the pinned prompt").doesNotContain("secret");
    assertThat(rag.bodyViolation(bytes("{\"input\":{\"text\":\"q\"},\"retrieveAndGenerateConfiguration\":"
        + "{\"generation\":{\"promptTemplate\":{\"textPromptTemplate\":\"secret t\"}}}}")))
        .endsWith("textPromptTemplate differs from the pinned prompt (10 vs 3 characters of JSON)");
    WirePin anthropic = exactPin("{\"system\":\"s\",\"messages\":[{\"role\":\"user\",\"content\":\"m\"}]}");
    assertThat(anthropic.bodyViolation(bytes("{\"system\":\"secret s\",\"messages\":[{\"role\":\"user\",\"content\":\"m\"}]}")))
        .startsWith("body.system differs from the pinned prompt");
    assertThat(anthropic.bodyViolation(bytes("{\"system\":\"s\",\"messages\":[{\"role\":\"user\",\"content\":\"secret m\"}]}")))
        .startsWith("body.messages").contains("differs from the pinned prompt").doesNotContain("secret");
    assertThat(anthropic.bodyViolation(bytes("{\"system\":\"s\",\"messages\":[{\"role\":\"assistant\",\"content\":\"m\"}]}")))
        .startsWith("body.messages").endsWith(".role is \"assistant\", pinned \"user\"");
    assertThat(PinGuardInterceptor.INSTANCE).hasToString("PinGuardInterceptor");
  }

  private static WirePin exactPin(String body) {
    return WirePin.exact("kb KB1", "us-east-1", "RetrieveAndGenerate",
        List.of(WirePin.Segment.literal("retrieveAndGenerate")), () -> {
          try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
          } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "/agents/A1/agentAliases/B1/sessions/S1/text|",
      "agents/A1/agentAliases/B1/sessions/S1/text|",
      "/agents/A1/agentAliases/B1/sessions/S1/text/|",
      "/agents/A2/agentAliases/B1/sessions/S1/text|agentId is A2, pinned A1",
      "/agents/A%31/agentAliases/B1/sessions/S1/text|",
      "/agents/A1/agentAliases/B1/sessions/S1/text/more|path is /agents/A1/agentAliases/B1/sessions/S1/text/more, "
          + "pinned /agents/A1/agentAliases/B1/sessions/S1/text (InvokeAgent)",
      "/agentz/A1/agentAliases/B1/sessions/S1/text|path is /agentz/A1/agentAliases/B1/sessions/S1/text, "
          + "pinned /agents/A1/agentAliases/B1/sessions/S1/text (InvokeAgent)"})
  void anExactPath_isComparedSegmentBySegment(String path, String violation) {
    assertThat(agentPin().targetViolation(path, AUTH)).isEqualTo(violation);
  }

  private static WirePin agentPin() {
    return WirePin.exact("agent A1", "us-east-1", "InvokeAgent", List.of(
        WirePin.Segment.literal("agents"), WirePin.Segment.id("agentId", "A1"),
        WirePin.Segment.literal("agentAliases"), WirePin.Segment.id("agentAliasId", "B1"),
        WirePin.Segment.literal("sessions"), WirePin.Segment.id("sessionId", "S1"),
        WirePin.Segment.literal("text")), () -> JsonNodeFactory.instance.objectNode().put("inputText", "hello"));
  }
}
