package dev.mvc.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 helpers: hex digests of bytes and of UTF-8 text. */
public final class Hashing {
  private static final HexFormat HEX = HexFormat.of();

  private Hashing() {}

  /** Returns a new SHA-256 message digest. */
  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  /** Returns the lowercase hex SHA-256 of {@code bytes}. */
  public static String sha256Hex(byte[] bytes) {
    return HEX.formatHex(sha256().digest(bytes));
  }

  /**
   * Returns the lowercase hex SHA-256 of the UTF-8 encoding of {@code text}.
   *
   * @throws IllegalArgumentException when the text holds a lone surrogate, which has no UTF-8
   *     form (a replacing encoder would hash it like {@code ?})
   */
  public static String sha256Hex(String text) {
    return sha256Hex(utf8(text));
  }

  /**
   * Returns the UTF-8 encoding of {@code text}, refusing text that has none.
   *
   * @throws IllegalArgumentException naming the index of the first lone surrogate
   */
  public static byte[] utf8(String text) {
    try {
      ByteBuffer bytes = StandardCharsets.UTF_8.newEncoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .encode(CharBuffer.wrap(text));
      byte[] out = new byte[bytes.remaining()];
      bytes.get(out);
      return out;
    } catch (CharacterCodingException e) {
      String problem = WellFormedText.problem(text);
      throw new IllegalArgumentException("text " + (problem != null ? problem : "cannot be encoded as UTF-8"), e);
    }
  }

  /** Returns lowercase hex of {@code bytes}. */
  public static String hex(byte[] bytes) {
    return HEX.formatHex(bytes);
  }
}
