package dev.mvc.bedrock.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mvc.BedrockTarget;
import dev.mvc.InferenceParameters;
import dev.mvc.Message;
import dev.mvc.PromptSpec;
import dev.mvc.PromptText;
import dev.mvc.VersionManifest;
import dev.mvc.spi.ResolvedCall;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The path and signing-region comparisons of the wire pin. */
class WirePinTest {

  private static final String MODEL = "anthropic.claude-3-haiku-20240307-v1:0";
  private static final String AUTH = "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/bedrock/aws4_request, "
      + "SignedHeaders=host;x-amz-date, Signature=abc";

  private final WirePin pin = WirePin.converse(call(), false);

  @Test
  void aPercentEncodedModelIdInThePath_matchesThePinnedModelId() {
    assertThat(pin.targetViolation("/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse", AUTH)).isNull();
    assertThat(pin.targetViolation("/model/anthropic.claude-3-haiku-20240307-v1%3a0/converse", AUTH)).isNull();
    assertThat(pin.targetViolation("/model/" + MODEL + "/converse", AUTH)).isNull();
  }

  @Test
  void anotherModelId_isNamedWithThePinnedOne() {
    assertThat(pin.targetViolation("/model/anthropic.claude-3-opus-20240229-v1%3A0/converse", AUTH))
        .isEqualTo("modelId is anthropic.claude-3-opus-20240229-v1:0, pinned " + MODEL);
    assertThat(pin.targetViolation("/model/anthropic.claude-3-haiku-20240307-v1%3A00/converse", AUTH))
        .isEqualTo("modelId is anthropic.claude-3-haiku-20240307-v1:00, pinned " + MODEL);
    assertThat(pin.targetViolation("/model/anthropic.claude-3-haiku-20240307-v1%3A/converse", AUTH))
        .startsWith("modelId is anthropic.claude-3-haiku-20240307-v1:");
  }

  @Test
  void anotherOperation_isNamed() {
    assertThat(pin.targetViolation("/model/" + MODEL + "/converse-stream", AUTH))
        .isEqualTo("operation is converse-stream, pinned converse");
    assertThat(pin.targetViolation("/guardrail/x", AUTH)).startsWith("path is /guardrail/x");
  }

  @Test
  void theSigningRegion_isReadFromTheCredentialScope() {
    assertThat(WirePin.credentialRegion(AUTH)).isEqualTo("us-east-1");
    assertThat(pin.targetViolation("/model/" + MODEL + "/converse", AUTH.replace("us-east-1", "eu-west-1")))
        .isEqualTo("region is eu-west-1, pinned us-east-1");
  }

  @Test
  void anAuthorizationHeaderWithoutACredentialScope_hasNoRegion() {
    assertThat(WirePin.credentialRegion("Bearer abc")).isNull();
    assertThat(WirePin.credentialRegion("AWS4-HMAC-SHA256 Credential=AKID/notadate/us-east-1/bedrock/x")).isNull();
    assertThat(WirePin.credentialRegion("AWS4-HMAC-SHA256 Credential=AKID/20260101")).isNull();
  }

  private static ResolvedCall call() {
    VersionManifest manifest = VersionManifest.builder()
        .name("greeter")
        .version("1.0.0")
        .createdAt(Instant.parse("2026-01-01T00:00:00Z"))
        .model(BedrockTarget.builder(MODEL).region("us-east-1").build())
        .prompt(PromptSpec.builder(PromptText.inline("Say hello.")).build())
        .inference(InferenceParameters.builder().temperature(0.2).maxTokens(64).topP(0.9).build())
        .build();
    return ResolvedCall.builder().invocationId("inv-1").manifest(manifest)
        .messages(List.of(Message.user("Say hello."))).parameters(manifest.inference()).build();
  }
}
