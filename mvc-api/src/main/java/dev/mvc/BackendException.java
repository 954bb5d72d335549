package dev.mvc;

import org.jspecify.annotations.Nullable;

/**
 * An exception raised when a model backend fails a call. It says whether retrying may help,
 * the provider's HTTP status and request id where known, and keeps the provider's exception
 * as the cause.
 */
public final class BackendException extends MvcException {
  private static final long serialVersionUID = 1L;
  private final boolean retryable;
  private final int statusCode;
  private final @Nullable String requestId;
  private final @Nullable String errorCode;

  private BackendException(Builder b) {
    super(b.message, b.cause);
    this.retryable = b.retryable;
    this.statusCode = b.statusCode;
    this.requestId = b.requestId;
    this.errorCode = b.errorCode;
  }

  /** Returns a builder for an exception with {@code message}. */
  public static Builder builder(String message) {
    return new Builder(message);
  }

  /** Returns whether the same call may succeed if retried (throttling, 5xx, timeouts). */
  public boolean retryable() {
    return retryable;
  }

  /** Returns the provider's HTTP status code, or 0 when the call never got an answer. */
  public int statusCode() {
    return statusCode;
  }

  /** Returns the provider's request id, or null when none was received. */
  public @Nullable String requestId() {
    return requestId;
  }

  /** Returns the provider's error code, such as {@code ThrottlingException}, or null. */
  public @Nullable String errorCode() {
    return errorCode;
  }

  /** A builder of {@link BackendException}. */
  public static final class Builder {
    private final String message;
    private @Nullable Throwable cause;
    private boolean retryable;
    private int statusCode;
    private @Nullable String requestId;
    private @Nullable String errorCode;

    private Builder(String message) {
      this.message = message;
    }

    /** Sets the provider exception that caused this one. */
    public Builder cause(@Nullable Throwable cause) {
      this.cause = cause;
      return this;
    }

    /** Sets whether retrying may help. */
    public Builder retryable(boolean retryable) {
      this.retryable = retryable;
      return this;
    }

    /** Sets the HTTP status code (0 when none). */
    public Builder statusCode(int statusCode) {
      this.statusCode = statusCode;
      return this;
    }

    /** Sets the provider request id. */
    public Builder requestId(@Nullable String requestId) {
      this.requestId = requestId;
      return this;
    }

    /** Sets the provider error code. */
    public Builder errorCode(@Nullable String errorCode) {
      this.errorCode = errorCode;
      return this;
    }

    /** Builds the exception. */
    public BackendException build() {
      return new BackendException(this);
    }
  }
}
