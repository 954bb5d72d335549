package dev.mvc.cli.internal;

import dev.mvc.PromptText;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of prompt files and scripts, as lowercase hex (the form manifests pin). */
final class Hashes {
  private Hashes() {}

  static String sha256Hex(byte[] bytes) {
    return HexFormat.of().formatHex(sha256(bytes));
  }

  static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** Hashes prompt text exactly as a manifest pins it. */
  static String sha256Hex(String text) {
    return String.valueOf(PromptText.inline(text).sha256());
  }
}
