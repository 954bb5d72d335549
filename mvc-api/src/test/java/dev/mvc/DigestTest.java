package dev.mvc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mvc.internal.Jcs;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The manifest digest: RFC 8785 canonical JSON, blind to layout, sensitive to every value. */
class DigestTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Map<String, Object> validTree() throws IOException {
    try (InputStream in = DigestTest.class.getClassLoader().getResourceAsStream("manifests/valid-bedrock.json")) {
      @SuppressWarnings("unchecked")
      Map<String, Object> tree = JSON.readValue(in, LinkedHashMap.class);
      return tree;
    }
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "0|0", "-0.0|0", "1|1", "-1|-1", "4.50|4.5", "2e-3|0.002", "1E30|1e+30", "1e21|1e+21",
      "1e20|100000000000000000000", "0.000001|0.000001", "1e-7|1e-7", "333333333.33333329|333333333.3333333",
      "5e-324|5e-324", "1.7976931348623157e308|1.7976931348623157e+308", "9007199254740992|9007199254740992",
      "295147905179352830000|295147905179352830000", "0.1|0.1", "123456789012345680000|123456789012345680000"})
  void numbers_areWrittenInTheEcmaScriptForm(String input, String expected) {
    assertThat(Jcs.number(Double.parseDouble(input))).isEqualTo(expected);
  }

  @Test
  void rfc8785Example_isCanonicalisedExactly() throws IOException {
    String input = "{\"numbers\":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],"
        + "\"string\":\"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\",\"literals\":[null,true,false]}";
    Object tree = JSON.readValue(input, Object.class);
    assertThat(Jcs.canonicalize(tree)).isEqualTo("{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,"
        + "1e+30,4.5,0.002,1e-27],\"string\":\"\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
  }

  @Test
  void digest_isTheSameForAnyKeyOrderAndWhitespace() throws IOException {
    Map<String, Object> tree = validTree();
    String expected = VersionManifest.parse(JSON.writeValueAsBytes(tree)).digest();
    Random random = new Random(8785);
    for (int i = 0; i < 200; i++) {
      String text = write(shuffle(tree, random), random);
      assertThat(VersionManifest.parse(text).digest()).as(text).isEqualTo(expected);
    }
  }

  @Test
  void digest_changesWhenAnyValueChanges() throws IOException {
    Map<String, Object> tree = validTree();
    String original = VersionManifest.parse(JSON.writeValueAsBytes(tree)).digest();
    List<List<Object>> paths = new ArrayList<>();
    leaves(tree, new ArrayList<>(), paths);
    int changed = 0;
    for (List<Object> path : paths) {
      Map<String, Object> copy = validTree();
      Object old = get(copy, path);
      Object replacement = mutate(path, old);
      if (replacement == null) {
        continue;
      }
      set(copy, path, replacement);
      VersionManifest m;
      try {
        m = VersionManifest.parse(JSON.writeValueAsBytes(copy));
      } catch (ManifestException e) {
        continue; // a mutation the schema refuses cannot collide with anything
      }
      assertThat(m.digest()).as("digest after changing %s from %s to %s", path, old, replacement).isNotEqualTo(original);
      changed++;
    }
    assertThat(changed).as("mutated leaves that still parse").isGreaterThan(20);
  }

  @Test
  void digest_ofAParsedManifestEqualsTheDigestOfItsJson() throws IOException {
    VersionManifest m = VersionManifest.parse(JSON.writeValueAsBytes(validTree()));
    assertThat(VersionManifest.parse(m.toJson()).digest()).isEqualTo(m.digest());
    assertThat(VersionManifest.parse(m.toJson())).isEqualTo(m);
    assertThat(m.digest()).startsWith("sha256:").hasSize(71);
  }

  private static Object mutate(List<Object> path, Object old) {
    String last = String.valueOf(path.get(path.size() - 1));
    if (last.equals("sha256") || last.equals("schema")) {
      return null; // covered by the corpus: a changed hash is an integrity error
    }
    if (old instanceof String) {
      String s = (String) old;
      if (last.equals("text")) {
        return null;
      }
      if (last.equals("createdAt")) {
        return "2026-11-20T10:00:01Z";
      }
      if (last.equals("trainingDate")) {
        return "2026-10-02";
      }
      if (last.equals("gitSha")) {
        return s.replace('3', '4');
      }
      if (last.equals("version") && path.size() == 1) {
        return "1.4.1";
      }
      return s.endsWith("0") ? s.substring(0, s.length() - 1) + "1" : s + "x";
    }
    if (old instanceof Integer || old instanceof Long) {
      return ((Number) old).longValue() + 1;
    }
    if (old instanceof Double) {
      double d = (Double) old;
      return d == 0 ? 0.01 : d * 0.5;
    }
    if (old instanceof Boolean) {
      return !(Boolean) old;
    }
    return null;
  }

  @SuppressWarnings("unchecked")
  private static void leaves(Object node, List<Object> path, List<List<Object>> out) {
    if (node instanceof Map) {
      ((Map<String, Object>) node).forEach((k, v) -> {
        List<Object> p = new ArrayList<>(path);
        p.add(k);
        leaves(v, p, out);
      });
    } else if (node instanceof List) {
      List<Object> l = (List<Object>) node;
      for (int i = 0; i < l.size(); i++) {
        List<Object> p = new ArrayList<>(path);
        p.add(i);
        leaves(l.get(i), p, out);
      }
    } else {
      out.add(path);
    }
  }

  @SuppressWarnings("unchecked")
  private static Object get(Object node, List<Object> path) {
    for (Object k : path) {
      node = k instanceof Integer ? ((List<Object>) node).get((Integer) k) : ((Map<String, Object>) node).get(k);
    }
    return node;
  }

  @SuppressWarnings("unchecked")
  private static void set(Object node, List<Object> path, Object value) {
    Object parent = get(node, path.subList(0, path.size() - 1));
    Object k = path.get(path.size() - 1);
    if (k instanceof Integer) {
      ((List<Object>) parent).set((Integer) k, value);
    } else {
      ((Map<String, Object>) parent).put((String) k, value);
    }
  }

  @SuppressWarnings("unchecked")
  private static Object shuffle(Object node, Random random) {
    if (node instanceof Map) {
      List<Map.Entry<String, Object>> entries = new ArrayList<>(((Map<String, Object>) node).entrySet());
      Collections.shuffle(entries, random);
      Map<String, Object> out = new LinkedHashMap<>();
      entries.forEach(e -> out.put(e.getKey(), shuffle(e.getValue(), random)));
      return out;
    }
    if (node instanceof List) {
      List<Object> out = new ArrayList<>();
      ((List<Object>) node).forEach(e -> out.add(shuffle(e, random)));
      return out;
    }
    return node;
  }

  /** Writes JSON with random white space between tokens. */
  private static String write(Object tree, Random random) throws IOException {
    String compact = JSON.writeValueAsString(tree);
    StringBuilder out = new StringBuilder();
    boolean inString = false;
    for (int i = 0; i < compact.length(); i++) {
      char c = compact.charAt(i);
      out.append(c);
      if (c == '"' && compact.charAt(i - 1) != '\\') {
        inString = !inString;
      }
      if (!inString && (c == ',' || c == ':' || c == '{' || c == '[')) {
        out.append(" \n\t\r".substring(0, random.nextInt(5)));
      }
    }
    return out.toString();
  }
}
