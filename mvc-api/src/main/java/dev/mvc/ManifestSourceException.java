package dev.mvc;

import org.jspecify.annotations.Nullable;

/**
 * An exception raised when a manifest or its content cannot be fetched: the store is
 * unreachable, the object or version does not exist, access is denied.
 */
public final class ManifestSourceException extends ManifestException {
  private static final long serialVersionUID = 1L;
  private final boolean notFound;

  /** Creates an exception; {@code notFound} tells a missing object from an unreachable store. */
  public ManifestSourceException(String message, boolean notFound, @Nullable Throwable cause) {
    super(message, cause);
    this.notFound = notFound;
  }

  /** Returns whether the source answered that the manifest (or version) does not exist. */
  public boolean notFound() {
    return notFound;
  }
}
