package dev.mvc.s3;

import dev.mvc.BedrockTarget;
import dev.mvc.InferenceParameters;
import dev.mvc.PromptSpec;
import dev.mvc.PromptTemplate;
import dev.mvc.PromptText;
import dev.mvc.Provenance;
import dev.mvc.VersionManifest;
import dev.mvc.s3.internal.Checksums;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;

/** Valid manifests for the S3 tests. */
final class Manifests {
  static final String MODEL_ID = "anthropic.claude-3-haiku-20240307-v1:0";
  static final String SYSTEM = "You are a concise assistant.";

  private Manifests() {}

  /** A manifest with inline prompt text. */
  static VersionManifest inline(String version, String template) {
    return base(version, template, PromptText.inline(template)).build();
  }

  /** A manifest whose template is a blob reference (the text must be published as a blob). */
  static VersionManifest withBlob(String version, String template) {
    return base(version, template, PromptText.blob(sha256(template))).build();
  }

  static VersionManifest.Builder base(String version, String template, PromptText templateText) {
    return VersionManifest.builder()
        .name("support-answer")
        .version(version)
        .createdAt(Instant.parse("2026-11-01T00:00:00Z"))
        .provenance(Provenance.builder()
            .gitSha("0123456789abcdef0123456789abcdef01234567")
            .evaluationMetric("accuracy", 0.91)
            .build())
        .model(BedrockTarget.builder(MODEL_ID).region("us-east-1").build())
        .prompt(PromptSpec.builder(templateText)
            .system(PromptText.inline(SYSTEM))
            .variables(new ArrayList<>(PromptTemplate.compile(template).variables()))
            .build())
        .inference(InferenceParameters.builder().temperature(0.2).maxTokens(256).topP(0.9).build());
  }

  static String sha256(String text) {
    return Checksums.sha256Hex(text.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] bytes(VersionManifest manifest) {
    return manifest.toJson().getBytes(StandardCharsets.UTF_8);
  }
}
