package dev.mvc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Each target answers for its provider (stamp fields, pinning rules, manifest form), so the core
 * never asks which kind of target it holds.
 */
class ProviderBehaviourOnTargetsTest {
  private static final String MODEL = "anthropic.claude-3-haiku-20240307-v1:0";

  private static VersionManifest manifest(ModelTarget target) {
    return VersionManifest.builder().name("support").version("1.0.0")
        .createdAt(Instant.parse("2026-01-01T00:00:00Z"))
        .model(target)
        .prompt(PromptSpec.builder(PromptText.of("prompt.template", null, "Hi {{q}}")).variables(List.of("q")).build())
        .inference(InferenceParameters.builder().temperature(0.2).maxTokens(64).topP(0.9).build())
        .build();
  }

  @Test
  void stampFields_ofABedrockTarget_nameTheModelGuardrailKnowledgeBaseAndAgent() {
    BedrockTarget t = BedrockTarget.builder(MODEL).guardrail("gr-1", "3").knowledgeBase("KB1", "DS1", "JOB7")
        .agent("AGENT1", "ALIAS2").build();
    assertThat(t.stampFields()).isEqualTo(
        new TargetStamp("bedrock", MODEL, null, null, "gr-1:3", "KB1", "JOB7", "AGENT1", "ALIAS2"));
  }

  @Test
  void stampFields_ofASageMakerTarget_nameTheEndpointAndTheVariantOrInferenceComponent() {
    assertThat(SageMakerTarget.builder("support-llm", "tgi").variant("blue").build().stampFields())
        .isEqualTo(new TargetStamp("sagemaker", null, "support-llm", "blue", null, null, null, null, null));
    assertThat(SageMakerTarget.builder("support-llm", "tgi").inferenceComponent("ic-2").build().stampFields())
        .isEqualTo(new TargetStamp("sagemaker", null, "support-llm", "ic-2", null, null, null, null, null));
  }

  @Test
  void pinningViolations_ofEachTarget_checkOnlyItsOwnProvidersRules() {
    BedrockTarget floating = BedrockTarget.builder("anthropic.claude-latest").guardrail("gr-1", "DRAFT").build();
    SageMakerTarget loose = SageMakerTarget.builder("support-llm", "tgi").build();
    java.util.Set<PinningRule> sageMakerOnly = java.util.EnumSet.of(PinningRule.SAGEMAKER_IMAGE_DIGEST,
        PinningRule.SAGEMAKER_ARTIFACT_PINNED, PinningRule.SAGEMAKER_VARIANT_PINNED);

    assertThat(floating.pinningViolations(PinningPolicy.strict().rules()))
        .extracting(PolicyViolation::path)
        .containsExactly("model.bedrock.modelId", "model.bedrock.guardrail.version");
    assertThat(floating.pinningViolations(sageMakerOnly)).isEmpty();
    assertThat(loose.pinningViolations(PinningPolicy.strict().rules()))
        .extracting(PolicyViolation::path)
        .containsExactly("model.sagemaker.image.digest", "model.sagemaker.artifact", "model.sagemaker.variant");
    assertThat(loose.pinningViolations(java.util.EnumSet.complementOf(java.util.EnumSet.copyOf(sageMakerOnly))))
        .isEmpty();
  }

  @Test
  void manifestFields_ofEachTarget_areWrittenUnderItsProviderKey_andParseBackToTheSameTarget() {
    ModelTarget bedrock = BedrockTarget.builder(MODEL).region("us-east-1").api(BedrockApi.RETRIEVE_AND_GENERATE)
        .knowledgeBase("KB1", null, "JOB7").build();
    ModelTarget sagemaker = SageMakerTarget.builder("support-llm", "json").variant("blue")
        .image("123456789012.dkr.ecr.us-east-1.amazonaws.com/tgi:2.0", "sha256:" + "e".repeat(64))
        .environment("MAX_INPUT", "1024").scripts(null, "c".repeat(64))
        .payloadMapping("prompt", "/inputs").payloadMapping("output", "/0/generated_text").build();
    for (ModelTarget target : List.of(bedrock, sagemaker)) {
      VersionManifest m = manifest(target);
      String json = m.toJson();

      assertThat(VersionManifest.parse(json).model()).isEqualTo(target);
      assertThat(json).contains("\"" + target.provider() + "\"");
    }
    assertThat(bedrock.manifestFields()).containsExactly(Map.entry("modelId", MODEL),
        Map.entry("region", "us-east-1"), Map.entry("api", "retrieve-and-generate"),
        Map.entry("knowledgeBase", Map.of("id", "KB1", "dataSourceVersion", "JOB7")));
  }

  /** The core dispatches once, through the target's own methods: no casts to a target type. */
  @Test
  void mvcApiMainCode_neverCastsToOrTestsForATargetType_outsideTheTargetsThemselves() throws IOException {
    Pattern dispatch = Pattern.compile("instanceof\\s+(BedrockTarget|SageMakerTarget)|\\((BedrockTarget|SageMakerTarget)\\)\\s*\\w");
    Path main = Path.of("src/main/java");
    List<String> offenders;
    try (Stream<Path> files = Files.walk(main)) {
      offenders = files.filter(p -> p.toString().endsWith(".java"))
          .filter(p -> !p.endsWith("BedrockTarget.java") && !p.endsWith("SageMakerTarget.java"))
          .filter(p -> {
            try {
              return dispatch.matcher(Files.readString(p)).find();
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          })
          .map(p -> main.relativize(p).toString())
          .collect(Collectors.toList());
    }
    assertThat(Files.isDirectory(main.resolve("dev/mvc"))).isTrue();
    assertThat(offenders).isEmpty();
  }
}
