package dev.mvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvc.spi.FetchedManifest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Loads every malformed or hostile manifest of the corpus and checks the error it gets. */
class BadManifestCorpusTest {
  private static final ManifestLoader LOADER = ManifestLoader.builder().build();

  static Stream<Arguments> corpus() throws IOException {
    List<Arguments> cases = new ArrayList<>();
    for (String line : resource("manifests/bad/expected.tsv").split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\t", -1);
      cases.add(Arguments.of(f[0], f[1], f[2], f[3]));
    }
    return cases.stream();
  }

  private static String resource(String name) throws IOException {
    return new String(bytes(name), StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String name) throws IOException {
    try (InputStream in = BadManifestCorpusTest.class.getClassLoader().getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return in.readAllBytes();
    }
  }

  private static LoadedManifest load(byte[] bytes) {
    return LOADER.load(FetchedManifest.of(bytes, new SourceRef("test:corpus", null, null)));
  }

  @Test
  void corpus_holdsAtLeastFortyCases() throws IOException {
    assertThat(corpus().count()).isGreaterThanOrEqualTo(40);
  }

  @Test
  void validManifests_ofTheCorpusLoad() throws IOException {
    assertThat(load(bytes("manifests/valid-bedrock.json")).manifest().name()).isEqualTo("support-answer");
    assertThat(load(bytes("manifests/valid-sagemaker.json")).manifest().model()).isInstanceOf(SageMakerTarget.class);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void badManifest_isRejectedWithAnErrorNamingItsPath(String file, String exception, String path, String fragment)
      throws IOException {
    byte[] bytes = bytes("manifests/bad/" + file);
    assertThatThrownBy(() -> load(bytes))
        .satisfies(e -> assertThat(e.getClass().getSimpleName()).as("exception of %s: %s", file, e.getMessage())
            .isEqualTo(exception))
        .isInstanceOf(ManifestException.class)
        .hasMessageContaining(fragment)
        .satisfies(e -> {
          if (path.isEmpty()) {
            return;
          }
          if (e instanceof ManifestParseException) {
            assertThat(((ManifestParseException) e).path()).isEqualTo(path);
          } else if (e instanceof ManifestPolicyException) {
            assertThat(((ManifestPolicyException) e).violations()).extracting(PolicyViolation::path).contains(path);
          } else {
            assertThat(e.getMessage()).contains(path);
          }
        });
  }

  @Test
  void oversizeManifest_isRejectedBeforeParsing() throws IOException {
    byte[] big = new byte[(1 << 20) + 1];
    Arrays.fill(big, (byte) ' ');
    assertThatThrownBy(() -> load(big)).isInstanceOf(ManifestParseException.class)
        .hasMessageContaining("more than the limit of 1048576");
  }

  @Test
  void hugeStringValue_isRejectedWithItsPathAndAShortenedValue() throws IOException {
    String valid = resource("manifests/valid-bedrock.json");
    String hostile = valid.replace("\"version\": \"1.4.0\"", "\"version\": \"" + "9".repeat(500_000) + "\"");
    assertThatThrownBy(() -> load(hostile.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(ManifestParseException.class, e -> {
          assertThat(e.path()).isEqualTo("version");
          assertThat(e.getMessage()).hasSizeLessThan(300).contains("500000 chars");
        });
  }

  @Test
  void controlCharacters_inAnErrorValueAreEscaped() throws IOException {
    String valid = resource("manifests/valid-bedrock.json");
    String hostile = valid.replace("\"name\": \"support-answer\"", "\"name\": \"a\\u001b[31mred\"");
    assertThatThrownBy(() -> load(hostile.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ManifestParseException.class)
        .hasMessageContaining("\\u001b").hasMessageNotContaining("\u001b");
  }
}
