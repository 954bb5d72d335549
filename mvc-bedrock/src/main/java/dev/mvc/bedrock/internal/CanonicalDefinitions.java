package dev.mvc.bedrock.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The canonical form the Bedrock definition hashes share (an agent version's action groups, a
 * Prompt Management version's content): values pruned of nulls and empty strings, objects and
 * arrays, written as RFC 8785 canonical JSON and hashed with SHA-256 over UTF-8. A string holding
 * a lone surrogate is refused: UTF-8 cannot encode it, and replacing it would let two different
 * definitions hash the same.
 */
public final class CanonicalDefinitions {
  private CanonicalDefinitions() {}

  /**
   * Returns {@code value} without nulls, empty strings, empty objects and empty arrays, or null
   * when nothing is left. With {@code numbers}, numbers are kept as doubles (a {@code Float}, as
   * Bedrock stores temperature and top-p, at its shortest decimal form); without, a number is
   * refused like any other value that is not a string, boolean, object or array.
   *
   * @param what what holds the value, for the error message ({@code "a prompt version"})
   */
  public static @Nullable Object pruned(@Nullable Object value, boolean numbers, String what) {
    if (value == null || (value instanceof String s && s.isEmpty())) {
      return null;
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        Object v = pruned(e.getValue(), numbers, what);
        if (v != null) {
          out.put(String.valueOf(e.getKey()), v);
        }
      }
      return out.isEmpty() ? null : out;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      for (Object item : list) {
        Object v = pruned(item, numbers, what);
        if (v != null) {
          out.add(v);
        }
      }
      return out.isEmpty() ? null : out;
    }
    if (numbers && value instanceof Float f) {
      // The service stores 32-bit floats; their shortest decimal form is what the wire carries.
      return Double.parseDouble(Float.toString(f));
    }
    if (numbers && value instanceof Number n) {
      return n.doubleValue();
    }
    if (value instanceof String || value instanceof Boolean) {
      return value;
    }
    throw new IllegalArgumentException(what + " holds " + value + " (" + value.getClass().getSimpleName()
        + "); only strings, booleans, " + (numbers ? "numbers, " : "") + "objects and arrays are hashed");
  }

  /** Returns the lowercase hex SHA-256 of the UTF-8 bytes of {@code text}. */
  public static String sha256(String text) {
    requireWellFormed(text);
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /**
   * Writes strings, booleans, numbers (in the ECMAScript form of their double value), maps and
   * lists as RFC 8785 canonical JSON (keys in UTF-16 order).
   */
  public static String canonicalJson(Object value) {
    StringBuilder out = new StringBuilder();
    write(out, value);
    return out.toString();
  }

  private static void write(StringBuilder out, Object value) {
    if (value instanceof String s) {
      string(out, s);
    } else if (value instanceof Boolean b) {
      out.append(b.booleanValue());
    } else if (value instanceof Number n) {
      try {
        out.append(org.erdtman.jcs.NumberToJSON.serializeNumber(n.doubleValue()));
      } catch (java.io.IOException e) {
        throw new IllegalArgumentException("cannot hash the number " + n, e);
      }
    } else if (value instanceof Map<?, ?> map) {
      // String.compareTo orders by UTF-16 code units, as RFC 8785 requires.
      TreeMap<String, Object> sorted = new TreeMap<>();
      map.forEach((k, v) -> sorted.put(String.valueOf(k), v));
      out.append('{');
      boolean first = true;
      for (Map.Entry<String, Object> e : sorted.entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        string(out, e.getKey());
        out.append(':');
        write(out, e.getValue());
      }
      out.append('}');
    } else if (value instanceof List<?> list) {
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        write(out, list.get(i));
      }
      out.append(']');
    } else {
      throw new IllegalArgumentException("cannot hash " + value);
    }
  }

  private static void string(StringBuilder out, String s) {
    requireWellFormed(s);
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  /** Refuses a lone surrogate, naming its index. */
  private static void requireWellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
            "cannot hash a string with a lone surrogate U+%04X at index %d", (int) c, i));
      }
    }
  }
}
