package dev.mvc.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mvc.BedrockTarget;
import dev.mvc.PinnedModelClient;
import dev.mvc.PinningPolicy;
import dev.mvc.PinningRule;
import dev.mvc.SageMakerTarget;
import dev.mvc.VersionManifest;
import dev.mvc.VersionStamp;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The stamp a loaded manifest puts on every response names the pinned target: the guardrail
 * with its version, the knowledge base with its data-source version and the agent alias on
 * Bedrock; the endpoint with its variant, or its inference component, on SageMaker.
 */
class StampNamesTheLoadedTargetTest {

  private static VersionStamp stampOf(VersionManifest manifest, PinningPolicy policy) {
    InMemoryModelBackend backend = InMemoryModelBackend.create();
    backend.otherwise().reply("fine");
    try (PinnedModelClient client = PinnedModelClient.builder().manifest(manifest).backend(backend)
        .policy(policy).build()) {
      return client.invoke(Map.of("question", "q")).stamp();
    }
  }

  private static VersionStamp stampOf(VersionManifest manifest) {
    return stampOf(manifest, PinningPolicy.strict());
  }

  private static VersionManifest bedrock(BedrockTarget.Builder target) {
    return TestManifests.base("Answer: {{question}}").model(target.build()).build();
  }

  private static VersionManifest sagemaker(SageMakerTarget.Builder target) {
    return TestManifests.base("Answer: {{question}}").model(target.build()).build();
  }

  private static SageMakerTarget.Builder sagemakerTarget() {
    return ((SageMakerTarget) TestManifests.sagemaker("x").model()).toBuilder();
  }

  @Test
  void aPinnedGuardrail_isStampedAsIdColonVersion() {
    VersionStamp s = stampOf(bedrock(BedrockTarget.builder(TestManifests.MODEL_ID).region("us-east-1")
        .guardrail("gr-abc123", "3")));
    assertThat(s.guardrail()).isEqualTo("gr-abc123:3");
    assertThat(s.modelId()).isEqualTo(TestManifests.MODEL_ID);
    assertThat(s.provider()).isEqualTo("bedrock");
    assertThat(s.endpoint()).isNull();
    assertThat(s.variant()).isNull();
  }

  @Test
  void withoutAGuardrail_theStampHasNone() {
    VersionStamp s = stampOf(bedrock(BedrockTarget.builder(TestManifests.MODEL_ID).region("us-east-1")));
    assertThat(s.guardrail()).isNull();
    assertThat(s.knowledgeBaseId()).isNull();
    assertThat(s.agentId()).isNull();
    assertThat(s.toHeaderValue()).doesNotContain(";gr=");
  }

  @Test
  void aKnowledgeBaseAndAnAgent_areStampedWithTheirVersions() {
    VersionStamp s = stampOf(bedrock(BedrockTarget.builder(TestManifests.MODEL_ID).region("us-east-1")
        .knowledgeBase("KB12345678", "DS12345678", "JOB1234567")
        .agent("AGENT12345", "ALIAS12345")));
    assertThat(s.knowledgeBaseId()).isEqualTo("KB12345678");
    assertThat(s.dataSourceVersion()).isEqualTo("JOB1234567");
    assertThat(s.agentId()).isEqualTo("AGENT12345");
    assertThat(s.agentAliasId()).isEqualTo("ALIAS12345");
  }

  @Test
  void aSageMakerVariant_isStampedWithTheEndpoint() {
    VersionStamp s = stampOf(sagemaker(sagemakerTarget().variant("green")));
    assertThat(s.provider()).isEqualTo("sagemaker");
    assertThat(s.endpoint()).isEqualTo(TestManifests.ENDPOINT);
    assertThat(s.variant()).isEqualTo("green");
    assertThat(s.modelId()).isNull();
    assertThat(s.guardrail()).isNull();
  }

  @Test
  void aSageMakerInferenceComponent_isStampedInTheVariantsPlace() {
    VersionStamp s = stampOf(sagemaker(sagemakerTarget().variant(null).inferenceComponent("support-llm-ic-2")));
    assertThat(s.endpoint()).isEqualTo(TestManifests.ENDPOINT);
    assertThat(s.variant()).isEqualTo("support-llm-ic-2");
  }

  @Test
  void aSageMakerEndpointWithNeitherVariantNorComponent_isStampedWithoutOne() {
    VersionStamp s = stampOf(sagemaker(sagemakerTarget().variant(null)),
        PinningPolicy.builder().relax(PinningRule.SAGEMAKER_VARIANT_PINNED).build());
    assertThat(s.endpoint()).isEqualTo(TestManifests.ENDPOINT);
    assertThat(s.variant()).isNull();
  }
}
