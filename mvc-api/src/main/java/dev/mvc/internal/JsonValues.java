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
 * lists and string-keyed maps, as used for free-form manifest fields. A JSON null is held as Java
 * {@code null} in the copies (unmodifiable views of {@link LinkedHashMap} and {@link ArrayList},
 * which hold null), so every reader of a pinned value (an SDK document, a Jackson tree, another
 * JSON library) sees a null it knows rather than a private marker.
 */
public final class JsonValues {
  /** A marker for JSON null that the copies accept on input and turn into Java {@code null}. */
  public static final Object NULL = new Object() {
    @Override
    public String toString() {
      return "null";
    }
  };

  private static final BigDecimal MAX_EXACT = BigDecimal.valueOf(Jcs.MAX_EXACT_LONG);

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

  /**
   * Returns {@code n} as the value canonical JSON hashes: a {@link Long} when it is a whole
   * number, otherwise a {@link Double}. So {@code 50}, {@code 50.0} and {@code 5e1} are one
   * value, hashed and sent as {@code 50}.
   *
   * @throws dev.mvc.ManifestParseException at {@code path} for a non-finite number or one of
   *     magnitude above 2^53, which a double cannot hold exactly and so would be hashed as
   *     another number than the one sent
   */
  public static Number number(String path, Number n) {
    double d;
    if (n instanceof BigDecimal) {
      BigDecimal b = (BigDecimal) n;
      // Whole digits before the point; checked first so a huge exponent costs nothing.
      if (b.signum() != 0 && b.precision() - b.scale() > 16 || b.abs().compareTo(MAX_EXACT) > 0) {
        throw tooLarge(path, b.toString());
      }
      d = b.doubleValue();
    } else if (n instanceof BigInteger) {
      if (((BigInteger) n).abs().compareTo(MAX_EXACT.toBigInteger()) > 0) {
        throw tooLarge(path, n);
      }
      d = n.doubleValue();
    } else if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte) {
      long l = n.longValue();
      if (l > Jcs.MAX_EXACT_LONG || l < -Jcs.MAX_EXACT_LONG) {
        throw tooLarge(path, n);
      }
      return l;
    } else if (n instanceof Double || n instanceof Float) {
      d = n.doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw Checks.fail(path, "must be a finite number", n);
      }
      if (Math.abs(d) > Jcs.MAX_EXACT_LONG) {
        throw tooLarge(path, n);
      }
    } else {
      throw Checks.fail(path, "must be a JSON number", n.getClass().getSimpleName());
    }
    return d == Math.rint(d) ? (Number) (long) d : (Number) d;
  }

  private static dev.mvc.ManifestParseException tooLarge(String path, Object value) {
    return Checks.fail(path, "must be a number of magnitude at most 2^53 (9007199254740992); a double"
        + " cannot hold larger integers exactly, so another number would be hashed", value);
  }

  private static @Nullable Object copy(String path, @Nullable Object v, int depth) {
    if (depth > 32) {
      throw Checks.fail(path, "is nested deeper than 32 levels");
    }
    if (v == null || v == NULL) {
      return null;
    }
    if (v instanceof String) {
      String problem = WellFormedText.problem((String) v);
      if (problem != null) {
        throw Checks.fail(path, problem, v);
      }
      return v;
    }
    if (v instanceof Boolean) {
      return v;
    }
    if (v instanceof Number) {
      return number(path, (Number) v);
    }
    if (v instanceof Map) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        if (!(e.getKey() instanceof String)) {
          throw Checks.fail(path, "must have string keys", e.getKey());
        }
        String problem = WellFormedText.problem((String) e.getKey());
        if (problem != null) {
          throw Checks.fail(path, "has a key that " + problem, e.getKey());
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
