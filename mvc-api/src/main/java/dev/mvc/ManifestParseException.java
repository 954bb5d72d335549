package dev.mvc;

/**
 * An exception raised when manifest bytes are not a valid {@code mvc/v1} document: broken
 * JSON, wrong types, out-of-range values, unknown or duplicate fields, oversize input. The
 * message and {@link #path()} name the JSON path of the offending value.
 */
public final class ManifestParseException extends ManifestException {
  private static final long serialVersionUID = 1L;
  private final String path;

  /** Creates an exception for the value at {@code path} ({@code $} for the document). */
  public ManifestParseException(String path, String message) {
    super(message);
    this.path = path;
  }

  /** Creates an exception for the value at {@code path} with a cause. */
  public ManifestParseException(String path, String message, Throwable cause) {
    super(message, cause);
    this.path = path;
  }

  /** Returns the JSON path of the offending value, such as {@code inference.temperature}. */
  public String path() {
    return path;
  }
}
