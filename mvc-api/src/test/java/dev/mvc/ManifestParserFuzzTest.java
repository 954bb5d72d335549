package dev.mvc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A bounded randomised fuzz of the manifest parser: valid manifests mutated at the byte level and
 * in their structure. Every input either parses or fails with a {@link ManifestException}; an
 * accepted input must be one the parser fully understood (its JSON equals the manifest's own
 * JSON, so nothing was silently ignored) and must satisfy the schema's ranges.
 */
class ManifestParserFuzzTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int ROUNDS = 4000;

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = ManifestParserFuzzTest.class.getClassLoader().getResourceAsStream(name)) {
      return in.readAllBytes();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"manifests/valid-bedrock.json", "manifests/valid-sagemaker.json"})
  void mutatedManifests_failOnlyWithManifestExceptions_andAreNeverHalfUnderstood(String seed) throws IOException {
    byte[] valid = resource(seed);
    Random random = new Random(seed.hashCode());
    int accepted = 0;
    int rejected = 0;
    for (int i = 0; i < ROUNDS; i++) {
      byte[] input = i % 2 == 0 ? mutateBytes(valid, random) : mutateTree(valid, random);
      VersionManifest m;
      try {
        m = VersionManifest.parse(input);
      } catch (ManifestException e) {
        assertThat(e.getMessage()).as("message of a rejection").isNotBlank();
        rejected++;
        continue;
      } catch (RuntimeException e) {
        throw new AssertionError("parser threw " + e + " outside the mvc tree for input:\n"
            + new String(input, StandardCharsets.UTF_8), e);
      }
      accepted++;
      checkFullyUnderstood(input, m);
      checkRanges(m);
    }
    assertThat(rejected).isGreaterThan(ROUNDS / 4);
    assertThat(accepted).isGreaterThan(0);
  }

  private static void checkFullyUnderstood(byte[] input, VersionManifest m) throws IOException {
    // Null and empty optional containers mean "absent" and are not written back; compare without them.
    JsonNode given = withoutNulls(JSON.readTree(input));
    JsonNode own = withoutNulls(JSON.readTree(m.toJson()));
    assertThat(equalJson(given, own)).as("accepted input equals the manifest's JSON:\n%s\nvs\n%s", given, own).isTrue();
    assertThat(VersionManifest.parse(m.toJson()).digest()).isEqualTo(m.digest());
  }

  private static void checkRanges(VersionManifest m) {
    InferenceParameters p = m.inference();
    if (p.temperature() != null) {
      assertThat(p.temperature()).isBetween(0.0, 1.0);
    }
    if (p.topP() != null) {
      assertThat(p.topP()).isBetween(0.0, 1.0);
    }
    if (p.maxTokens() != null) {
      assertThat(p.maxTokens()).isPositive();
    }
    if (m.prompt().template().sha256() != null) {
      assertThat(m.prompt().template().sha256()).matches("[0-9a-f]{64}");
    }
  }

  private static boolean equalJson(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    if (a.isObject() && b.isObject()) {
      if (a.size() != b.size()) {
        return false;
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!b.has(e.getKey()) || !equalJson(e.getValue(), b.get(e.getKey()))) {
          return false;
        }
      }
      return true;
    }
    if (a.isArray() && b.isArray()) {
      if (a.size() != b.size()) {
        return false;
      }
      for (int i = 0; i < a.size(); i++) {
        if (!equalJson(a.get(i), b.get(i))) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }

  private static JsonNode withoutNulls(JsonNode n) {
    if (n.isObject()) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      n.fields().forEachRemaining(e -> {
        JsonNode v = withoutNulls(e.getValue());
        if (!v.isNull() && !(v.isContainerNode() && v.isEmpty())) {
          out.set(e.getKey(), v);
        }
      });
      return out;
    }
    if (n.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      n.forEach(e -> out.add(withoutNulls(e)));
      return out;
    }
    return n;
  }

  private static byte[] mutateBytes(byte[] valid, Random r) {
    byte[] b = valid.clone();
    int op = r.nextInt(4);
    int at = r.nextInt(b.length);
    switch (op) {
      case 0:
        b[at] = (byte) r.nextInt(256);
        return b;
      case 1: {
        int len = 1 + r.nextInt(Math.min(40, b.length - at));
        byte[] out = new byte[b.length - len];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(b, at + len, out, at, b.length - at - len);
        return out;
      }
      case 2: {
        String[] tokens = {"{", "}", "[", "]", ",", ":", "\"", "\\", "null", "1e999", "-0", "\u0000", "\uFFFF", "\"x\":1,"};
        byte[] ins = tokens[r.nextInt(tokens.length)].getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[b.length + ins.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(ins, 0, out, at, ins.length);
        System.arraycopy(b, at, out, at + ins.length, b.length - at);
        return out;
      }
      default: {
        int len = 1 + r.nextInt(Math.min(60, b.length - at));
        byte[] out = new byte[b.length + len];
        System.arraycopy(b, 0, out, 0, at + len);
        System.arraycopy(b, at, out, at + len, b.length - at);
        return out;
      }
    }
  }

  private static byte[] mutateTree(byte[] valid, Random r) throws IOException {
    JsonNode root = JSON.readTree(valid);
    List<JsonNode> containers = new ArrayList<>();
    collect(root, containers);
    JsonNode target = containers.get(r.nextInt(containers.size()));
    if (target.isObject()) {
      ObjectNode o = (ObjectNode) target;
      List<String> names = new ArrayList<>();
      o.fieldNames().forEachRemaining(names::add);
      int op = r.nextInt(3);
      if (op == 0 && !names.isEmpty()) {
        o.remove(names.get(r.nextInt(names.size())));
      } else if (op == 1 && !names.isEmpty()) {
        o.set(names.get(r.nextInt(names.size())), randomValue(r));
      } else {
        o.set(randomKey(r, names), randomValue(r));
      }
    } else {
      ArrayNode a = (ArrayNode) target;
      if (a.size() > 0 && r.nextBoolean()) {
        a.set(r.nextInt(a.size()), randomValue(r));
      } else {
        a.add(randomValue(r));
      }
    }
    return JSON.writeValueAsBytes(root);
  }

  private static String randomKey(Random r, List<String> existing) {
    String[] keys = {"text", "sha256", "temperature", "topP", "maxTokens", "modelId", "extra", "", "schema", "version",
        "variables", "digest", "environment", "min", "max"};
    return keys[r.nextInt(keys.length)];
  }

  private static JsonNode randomValue(Random r) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    switch (r.nextInt(12)) {
      case 0: return f.nullNode();
      case 1: return f.booleanNode(r.nextBoolean());
      case 2: return f.numberNode(r.nextInt(2000) - 1000);
      case 3: return f.numberNode(r.nextDouble() * 3 - 1);
      case 4: return f.numberNode(Long.MAX_VALUE);
      case 5: return f.textNode("");
      case 6: return f.textNode("x".repeat(r.nextInt(300)));
      case 7: return f.textNode("sha256:" + "a".repeat(64));
      case 8: return f.textNode("{{q}}\u0000\u202e");
      case 9: return f.arrayNode().add("a").add(1);
      case 10: return f.objectNode().put("k", "v");
      default: return f.numberNode(0.5);
    }
  }

  private static void collect(JsonNode n, List<JsonNode> out) {
    if (n.isObject() || n.isArray()) {
      out.add(n);
      n.forEach(c -> collect(c, out));
    }
  }
}
