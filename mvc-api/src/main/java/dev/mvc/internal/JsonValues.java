package dev.mvc.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Validation and deep copies of JSON-like Java values: strings, booleans, finite numbers, null,
 * lists and string-keyed maps, as used for free-form manifest fields.
 */
public final class JsonValues {
  /** A marker for JSON null inside immutable maps and lists, which cannot hold null. */
  public static final Object NULL = new Object() {
    @Override
    public String toString() {
      return "null";
    }
  };

  private JsonValues() {}

  /** Returns an unmodifiable deep copy of {@code map}, failing at {@code path} on bad values. */
  public static Map<String, Object> immutableObject(String path, Map<String, ?> map) {
    Map<String, Object> out = new LinkedHashMap<>();
    map.forEach((k, v) -> {
      if (k == null) {
        throw Checks.fail(path, "must not have a null key");
      }
      out.put(k, copy(path + "." + k, v, 1));
    });
    return Collections.unmodifiableMap(out);
  }

  private static Object copy(String path, @Nullable Object v, int depth) {
    if (depth > 32) {
      throw Checks.fail(path, "is nested deeper than 32 levels");
    }
    if (v == null || v == NULL) {
      return NULL;
    }
    if (v instanceof String || v instanceof Boolean) {
      return v;
    }
    if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte
        || v instanceof BigInteger) {
      return v instanceof BigInteger ? v : ((Number) v).longValue();
    }
    if (v instanceof Double || v instanceof Float || v instanceof BigDecimal) {
      double d = ((Number) v).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw Checks.fail(path, "must be a finite number", v);
      }
      return d;
    }
    if (v instanceof Map) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        if (!(e.getKey() instanceof String)) {
          throw Checks.fail(path, "must have string keys", e.getKey());
        }
        out.put((String) e.getKey(), copy(path + "." + e.getKey(), e.getValue(), depth + 1));
      }
      return Collections.unmodifiableMap(out);
    }
    if (v instanceof List) {
      List<Object> out = new ArrayList<>();
      List<?> in = (List<?>) v;
      for (int i = 0; i < in.size(); i++) {
        out.add(copy(path + "[" + i + "]", in.get(i), depth + 1));
      }
      return Collections.unmodifiableList(out);
    }
    throw Checks.fail(path, "must be a JSON value (string, number, boolean, null, list or map)",
        v.getClass().getSimpleName());
  }
}
