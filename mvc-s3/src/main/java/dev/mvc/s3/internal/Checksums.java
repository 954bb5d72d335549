package dev.mvc.s3.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/** SHA-256 helpers: digests and the hex, base64 and {@code sha256:} forms S3 and mvc use. */
public final class Checksums {
  private static final HexFormat HEX = HexFormat.of();

  private Checksums() {}

  /** Returns a new SHA-256 digest. */
  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  /** Returns the lowercase hex SHA-256 of {@code bytes}. */
  public static String sha256Hex(byte[] bytes) {
    return HEX.formatHex(sha256().digest(bytes));
  }

  /** Returns the base64 SHA-256 of {@code bytes}, the form of {@code x-amz-checksum-sha256}. */
  public static String sha256Base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(sha256().digest(bytes));
  }

  /** Returns the lowercase hex form of a raw digest. */
  public static String hex(byte[] digest) {
    return HEX.formatHex(digest);
  }

  /** Converts a lowercase or uppercase hex SHA-256 to its base64 form. */
  public static String hexToBase64(String hex) {
    return Base64.getEncoder().encodeToString(HEX.parseHex(hex.toLowerCase(Locale.ROOT)));
  }

  /** Converts a base64 SHA-256 to lowercase hex. */
  public static String base64ToHex(String base64) {
    return HEX.formatHex(Base64.getDecoder().decode(base64));
  }

  /** Returns whether {@code hex} is 64 lowercase hex digits. */
  public static boolean isSha256Hex(String hex) {
    return hex.length() == 64 && hex.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
  }

  /**
   * Returns the hex part of a digest written as {@code sha256:<hex>} or as bare hex.
   *
   * @throws IllegalArgumentException naming {@code field} if it is neither
   */
  public static String digestHex(String digest, String field) {
    String hex = digest.startsWith("sha256:") ? digest.substring("sha256:".length()) : digest;
    if (!isSha256Hex(hex)) {
      throw new IllegalArgumentException(
          field + " must be sha256:<64 lowercase hex digits>, was " + digest);
    }
    return hex;
  }
}
