package dev.mvc.internal;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A writer of the JSON Canonicalization Scheme (RFC 8785) for JSON-like Java values: object
 * members sorted by UTF-16 code units, no white space, minimal string escaping and numbers in
 * the ECMAScript {@code Number.prototype.toString} form.
 */
public final class Jcs {
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

  /** Returns the ECMAScript string form of a number, as RFC 8785 section 3.2.2.3 requires. */
  public static String number(Number n) {
    double d = n.doubleValue();
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw new IllegalArgumentException("JSON has no " + d);
    }
    if (d == 0) {
      return "0"; // also for -0
    }
    String sign = d < 0 ? "-" : "";
    double a = Math.abs(d);
    // Shortest decimal digits that round-trip to the same double.
    BigDecimal exact = new BigDecimal(a);
    String digits = null;
    int exponent = 0; // value = 0.digits * 10^exponent
    for (int precision = 1; precision <= 17; precision++) {
      BigDecimal r = exact.round(new MathContext(precision));
      if (r.doubleValue() == a) {
        BigDecimal stripped = r.stripTrailingZeros();
        digits = stripped.unscaledValue().toString();
        exponent = digits.length() - stripped.scale();
        break;
      }
    }
    if (digits == null) {
      throw new IllegalStateException("no round-trip form for " + d);
    }
    int k = digits.length();
    int nExp = exponent; // ECMAScript n: value = digits * 10^(n-k)
    StringBuilder out = new StringBuilder(sign);
    if (k <= nExp && nExp <= 21) {
      out.append(digits);
      for (int i = 0; i < nExp - k; i++) {
        out.append('0');
      }
    } else if (0 < nExp && nExp <= 21) {
      out.append(digits, 0, nExp).append('.').append(digits, nExp, k);
    } else if (-6 < nExp && nExp <= 0) {
      out.append("0.");
      for (int i = 0; i < -nExp; i++) {
        out.append('0');
      }
      out.append(digits);
    } else {
      int e = nExp - 1;
      out.append(digits.charAt(0));
      if (k > 1) {
        out.append('.').append(digits, 1, k);
      }
      out.append('e').append(e < 0 ? "-" : "+").append(Math.abs(e));
    }
    return out.toString();
  }
}
