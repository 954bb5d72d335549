package dev.mvc.cli;

import dev.mvc.BedrockTarget;
import dev.mvc.InferenceParameters;
import dev.mvc.VersionManifest;
import dev.mvc.testkit.TestManifests;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Manifest files for the command tests. */
final class Manifests {
  static final String TEMPLATE = "Policy:\n{{policy}}\n\nQuestion: {{question}}";

  private Manifests() {}

  /** The strict, valid Bedrock manifest of the test kit with {@link #TEMPLATE}; temperature is overridable. */
  static VersionManifest valid() {
    VersionManifest m = TestManifests.bedrock(TEMPLATE);
    return m.toBuilder()
        .inference(m.inference().toBuilder().overridable("temperature", 0, 0.5).build())
        .build();
  }

  /** The same with another template, temperature and a top_k field: version 1.1.0. */
  static VersionManifest changed() {
    VersionManifest base = valid();
    return TestManifests.base("Policy:\n{{policy}}\n\nAnswer briefly.\nQuestion: {{question}}")
        .version("1.1.0")
        .model(base.model())
        .inference(InferenceParameters.builder().temperature(0.3).maxTokens(256).topP(0.9)
            .additionalModelField("top_k", 50).build())
        .build();
  }

  /** A manifest pinning a floating model ID, which the strict policy refuses. */
  static VersionManifest unpinnedModel() {
    return TestManifests.base(TEMPLATE)
        .model(BedrockTarget.builder("anthropic.claude-3-haiku").region("us-east-1").build())
        .inference(InferenceParameters.builder().temperature(0.2).maxTokens(256).build())
        .build();
  }

  static Path write(Path dir, String name, VersionManifest m) {
    return write(dir, name, m.toJson());
  }

  static Path write(Path dir, String name, String json) {
    try {
      Files.createDirectories(dir);
      return Files.writeString(dir.resolve(name), json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
