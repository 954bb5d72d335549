package dev.mvc;

import dev.mvc.internal.Hashing;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A document or an image that a caller sends with one call, after the conversation history and
 * before the rendered template in the same user turn. It is caller data, not part of the version:
 * the manifest digest does not cover it, but its SHA-256 goes into the response's stamp
 * ({@link VersionStamp#attachmentSha256s()}), the audit line and the response-cache key, and the
 * request guard checks that exactly these bytes are on the wire. The bytes are copied when the
 * attachment is made and never printed.
 *
 * <p>Bedrock's documented limits are checked here: an image at most {@value #MAX_IMAGE_BYTES}
 * bytes (3.75 MB, read as 3.75 &times; 2<sup>20</sup>), a document at most
 * {@value #MAX_DOCUMENT_BYTES} bytes (4.5 MB), neither empty, and a document name of 1 to 200
 * characters made of ASCII letters and digits, hyphens, parentheses, square brackets and single
 * spaces. The counts per call (at most {@value #MAX_DOCUMENTS} documents with distinct names and
 * {@value #MAX_IMAGES} images) are checked by {@link InvocationRequest.Builder}.
 */
public final class Attachment {
  /** The most bytes of one image Bedrock takes (3.75 MB). */
  public static final int MAX_IMAGE_BYTES = 3_932_160;
  /** The most bytes of one document Bedrock takes (4.5 MB). */
  public static final int MAX_DOCUMENT_BYTES = 4_718_592;
  /** The most documents one call may carry. */
  public static final int MAX_DOCUMENTS = 5;
  /** The most images one call may carry. */
  public static final int MAX_IMAGES = 20;
  /** The longest document name Bedrock takes. */
  public static final int MAX_NAME_LENGTH = 200;

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9()\\[\\] -]+");

  /** What an attachment is. */
  public enum Kind {
    /** A document ({@code document} block). */
    DOCUMENT,
    /** An image ({@code image} block). */
    IMAGE;

    /** Returns the lower-case name used in audit lines and error messages. */
    public String wireName() {
      return this == DOCUMENT ? "document" : "image";
    }
  }

  private final Kind kind;
  private final @Nullable String name;
  private final @Nullable DocumentFormat documentFormat;
  private final @Nullable ImageFormat imageFormat;
  private final byte[] bytes;
  private final String sha256;

  private Attachment(Kind kind, @Nullable String name, @Nullable DocumentFormat documentFormat,
      @Nullable ImageFormat imageFormat, byte[] bytes) {
    this.kind = kind;
    this.name = name;
    this.documentFormat = documentFormat;
    this.imageFormat = imageFormat;
    this.bytes = bytes;
    this.sha256 = Hashing.sha256Hex(bytes);
  }

  /**
   * Returns a document named {@code name} in {@code format}, holding a copy of {@code bytes}.
   *
   * @throws IllegalArgumentException naming the field and the value when the name or the size
   *     is outside Bedrock's limits, or the bytes are empty
   */
  public static Attachment document(String name, DocumentFormat format, byte[] bytes) {
    Objects.requireNonNull(name, "document.name");
    Objects.requireNonNull(format, "document.format");
    Objects.requireNonNull(bytes, "document.bytes");
    if (name.isEmpty() || name.length() > MAX_NAME_LENGTH || !NAME.matcher(name).matches() || name.contains("  ")) {
      throw new IllegalArgumentException("document.name must be 1 to " + MAX_NAME_LENGTH + " characters of ASCII"
          + " letters, digits, hyphens, parentheses, square brackets and single spaces, as Bedrock accepts, was '"
          + printable(name) + "'");
    }
    return new Attachment(Kind.DOCUMENT, name, format, null, checked("document " + name, bytes, MAX_DOCUMENT_BYTES, "4.5 MB"));
  }

  /**
   * Returns an image in {@code format}, holding a copy of {@code bytes}.
   *
   * @throws IllegalArgumentException naming the size when it is outside Bedrock's limit, or the
   *     bytes are empty
   */
  public static Attachment image(ImageFormat format, byte[] bytes) {
    Objects.requireNonNull(format, "image.format");
    Objects.requireNonNull(bytes, "image.bytes");
    return new Attachment(Kind.IMAGE, null, null, format, checked("image", bytes, MAX_IMAGE_BYTES, "3.75 MB"));
  }

  private static byte[] checked(String what, byte[] bytes, int max, String limit) {
    if (bytes.length == 0) {
      throw new IllegalArgumentException(what + " bytes must not be empty");
    }
    if (bytes.length > max) {
      throw new IllegalArgumentException(what + " bytes must be at most " + max + " (" + limit + ", Bedrock's limit), was "
          + bytes.length);
    }
    return bytes.clone();
  }

  private static String printable(String s) {
    String cut = s.length() > MAX_NAME_LENGTH + 10 ? s.substring(0, MAX_NAME_LENGTH + 10) + "..." : s;
    StringBuilder out = new StringBuilder(cut.length());
    cut.codePoints().forEach(c -> {
      if (c < 0x20 || c == 0x7f) {
        out.append(String.format("\\u%04x", c));
      } else {
        out.appendCodePoint(c);
      }
    });
    return out.toString();
  }

  /** Returns whether this is a document or an image. */
  public Kind kind() {
    return kind;
  }

  /** Returns the document's name, or null for an image. */
  public @Nullable String name() {
    return name;
  }

  /** Returns the format as Bedrock names it: {@code pdf}, {@code png}, ... */
  public String format() {
    return documentFormat != null ? documentFormat.wireName() : imageFormat.wireName();
  }

  /** Returns the media type of the format, such as {@code application/pdf} or {@code image/png}. */
  public String mediaType() {
    return documentFormat != null ? documentFormat.mediaType() : imageFormat.mediaType();
  }

  /** Returns the document's format, or null for an image. */
  public @Nullable DocumentFormat documentFormat() {
    return documentFormat;
  }

  /** Returns the image's format, or null for a document. */
  public @Nullable ImageFormat imageFormat() {
    return imageFormat;
  }

  /** Returns a copy of the bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** Returns a read-only view of the bytes, without copying them. */
  public ByteBuffer byteBuffer() {
    return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
  }

  /** Returns the number of bytes. */
  public int size() {
    return bytes.length;
  }

  /** Returns the lowercase hex SHA-256 of the bytes. */
  public String sha256() {
    return sha256;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Attachment)) {
      return false;
    }
    Attachment a = (Attachment) o;
    return kind == a.kind && Objects.equals(name, a.name) && documentFormat == a.documentFormat
        && imageFormat == a.imageFormat && sha256.equals(a.sha256) && java.util.Arrays.equals(bytes, a.bytes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, name, documentFormat, imageFormat, sha256);
  }

  @Override
  public String toString() {
    return kind.wireName() + "{" + (name != null ? "name=" + name + ", " : "") + "format=" + format()
        + ", bytes=" + bytes.length + ", sha256=" + sha256 + "}";
  }
}
