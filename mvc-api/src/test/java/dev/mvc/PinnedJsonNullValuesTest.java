package dev.mvc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A JSON null inside pinned free-form JSON (additional model fields, a tool's input schema) is a
 * plain Java {@code null} to every reader, is written back as {@code null}, and keeps the digest.
 */
class PinnedJsonNullValuesTest {

  private static VersionManifest manifest() {
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("budget", null);
    nested.put("list", Arrays.asList(1, null));
    return VersionManifest.builder().name("nulls").version("1.0.0").createdAt(Instant.parse("2026-01-01T00:00:00Z"))
        .model(BedrockTarget.builder("anthropic.claude-3-haiku-20240307-v1:0").build())
        .prompt(PromptSpec.builder(PromptText.inline("Hi")).build())
        .inference(InferenceParameters.builder().temperature(0.2).maxTokens(64).topP(0.9)
            .additionalModelField("hint", null).additionalModelField("nested", nested).build())
        .build();
  }

  @Test
  void aJsonNullInAdditionalModelFields_isAJavaNull_andSurvivesTheJsonRoundTripWithTheSameDigest() {
    VersionManifest built = manifest();
    Map<String, Object> fields = built.inference().additionalModelFields();

    assertThat(fields).containsKey("hint");
    assertThat(fields.get("hint")).isNull();
    assertThat(((Map<?, ?>) fields.get("nested")).get("budget")).isNull();
    assertThat(((Map<?, ?>) fields.get("nested")).get("list")).isEqualTo(Arrays.asList(1L, null));

    VersionManifest parsed = VersionManifest.parse(built.toJson());
    assertThat(parsed.digest()).isEqualTo(built.digest());
    assertThat(parsed.inference().additionalModelFields()).isEqualTo(fields);
    assertThat(built.toJson()).containsPattern("\"hint\"\\s*:\\s*null");
  }
}
