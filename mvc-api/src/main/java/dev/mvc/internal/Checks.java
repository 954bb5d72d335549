package dev.mvc.internal;

import dev.mvc.ManifestParseException;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Validation helpers shared by the manifest builders and the parser, so a rule is written once
 * and every message names the JSON path and the offending value the same way.
 */
public final class Checks {
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern IMAGE_DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
  private static final Pattern S3_URI =
      Pattern.compile("s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/[^\\s]+");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,63}");
  private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

  private Checks() {}

  /** Returns an exception for {@code path} with {@code message}, followed by the shown value. */
  public static ManifestParseException fail(String path, String message, @Nullable Object value) {
    return new ManifestParseException(path, path + " " + message + ", was " + show(value));
  }

  /** Returns an exception for {@code path} with {@code message} and no value. */
  public static ManifestParseException fail(String path, String message) {
    return new ManifestParseException(path, path + " " + message);
  }

  /** Renders a value for an error message: strings quoted, escaped and shortened. */
  public static String show(@Nullable Object value) {
    if (value == null) {
      return "null";
    }
    if (!(value instanceof CharSequence)) {
      return String.valueOf(value);
    }
    String s = value.toString();
    StringBuilder out = new StringBuilder(Math.min(s.length(), 80) + 8).append('"');
    int limit = Math.min(s.length(), 80);
    for (int i = 0; i < limit; i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || c == 0x7f || Character.isSurrogate(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    if (s.length() > limit) {
      out.append("...(").append(s.length()).append(" chars)");
    }
    return out.append('"').toString();
  }

  /** Requires a non-null value. */
  public static <T> T required(String path, @Nullable T value) {
    if (value == null) {
      throw fail(path, "is required");
    }
    return value;
  }

  /** Requires non-blank text without control characters, at most {@code max} chars. */
  public static String text(String path, @Nullable String value, int max) {
    required(path, value);
    if (value.isBlank()) {
      throw fail(path, "must not be blank", value);
    }
    if (value.length() > max) {
      throw fail(path, "must be at most " + max + " characters", value);
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw fail(path, "must not contain control characters", value);
      }
    }
    return value;
  }

  /** Like {@link #text} but allows null. */
  public static @Nullable String optionalText(String path, @Nullable String value, int max) {
    return value == null ? null : text(path, value, max);
  }

  /** Requires a manifest name: letters, digits, {@code . _ -}, 1 to 128 chars. */
  public static String name(String path, @Nullable String value) {
    required(path, value);
    if (!NAME.matcher(value).matches()) {
      throw fail(path, "must match " + NAME.pattern(), value);
    }
    return value;
  }

  /** Requires a version label: letters, digits, {@code . _ + -}, 1 to 64 chars. */
  public static String version(String path, @Nullable String value) {
    required(path, value);
    if (!VERSION.matcher(value).matches()) {
      throw fail(path, "must match " + VERSION.pattern(), value);
    }
    return value;
  }

  /** Requires a template variable name. */
  public static String variable(String path, @Nullable String value) {
    required(path, value);
    if (!VARIABLE.matcher(value).matches()) {
      throw fail(path, "must be a variable name matching " + VARIABLE.pattern(), value);
    }
    return value;
  }

  /** Returns whether {@code value} is a variable name. */
  public static boolean isVariableName(String value) {
    return VARIABLE.matcher(value).matches();
  }

  /** Requires 64 lowercase hex digits, or null. */
  public static @Nullable String sha256(String path, @Nullable String value) {
    if (value != null && !SHA256.matcher(value).matches()) {
      throw fail(path, "must be 64 lowercase hex digits (a SHA-256)", value);
    }
    return value;
  }

  /** Requires {@code sha256:} and 64 lowercase hex digits, or null. */
  public static @Nullable String imageDigest(String path, @Nullable String value) {
    if (value != null && !IMAGE_DIGEST.matcher(value).matches()) {
      throw fail(path, "must be sha256: followed by 64 lowercase hex digits", value);
    }
    return value;
  }

  /** Requires a well-formed {@code s3://bucket/key} URI, or null. */
  public static @Nullable String s3Uri(String path, @Nullable String value) {
    if (value != null && (!S3_URI.matcher(value).matches() || value.contains(".."))) {
      throw fail(path, "must be an s3://bucket/key URI", value);
    }
    return value;
  }

  /** Requires a finite value in [0, 1], or null. */
  public static @Nullable Double unitInterval(String path, @Nullable Double value) {
    if (value != null && !(value >= 0.0 && value <= 1.0)) {
      throw fail(path, "must be in [0, 1]", value);
    }
    return value;
  }

  /** Requires an integer of at least 1, or null. */
  public static @Nullable Integer positive(String path, @Nullable Integer value) {
    if (value != null && value < 1) {
      throw fail(path, "must be >= 1", value);
    }
    return value;
  }
}
