package dev.mvc.bedrock.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Finds the first difference between an expected and an actual JSON tree and names its path.
 * Numbers compare by value; an expected {@code float} node matches any number with the same
 * {@code float} value, because the AWS SDK carries temperature and topP as floats.
 */
public final class JsonDiff {

  private JsonDiff() {}

  /** A difference at {@code path}: the value seen and the value expected, each as JSON text or "absent". */
  public record Difference(String path, String actual, String expected) {}

  /** Returns the first difference, or null when the trees are equal. */
  public static @Nullable Difference first(String path, @Nullable JsonNode expected, @Nullable JsonNode actual) {
    if (expected == null || expected.isMissingNode()) {
      return actual == null || actual.isMissingNode() ? null : new Difference(path, text(actual), "absent");
    }
    if (actual == null || actual.isMissingNode()) {
      return new Difference(path, "absent", text(expected));
    }
    if (expected.isNumber() && actual.isNumber()) {
      return numbersEqual(expected, actual) ? null : new Difference(path, text(actual), text(expected));
    }
    if (expected.isObject() && actual.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        Difference d = first(path + "." + e.getKey(), e.getValue(), actual.get(e.getKey()));
        if (d != null) {
          return d;
        }
      }
      for (Iterator<String> it = actual.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        if (!expected.has(name)) {
          return new Difference(path + "." + name, text(actual.get(name)), "absent");
        }
      }
      return null;
    }
    if (expected.isArray() && actual.isArray()) {
      if (expected.size() != actual.size()) {
        return new Difference(path + ".length", String.valueOf(actual.size()), String.valueOf(expected.size()));
      }
      for (int i = 0; i < expected.size(); i++) {
        Difference d = first(path + "[" + i + "]", expected.get(i), actual.get(i));
        if (d != null) {
          return d;
        }
      }
      return null;
    }
    return expected.equals(actual) ? null : new Difference(path, text(actual), text(expected));
  }

  private static boolean numbersEqual(JsonNode expected, JsonNode actual) {
    if (expected.isFloat()) {
      return expected.floatValue() == actual.floatValue();
    }
    if (expected.isIntegralNumber() && actual.isIntegralNumber()) {
      return expected.bigIntegerValue().equals(actual.bigIntegerValue());
    }
    return Double.compare(expected.doubleValue(), actual.doubleValue()) == 0;
  }

  private static String text(JsonNode node) {
    String s = node.toString();
    return s.length() > 80 ? s.substring(0, 77) + "..." : s;
  }
}
