package dev.mvc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import dev.mvc.internal.WellFormedText;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shipped JSON Schema and the parser accept and refuse the same documents: every manifest
 * of every corpus goes through both, the schema through an independent validator.
 *
 * <p>The schema judges JSON documents; bytes that are not an I-JSON text (RFC 7493: UTF-8
 * without a byte-order mark, unique member names, no lone surrogates) are not one, so the
 * schema side refuses them as any I-JSON reader would.
 */
class SchemaAgreementTest {
  /**
   * Rules a JSON Schema cannot state, each comparing one field with another or with text; the
   * parser refuses these files and the schema, by design, accepts them.
   */
  private static final Map<String, String> BEYOND_A_SCHEMA = Map.of(
      "bad/override-excludes-pin.json", "an overridable bound must contain the pinned value of another field",
      "bad/override-min-above-max.json", "min <= max compares two values of one document",
      "bad/sm-image-digest-differs-from-uri.json", "image.digest must equal the digest inside image.uri",
      "bad/tools-duplicate-name.json", "tool names are unique: a schema's uniqueItems compares whole tools",
      "bad/tool-choice-undeclared-tool.json", "toolChoice.tool must name one of the declared tools");

  private static final ObjectMapper IJSON = new ObjectMapper(JsonFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static Schema schema;

  @BeforeAll
  static void loadSchema() throws IOException {
    SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
        b -> b.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    try (InputStream in = SchemaAgreementTest.class.getClassLoader().getResourceAsStream("dev/mvc/mvc-v1.schema.json")) {
      schema = registry.getSchema(in);
    }
  }

  static Stream<Path> corpus() throws IOException, URISyntaxException {
    Path manifests = Path.of(SchemaAgreementTest.class.getClassLoader().getResource("manifests").toURI());
    List<Path> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(manifests)) {
      walk.filter(p -> p.toString().endsWith(".json")).sorted().forEach(files::add);
    }
    // The manifests the samples ship and the CLI's golden build output are corpora too.
    for (Path other : List.of(Path.of("../samples/src/main/resources/manifests"),
        Path.of("../mvc-cli/src/test/resources/golden/build"))) {
      assertThat(other).as("corpus folder %s", other.toAbsolutePath()).isDirectory();
      try (Stream<Path> walk = Files.walk(other)) {
        walk.filter(p -> p.toString().endsWith(".json")).sorted().forEach(files::add);
      }
    }
    return files.stream();
  }

  private static String name(Path file) {
    Path parent = file.getParent().getFileName();
    return parent.toString().equals("manifests") ? file.getFileName().toString() : parent + "/" + file.getFileName();
  }

  /** Returns null when the parser accepts the bytes, else its message. */
  private static String parserVerdict(byte[] bytes) {
    try {
      VersionManifest.parse(bytes);
      return null;
    } catch (ManifestException e) {
      return e.getMessage();
    }
  }

  /** Returns null when the schema accepts the bytes, else why not. */
  private static String schemaVerdict(byte[] bytes) {
    JsonNode node;
    try {
      String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
      if (text.startsWith("\uFEFF")) {
        return "not I-JSON: byte-order mark";
      }
      node = IJSON.readTree(text);
      if (node == null || node.isMissingNode()) {
        return "not I-JSON: no value";
      }
      String surrogate = loneSurrogate(node);
      if (surrogate != null) {
        return "not I-JSON: " + surrogate;
      }
    } catch (IOException e) {
      return "not I-JSON: " + e.getMessage();
    }
    List<Error> errors = schema.validate(node);
    return errors.isEmpty() ? null : errors.stream().map(Error::toString).collect(Collectors.joining("; "));
  }

  private static String loneSurrogate(JsonNode n) {
    if (n.isTextual()) {
      return WellFormedText.problem(n.textValue());
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String p = WellFormedText.problem(e.getKey());
      if (p == null) {
        p = loneSurrogate(e.getValue());
      }
      if (p != null) {
        return p;
      }
    }
    if (n.isArray()) {
      for (JsonNode e : n) {
        String p = loneSurrogate(e);
        if (p != null) {
          return p;
        }
      }
    }
    return null;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void schemaAndParser_acceptAndRefuseTheSameManifests(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    String parser = parserVerdict(bytes);
    String schemaSays = schemaVerdict(bytes);
    String reason = BEYOND_A_SCHEMA.get(name(file));
    if (reason != null) {
      assertThat(parser).as("parser on %s (listed: %s)", name(file), reason).isNotNull();
      assertThat(schemaSays).as("schema on %s (listed: %s)", name(file), reason).isNull();
      return;
    }
    assertThat(schemaSays == null).as("%s: parser says %s; schema says %s", name(file),
        parser == null ? "valid" : parser, schemaSays == null ? "valid" : schemaSays).isEqualTo(parser == null);
  }

  @Test
  void everyListedException_isAFileOfTheCorpus() throws Exception {
    List<String> names = corpus().map(SchemaAgreementTest::name).collect(Collectors.toList());
    assertThat(names).containsAll(BEYOND_A_SCHEMA.keySet());
    assertThat(names).hasSizeGreaterThan(100);
  }
}
