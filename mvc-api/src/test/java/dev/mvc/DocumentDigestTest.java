package dev.mvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvc.internal.Hashing;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.erdtman.jcs.JsonCanonicalizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The digest is over the document as written: the expected digests here come from the RFC 8785
 * reference canonicaliser run over the raw bytes, an implementation independent of mvc's.
 */
class DocumentDigestTest {
  private static final String CREATED = "\"createdAt\": \"2026-11-20T10:00:00Z\"";

  static String valid() {
    try (InputStream in = DocumentDigestTest.class.getClassLoader().getResourceAsStream("manifests/valid-bedrock.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static String independentDigest(String json) throws IOException {
    byte[] canonical = new JsonCanonicalizer(json.getBytes(StandardCharsets.UTF_8)).getEncodedUTF8();
    return "sha256:" + Hashing.sha256Hex(canonical);
  }

  private static String with(String from, String to) {
    String json = valid();
    assertThat(json).contains(from);
    return json.replace(from, to);
  }

  static Stream<Arguments> documents() {
    return Stream.of(
        Arguments.of("as in the corpus", valid()),
        Arguments.of("createdAt with .000Z", with(CREATED, "\"createdAt\": \"2026-11-20T10:00:00.000Z\"")),
        Arguments.of("createdAt with lowercase t and z", with(CREATED, "\"createdAt\": \"2026-11-20t10:00:00z\"")),
        Arguments.of("createdAt with an offset", with(CREATED, "\"createdAt\": \"2026-11-20T12:00:00+02:00\"")),
        Arguments.of("createdAt with nine fraction digits", with(CREATED, "\"createdAt\": \"2026-11-20T10:00:00.123456789Z\"")),
        Arguments.of("dirty: false", with("\"trainingDate\"", "\"dirty\": false, \"trainingDate\"")),
        Arguments.of("empty evaluationMetrics {}", with("\"evaluationMetrics\": {\n      \"accuracy\": 0.93,\n"
            + "      \"groundedness\": 0.88\n    }", "\"evaluationMetrics\": {}")),
        Arguments.of("empty stopSequences []", with("\"stopSequences\": [\n      \"\\n\\nHuman:\"\n    ]", "\"stopSequences\": []")),
        Arguments.of("empty additionalModelFields {}", with("\"top_k\": 50", "")),
        Arguments.of("top_k written 50.0", with("\"top_k\": 50", "\"top_k\": 50.0")),
        Arguments.of("top_k written 5e1", with("\"top_k\": 50", "\"top_k\": 5e1")),
        Arguments.of("number forms that need ECMAScript digits",
            with("\"top_k\": 50", "\"top_k\": 50, \"x\": [2.9802322387695312E-8, 1e-7, 1e-27, 4.5e15, -0.0, 333333333.33333329]")),
        Arguments.of("non-ASCII text and escapes", with("two sentences.", "two sentences \\u00e9\\u20ac \\ud83d\\ude00 \\u001f.")
            .replace("\"sha256\": \"f877fa02bd6316773ce4a3c540b69b6843c070c3792b8f0570200511d656954c\",", "")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("documents")
  void digest_isTheRfc8785DigestOfTheDocumentAsWritten(String name, String json) throws IOException {
    VersionManifest m = VersionManifest.parse(json);

    assertThat(m.digest()).isEqualTo(independentDigest(json));
    assertThat(m.toCanonicalJson()).isEqualTo(new JsonCanonicalizer(json).getEncodedString());
    assertThat(VersionManifest.parse(m.toJson()).digest()).as("digest after a round trip through toJson()")
        .isEqualTo(m.digest());
  }

  /** Digests computed by the recipe in docs/manifest.md: Node.js 20 with the npm package canonicalize 5.1.0. */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "manifests/valid-bedrock.json, sha256:93255d5bca54a101eeb314ee935f0775394a3fae69945af7235eb1c921fdf5c4",
      "manifests/good/numbers-as-written.json, sha256:c5a210a058e3e8bc6f2fb76db4313b5681443aec92330a14c5fa6ea6e9cc1bf6",
      "manifests/good/created-at-offset-and-fraction.json, sha256:53016ccf572446b5f34242b0e60810da369bb52dbae80ab4049b82364f38b54e",
      "manifests/good/text-surrogate-pair.json, sha256:cc59c17ac38988da0180376d34e4e52c4712101b17bfb8afaf4505616d3de5b8"})
  void digest_equalsTheDigestTheDocumentedNodeRecipeComputes(String resource, String expected) throws IOException {
    try (InputStream in = DocumentDigestTest.class.getClassLoader().getResourceAsStream(resource)) {
      assertThat(VersionManifest.parse(in.readAllBytes()).digest()).isEqualTo(expected);
    }
  }

  @Test
  void createdAtWrittenInAnotherForm_isTheSameInstantButAnotherDocument() {
    VersionManifest plain = VersionManifest.parse(valid());
    List<String> forms = List.of("2026-11-20T10:00:00.000Z", "2026-11-20t10:00:00z", "2026-11-20T12:00:00+02:00");
    for (String form : forms) {
      VersionManifest other = VersionManifest.parse(with(CREATED, "\"createdAt\": \"" + form + "\""));
      assertThat(other.createdAt()).as(form).isEqualTo(Instant.parse("2026-11-20T10:00:00Z"));
      assertThat(other.digest()).as(form).isNotEqualTo(plain.digest());
      assertThat(other.toJson()).as(form).contains("\"createdAt\" : \"" + form + "\"");
    }
  }

  @Test
  void builtManifest_hasTheDigestOfTheJsonItIsWrittenAs() throws IOException {
    VersionManifest built = VersionManifest.parse(valid()).toBuilder().version("2.0.0").build();

    assertThat(built.digest()).isEqualTo(independentDigest(built.toJson()));
    assertThat(VersionManifest.parse(built.toJson()).digest()).isEqualTo(built.digest());
    assertThat(VersionManifest.parse(built.toCanonicalJson()).digest()).isEqualTo(built.digest());
  }

  @Test
  void builtManifest_withANullAdditionalField_hasTheDigestOfItsJson() throws IOException {
    VersionManifest parsed = VersionManifest.parse(valid());
    VersionManifest built = parsed.toBuilder().inference(parsed.inference().toBuilder()
        .additionalModelField("stop", null).build()).build();

    assertThat(built.toJson()).contains("\"stop\" : null");
    assertThat(built.digest()).isEqualTo(independentDigest(built.toJson()));
  }

  @Test
  void fiftyAndFiftyPointZero_areOneValueInTheManifestAsInTheDigest() {
    VersionManifest integer = VersionManifest.parse(valid());
    VersionManifest decimal = VersionManifest.parse(with("\"top_k\": 50", "\"top_k\": 50.0"));

    assertThat(decimal.digest()).isEqualTo(integer.digest());
    assertThat(decimal.inference().additionalModelFields().get("top_k")).isEqualTo(50L);
    assertThat(integer.inference().additionalModelFields().get("top_k")).isEqualTo(50L);
  }

  @Test
  void integersBeyondTwoToThe53_areRefusedAnywhereNamingThePathAndValue() {
    assertThat(VersionManifest.parse(with("\"top_k\": 50", "\"seed\": 9007199254740992")).inference()
        .additionalModelFields()).containsEntry("seed", 9007199254740992L);
    assertThat(VersionManifest.parse(with("\"top_k\": 50", "\"seed\": -9007199254740992")).digest())
        .isNotEqualTo(VersionManifest.parse(with("\"top_k\": 50", "\"seed\": 9007199254740992")).digest());
    assertThatThrownBy(() -> VersionManifest.parse(with("\"top_k\": 50", "\"seed\": 9007199254740993")))
        .isInstanceOfSatisfying(ManifestParseException.class,
            e -> assertThat(e.path()).isEqualTo("inference.additionalModelFields.seed"))
        .hasMessageContaining("was 9007199254740993");
    assertThatThrownBy(() -> VersionManifest.parse(with("\"top_k\": 50", "\"a\": [1, {\"b\": -9007199254740993.0}]")))
        .isInstanceOfSatisfying(ManifestParseException.class,
            e -> assertThat(e.path()).isEqualTo("inference.additionalModelFields.a[1].b"));
    assertThatThrownBy(() -> VersionManifest.parse(with("\"accuracy\": 0.93", "\"accuracy\": 1e400")))
        .isInstanceOfSatisfying(ManifestParseException.class,
            e -> assertThat(e.path()).isEqualTo("provenance.evaluationMetrics.accuracy"));
  }

  @Test
  void builtManifest_withAnIntegerBeyondTwoToThe53_isRefused() {
    InferenceParameters.Builder b = InferenceParameters.builder().temperature(0.2).maxTokens(1).topP(0.9);
    assertThatThrownBy(() -> b.additionalModelField("seed", 9007199254740993L).build())
        .isInstanceOf(ManifestParseException.class).hasMessageContaining("inference.additionalModelFields.seed");
    assertThat(b.additionalModelField("seed", 50.0).build().additionalModelFields()).containsEntry("seed", 50L);
  }

  @Test
  void loneSurrogateEscapes_inValuesAndMemberNames_areRefusedNamingThePath() {
    assertThatThrownBy(() -> VersionManifest.parse(with("\"top_k\": 50", "\"stop\": \"a\\ud800\"")))
        .isInstanceOfSatisfying(ManifestParseException.class,
            e -> assertThat(e.path()).isEqualTo("inference.additionalModelFields.stop"))
        .hasMessageContaining("lone surrogate \\ud800 at index 1");
    assertThatThrownBy(() -> VersionManifest.parse(with("\"top_k\": 50", "\"\\udc00\": 1")))
        .isInstanceOfSatisfying(ManifestParseException.class,
            e -> assertThat(e.path()).isEqualTo("inference.additionalModelFields"))
        .hasMessageContaining("surrogate");
    assertThatThrownBy(() -> VersionManifest.parse(with("\"top_k\": 50", "\"\\ud800\": 1")))
        .isInstanceOfSatisfying(ManifestParseException.class,
            e -> assertThat(e.path()).isEqualTo("inference.additionalModelFields"))
        .hasMessageContaining("surrogate");
    assertThatThrownBy(() -> VersionManifest.parse(valid().replace("\"support-answer\"", "\"support-\ud800\"")))
        .isInstanceOf(ManifestParseException.class).hasMessageContaining("lone surrogate");
  }

  @Test
  void blobHoldingAnEncodedLoneSurrogate_isRefusedAtLoadThoughItsBytesMatchThePin() {
    byte[] question = "Q: ? {{question}} {{policy}}".getBytes(StandardCharsets.UTF_8);
    byte[] surrogate = new byte[question.length + 2];
    System.arraycopy(question, 0, surrogate, 0, 3);
    surrogate[3] = (byte) 0xed; // U+D800 as three bytes, which no UTF-8 decoder may accept
    surrogate[4] = (byte) 0xa0;
    surrogate[5] = (byte) 0x80;
    System.arraycopy(question, 4, surrogate, 6, question.length - 4);
    String pin = Hashing.sha256Hex(surrogate);
    String json = with("\"sha256\": \"e697c85a6aa92d89f8cc8569c2bca6569e90efdd8f90daf494af446d24ec2e4a\",\n      \"text\": "
        + "\"Answer the customer's question using the policy.\\nQuestion: {{question}}\\nPolicy: {{policy}}\"",
        "\"sha256\": \"" + pin + "\"");
    dev.mvc.spi.ContentStore store = new dev.mvc.spi.ContentStore() {
      @Override
      public byte[] fetch(String sha256) {
        return sha256.equals(pin) ? surrogate : null;
      }

      @Override
      public String describe() {
        return "test store";
      }
    };

    assertThatThrownBy(() -> ManifestLoader.builder().contentStore(store).build().load(
            dev.mvc.spi.FetchedManifest.of(json.getBytes(StandardCharsets.UTF_8), new SourceRef("test:blob", null, null))))
        .isInstanceOf(ManifestIntegrityException.class)
        .hasMessageContaining(pin).hasMessageContaining("not UTF-8 text");
  }

  @Test
  void templatePinnedForAQuestionMark_doesNotAcceptALoneSurrogate() {
    String text = "Q: ? {{question}} {{policy}}";
    String pin = Hashing.sha256Hex(text);
    String json = with("\"e697c85a6aa92d89f8cc8569c2bca6569e90efdd8f90daf494af446d24ec2e4a\"", "\"" + pin + "\"")
        .replace("\"Answer the customer's question using the policy.\\nQuestion: {{question}}\\nPolicy: {{policy}}\"",
            "\"Q: \\ud800 {{question}} {{policy}}\"");

    assertThat(VersionManifest.parse(json.replace("\\ud800", "?")).prompt().template().sha256()).isEqualTo(pin);
    assertThatThrownBy(() -> VersionManifest.parse(json))
        .isInstanceOfSatisfying(ManifestParseException.class,
            e -> assertThat(e.path()).isEqualTo("prompt.template.text"))
        .hasMessageContaining("lone surrogate");
    assertThatThrownBy(() -> PromptText.of("prompt.template", pin, "Q: \ud800 {{question}}"))
        .hasMessageContaining("prompt.template.text").hasMessageContaining("lone surrogate");
    assertThatThrownBy(() -> Hashing.sha256Hex("Q: \ud800")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("index 3");
    assertThat(Hashing.sha256Hex("Q: ?")).isEqualTo(Hashing.sha256Hex("Q: ?".getBytes(StandardCharsets.UTF_8)));
  }
}
