package dev.mvc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Strings in the canonical form are escaped exactly as RFC 8785 requires: the two-character
 * escapes where JSON has them, six-character escapes with lower-case hex for the other control
 * characters, and every other character as itself.
 */
class CanonicalJsonEscapesTest {

  private static VersionManifest withTemplate(String text) {
    return VersionManifest.builder()
        .name("escapes")
        .version("1.0.0")
        .createdAt(Instant.parse("2026-01-01T00:00:00Z"))
        .model(BedrockTarget.builder("anthropic.claude-3-haiku-20240307-v1:0").build())
        .prompt(PromptSpec.builder(PromptText.inline(text)).build())
        .inference(InferenceParameters.builder().temperature(0.2).maxTokens(64).topP(0.9).build())
        .build();
  }

  private static String canonicalText(String text) {
    String canonical = withTemplate(text).toCanonicalJson();
    int at = canonical.indexOf("\"text\":\"");
    assertThat(at).as(canonical).isPositive();
    int from = at + "\"text\":".length();
    int to = canonical.indexOf("\"}", from + 1);
    return canonical.substring(from, to + 1);
  }

  @Test
  void controlCharactersWithoutAShortEscape_areWrittenAsLowerCaseUnicodeEscapes() {
    assertThat(canonicalText("a\u0000b\u0001c\u000bd\u000ee\u0010f\u001a\u001f"))
        .isEqualTo("\"a\\u0000b\\u0001c\\u000bd\\u000ee\\u0010f\\u001a\\u001f\"");
  }

  @Test
  void controlCharactersWithAShortEscape_useIt() {
    assertThat(canonicalText("\b\t\n\f\r")).isEqualTo("\"\\b\\t\\n\\f\\r\"");
  }

  @Test
  void quotesAndBackslashes_areEscaped_slashDeleteAndNonAscii_areNot() {
    assertThat(canonicalText("q\"b\\s/d\u007fe\u20ac\uD83D\uDE00 "))
        .isEqualTo("\"q\\\"b\\\\s/d\u007fe\u20ac\uD83D\uDE00 \"");
  }

  @Test
  void theDigest_isTheSha256OfTheCanonicalForm() throws NoSuchAlgorithmException {
    VersionManifest m = withTemplate("line\u0001\u001f");
    byte[] hash = MessageDigest.getInstance("SHA-256").digest(m.toCanonicalJson().getBytes(StandardCharsets.UTF_8));
    assertThat(m.digest()).isEqualTo("sha256:" + HexFormat.of().formatHex(hash));
    assertThat(withTemplate("line\u0001\u001e").digest()).isNotEqualTo(m.digest());
  }
}
