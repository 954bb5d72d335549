package dev.mvc.testkit;

import dev.mvc.BedrockTarget;
import dev.mvc.InferenceParameters;
import dev.mvc.PromptSpec;
import dev.mvc.PromptTemplate;
import dev.mvc.PromptText;
import dev.mvc.Provenance;
import dev.mvc.SageMakerTarget;
import dev.mvc.VersionManifest;
import java.time.Instant;
import java.util.ArrayList;

/**
 * Valid manifests for tests, with every SHA-256 computed, in one line. They pass
 * {@link dev.mvc.PinningPolicy#strict()}; use {@link VersionManifest#toBuilder()} to vary them.
 *
 * <pre>{@code
 * VersionManifest m = TestManifests.bedrock("Answer briefly: {{question}}");
 * }</pre>
 */
public final class TestManifests {
  /** The model ID of {@link #bedrock(String)} manifests. */
  public static final String MODEL_ID = "anthropic.claude-3-haiku-20240307-v1:0";
  /** The endpoint of {@link #sagemaker(String)} manifests. */
  public static final String ENDPOINT = "support-llm";
  /** The production variant of {@link #sagemaker(String)} manifests. */
  public static final String VARIANT = "blue";
  /** The fixed creation time, so digests are stable across runs. */
  public static final Instant CREATED_AT = Instant.parse("2026-01-01T00:00:00Z");
  /** The system prompt of the manifests. */
  public static final String SYSTEM = "You are a concise assistant.";

  private TestManifests() {}

  /** Returns a Bedrock manifest whose template is {@code template}; variables come from it. */
  public static VersionManifest bedrock(String template) {
    return base(template).model(BedrockTarget.builder(MODEL_ID).region("us-east-1").build()).build();
  }

  /** Returns a SageMaker manifest (TGI payload) whose template is {@code template}. */
  public static VersionManifest sagemaker(String template) {
    return base(template).model(SageMakerTarget.builder(ENDPOINT, "tgi")
        .variant(VARIANT)
        .modelPackageArn("arn:aws:sagemaker:us-east-1:123456789012:model-package/support-llm/3")
        .artifact("s3://models-bucket/support-llm/model.tar.gz", "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY",
            "5f4dcc3b5aa765d61d8327deb882cf995f4dcc3b5aa765d61d8327deb882cf99")
        .image("763104351884.dkr.ecr.us-east-1.amazonaws.com/huggingface-pytorch-tgi-inference:2.4.0",
            "sha256:0f6a1c3c0c8f2a7f1b9e4d5c6b7a8f9e0d1c2b3a4f5e6d7c8b9a0f1e2d3c4b5a")
        .instanceType("ml.g5.xlarge")
        .environment("HF_MODEL_ID", "/opt/ml/model")
        .build()).build();
  }

  /**
   * Returns a builder pre-filled with a name, version, creation time, provenance, the prompt
   * built from {@code template} (with {@link #SYSTEM}) and explicit inference parameters; set
   * the model and build.
   */
  public static VersionManifest.Builder base(String template) {
    PromptTemplate compiled = PromptTemplate.compile(template);
    return VersionManifest.builder()
        .name("test-manifest")
        .version("1.0.0")
        .createdAt(CREATED_AT)
        .provenance(Provenance.builder()
            .gitSha("0123456789abcdef0123456789abcdef01234567")
            .repository("https://example.com/config.git")
            .evaluationMetric("accuracy", 0.9)
            .build())
        .prompt(PromptSpec.builder(PromptText.inline(template))
            .system(PromptText.inline(SYSTEM))
            .variables(new ArrayList<>(compiled.variables()))
            .build())
        .inference(InferenceParameters.builder()
            .temperature(0.2)
            .maxTokens(256)
            .topP(0.9)
            .build());
  }

  /** Returns {@code manifest} with another version label (and so another digest). */
  public static VersionManifest withVersion(VersionManifest manifest, String version) {
    return manifest.toBuilder().version(version).build();
  }
}
