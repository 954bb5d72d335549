package dev.mvc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every field of the model target takes part in the digest: two manifests that differ only in
 * that field have different digests, and each keeps the field through its own JSON form. The
 * pairs are written as documents and read through the public parser, so the test holds whatever
 * form the digest is computed over.
 */
class DigestCoversEveryFieldTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SHA_A = "a".repeat(64);
  private static final String SHA_B = "b".repeat(64);
  private static final String FM_EAST =
      "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0";
  private static final String FM_WEST =
      "arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-3-haiku-20240307-v1:0";
  private static final String PROFILE = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc12345678";
  private static final String THROUGHPUT = "arn:aws:bedrock:us-east-1:123456789012:provisioned-model/pt12345678";
  private static final String CUSTOM = "arn:aws:bedrock:us-east-1:123456789012:custom-model/ft/abc123";
  private static final String JOB = "arn:aws:bedrock:us-east-1:123456789012:model-customization-job/ft/job";
  private static final String IMPORTED = "arn:aws:bedrock:us-east-1:123456789012:imported-model/im12345678";
  private static final String PROMPT = "arn:aws:bedrock:us-east-1:123456789012:prompt/PROMPT1234";

  static Stream<Arguments> fieldPairs() {
    return Stream.of(
        bedrock("bodyFormat", m -> bedrockOf(m).bodyFormat(),
            b -> b.put("api", "invoke-model").put("bodyFormat", "anthropic-messages"),
            b -> b.put("api", "invoke-model").put("bodyFormat", "meta-llama")),
        bedrock("api", m -> bedrockOf(m).api(),
            b -> b.put("bodyFormat", "anthropic-messages"),
            b -> b.put("bodyFormat", "anthropic-messages").put("api", "invoke-model")),
        bedrock("region", m -> bedrockOf(m).region(),
            b -> b.put("region", "us-east-1"),
            b -> b.put("region", "eu-west-1")),
        bedrock("guardrail.version", m -> bedrockOf(m).guardrailVersion(),
            b -> b.putObject("guardrail").put("id", "gr-abc123").put("version", "3"),
            b -> b.putObject("guardrail").put("id", "gr-abc123").put("version", "4")),
        bedrock("guardrail (present or absent)", m -> bedrockOf(m).guardrailId(),
            b -> b.putObject("guardrail").put("id", "gr-abc123").put("version", "3"),
            b -> b.remove("guardrail")),
        bedrock("knowledgeBase.id", m -> bedrockOf(m).knowledgeBaseId(),
            b -> b.putObject("knowledgeBase").put("id", "KB1"),
            b -> b.putObject("knowledgeBase").put("id", "KB2")),
        bedrock("knowledgeBase.dataSourceId", m -> bedrockOf(m).dataSourceId(),
            b -> b.putObject("knowledgeBase").put("id", "KB1").put("dataSourceId", "DS1"),
            b -> b.putObject("knowledgeBase").put("id", "KB1").put("dataSourceId", "DS2")),
        bedrock("knowledgeBase.dataSourceVersion", m -> bedrockOf(m).dataSourceVersion(),
            b -> b.putObject("knowledgeBase").put("id", "KB1").put("dataSourceVersion", "JOB1"),
            b -> b.putObject("knowledgeBase").put("id", "KB1").put("dataSourceVersion", "JOB2")),
        bedrock("knowledgeBase.retrieval.numberOfResults", m -> bedrockOf(m).knowledgeBase(),
            b -> retrieval(b).put("numberOfResults", 5),
            b -> retrieval(b).put("numberOfResults", 6)),
        bedrock("knowledgeBase.retrieval.searchType", m -> bedrockOf(m).knowledgeBase(),
            b -> retrieval(b).put("searchType", "HYBRID"),
            b -> retrieval(b).put("searchType", "SEMANTIC")),
        bedrock("knowledgeBase.retrieval.reranking.numberOfResults", m -> bedrockOf(m).knowledgeBase(),
            b -> retrieval(b).putObject("reranking").put("modelArn", FM_WEST).put("numberOfResults", 3),
            b -> retrieval(b).putObject("reranking").put("modelArn", FM_WEST).put("numberOfResults", 4)),
        bedrock("knowledgeBase.retrieval.filter value", m -> bedrockOf(m).knowledgeBase(),
            b -> retrieval(b).putObject("filter").putObject("equals").put("key", "team").put("value", "support"),
            b -> retrieval(b).putObject("filter").putObject("equals").put("key", "team").put("value", "sales")),
        bedrock("agent.id", m -> bedrockOf(m).agentId(),
            b -> b.putObject("agent").put("id", "AGENT1").put("aliasId", "ALIAS1"),
            b -> b.putObject("agent").put("id", "AGENT2").put("aliasId", "ALIAS1")),
        bedrock("agent.instructionSha256 (present or absent)", m -> bedrockOf(m).agent(),
            b -> b.putObject("agent").put("id", "AGENT1").put("aliasId", "ALIAS1"),
            b -> b.putObject("agent").put("id", "AGENT1").put("aliasId", "ALIAS1").put("instructionSha256", SHA_A)),
        bedrock("agent.actionGroupsSha256", m -> bedrockOf(m).agent(),
            b -> b.putObject("agent").put("id", "AGENT1").put("aliasId", "ALIAS1").put("actionGroupsSha256", SHA_A),
            b -> b.putObject("agent").put("id", "AGENT1").put("aliasId", "ALIAS1").put("actionGroupsSha256", SHA_B)),
        bedrock("agent.aliasId", m -> bedrockOf(m).agentAliasId(),
            b -> b.putObject("agent").put("id", "AGENT1").put("aliasId", "ALIAS1"),
            b -> b.putObject("agent").put("id", "AGENT1").put("aliasId", "ALIAS2")),
        bedrock("inferenceProfile.arn", m -> bedrockOf(m).inferenceProfile(),
            b -> profile(b, PROFILE + "1", FM_EAST),
            b -> profile(b, PROFILE + "2", FM_EAST)),
        bedrock("inferenceProfile.models", m -> bedrockOf(m).inferenceProfile(),
            b -> profile(b, PROFILE + "1", FM_EAST),
            b -> profile(b, PROFILE + "1", FM_EAST, FM_WEST)),
        bedrock("provisionedThroughput.arn", m -> bedrockOf(m).provisionedThroughput(),
            b -> b.putObject("provisionedThroughput").put("arn", THROUGHPUT + "1").put("modelArn", FM_EAST),
            b -> b.putObject("provisionedThroughput").put("arn", THROUGHPUT + "2").put("modelArn", FM_EAST)),
        bedrock("provisionedThroughput.modelArn", m -> bedrockOf(m).provisionedThroughput(),
            b -> b.putObject("provisionedThroughput").put("arn", THROUGHPUT + "1").put("modelArn", FM_EAST),
            b -> b.putObject("provisionedThroughput").put("arn", THROUGHPUT + "1").put("modelArn", FM_WEST)),
        bedrock("customModel.jobArn", m -> bedrockOf(m).customModel(),
            b -> b.putObject("customModel").put("arn", CUSTOM).put("baseModelArn", FM_EAST).put("jobArn", JOB + "1"),
            b -> b.putObject("customModel").put("arn", CUSTOM).put("baseModelArn", FM_EAST).put("jobArn", JOB + "2")),
        bedrock("customModel.baseModelArn", m -> bedrockOf(m).customModel(),
            b -> b.putObject("customModel").put("arn", CUSTOM).put("baseModelArn", FM_EAST).put("jobArn", JOB + "1"),
            b -> b.putObject("customModel").put("arn", CUSTOM).put("baseModelArn", FM_WEST).put("jobArn", JOB + "1")),
        bedrock("importedModel.modelDataUri", m -> bedrockOf(m).importedModel(),
            b -> b.putObject("importedModel").put("arn", IMPORTED).put("modelDataUri", "s3://models/a/"),
            b -> b.putObject("importedModel").put("arn", IMPORTED).put("modelDataUri", "s3://models/b/")),
        bedrock("importedModel.sha256 (present or absent)", m -> bedrockOf(m).importedModel(),
            b -> b.putObject("importedModel").put("arn", IMPORTED).put("modelDataUri", "s3://models/a/"),
            b -> b.putObject("importedModel").put("arn", IMPORTED).put("modelDataUri", "s3://models/a/")
                .put("sha256", SHA_A)),
        promptTarget("prompt.arn", m -> bedrockOf(m).prompt(),
            b -> b.putObject("prompt").put("arn", PROMPT + ":3").put("sha256", SHA_A),
            b -> b.putObject("prompt").put("arn", PROMPT + ":4").put("sha256", SHA_A)),
        promptTarget("prompt.sha256", m -> bedrockOf(m).prompt(),
            b -> b.putObject("prompt").put("arn", PROMPT + ":3").put("sha256", SHA_A),
            b -> b.putObject("prompt").put("arn", PROMPT + ":3").put("sha256", SHA_B)),
        sagemaker("inferenceComponent", m -> sagemakerOf(m).inferenceComponent(),
            s -> withoutVariant(s).put("inferenceComponent", "support-llm-ic-1"),
            s -> withoutVariant(s).put("inferenceComponent", "support-llm-ic-2")),
        sagemaker("inferenceComponent (present or absent)", m -> sagemakerOf(m).inferenceComponent(),
            s -> withoutVariant(s).put("inferenceComponent", "support-llm-ic-1"),
            s -> withoutVariant(s)),
        sagemaker("variant", m -> sagemakerOf(m).variant(),
            s -> s.put("variant", "blue"),
            s -> s.put("variant", "green")),
        sagemaker("scripts.postprocessSha256", m -> sagemakerOf(m).postprocessScriptSha256(),
            s -> scripts(s).put("postprocessSha256", SHA_A),
            s -> scripts(s).put("postprocessSha256", SHA_B)),
        sagemaker("scripts.postprocessSha256 (present or absent)", m -> sagemakerOf(m).postprocessScriptSha256(),
            s -> scripts(s).put("postprocessSha256", SHA_A),
            s -> scripts(s).remove("postprocessSha256")),
        sagemaker("scripts.preprocessSha256", m -> sagemakerOf(m).preprocessScriptSha256(),
            s -> scripts(s).put("preprocessSha256", SHA_A),
            s -> scripts(s).put("preprocessSha256", SHA_B)),
        sagemaker("payloadMapping.output", m -> sagemakerOf(m).payloadMapping(),
            s -> jsonPayload(s, "/generated_text"),
            s -> jsonPayload(s, "/0/generated_text")),
        sagemaker("payloadMapping.temperature (present or absent)", m -> sagemakerOf(m).payloadMapping(),
            s -> jsonPayload(s, "/generated_text"),
            s -> ((ObjectNode) jsonPayload(s, "/generated_text").get("payloadMapping"))
                .put("temperature", "/parameters/temperature")),
        sagemaker("payloadFormat", m -> sagemakerOf(m).payloadFormat(),
            s -> s.put("payloadFormat", "tgi"),
            s -> s.put("payloadFormat", "openai-chat")),
        sagemaker("modelPackageArn", m -> sagemakerOf(m).modelPackageArn(),
            s -> s.put("modelPackageArn", "arn:aws:sagemaker:us-east-1:123456789012:model-package/support-llm/7"),
            s -> s.put("modelPackageArn", "arn:aws:sagemaker:us-east-1:123456789012:model-package/support-llm/8")),
        sagemaker("artifact.versionId", m -> sagemakerOf(m).artifactVersionId(),
            s -> ((ObjectNode) s.get("artifact")).put("versionId", "v1"),
            s -> ((ObjectNode) s.get("artifact")).put("versionId", "v2")),
        sagemaker("artifact.sha256", m -> sagemakerOf(m).artifactSha256(),
            s -> ((ObjectNode) s.get("artifact")).put("sha256", SHA_A),
            s -> ((ObjectNode) s.get("artifact")).put("sha256", SHA_B)),
        sagemaker("image.digest", m -> sagemakerOf(m).imageDigest(),
            s -> ((ObjectNode) s.get("image")).put("digest", "sha256:" + SHA_A),
            s -> ((ObjectNode) s.get("image")).put("digest", "sha256:" + SHA_B)),
        sagemaker("instanceType", m -> sagemakerOf(m).instanceType(),
            s -> s.put("instanceType", "ml.g5.2xlarge"),
            s -> s.put("instanceType", "ml.g5.4xlarge")),
        sagemaker("environment", m -> sagemakerOf(m).environment(),
            s -> ((ObjectNode) s.get("environment")).put("SM_NUM_GPUS", "1"),
            s -> ((ObjectNode) s.get("environment")).put("SM_NUM_GPUS", "2")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fieldPairs")
  void manifestsDifferingInOneField_haveDifferentDigests_andEachKeepsTheFieldThroughItsJson(
      String field, String resource, Function<VersionManifest, Object> value,
      Consumer<ObjectNode> first, Consumer<ObjectNode> second) throws IOException {
    VersionManifest a = VersionManifest.parse(document(resource, first));
    VersionManifest b = VersionManifest.parse(document(resource, second));
    assertThat(value.apply(a)).as("%s of the two manifests", field).isNotEqualTo(value.apply(b));

    assertThat(a.digest()).as("digests of two manifests differing only in %s", field).isNotEqualTo(b.digest());
    assertThat(a.toCanonicalJson()).as("canonical forms differing only in %s", field)
        .isNotEqualTo(b.toCanonicalJson());

    for (VersionManifest m : new VersionManifest[] {a, b}) {
      VersionManifest again = VersionManifest.parse(m.toJson());
      assertThat(value.apply(again)).as("%s after a round trip through toJson()", field).isEqualTo(value.apply(m));
      assertThat(again.digest()).as("digest after a round trip through toJson()").isEqualTo(m.digest());
      VersionManifest rebuilt = m.toBuilder().build();
      assertThat(value.apply(rebuilt)).as("%s after toBuilder().build()", field).isEqualTo(value.apply(m));
    }
  }

  private static ObjectNode retrieval(ObjectNode bedrock) {
    return bedrock.putObject("knowledgeBase").put("id", "KB1").putObject("retrieval");
  }

  private static ObjectNode profile(ObjectNode bedrock, String arn, String... models) {
    ObjectNode p = bedrock.putObject("inferenceProfile").put("arn", arn);
    for (String model : models) {
      p.withArray("models").add(model);
    }
    return bedrock;
  }

  private static Arguments bedrock(String field, Function<VersionManifest, Object> value,
      Consumer<ObjectNode> first, Consumer<ObjectNode> second) {
    return Arguments.of("bedrock " + field, "manifests/valid-bedrock.json", value,
        edit("bedrock", first), edit("bedrock", second));
  }

  /** A field of a target that goes through a prompt, which pins no system prompt or inference parameters. */
  private static Arguments promptTarget(String field, Function<VersionManifest, Object> value,
      Consumer<ObjectNode> first, Consumer<ObjectNode> second) {
    return Arguments.of("bedrock " + field, "manifests/good/bedrock-prompt-version.json", value,
        edit("bedrock", first), edit("bedrock", second));
  }

  private static Arguments sagemaker(String field, Function<VersionManifest, Object> value,
      Consumer<ObjectNode> first, Consumer<ObjectNode> second) {
    return Arguments.of("sagemaker " + field, "manifests/valid-sagemaker.json", value,
        edit("sagemaker", first), edit("sagemaker", second));
  }

  /** Applies {@code change} to {@code model.<provider>} of a whole document. */
  private static Consumer<ObjectNode> edit(String provider, Consumer<ObjectNode> change) {
    return root -> change.accept((ObjectNode) root.get("model").get(provider));
  }

  private static ObjectNode withoutVariant(ObjectNode sagemaker) {
    sagemaker.remove("variant");
    return sagemaker;
  }

  private static ObjectNode scripts(ObjectNode sagemaker) {
    JsonNode s = sagemaker.get("scripts");
    return s instanceof ObjectNode ? (ObjectNode) s : sagemaker.putObject("scripts");
  }

  private static ObjectNode jsonPayload(ObjectNode sagemaker, String output) {
    sagemaker.put("payloadFormat", "json");
    sagemaker.putObject("payloadMapping").put("prompt", "/inputs").put("output", output);
    return sagemaker;
  }

  private static BedrockTarget bedrockOf(VersionManifest m) {
    return (BedrockTarget) m.model();
  }

  private static SageMakerTarget sagemakerOf(VersionManifest m) {
    return (SageMakerTarget) m.model();
  }

  private static byte[] document(String resource, Consumer<ObjectNode> change) throws IOException {
    try (InputStream in = DigestCoversEveryFieldTest.class.getClassLoader().getResourceAsStream(resource)) {
      ObjectNode root = (ObjectNode) JSON.readTree(in);
      change.accept(root);
      return JSON.writeValueAsBytes(root);
    }
  }
}
