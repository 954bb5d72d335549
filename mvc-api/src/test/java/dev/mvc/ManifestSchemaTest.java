package dev.mvc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The shipped JSON Schema knows every field the parser accepts. */
class ManifestSchemaTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode read(String resource) throws IOException {
    try (InputStream in = ManifestSchemaTest.class.getClassLoader().getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      return JSON.readTree(in);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"manifests/valid-bedrock.json", "manifests/valid-sagemaker.json"})
  void everyFieldOfAValidManifest_isDescribedByTheSchema(String manifest) throws IOException {
    JsonNode schema = read("dev/mvc/mvc-v1.schema.json");
    List<String> missing = new ArrayList<>();
    walk(read(manifest), schema, "", missing);
    assertThat(missing).isEmpty();
    assertThat(schema.path("properties").path("schema").path("const").asText()).isEqualTo(VersionManifest.SCHEMA);
  }

  private static void walk(JsonNode value, JsonNode schema, String path, List<String> missing) {
    if (!value.isObject() || !schema.has("properties")) {
      return;
    }
    for (Iterator<String> it = value.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      JsonNode sub = schema.path("properties").path(field);
      if (sub.isMissingNode()) {
        missing.add(path + field);
      } else {
        walk(value.get(field), sub, path + field + ".", missing);
      }
    }
  }
}
