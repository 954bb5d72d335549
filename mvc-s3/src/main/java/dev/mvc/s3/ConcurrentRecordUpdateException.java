package dev.mvc.s3;

import dev.mvc.MvcException;
import org.jspecify.annotations.Nullable;

/**
 * An exception raised when a record ({@link S3RecordLog}), such as a label or a Lambda alias
 * move, was changed by another writer between this writer's read and its write; nothing was
 * written. Read the record again and decide again.
 */
public final class ConcurrentRecordUpdateException extends MvcException {
  private static final long serialVersionUID = 1L;
  private final String record;

  /** Creates an exception about the record object {@code record}, read at {@code readVersionId}. */
  public ConcurrentRecordUpdateException(S3Location record, @Nullable String readVersionId, @Nullable Throwable cause) {
    super("record " + record + " was changed by another writer since it was read"
        + (readVersionId == null ? " (it did not exist then)" : " at version " + readVersionId)
        + "; nothing was written: read it again and retry", cause);
    this.record = record.toString();
  }

  /** Returns the record object, {@code s3://bucket/key}. */
  public String record() {
    return record;
  }
}
