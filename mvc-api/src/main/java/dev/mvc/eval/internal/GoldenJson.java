package dev.mvc.eval.internal;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mvc.Message;
import dev.mvc.eval.Expectations;
import dev.mvc.eval.GoldenCase;
import dev.mvc.eval.GoldenSetException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Reads and writes one golden-set line, strictly, naming the line and field of bad input. */
public final class GoldenJson {
  /** A mapper that rejects duplicate keys, shared by the evaluation JSON. */
  public static final ObjectMapper JSON = new ObjectMapper()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private static final Set<String> CASE_KEYS = Set.of("id", "variables", "history", "expect");
  private static final Set<String> EXPECT_KEYS = Set.of(Expectations.EXACT, Expectations.CONTAINS,
      Expectations.REGEX, Expectations.JSON_SCHEMA, Expectations.NUMBER);
  private static final Set<String> NUMBER_KEYS = Set.of("value", "tolerance");
  private static final Set<String> MESSAGE_KEYS = Set.of("role", "text");

  private GoldenJson() {}

  /** Parses line {@code line} (from 1) of {@code source}. */
  public static GoldenCase parseCase(String source, int line, String text) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonParseException e) {
      throw new GoldenSetException(source, line, null, "is not valid JSON: " + e.getOriginalMessage());
    } catch (JsonProcessingException e) {
      throw new GoldenSetException(source, line, null, "is not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new GoldenSetException(source, line, null, "must be a JSON object, was " + kind(root));
    }
    Bad bad = (field, problem) -> new GoldenSetException(source, line, field, problem);
    onlyKeys(root, CASE_KEYS, "", bad);
    JsonNode id = root.get("id");
    if (id == null) {
      throw bad.at("id", "is required");
    }
    if (!id.isTextual() || id.asText().isBlank()) {
      throw bad.at("id", "must be a non-blank string, was " + shown(id));
    }
    GoldenCase.Builder b = GoldenCase.builder(id.asText());
    JsonNode vars = root.get("variables");
    if (vars == null) {
      throw bad.at("variables", "is required (use {} for a template without variables)");
    }
    if (!vars.isObject()) {
      throw bad.at("variables", "must be an object, was " + kind(vars));
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = vars.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode v = e.getValue();
      String path = "variables." + e.getKey();
      if (v.isTextual()) {
        b.variable(e.getKey(), v.asText());
      } else if (v.isIntegralNumber() && v.canConvertToLong()) {
        b.variable(e.getKey(), v.asLong());
      } else if (v.isNumber()) {
        b.variable(e.getKey(), v.asDouble());
      } else if (v.isBoolean()) {
        b.variable(e.getKey(), v.asBoolean());
      } else {
        throw bad.at(path, "must be a string, number or boolean, was " + kind(v));
      }
    }
    JsonNode history = root.get("history");
    if (history != null) {
      if (!history.isArray()) {
        throw bad.at("history", "must be an array of {\"role\", \"text\"}, was " + kind(history));
      }
      List<Message> messages = new ArrayList<>();
      for (int i = 0; i < history.size(); i++) {
        JsonNode m = history.get(i);
        String path = "history[" + i + "]";
        if (!m.isObject()) {
          throw bad.at(path, "must be an object with role and text, was " + kind(m));
        }
        onlyKeys(m, MESSAGE_KEYS, path + ".", bad);
        JsonNode role = m.get("role");
        JsonNode textNode = m.get("text");
        if (role == null || !role.isTextual()) {
          throw bad.at(path + ".role", "must be \"user\" or \"assistant\", was " + shown(role));
        }
        Message.Role r;
        switch (role.asText()) {
          case "user": r = Message.Role.USER; break;
          case "assistant": r = Message.Role.ASSISTANT; break;
          default: throw bad.at(path + ".role", "must be \"user\" or \"assistant\", was " + shown(role));
        }
        if (textNode == null || !textNode.isTextual()) {
          throw bad.at(path + ".text", "must be a string, was " + shown(textNode));
        }
        messages.add(new Message(r, textNode.asText()));
      }
      b.history(messages);
    }
    JsonNode expect = root.get("expect");
    if (expect != null) {
      b.expect(expectations(expect, bad));
    }
    return b.build();
  }

  private static Expectations expectations(JsonNode expect, Bad bad) {
    if (!expect.isObject()) {
      throw bad.at("expect", "must be an object, was " + kind(expect));
    }
    onlyKeys(expect, EXPECT_KEYS, "expect.", bad);
    Expectations.Builder e = Expectations.builder();
    e.exact(text(expect, Expectations.EXACT, bad));
    e.contains(text(expect, Expectations.CONTAINS, bad));
    String regex = text(expect, Expectations.REGEX, bad);
    try {
      e.regex(regex);
    } catch (IllegalArgumentException ex) {
      throw bad.at("expect.regex", "is not a valid regular expression, was " + shown(expect.get("regex"))
          + ": " + (ex.getCause() == null ? ex.getMessage() : ((java.util.regex.PatternSyntaxException) ex.getCause()).getDescription()));
    }
    JsonNode schema = expect.get(Expectations.JSON_SCHEMA);
    if (schema != null) {
      if (!schema.isObject() && !schema.isBoolean()) {
        throw bad.at("expect.jsonSchema", "must be a JSON Schema (an object or a boolean), was " + kind(schema));
      }
      e.jsonSchema(schema.toString());
    }
    JsonNode number = expect.get(Expectations.NUMBER);
    if (number != null) {
      if (!number.isObject()) {
        throw bad.at("expect.number", "must be {\"value\": N, \"tolerance\": T}, was " + kind(number));
      }
      onlyKeys(number, NUMBER_KEYS, "expect.number.", bad);
      JsonNode value = number.get("value");
      if (value == null || !value.isNumber() || !Double.isFinite(value.asDouble())) {
        throw bad.at("expect.number.value", "must be a number, was " + shown(value));
      }
      JsonNode tolerance = number.get("tolerance");
      double tol = 0;
      if (tolerance != null) {
        if (!tolerance.isNumber() || !(tolerance.asDouble() >= 0) || !Double.isFinite(tolerance.asDouble())) {
          throw bad.at("expect.number.tolerance", "must be a number >= 0, was " + shown(tolerance));
        }
        tol = tolerance.asDouble();
      }
      e.number(value.asDouble(), tol);
    }
    return e.build();
  }

  private static String text(JsonNode expect, String key, Bad bad) {
    JsonNode n = expect.get(key);
    if (n == null) {
      return null;
    }
    if (!n.isTextual()) {
      throw bad.at("expect." + key, "must be a string, was " + kind(n));
    }
    return n.asText();
  }

  private static void onlyKeys(JsonNode node, Set<String> allowed, String prefix, Bad bad) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!allowed.contains(k)) {
        throw bad.at(prefix + k, "is not a known key; allowed: " + new java.util.TreeSet<>(allowed));
      }
    }
  }

  /** Writes one case as a compact JSON line, keys in the documented order. */
  public static String write(GoldenCase c) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", c.id());
    ObjectNode vars = n.putObject("variables");
    c.variables().forEach((k, v) -> vars.set(k, JSON.valueToTree(v)));
    if (!c.history().isEmpty()) {
      ArrayNode h = n.putArray("history");
      for (Message m : c.history()) {
        h.addObject().put("role", m.role().name().toLowerCase(Locale.ROOT)).put("text", m.text());
      }
    }
    Expectations e = c.expect();
    if (!e.keys().isEmpty()) {
      ObjectNode x = n.putObject("expect");
      if (e.exact() != null) {
        x.put(Expectations.EXACT, e.exact());
      }
      if (e.contains() != null) {
        x.put(Expectations.CONTAINS, e.contains());
      }
      if (e.regex() != null) {
        x.put(Expectations.REGEX, e.regex());
      }
      if (e.jsonSchema() != null) {
        try {
          x.set(Expectations.JSON_SCHEMA, JSON.readTree(e.jsonSchema()));
        } catch (JsonProcessingException ex) {
          throw new IllegalArgumentException("expect.jsonSchema of case " + c.id() + " is not JSON: "
              + ex.getOriginalMessage(), ex);
        }
      }
      if (e.number() != null) {
        x.putObject(Expectations.NUMBER).put("value", e.number().value()).put("tolerance", e.number().tolerance());
      }
    }
    return n.toString();
  }

  private static String kind(JsonNode n) {
    if (n == null || n.isMissingNode()) {
      return "nothing";
    }
    return n.getNodeType().name().toLowerCase(Locale.ROOT);
  }

  private static String shown(JsonNode n) {
    if (n == null) {
      return "missing";
    }
    String s = n.toString();
    return s.length() > 80 ? s.substring(0, 77) + "..." : s;
  }

  @FunctionalInterface
  private interface Bad {
    GoldenSetException at(String field, String problem);
  }
}
