package dev.mvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The targets are records whose parts group the fields that belong together, validated in their
 * compact constructors with messages that name the manifest field and the value.
 */
class TargetRecordsTest {
  private static final String MODEL = "anthropic.claude-3-haiku-20240307-v1:0";
  private static final String DIGEST = "sha256:" + "e".repeat(64);

  @Test
  void bedrockTarget_groupsGuardrailKnowledgeBaseAndAgentIntoParts_andKeepsTheFlatAccessors() {
    BedrockTarget t = BedrockTarget.builder(MODEL).guardrail("gr-1", "3")
        .knowledgeBase("KB1", "DS1", "JOB7").agent("AGENT1", "ALIAS2").build();

    assertThat(t.guardrail()).isEqualTo(new BedrockTarget.Guardrail("gr-1", "3"));
    assertThat(t.knowledgeBase()).isEqualTo(new BedrockTarget.KnowledgeBase("KB1", "DS1", "JOB7"));
    assertThat(t.agent()).isEqualTo(new BedrockTarget.Agent("AGENT1", "ALIAS2"));
    assertThat(t.guardrailVersion()).isEqualTo("3");
    assertThat(t.dataSourceVersion()).isEqualTo("JOB7");
    assertThat(t.agentAliasId()).isEqualTo("ALIAS2");
    assertThat(t).isEqualTo(new BedrockTarget(MODEL, null, BedrockApi.CONVERSE, null,
        new BedrockTarget.Guardrail("gr-1", "3"), new BedrockTarget.KnowledgeBase("KB1", "DS1", "JOB7"),
        new BedrockTarget.Agent("AGENT1", "ALIAS2")));
    assertThat(t.toBuilder().build()).isEqualTo(t).hasSameHashCodeAs(t);
  }

  @Test
  void bedrockTarget_withoutOptionalParts_hasNullPartsAndNullAccessors() {
    BedrockTarget t = BedrockTarget.builder(MODEL).build();
    assertThat(t.guardrail()).isNull();
    assertThat(t.knowledgeBase()).isNull();
    assertThat(t.agent()).isNull();
    assertThat(t.guardrailId()).isNull();
    assertThat(t.knowledgeBaseId()).isNull();
    assertThat(t.agentId()).isNull();
  }

  @Test
  void guardrail_withIdButNoVersion_isRejectedNamingTheManifestField() {
    assertThatThrownBy(() -> BedrockTarget.builder(MODEL).guardrail("gr-1", null).build())
        .isInstanceOf(ManifestParseException.class)
        .hasMessage("model.bedrock.guardrail needs both id and version");
  }

  @Test
  void knowledgeBase_withADataSourceButNoId_isRejectedNamingTheIdField() {
    assertThatThrownBy(() -> new BedrockTarget.KnowledgeBase(null, "DS1", null))
        .isInstanceOf(ManifestParseException.class)
        .hasMessage("model.bedrock.knowledgeBase.id is required with a data source");
  }

  @Test
  void agent_withAMalformedAliasId_isRejectedNamingTheFieldAndTheValue() {
    assertThatThrownBy(() -> new BedrockTarget.Agent("AGENT1", "bad alias"))
        .isInstanceOf(ManifestParseException.class)
        .hasMessageStartingWith("model.bedrock.agent.aliasId must be an identifier")
        .hasMessageEndingWith(", was \"bad alias\"");
  }

  @Test
  void bedrockTarget_canonicalConstructor_checksTheApiNeedsLikeTheBuilder() {
    assertThatThrownBy(() -> new BedrockTarget(MODEL, null, BedrockApi.RETRIEVE_AND_GENERATE, null, null, null, null))
        .isInstanceOf(ManifestParseException.class)
        .hasMessage("model.bedrock.knowledgeBase is required when api is retrieve-and-generate");
    assertThatThrownBy(() -> new BedrockTarget(MODEL, "Mars-1", BedrockApi.CONVERSE, null, null, null, null))
        .hasMessage("model.bedrock.region must be an AWS region such as us-east-1, was \"Mars-1\"");
  }

  @Test
  void sageMakerTarget_groupsArtifactImageAndScriptsIntoParts_andKeepsTheFlatAccessors() {
    SageMakerTarget t = SageMakerTarget.builder("support-llm", "tgi").variant("blue")
        .artifact("s3://models/support/model.tar.gz", "v7", "a".repeat(64))
        .image("123456789012.dkr.ecr.us-east-1.amazonaws.com/tgi:2.0", DIGEST)
        .scripts("b".repeat(64), null).build();

    assertThat(t.artifact()).isEqualTo(new SageMakerTarget.Artifact("s3://models/support/model.tar.gz", "v7", "a".repeat(64)));
    assertThat(t.image()).isEqualTo(new SageMakerTarget.Image("123456789012.dkr.ecr.us-east-1.amazonaws.com/tgi:2.0", DIGEST));
    assertThat(t.scripts()).isEqualTo(new SageMakerTarget.Scripts("b".repeat(64), null));
    assertThat(t.artifactVersionId()).isEqualTo("v7");
    assertThat(t.imageDigest()).isEqualTo(DIGEST);
    assertThat(t.preprocessScriptSha256()).isEqualTo("b".repeat(64));
    assertThat(t.postprocessScriptSha256()).isNull();
    assertThat(t.toBuilder().build()).isEqualTo(t).hasSameHashCodeAs(t);
  }

  @Test
  void artifact_withAVersionButNoUri_isRejectedNamingTheUriField() {
    assertThatThrownBy(() -> SageMakerTarget.builder("support-llm", "tgi").artifact(null, "v7", null).build())
        .isInstanceOf(ManifestParseException.class)
        .hasMessage("model.sagemaker.artifact.uri is required with a versionId or sha256");
  }

  @Test
  void image_withADigestThatDiffersFromTheOneInItsUri_isRejectedNamingTheDigest() {
    String uri = "123456789012.dkr.ecr.us-east-1.amazonaws.com/tgi@sha256:" + "f".repeat(64);
    assertThatThrownBy(() -> new SageMakerTarget.Image(uri, DIGEST))
        .isInstanceOf(ManifestParseException.class)
        .hasMessage("model.sagemaker.image.digest differs from the digest in image.uri, was \"" + DIGEST + "\"");
  }

  @Test
  void sageMakerTarget_copiesItsEnvironmentSortedAndUnmodifiable() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("B", "2");
    env.put("A", "1");
    SageMakerTarget t = SageMakerTarget.builder("support-llm", "tgi").environment(env).build();
    env.put("C", "3");

    assertThat(t.environment()).containsExactly(Map.entry("A", "1"), Map.entry("B", "2"));
    assertThatThrownBy(() -> t.environment().put("D", "4")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void sageMakerTarget_toString_printsTheEnvironmentKeysButNeverTheirValues() {
    SageMakerTarget t = SageMakerTarget.builder("support-llm", "tgi").environment("HF_TOKEN", "hf_secret").build();
    assertThat(t.toString()).contains("HF_TOKEN").doesNotContain("hf_secret");
  }
}
