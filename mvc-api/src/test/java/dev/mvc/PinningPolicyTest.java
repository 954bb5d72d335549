package dev.mvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The strict pinning policy's rules, table-driven for Bedrock model IDs. */
class PinningPolicyTest {

  @ParameterizedTest
  @ValueSource(strings = {
      "anthropic.claude-sonnet-4-5-20251001-v2:0",
      "anthropic.claude-3-haiku-20240307-v1:0",
      "anthropic.claude-3-sonnet-20240229-v1:0:200k",
      "meta.llama3-8b-instruct-v1:0",
      "amazon.nova-pro-v1:0",
      "amazon.titan-embed-text-v2:0",
      "mistral.mistral-7b-instruct-v0:2",
      "cohere.command-r-plus-v1:0",
      "openai.gpt-oss-120b-1:0",
      "us.anthropic.claude-3-5-sonnet-20241022-v2:0",
      "eu.anthropic.claude-3-haiku-20240307-v1:0",
      "apac.amazon.nova-lite-v1:0",
      "global.anthropic.claude-sonnet-4-5-20250929-v1:0",
      "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0",
      "arn:aws:bedrock:us-west-2:123456789012:inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0"})
  void versionedModelId_isAccepted(String modelId) {
    assertThat(PinningPolicy.whyModelIdIsNotPinned(modelId)).isNull();
    // The manifest sets temperature and topP, which Claude 4.5-generation models refuse together:
    // that is the parameter-contract rule's business (ParameterContractsTest), not the model ID's.
    assertThat(PinningPolicy.builder().relax(PinningRule.PARAMETER_CONTRACT).build().check(manifest(modelId)))
        .isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "anthropic.claude-sonnet-4-5",
      "anthropic.claude-3-haiku",
      "latest",
      "anthropic.claude-latest",
      "anthropic.claude-3-haiku-20240307-v1:latest",
      "anthropic.claude-v2",
      "amazon.titan-text-express-v1",
      "claude-3-haiku-20240307",
      "us.anthropic.claude-3-haiku",
      "xx.anthropic.claude-3-haiku-20240307-v1:0",
      "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku",
      "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3d4",
      "arn:aws:bedrock:us-east-1:123456789012:provisioned-model/abc123"})
  void floatingOrUnversionedModelId_isRejectedByName(String modelId) {
    assertThat(PinningPolicy.whyModelIdIsNotPinned(modelId)).isNotNull();
    assertThatThrownBy(() -> PinningPolicy.strict().enforce(manifest(modelId)))
        .isInstanceOf(ManifestPolicyException.class)
        .hasMessageContaining("[bedrock-model-versioned]")
        .hasMessageContaining("model.bedrock.modelId")
        .hasMessageContaining(modelId);
  }

  @Test
  void relaxedRule_letsAnUnversionedModelIdThrough() {
    PinningPolicy relaxed = PinningPolicy.builder().relax(PinningRule.BEDROCK_MODEL_VERSIONED).build();
    assertThat(relaxed.check(manifest("amazon.titan-text-express-v1"))).isEmpty();
    assertThat(relaxed.rules()).doesNotContain(PinningRule.BEDROCK_MODEL_VERSIONED);
  }

  @Test
  void everyViolation_isListedWithItsRuleName() {
    VersionManifest m = manifest("latest").toBuilder()
        .inference(InferenceParameters.builder().temperature(0.1).build())
        .build();
    assertThatThrownBy(() -> PinningPolicy.strict().enforce(m))
        .isInstanceOfSatisfying(ManifestPolicyException.class, e -> assertThat(e.violations())
            .extracting(v -> v.rule().ruleName() + " " + v.path())
            .containsExactly("bedrock-model-versioned model.bedrock.modelId",
                "inference-explicit inference.maxTokens", "inference-explicit inference.topP"));
  }

  @Test
  void agentPinnedThroughTheTestAlias_isRejectedNamingTheRuleAndValue() {
    VersionManifest m = agentManifest("TSTALIASID");
    assertThatThrownBy(() -> PinningPolicy.strict().enforce(m))
        .isInstanceOfSatisfying(ManifestPolicyException.class, e -> assertThat(e.violations())
            .extracting(v -> v.rule().ruleName() + " " + v.path())
            .containsExactly("bedrock-agent-alias-versioned model.bedrock.agent.aliasId"))
        .hasMessageContaining("TSTALIASID");
  }

  @Test
  void agentPinnedThroughANamedAlias_passesTheStaticCheck() {
    assertThat(PinningPolicy.strict().check(agentManifest("PRODALIAS1"))).isEmpty();
  }

  @Test
  void relaxedAgentAliasRule_letsTheTestAliasThrough() {
    PinningPolicy relaxed = PinningPolicy.builder().relax(PinningRule.BEDROCK_AGENT_ALIAS_VERSIONED).build();
    assertThat(relaxed.check(agentManifest("TSTALIASID"))).isEmpty();
  }

  @Test
  void ruleNames_roundTrip() {
    for (PinningRule r : PinningRule.values()) {
      assertThat(PinningRule.fromRuleName(r.ruleName())).isEqualTo(r);
    }
  }

  static VersionManifest agentManifest(String aliasId) {
    return manifest("anthropic.claude-3-haiku-20240307-v1:0").toBuilder()
        .model(BedrockTarget.builder("anthropic.claude-3-haiku-20240307-v1:0")
            .api(BedrockApi.INVOKE_AGENT).agent("AGENT12345", aliasId).build())
        .build();
  }

  static VersionManifest manifest(String modelId) {
    String template = "Q: {{q}}";
    return VersionManifest.builder()
        .name("policy-test").version("1").createdAt(Instant.parse("2026-01-01T00:00:00Z"))
        .model(BedrockTarget.builder(modelId).build())
        .prompt(PromptSpec.builder(PromptText.inline(template)).variables("q").build())
        .inference(InferenceParameters.builder().temperature(0.0).maxTokens(10).topP(1.0).build())
        .build();
  }
}
