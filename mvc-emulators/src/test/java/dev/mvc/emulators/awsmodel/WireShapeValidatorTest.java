package dev.mvc.emulators.awsmodel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The service-model check itself: it must notice each kind of difference it claims to check. */
class WireShapeValidatorTest {

  private static final WireShapeValidator BEDROCK = new WireShapeValidator(AwsServiceModel.load("bedrock/2023-04-20"));
  private static final WireShapeValidator RUNTIME =
      new WireShapeValidator(AwsServiceModel.load("bedrock-runtime/2023-09-30"));

  @Test
  void aModelNameLongerThanTwentyCharacters_anUnknownEnumValueAndAnUndefinedMember_areReported() {
    List<String> violations = BEDROCK.validate("GetFoundationModel", ok("{\"modelDetails\":{"
        + "\"modelArn\":\"arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0\","
        + "\"modelId\":\"anthropic.claude-3-haiku-20240307-v1:0\",\"modelName\":\"claude-3-haiku-20240307\","
        + "\"modelLifecycle\":{\"status\":\"RETIRED\"},\"colour\":\"blue\"}}"));

    assertThat(violations).hasSize(3);
    assertThat(violations.get(0)).contains("modelName length").contains("above the maximum 20");
    assertThat(String.join("\n", violations)).contains("'RETIRED' is not in the enum").contains("colour is not a member");
  }

  @Test
  void aMissingRequiredMemberAndAWrongType_areReported() {
    List<String> violations = RUNTIME.validate("Converse", ok("{\"output\":{\"message\":{\"role\":\"assistant\","
        + "\"content\":[{\"text\":\"Hi\"}]}},\"stopReason\":\"end_turn\",\"usage\":{\"inputTokens\":\"1\","
        + "\"outputTokens\":1,\"totalTokens\":2}}"));

    assertThat(String.join("\n", violations)).contains("metrics is required").contains("inputTokens must be an integer");
  }

  @Test
  void anErrorWithTheWrongStatus_andOneTheOperationDoesNotDeclare_areReported() {
    WireResponse wrongStatus = new WireResponse(503, Map.of("x-amzn-ErrorType", List.of("ThrottlingException:x")),
        "{\"message\":\"slow\"}".getBytes(StandardCharsets.UTF_8));
    WireResponse undeclared = new WireResponse(400, Map.of("x-amzn-ErrorType", List.of("ServiceQuotaExceededException:x")),
        "{\"message\":\"quota\"}".getBytes(StandardCharsets.UTF_8));

    assertThat(RUNTIME.validate("Converse", wrongStatus)).singleElement().asString().contains("the model says 429");
    assertThat(RUNTIME.validate("Converse", undeclared)).singleElement().asString().contains("is not declared by the operation");
  }

  private static WireResponse ok(String json) {
    return new WireResponse(200, Map.of("Content-Type", List.of("application/json")), json.getBytes(StandardCharsets.UTF_8));
  }
}
