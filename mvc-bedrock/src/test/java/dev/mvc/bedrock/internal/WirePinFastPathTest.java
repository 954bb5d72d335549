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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The guard's comparison of the model ID in the request path. Most paths are decided by a fast
 * comparison of the raw segment; whatever it cannot decide goes to the full decoding. Either way
 * the answer must be the same: the pinned ID, however it is percent-encoded, matches; any other
 * ID, including a prefix or an extension of the pinned one, is named.
 */
class WirePinFastPathTest {
  private static final String AUTH = "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/bedrock/aws4_request";

  private static WirePin pin(String modelId) {
    VersionManifest manifest = VersionManifest.builder()
        .name("guard")
        .version("1.0.0")
        .createdAt(Instant.parse("2026-01-01T00:00:00Z"))
        .model(BedrockTarget.builder(modelId).region("us-east-1").build())
        .prompt(PromptSpec.builder(PromptText.inline("Say hello.")).build())
        .inference(InferenceParameters.builder().temperature(0.2).maxTokens(64).topP(0.9).build())
        .build();
    ResolvedCall call = ResolvedCall.builder().invocationId("inv-1").manifest(manifest)
        .messages(List.of(Message.user("Say hello."))).parameters(manifest.inference()).build();
    return WirePin.converse(call, false);
  }

  @ParameterizedTest(name = "{1} against pinned {0}")
  @CsvSource(delimiter = '|', value = {
      "anthropic.claude-v2:1|anthropic.claude-v2:1",
      "anthropic.claude-v2:1|anthropic.claude-v2%3A1",
      "anthropic.claude-v2:1|anthropic.claude-v2%3a1",
      "anthropic.claude-v2:1|%61nthropic.claude-v2:1",
      "anthropic.claude-v2:1|anthropic.claude-v2:%31",
      "anthropic.claude-v2:1|anthropic%2Eclaude%2Dv2%3A%31",
      "a|a",
      "a|%61"})
  void thePinnedIdInAnyEncoding_matches(String pinned, String segment) {
    assertThat(pin(pinned).targetViolation("/model/" + segment + "/converse", AUTH)).isNull();
  }

  @ParameterizedTest(name = "{1} against pinned {0}")
  @CsvSource(delimiter = '|', value = {
      "anthropic.claude-v2:1|anthropic.claude-v2:10|anthropic.claude-v2:10",
      "anthropic.claude-v2:1|anthropic.claude-v2:|anthropic.claude-v2:",
      "anthropic.claude-v2:1|anthropic.claude-v2%3A|anthropic.claude-v2:",
      "anthropic.claude-v2:1|anthropic.claude-v2:2|anthropic.claude-v2:2",
      "anthropic.claude-v2:1|anthropic.claude-v2%3A2|anthropic.claude-v2:2",
      "anthropic.claude-v2:1|bnthropic.claude-v2:1|bnthropic.claude-v2:1",
      "anthropic.claude-v2:1|anthropic.claude-v2:1%20|'anthropic.claude-v2:1 '",
      "anthropic.claude-v2:1|anthropic.claude-v2%C3%A9|anthropic.claude-v2\u00e9",
      "anthropic.claude-v2:1|anthropic.claude-v2\u00e9|anthropic.claude-v2\u00e9",
      "anthropic.claude-v2:1|anthropic.claude-v2:%|anthropic.claude-v2:%",
      "anthropic.claude-v2:1|anthropic.claude-v2%3|anthropic.claude-v2%3",
      "a|ab|ab",
      "a|%30|0",
      "a|%40|@",
      "a|a\u0080|a\u0080",
      "3:|3%2A|3*",
      "Ax:|Ax%3B|Ax;",
      "a/|a|a",
      "a|a%4|a%4",
      "ab|a|a",
      "a|%62|b"})
  void anyOtherId_isNamedWithThePinnedOne(String pinned, String segment, String seen) {
    assertThat(pin(pinned).targetViolation("/model/" + segment + "/converse", AUTH))
        .isEqualTo("modelId is " + seen + ", pinned " + pinned);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "/model//converse|modelId is , pinned a",
      "/model/a/converse/|operation is converse/, pinned converse",
      "/model/a/converses|operation is converses, pinned converse",
      "/model/a|operation is , pinned converse",
      "/models/a/converse|path is /models/a/converse, pinned /model/a/converse"})
  void aPathAroundTheModelSegmentThatDiffers_isNamed(String path, String expected) {
    assertThat(pin("a").targetViolation(path, AUTH)).isEqualTo(expected);
  }
}
