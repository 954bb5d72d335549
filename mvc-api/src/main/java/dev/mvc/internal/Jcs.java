package dev.mvc.internal;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.erdtman.jcs.NumberToJSON;

/**
 * A writer of the JSON Canonicalization Scheme (RFC 8785) for JSON-like Java values: object
 * members sorted by UTF-16 code units, no white space, minimal string escaping and numbers in
 * the ECMAScript {@code Number.prototype.toString} form.
 */
public final class Jcs {
  /** The largest integer magnitude a double holds exactly, and so the largest that is hashed. */
  public static final long MAX_EXACT_LONG = 1L << 53;
  private static final BigInteger MAX_EXACT = BigInteger.valueOf(MAX_EXACT_LONG);

  private Jcs() {}

  /** Returns the canonical JSON text of {@code value}. */
  public static String canonicalize(Object value) {
    StringBuilder out = new StringBuilder(1024);
    write(out, value);
    return out.toString();
  }

  private static void write(StringBuilder out, Object v) {
    if (v == null || v == JsonValues.NULL) {
      out.append("null");
    } else if (v instanceof String) {
      writeString(out, (String) v);
    } else if (v instanceof Boolean) {
      out.append(((Boolean) v) ? "true" : "false");
    } else if (v instanceof Number) {
      out.append(number((Number) v));
    } else if (v instanceof Map) {
      Map<?, ?> map = (Map<?, ?>) v;
      List<String> keys = new ArrayList<>(map.size());
      for (Object k : map.keySet()) {
        keys.add((String) k);
      }
      // String.compareTo orders by UTF-16 code units, as RFC 8785 section 3.2.3 requires.
      keys.sort(String::compareTo);
      out.append('{');
      boolean first = true;
      for (String k : keys) {
        if (!first) {
          out.append(',');
        }
        first = false;
        writeString(out, k);
        out.append(':');
        write(out, map.get(k));
      }
      out.append('}');
    } else if (v instanceof List) {
      out.append('[');
      boolean first = true;
      for (Object e : (List<?>) v) {
        if (!first) {
          out.append(',');
        }
        first = false;
        write(out, e);
      }
      out.append(']');
    } else {
      throw new IllegalArgumentException("not a JSON value: " + v.getClass().getName());
    }
  }

  static void writeString(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"': out.append("\\\""); break;
        case '\\': out.append("\\\\"); break;
        case '\b': out.append("\\b"); break;
        case '\f': out.append("\\f"); break;
        case '\n': out.append("\\n"); break;
        case '\r': out.append("\\r"); break;
        case '\t': out.append("\\t"); break;
        default:
          if (c < 0x20) {
            out.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
          } else {
            out.append(c);
          }
      }
    }
    out.append('"');
  }

  /**
   * Returns the ECMAScript string form of a number, as RFC 8785 section 3.2.2.3 requires. The
   * digits come from the RFC authors' implementation of the shortest round-trip form; integers
   * a double cannot hold exactly are refused, as they would be hashed as another number.
   */
  public static String number(Number n) {
    if (n instanceof BigInteger && ((BigInteger) n).abs().compareTo(MAX_EXACT) > 0
        || n instanceof Long && Math.abs((Long) n) > MAX_EXACT_LONG) {
      throw new IllegalArgumentException("JSON number " + n + " is an integer beyond 2^53, which a double"
          + " cannot hold exactly");
    }
    double d = n.doubleValue();
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw new IllegalArgumentException("JSON has no " + d);
    }
    try {
      return NumberToJSON.serializeNumber(d);
    } catch (IOException e) {
      throw new IllegalArgumentException("JSON has no " + d, e);
    }
  }
}
