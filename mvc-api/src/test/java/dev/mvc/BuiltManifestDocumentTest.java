package dev.mvc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A manifest built in code has as its document the JSON its fields are written as. For a document
 * already written in that form, parsing it and rebuilding it from its fields must give the same
 * canonical JSON and digest: a field the writer forgets would give a built manifest another
 * digest than the document it came from, and a tool that builds manifests (such as
 * {@code mvc build}) would publish a version without it.
 */
class BuiltManifestDocumentTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static Stream<Arguments> documentsInWriterForm() throws IOException {
    return Stream.of(
        Arguments.of("sagemaker with every field",
            edit(resource("/manifests/good/sm-json-with-pointers.json"), root -> {
              root.with("provenance").put("dirty", true);
              root.with("model").with("sagemaker").with("scripts")
                  .put("postprocessSha256", "b".repeat(64));
            })),
        Arguments.of("sagemaker with an inference component",
            resource("/manifests/good/sm-inference-component.json")),
        Arguments.of("bedrock converse with region, guardrail and every provenance field",
            edit(resource("/manifests/good/sm-json-with-pointers.json"), root -> {
              ObjectNode model = root.putObject("model").putObject("bedrock")
                  .put("modelId", "anthropic.claude-3-haiku-20240307-v1:0").put("region", "us-east-1");
              model.putObject("guardrail").put("id", "gr-abc123").put("version", "3");
            })),
        Arguments.of("bedrock invoke-model with its body format",
            resource("/manifests/good/invoke-model-with-body-format.json")),
        Arguments.of("bedrock knowledge base", sample("refund-kb-answer.json")),
        Arguments.of("bedrock agent", sample("order-agent.json")),
        Arguments.of("bedrock support answer", sample("support-answer.json")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("documentsInWriterForm")
  void rebuildingAParsedManifestFromItsFields_givesTheSameDocumentAndDigest(String name, byte[] document) {
    VersionManifest parsed = VersionManifest.parse(document);

    VersionManifest built = parsed.toBuilder().build();

    assertThat(built.toCanonicalJson()).isEqualTo(parsed.toCanonicalJson());
    assertThat(built.digest()).isEqualTo(parsed.digest());
    assertThat(VersionManifest.parse(built.toJson()).digest()).isEqualTo(parsed.digest());
  }

  @Test
  void createdAtWithANegativeOffset_isTheInstantEastOfIt() {
    VersionManifest m = withCreatedAt("2026-11-20T07:30:00-02:30");

    assertThat(m.createdAt()).isEqualTo(Instant.parse("2026-11-20T10:00:00Z"));
  }

  @Test
  void createdAtWithAPositiveOffset_isTheInstantWestOfIt() {
    VersionManifest m = withCreatedAt("2026-11-20T12:45:00+02:45");

    assertThat(m.createdAt()).isEqualTo(Instant.parse("2026-11-20T10:00:00Z"));
  }

  @Test
  void createdAtWithAFraction_keepsItsMilliseconds_andWithoutOneHasNone() {
    assertThat(withCreatedAt("2026-11-20T10:00:00.125Z").createdAt())
        .isEqualTo(Instant.parse("2026-11-20T10:00:00.125Z"));
    assertThat(withCreatedAt("2026-11-20T10:00:00Z").createdAt().getNano()).isZero();
  }

  private static VersionManifest withCreatedAt(String createdAt) {
    try {
      return VersionManifest.parse(edit(resource("/manifests/good/sm-json-with-pointers.json"),
          root -> root.put("createdAt", createdAt)));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = BuiltManifestDocumentTest.class.getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return in.readAllBytes();
    }
  }

  private static byte[] sample(String name) throws IOException {
    return Files.readAllBytes(Path.of("../samples/src/main/resources/manifests", name));
  }

  private static byte[] edit(byte[] document, Consumer<ObjectNode> change) throws IOException {
    ObjectNode root = (ObjectNode) JSON.readTree(document);
    change.accept(root);
    return JSON.writeValueAsBytes(root);
  }
}
