package dev.mvc;

/**
 * An exception raised when content does not match the SHA-256 that pins it: a template or
 * system prompt, a blob from a {@link dev.mvc.spi.ContentStore}, or a manifest whose stored
 * checksum or signature does not match its bytes.
 */
public final class ManifestIntegrityException extends ManifestException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message. */
  public ManifestIntegrityException(String message) {
    super(message);
  }

  /** Creates an exception with a message and a cause. */
  public ManifestIntegrityException(String message, Throwable cause) {
    super(message, cause);
  }
}
