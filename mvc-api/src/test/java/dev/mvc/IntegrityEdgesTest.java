package dev.mvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvc.internal.Jcs;
import dev.mvc.internal.LastKnownGoodStore;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Edges of the integrity rules that sit exactly at a limit or on a rarely taken branch. */
class IntegrityEdgesTest {
  private static final long TWO_TO_53 = 1L << 53;

  @TempDir Path dir;

  @Test
  void canonicalNumber_ofTwoToThe53AsLong_isWrittenExactly_andOneMoreIsRefused() {
    assertThat(Jcs.number(TWO_TO_53)).isEqualTo("9007199254740992");
    assertThat(Jcs.number(-TWO_TO_53)).isEqualTo("-9007199254740992");
    assertThatThrownBy(() -> Jcs.number(TWO_TO_53 + 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("9007199254740993");
    assertThatThrownBy(() -> Jcs.number(-TWO_TO_53 - 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-9007199254740993");
  }

  @Test
  void canonicalNumber_ofTwoToThe53AsBigInteger_isWrittenExactly_andOneMoreIsRefused() {
    BigInteger limit = BigInteger.valueOf(TWO_TO_53);
    assertThat(Jcs.number(limit)).isEqualTo("9007199254740992");
    assertThatThrownBy(() -> Jcs.number(limit.add(BigInteger.ONE).negate()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("beyond 2^53");
  }

  @Test
  void render_withALoneSurrogateInAVariable_isRefusedNamingTheVariable() {
    PromptTemplate template = PromptTemplate.compile("Q: {{question}} P: {{policy}}");

    assertThatThrownBy(() -> template.render(Map.of("question", "a\ud800b", "policy", "p")))
        .isInstanceOf(TemplateException.class).hasMessageContaining("variable question");
    assertThat(template.render(Map.of("question", "a\ud83d\ude00b", "policy", "p")))
        .isEqualTo("Q: a\ud83d\ude00b P: p");
  }

  @Test
  void lastKnownGood_ofTheEarlierLayoutWithoutItsSourceFile_isRefusedNamingTheMissingFile() throws Exception {
    byte[] bytes = PinningPolicyTest.manifest("amazon.nova-pro-v1:0").toJson().getBytes(StandardCharsets.UTF_8);
    Files.write(dir.resolve("manifest.json"), bytes);

    assertThatThrownBy(() -> new LastKnownGoodStore(dir).load())
        .isInstanceOf(ManifestSourceException.class)
        .hasMessageContaining("layout of earlier releases").hasMessageContaining("has no source.properties");
  }

  @Test
  void numbersInsideAListOfAFreeFormField_areTheValueTheDigestHashes() throws Exception {
    String json = new String(getClass().getResourceAsStream("/manifests/good/sm-json-with-pointers.json")
        .readAllBytes(), StandardCharsets.UTF_8)
        .replace("\"top_k\": 50", "\"top_k\": 50, \"weights\": [50.0, 5e1, [2.50]]");

    VersionManifest m = VersionManifest.parse(json);

    assertThat(m.inference().additionalModelFields().get("weights"))
        .isEqualTo(java.util.List.of(50L, 50L, java.util.List.of(2.5)));
    assertThat(m.toJson()).contains("50, 50").doesNotContain("50.0").doesNotContain("5e1");
  }
}
