package dev.mvc.sagemaker.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/** Shows values that may be secret (environment variables) as a short hash that still tells them apart. */
public final class Redaction {
  private Redaction() {}

  /** Returns {@code sha256:<12 hex>…} of the value, or {@code (absent)}. */
  public static String show(@Nullable String value) {
    return value == null ? "(absent)" : "sha256:" + sha256(value).substring(0, 12) + "…";
  }

  /** Returns the hex SHA-256 of the UTF-8 bytes of {@code value}. */
  public static String sha256(String value) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
