package dev.mvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every kind of Bedrock target (application inference profile, provisioned throughput, custom
 * model, imported model, prompt version) loads under the strict policy in its pinned form, calls
 * the resource it names, and is written back under its own manifest name.
 */
class BedrockTargetKindsTest {
  private static final String ACCOUNT = "123456789012";
  private static final String MODEL = "anthropic.claude-sonnet-4-5-20250929-v1:0";

  private static VersionManifest good(String name) throws IOException {
    try (InputStream in = BedrockTargetKindsTest.class.getResourceAsStream("/manifests/good/" + name)) {
      return VersionManifest.parse(in.readAllBytes());
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "bedrock-application-inference-profile.json, arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123def456, inferenceProfile",
      "bedrock-provisioned-throughput.json, arn:aws:bedrock:us-east-1:123456789012:provisioned-model/pt4x9q2w7e1r, provisionedThroughput",
      "bedrock-custom-model-on-provisioned-throughput.json, arn:aws:bedrock:us-east-1:123456789012:provisioned-model/pt4x9q2w7e1r, customModel",
      "bedrock-imported-model.json, arn:aws:bedrock:us-east-1:123456789012:imported-model/i3m9p2o7r4t8, importedModel",
      "bedrock-prompt-version.json, arn:aws:bedrock:us-east-1:123456789012:prompt/PROMPT1234:3, prompt"})
  void eachTargetKind_passesTheStrictPolicy_callsItsResourceArn_andIsWrittenUnderItsName(
      String file, String wireModelId, String manifestName) throws IOException {
    VersionManifest m = good(file);
    BedrockTarget t = (BedrockTarget) m.model();

    assertThat(PinningPolicy.strict().check(m)).isEmpty();
    assertThat(t.wireModelId()).isEqualTo(wireModelId);
    assertThat(t.manifestFields()).containsKey(manifestName);
    assertThat(t.toString()).contains(wireModelId);
    assertThat(VersionManifest.parse(m.toJson()).digest()).isEqualTo(m.digest());
  }

  @Test
  void aTargetWithoutAResourceToGoThrough_callsItsModelId() {
    assertThat(BedrockTarget.builder(MODEL).build().wireModelId()).isEqualTo(MODEL);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123def456",
      "arn:aws:bedrock:us-east-1:123456789012:provisioned-model/pt4x9q2w7e1r",
      "arn:aws:bedrock:us-east-1:123456789012:custom-model/amazon.titan-text-express-v1:0:8k/q3w8e5r2t6y1",
      "arn:aws:bedrock:us-east-1:123456789012:imported-model/i3m9p2o7r4t8",
      "arn:aws:bedrock:us-east-1:123456789012:prompt/PROMPT1234:3"})
  void anOpaqueArnAsModelId_isRefusedWithWhereItBelongs_notAsAnUnknownArn(String arn) {
    String why = PinningPolicy.whyModelIdIsNotPinned(arn);
    assertThat(why).doesNotContain("is not a foundation-model or inference-profile ARN")
        .containsPattern("pin (it|its version) as model\\.bedrock\\.[a-zA-Z]+ \\{");
  }

  @Test
  void anApplicationProfileArnAsModelId_getsTheInferenceProfileHint_fromTheStrictPolicy() {
    String arn = "arn:aws:bedrock:us-east-1:" + ACCOUNT + ":application-inference-profile/abc123def456";
    List<PolicyViolation> v = BedrockTarget.builder(arn).build().pinningViolations(PinningPolicy.strict().rules());
    assertThat(v).singleElement().satisfies(p -> {
      assertThat(p.rule()).isEqualTo(PinningRule.BEDROCK_MODEL_VERSIONED);
      assertThat(p.message()).startsWith("is an application inference profile ARN; pin it as "
          + "model.bedrock.inferenceProfile {arn, models} and set modelId to the versioned foundation model");
    });
  }

  @Test
  void aDraftAndAnUnversionedPrompt_breakThePromptRule_aNumberedVersionDoesNot() {
    String prompt = "arn:aws:bedrock:us-east-1:" + ACCOUNT + ":prompt/PROMPT1234";
    for (String arn : List.of(prompt, prompt + ":DRAFT")) {
      assertThat(BedrockTarget.builder(MODEL).prompt(arn, "a".repeat(64)).build()
          .pinningViolations(PinningPolicy.strict().rules()))
          .extracting(PolicyViolation::rule).containsExactly(PinningRule.BEDROCK_PROMPT_VERSIONED);
    }
    assertThat(BedrockTarget.builder(MODEL).prompt(prompt + ":12", "a".repeat(64)).build()
        .pinningViolations(PinningPolicy.strict().rules())).isEmpty();
  }

  @Test
  void relaxingTheProfileRule_letsAProfileOfAnotherModelLoad_andOnlyThatRule() {
    BedrockTarget t = BedrockTarget.builder(MODEL).inferenceProfile(
        "arn:aws:bedrock:us-east-1:" + ACCOUNT + ":application-inference-profile/abc123def456",
        List.of("arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0")).build();
    assertThat(t.pinningViolations(PinningPolicy.strict().rules())).extracting(PolicyViolation::rule)
        .containsExactly(PinningRule.BEDROCK_INFERENCE_PROFILE_PINNED);
    assertThat(t.pinningViolations(PinningPolicy.builder()
        .relax(PinningRule.BEDROCK_INFERENCE_PROFILE_PINNED).build().rules())).isEmpty();
  }

  @Test
  void aProfileArnOfAnotherKind_isRefusedNamingTheFieldAndTheValue() {
    assertThatThrownBy(() -> new BedrockTarget.InferenceProfile(
        "arn:aws:bedrock:us-east-1:" + ACCOUNT + ":provisioned-model/pt4x9q2w7e1r",
        List.of("arn:aws:bedrock:us-east-1::foundation-model/" + MODEL)))
        .isInstanceOf(ManifestParseException.class)
        .hasMessageStartingWith("model.bedrock.inferenceProfile.arn must be an application inference profile ARN")
        .hasMessageEndingWith(", was \"arn:aws:bedrock:us-east-1:123456789012:provisioned-model/pt4x9q2w7e1r\"");
  }

  @Test
  void theSubRecords_areWrittenInTheManifestFieldOrder() throws IOException {
    Map<String, Object> fields = good("bedrock-custom-model-on-provisioned-throughput.json").model().manifestFields();
    assertThat(fields.keySet()).containsSubsequence("modelId", "provisionedThroughput", "customModel");
    @SuppressWarnings("unchecked")
    Map<String, Object> custom = (Map<String, Object>) fields.get("customModel");
    assertThat(custom.keySet()).containsExactly("arn", "baseModelArn", "jobArn");
  }
}
