package dev.mvc.s3;

import dev.mvc.MvcException;
import org.jspecify.annotations.Nullable;

/**
 * An exception raised when a write to an S3 manifest store fails or the store is not set up
 * as mvc needs it (for example a bucket without object versioning). Reads that fail raise
 * {@link dev.mvc.ManifestSourceException} instead. The AWS exception, if any, is the cause.
 */
public final class S3StoreException extends MvcException {
  private static final long serialVersionUID = 1L;
  private final String bucket;

  /** Creates an exception about {@code bucket}. */
  public S3StoreException(String bucket, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.bucket = bucket;
  }

  /** Returns the bucket the failed operation was about. */
  public String bucket() {
    return bucket;
  }
}
