package dev.mvc;

import org.jspecify.annotations.Nullable;

/**
 * An exception raised while fetching, parsing, verifying or admitting a manifest. A manifest
 * that raises it is never served; the previously loaded manifest, if any, keeps serving.
 */
public class ManifestException extends MvcException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message. */
  public ManifestException(String message) {
    super(message);
  }

  /** Creates an exception with a message and a cause. */
  public ManifestException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
