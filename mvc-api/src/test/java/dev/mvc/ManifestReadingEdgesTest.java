package dev.mvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The strict reader at its edges: an unknown field is refused at every level, optional values
 * that are easy to drop (a dirty working tree, a JSON null among additional model fields) come
 * back through the manifest's own JSON, and the size limit is 1 MiB exactly.
 */
class ManifestReadingEdgesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ObjectNode tree(String resource) throws IOException {
    try (InputStream in = ManifestReadingEdgesTest.class.getClassLoader().getResourceAsStream(resource)) {
      return (ObjectNode) JSON.readTree(in);
    }
  }

  private static byte[] edited(String resource, Consumer<ObjectNode> change) throws IOException {
    ObjectNode root = tree(resource);
    change.accept(root);
    return JSON.writeValueAsBytes(root);
  }

  private static ObjectNode at(ObjectNode root, String dotted) {
    ObjectNode node = root;
    for (String part : dotted.split("\\.")) {
      node = node.has(part) ? (ObjectNode) node.get(part) : node.putObject(part);
    }
    return node;
  }

  @ParameterizedTest(name = "{1} in {0}")
  @CsvSource({
      "valid-bedrock.json,   ''",
      "valid-bedrock.json,   provenance",
      "valid-bedrock.json,   model",
      "valid-bedrock.json,   model.bedrock",
      "valid-bedrock.json,   model.bedrock.guardrail",
      "valid-bedrock.json,   prompt",
      "valid-bedrock.json,   prompt.template",
      "valid-bedrock.json,   prompt.system",
      "valid-bedrock.json,   inference",
      "valid-bedrock.json,   inference.overridable.temperature",
      "valid-sagemaker.json, model.sagemaker",
      "valid-sagemaker.json, model.sagemaker.artifact",
      "valid-sagemaker.json, model.sagemaker.image",
      "valid-sagemaker.json, model.sagemaker.scripts"})
  void anUnknownField_isRefusedAtEveryLevel_namingItsPath(String resource, String object) throws IOException {
    byte[] doc = edited("manifests/" + resource,
        root -> (object.isEmpty() ? root : at(root, object)).put("unexpected", "x"));
    String path = object.isEmpty() ? "unexpected" : object + ".unexpected";
    String of = object.isEmpty() ? "the manifest" : object;
    assertThatThrownBy(() -> VersionManifest.parse(doc)).isInstanceOf(ManifestParseException.class)
        .hasMessageContaining(path).hasMessageContaining("is not a known field of " + of);
  }

  @Test
  void anUnknownFieldInAKnowledgeBaseOrAgent_isRefused() throws IOException {
    byte[] kb = edited("manifests/valid-bedrock.json",
        root -> at(root, "model.bedrock").putObject("knowledgeBase").put("id", "KB1").put("unexpected", 1));
    assertThatThrownBy(() -> VersionManifest.parse(kb)).isInstanceOf(ManifestParseException.class)
        .hasMessageContaining("model.bedrock.knowledgeBase.unexpected");
    byte[] agent = edited("manifests/valid-bedrock.json", root -> at(root, "model.bedrock").putObject("agent")
        .put("id", "AGENT1").put("aliasId", "ALIAS1").put("unexpected", 1));
    assertThatThrownBy(() -> VersionManifest.parse(agent)).isInstanceOf(ManifestParseException.class)
        .hasMessageContaining("model.bedrock.agent.unexpected");
  }

  @Test
  void aDirtyWorkingTree_isReadKeptThroughToJsonAndPartOfTheDigest() throws IOException {
    VersionManifest dirty = VersionManifest.parse(edited("manifests/valid-bedrock.json",
        root -> at(root, "provenance").put("dirty", true)));
    VersionManifest clean = VersionManifest.parse(edited("manifests/valid-bedrock.json", root -> { }));
    assertThat(dirty.provenance().dirty()).isTrue();
    assertThat(clean.provenance().dirty()).isFalse();
    assertThat(dirty.digest()).isNotEqualTo(clean.digest());
    VersionManifest again = VersionManifest.parse(dirty.toJson());
    assertThat(again.provenance().dirty()).isTrue();
    assertThat(again.digest()).isEqualTo(dirty.digest());
  }

  @Test
  void aDirtyFlagThatIsNotABoolean_isRefusedNamingIt() throws IOException {
    byte[] doc = edited("manifests/valid-bedrock.json", root -> at(root, "provenance").put("dirty", "yes"));
    assertThatThrownBy(() -> VersionManifest.parse(doc)).isInstanceOf(ManifestParseException.class)
        .hasMessageContaining("provenance.dirty").hasMessageContaining("boolean");
  }

  @Test
  void anExplicitlyCleanWorkingTree_isReadAsClean() throws IOException {
    VersionManifest m = VersionManifest.parse(edited("manifests/valid-bedrock.json",
        root -> at(root, "provenance").put("dirty", false)));
    assertThat(m.provenance().dirty()).isFalse();
  }

  @Test
  void aValueOfTheWrongType_isShownInTheMessage() throws IOException {
    byte[] doc = edited("manifests/valid-bedrock.json", root -> at(root, "inference").put("temperature", true));
    assertThatThrownBy(() -> VersionManifest.parse(doc)).isInstanceOf(ManifestParseException.class)
        .hasMessageContaining("inference.temperature").hasMessageContaining("true");
  }

  @Test
  void anOverrideBoundWithEqualEnds_isAccepted() throws IOException {
    VersionManifest m = VersionManifest.parse(edited("manifests/valid-bedrock.json",
        root -> at(root, "inference.overridable.temperature").put("min", 0.2).put("max", 0.2)));
    assertThat(m.inference().overridable().get("temperature")).isEqualTo(new OverrideBound(0.2, 0.2));
  }

  @Test
  void aSageMakerTargetWithoutScripts_writesNoScriptsObject() throws IOException {
    VersionManifest without = VersionManifest.parse(edited("manifests/valid-sagemaker.json",
        root -> at(root, "model.sagemaker").remove("scripts")));
    assertThat(without.toCanonicalJson()).doesNotContain("\"scripts\"");
    assertThat(without.toJson()).doesNotContain("\"scripts\"");
    VersionManifest postOnly = VersionManifest.parse(edited("manifests/valid-sagemaker.json",
        root -> at(root, "model.sagemaker").putObject("scripts").put("postprocessSha256", "e".repeat(64))));
    assertThat(postOnly.toCanonicalJson()).contains("\"scripts\":{\"postprocessSha256\":\"" + "e".repeat(64) + "\"}");
  }

  @Test
  void anAbsentMaxTokens_staysAbsent() throws IOException {
    VersionManifest m = VersionManifest.parse(edited("manifests/valid-bedrock.json", root -> {
      at(root, "inference").remove("maxTokens");
      at(root, "inference.overridable").remove("maxTokens");
    }));
    assertThat(m.inference().maxTokens()).isNull();
    assertThat(VersionManifest.parse(m.toJson()).inference().maxTokens()).isNull();
    assertThat(m.toString()).contains("support-answer").contains("1.4.0").contains(m.digest());
  }

  @Test
  void aJsonNullAmongAdditionalModelFields_isKeptThroughToJson() throws IOException {
    VersionManifest m = VersionManifest.parse(edited("manifests/valid-bedrock.json", root -> {
      at(root, "inference.additionalModelFields").putNull("stop_reason");
      at(root, "inference.additionalModelFields").putArray("bias").add(1).addNull();
    }));
    assertThat(m.inference().additionalModelFields()).containsKey("stop_reason");
    String json = m.toJson();
    assertThat(json).contains("\"stop_reason\" : null");
    assertThat(VersionManifest.parse(json).inference().additionalModelFields().get("bias"))
        .isEqualTo(m.inference().additionalModelFields().get("bias"));
    assertThat(VersionManifest.parse(json).digest()).isEqualTo(m.digest());
  }

  @Test
  void aManifestOfExactlyOneMebibyte_isRead_andOneByteMoreIsRefused() throws IOException {
    byte[] doc = edited("manifests/valid-bedrock.json", root -> { });
    int limit = 1 << 20;
    byte[] padded = Arrays.copyOf(doc, limit);
    Arrays.fill(padded, doc.length, limit, (byte) ' ');
    assertThat(VersionManifest.parse(padded).name()).isEqualTo("support-answer");
    byte[] over = Arrays.copyOf(padded, limit + 1);
    over[limit] = ' ';
    assertThatThrownBy(() -> VersionManifest.parse(over)).isInstanceOf(ManifestParseException.class)
        .hasMessageContaining(String.valueOf(limit + 1));
    assertThat(new String(doc, StandardCharsets.UTF_8)).doesNotContain("\n");
  }
}
