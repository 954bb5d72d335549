package dev.mvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The parameter contracts are a data table of model families: the strict policy refuses a
 * combination or a value the model would refuse on every call, and users extend the table.
 */
class ParameterContractsTest {
  private static final String SONNET_45 = "anthropic.claude-sonnet-4-5-20250929-v1:0";
  private static final String HAIKU_3 = "anthropic.claude-3-haiku-20240307-v1:0";

  @TempDir
  Path tmp;

  private static VersionManifest manifest(String modelId, InferenceParameters inference) {
    return VersionManifest.builder().name("contracts").version("1.0.0")
        .createdAt(Instant.parse("2026-01-01T00:00:00Z"))
        .model(BedrockTarget.builder(modelId).region("us-east-1").build())
        .prompt(PromptSpec.builder(PromptText.inline("Hi {{name}}")).variables("name").build())
        .inference(inference)
        .build();
  }

  private static List<PolicyViolation> strict(VersionManifest m) {
    return PinningPolicy.strict().check(m).stream()
        .filter(v -> v.rule() != PinningRule.PROMPT_SHA256).toList();
  }

  @Test
  void claude45_withTemperatureAndTopP_breaksTheContract_namingTheSecondParameterAndTheFamily() {
    List<PolicyViolation> v = strict(manifest(SONNET_45,
        InferenceParameters.builder().temperature(0.2).topP(0.9).maxTokens(1024).build()));
    assertThat(v).singleElement().satisfies(p -> {
      assertThat(p.rule()).isEqualTo(PinningRule.PARAMETER_CONTRACT);
      assertThat(p.path()).isEqualTo("inference.topP");
      assertThat(p.message()).startsWith("cannot be set together with inference.temperature for " + SONNET_45
          + " (family anthropic-claude-4.5: ");
    });
  }

  @Test
  void claude45_withTemperatureAlone_passesTheStrictPolicy_theExplicitRuleDoesNotAskForTopP() {
    assertThat(strict(manifest(SONNET_45, InferenceParameters.builder().temperature(0.2).maxTokens(1024).build())))
        .isEmpty();
    assertThat(strict(manifest("us." + SONNET_45, InferenceParameters.builder().topP(0.9).maxTokens(1024).build())))
        .isEmpty();
    assertThat(strict(manifest(SONNET_45, InferenceParameters.builder().maxTokens(1024).build())))
        .extracting(PolicyViolation::path).containsExactly("inference.temperature");
  }

  @Test
  void aMaxTokensAboveTheFamilyCap_isRefused_pinnedOrAsAnOverrideBound() {
    List<PolicyViolation> v = strict(manifest(HAIKU_3, InferenceParameters.builder().temperature(0.2).topP(0.9)
        .maxTokens(8192).build()));
    assertThat(v).extracting(PolicyViolation::toString).containsExactly("[parameter-contract] inference.maxTokens "
        + "must be at most 4096 for " + HAIKU_3 + " (family anthropic-claude-3: 4096 output tokens at most), was 8192");
    assertThat(strict(manifest(HAIKU_3, InferenceParameters.builder().temperature(0.2).topP(0.9).maxTokens(1024)
        .overridable("maxTokens", 1, 10000).build())))
        .extracting(PolicyViolation::path).containsExactly("inference.overridable.maxTokens.max");
  }

  @Test
  void relaxingTheRule_letsTheCombinationLoad() {
    VersionManifest m = manifest(SONNET_45, InferenceParameters.builder().temperature(0.2).topP(0.9).maxTokens(1).build());
    assertThat(PinningPolicy.builder().relax(PinningRule.PARAMETER_CONTRACT, PinningRule.PROMPT_SHA256).build().check(m))
        .isEmpty();
  }

  @Test
  void aUserTable_addsAFamily_andReplacesAShippedOneOfTheSameName() throws IOException {
    Path table = tmp.resolve("contracts.json");
    Files.writeString(table, """
        {"schema": "mvc-parameter-contracts/v1", "contracts": [
          {"family": "anthropic-claude-3", "modelIds": "anthropic\\\\.claude-3-haiku-.*", "maxTokens": 2000},
          {"family": "acme-llm", "modelIds": "acme\\\\..*", "exclusive": [["temperature", "topP"]]}]}
        """);
    ParameterContracts contracts = ParameterContracts.defaults().with(table);
    PinningPolicy policy = PinningPolicy.builder().parameterContracts(contracts).relax(PinningRule.PROMPT_SHA256).build();

    assertThat(contracts.contracts()).containsKeys("anthropic-claude-4.5", "anthropic-claude-3", "acme-llm");
    assertThat(policy.check(manifest(HAIKU_3, InferenceParameters.builder().temperature(0.2).topP(0.9)
        .maxTokens(3000).build()))).extracting(PolicyViolation::message)
        .containsExactly("must be at most 2000 for " + HAIKU_3 + " (family anthropic-claude-3), was 3000");
    assertThat(policy.toBuilder().build().parameterContracts()).isSameAs(contracts);
  }

  @Test
  void aMalformedTable_isRefusedNamingTheFileAndTheField() throws IOException {
    Path table = tmp.resolve("bad.json");
    Files.writeString(table, """
        {"schema": "mvc-parameter-contracts/v1", "contracts": [
          {"family": "x", "modelIds": "x.*", "exclusive": [["temperature", "top_p"]]}]}
        """);
    assertThatThrownBy(() -> ParameterContracts.none().with(table))
        .isInstanceOf(MvcException.class)
        .hasMessage("parameter contracts " + table + ": contracts[0].exclusive[0][1] must be one of "
            + "[temperature, topP, maxTokens, stopSequences], was \"top_p\"");
  }

  @Test
  void aSageMakerTargetOrAnImportedModel_hasNoFamily_andNoContract() {
    VersionManifest imported = manifest("arn:aws:bedrock:us-east-1:123456789012:imported-model/i3m9p2o7r4t8",
        InferenceParameters.builder().temperature(0.2).topP(0.9).maxTokens(100000).build());
    assertThat(ParameterContracts.defaults().check(imported)).isEmpty();
  }
}
