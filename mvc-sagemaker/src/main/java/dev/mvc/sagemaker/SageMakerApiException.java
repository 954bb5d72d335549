package dev.mvc.sagemaker;

import dev.mvc.MvcException;
import org.jspecify.annotations.Nullable;

/**
 * An exception raised when a SageMaker control-plane operation (Model Registry, models, endpoint
 * configurations, endpoints) fails. It names the operation, keeps the AWS exception as the cause
 * and says whether retrying may help.
 */
public final class SageMakerApiException extends MvcException {
  private static final long serialVersionUID = 1L;
  private final String operation;
  private final int statusCode;
  private final @Nullable String errorCode;
  private final @Nullable String requestId;
  private final boolean retryable;

  /** Creates an exception; used by this module's error mapping. */
  public SageMakerApiException(String operation, String message, int statusCode, @Nullable String errorCode,
      @Nullable String requestId, boolean retryable, @Nullable Throwable cause) {
    super(message, cause);
    this.operation = operation;
    this.statusCode = statusCode;
    this.errorCode = errorCode;
    this.requestId = requestId;
    this.retryable = retryable;
  }

  /** Returns the failed operation, such as {@code DescribeEndpoint}. */
  public String operation() {
    return operation;
  }

  /** Returns the HTTP status, or 0 when no answer was received. */
  public int statusCode() {
    return statusCode;
  }

  /** Returns the AWS error code, such as {@code ValidationException}, or null. */
  public @Nullable String errorCode() {
    return errorCode;
  }

  /** Returns the AWS request ID, or null. */
  public @Nullable String requestId() {
    return requestId;
  }

  /** Returns whether the same operation may succeed if retried. */
  public boolean retryable() {
    return retryable;
  }
}
