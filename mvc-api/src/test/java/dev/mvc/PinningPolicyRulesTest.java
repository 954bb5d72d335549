package dev.mvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvc.spi.FetchedManifest;
import dev.mvc.spi.SignatureVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The policy's approval and signature gates as the loader applies them, and each SageMaker and
 * prompt rule on its own.
 */
class PinningPolicyRulesTest {
  private static final SourceRef SOURCE = new SourceRef("classpath:manifests/valid-bedrock.json", null, null);

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = PinningPolicyRulesTest.class.getClassLoader().getResourceAsStream(name)) {
      return in.readAllBytes();
    }
  }

  private static ManifestLoader loader(PinningPolicy policy, ApprovalStatus status) {
    return ManifestLoader.builder().policy(policy).approvalRegistry((source, digest) -> status).build();
  }

  @Test
  void requireApproval_isKeptByTheBuilderAndByToBuilder() {
    PinningPolicy gated = PinningPolicy.builder().requireApproval(true).build();
    assertThat(gated.requireApproval()).isTrue();
    assertThat(gated.toBuilder().build().requireApproval()).isTrue();
    assertThat(PinningPolicy.strict().requireApproval()).isFalse();
    assertThat(gated).isNotEqualTo(PinningPolicy.strict());
    assertThat(gated.toBuilder().requireApproval(false).build()).isEqualTo(PinningPolicy.strict())
        .hasSameHashCodeAs(PinningPolicy.strict());
    assertThat(gated.toString()).contains("requireApproval=true");
    assertThat(gated.hashCode()).isNotEqualTo(PinningPolicy.strict().hashCode());
  }

  @Test
  void everyRuleRelaxed_leavesAPolicyWithNoRules_thatPassesAnUnpinnedManifest() {
    assertThat(PinningPolicy.strict().rules()).containsExactlyInAnyOrder(PinningRule.values());
    PinningPolicy none = PinningPolicy.builder().relax(PinningRule.values()).build();
    assertThat(none.rules()).isEmpty();
    assertThat(none.toBuilder().build().rules()).isEmpty();
    VersionManifest loose = manifest(SageMakerTarget.builder("support-llm", "tgi").build(),
        PromptText.of("prompt.template", null, "Hi."), null).toBuilder()
        .inference(InferenceParameters.builder().build()).build();
    assertThat(none.check(loose)).isEmpty();
    assertThat(PinningPolicy.strict().check(loose)).extracting(PolicyViolation::rule).contains(
        PinningRule.SAGEMAKER_IMAGE_DIGEST, PinningRule.SAGEMAKER_ARTIFACT_PINNED,
        PinningRule.SAGEMAKER_VARIANT_PINNED, PinningRule.PROMPT_SHA256, PinningRule.INFERENCE_EXPLICIT);
  }

  @Test
  void requireApproval_refusesAPendingManifest_andLoadsAnApprovedOne() throws IOException {
    PinningPolicy gated = PinningPolicy.builder().requireApproval(true).build();
    FetchedManifest fetched = FetchedManifest.of(resource("manifests/valid-bedrock.json"), SOURCE);

    assertThatThrownBy(() -> loader(gated, ApprovalStatus.PENDING_MANUAL_APPROVAL).load(fetched))
        .isInstanceOf(ManifestApprovalException.class).hasMessageContaining("PendingManualApproval");
    assertThatThrownBy(() -> loader(gated, ApprovalStatus.REJECTED).load(fetched))
        .isInstanceOf(ManifestApprovalException.class).hasMessageContaining("Rejected");

    LoadedManifest loaded = loader(gated, ApprovalStatus.APPROVED).load(fetched);
    assertThat(loaded.approval()).isEqualTo(ApprovalStatus.APPROVED);
  }

  @Test
  void withoutRequireApproval_aPendingManifestLoads_andCarriesItsStatus() throws IOException {
    FetchedManifest fetched = FetchedManifest.of(resource("manifests/valid-bedrock.json"), SOURCE);
    LoadedManifest loaded = loader(PinningPolicy.strict(), ApprovalStatus.PENDING_MANUAL_APPROVAL).load(fetched);
    assertThat(loaded.approval()).isEqualTo(ApprovalStatus.PENDING_MANUAL_APPROVAL);
  }

  @Test
  void requireApproval_withoutARegistry_isRefusedWhenTheLoaderIsBuilt() {
    PinningPolicy gated = PinningPolicy.builder().requireApproval(true).build();
    assertThatThrownBy(() -> ManifestLoader.builder().policy(gated).build()).isInstanceOf(MvcException.class)
        .hasMessageContaining("ApprovalRegistry");
  }

  @Test
  void requireSignature_isKeptByToBuilder_andConsultedAtLoad() throws IOException {
    SignatureVerifier refuseAll = (manifest, fetched) -> {
      throw new ManifestIntegrityException("signature of " + manifest.name() + " does not verify");
    };
    PinningPolicy signed = PinningPolicy.builder().requireSignature(refuseAll).build();
    assertThat(signed.signatureVerifier()).isSameAs(refuseAll);
    assertThat(signed.toBuilder().build().signatureVerifier()).isSameAs(refuseAll);
    assertThat(signed.toString()).contains("signatures=true");
    FetchedManifest fetched = FetchedManifest.of(resource("manifests/valid-bedrock.json"), SOURCE);
    assertThatThrownBy(() -> ManifestLoader.builder().policy(signed).build().load(fetched))
        .isInstanceOf(ManifestIntegrityException.class).hasMessageContaining("does not verify");
  }

  @Test
  void aSageMakerImagePinnedOnlyInItsUri_passesTheImageDigestRule() {
    SageMakerTarget pinnedInUri = sagemaker().image(
        "763104351884.dkr.ecr.us-east-1.amazonaws.com/tgi@sha256:" + "a".repeat(64), null).build();
    assertThat(rulesBroken(pinnedInUri)).doesNotContain(PinningRule.SAGEMAKER_IMAGE_DIGEST);
    SageMakerTarget tagOnly = sagemaker().image("763104351884.dkr.ecr.us-east-1.amazonaws.com/tgi:2.4.0", null).build();
    assertThat(violations(tagOnly)).filteredOn(v -> v.rule() == PinningRule.SAGEMAKER_IMAGE_DIGEST)
        .singleElement().satisfies(v -> assertThat(v.message()).contains("tgi:2.4.0"));
    SageMakerTarget noImage = sagemaker().image(null, null).build();
    assertThat(violations(noImage)).filteredOn(v -> v.rule() == PinningRule.SAGEMAKER_IMAGE_DIGEST)
        .singleElement().satisfies(v -> assertThat(v.message()).contains("not set"));
  }

  @Test
  void aSageMakerArtifact_isPinnedByVersionIdOrSha256_eitherIsEnough() {
    String uri = "s3://models/support/model.tar.gz";
    assertThat(rulesBroken(sagemaker().artifact(uri, "v1", null).build()))
        .doesNotContain(PinningRule.SAGEMAKER_ARTIFACT_PINNED);
    assertThat(rulesBroken(sagemaker().artifact(uri, null, "b".repeat(64)).build()))
        .doesNotContain(PinningRule.SAGEMAKER_ARTIFACT_PINNED);
    assertThat(rulesBroken(sagemaker().artifact(uri, null, null).build()))
        .contains(PinningRule.SAGEMAKER_ARTIFACT_PINNED);
    assertThat(rulesBroken(sagemaker().artifact(null, null, null).build()))
        .contains(PinningRule.SAGEMAKER_ARTIFACT_PINNED);
  }

  @Test
  void aSageMakerVariantOrInferenceComponent_isEnough_neitherIsAViolation() {
    assertThat(rulesBroken(sagemaker().build())).isEmpty();
    assertThat(rulesBroken(sagemaker().variant(null).inferenceComponent("support-ic").build())).isEmpty();
    assertThat(rulesBroken(sagemaker().variant(null).build())).containsExactly(PinningRule.SAGEMAKER_VARIANT_PINNED);
    PinningPolicy relaxed = PinningPolicy.builder().relax(PinningRule.SAGEMAKER_VARIANT_PINNED).build();
    assertThat(relaxed.check(manifest(sagemaker().variant(null).build(), PromptText.inline("Hi."), null))).isEmpty();
  }

  @Test
  void aPromptWithoutSha256_breaksThePromptRule_forTheTemplateAndTheSystemPromptEach() {
    PromptText unpinned = PromptText.of("prompt.template", null, "Hi.");
    assertThat(unpinned.sha256()).isNull();
    List<PolicyViolation> both = PinningPolicy.strict().check(manifest(sagemaker().build(), unpinned, unpinned));
    assertThat(both).extracting(PolicyViolation::path)
        .containsExactly("prompt.template.sha256", "prompt.system.sha256");
    PinningPolicy relaxed = PinningPolicy.builder().relax(PinningRule.PROMPT_SHA256).build();
    assertThat(relaxed.check(manifest(sagemaker().build(), unpinned, unpinned))).isEmpty();
  }

  @Test
  void everyUnsetInferenceParameter_breaksTheExplicitRule() {
    VersionManifest m = manifest(sagemaker().build(), PromptText.inline("Hi."), null).toBuilder()
        .inference(InferenceParameters.builder().build()).build();
    assertThat(PinningPolicy.builder().relax(PinningRule.PROMPT_SHA256).build().check(m))
        .extracting(PolicyViolation::path)
        .containsExactly("inference.temperature", "inference.maxTokens", "inference.topP");
  }

  @Test
  void aGuardrailVersionThatIsNotANumber_breaksTheGuardrailRule() {
    VersionManifest draft = bedrock(BedrockTarget.builder("anthropic.claude-3-haiku-20240307-v1:0")
        .guardrail("gr-1", "DRAFT").build());
    assertThat(relaxedPrompts().check(draft)).extracting(PolicyViolation::rule)
        .containsExactly(PinningRule.BEDROCK_GUARDRAIL_VERSIONED);
    VersionManifest numbered = bedrock(BedrockTarget.builder("anthropic.claude-3-haiku-20240307-v1:0")
        .guardrail("gr-1", "12").build());
    assertThat(relaxedPrompts().check(numbered)).isEmpty();
  }

  private static PinningPolicy relaxedPrompts() {
    return PinningPolicy.builder().relax(PinningRule.PROMPT_SHA256).build();
  }

  private static List<PinningRule> rulesBroken(SageMakerTarget target) {
    return violations(target).stream().map(PolicyViolation::rule).toList();
  }

  private static List<PolicyViolation> violations(SageMakerTarget target) {
    return relaxedPrompts().check(manifest(target, PromptText.inline("Hi."), null));
  }

  private static SageMakerTarget.Builder sagemaker() {
    return SageMakerTarget.builder("support-llm", "tgi")
        .variant("blue")
        .artifact("s3://models/support/model.tar.gz", "v1", null)
        .image("763104351884.dkr.ecr.us-east-1.amazonaws.com/tgi:2.4.0", "sha256:" + "c".repeat(64));
  }

  private static VersionManifest bedrock(BedrockTarget target) {
    return manifest(target, PromptText.inline("Hi."), null);
  }

  private static VersionManifest manifest(ModelTarget target, PromptText template, PromptText system) {
    PromptSpec.Builder prompt = PromptSpec.builder(template);
    if (system != null) {
      prompt.system(system);
    }
    return VersionManifest.builder()
        .name("rules")
        .version("1.0.0")
        .createdAt(Instant.parse("2026-01-01T00:00:00Z"))
        .model(target)
        .prompt(prompt.build())
        .inference(InferenceParameters.builder().temperature(0.2).maxTokens(64).topP(0.9).build())
        .build();
  }
}
