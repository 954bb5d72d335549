package dev.mvc.lambda;

import dev.mvc.MvcException;
import org.jspecify.annotations.Nullable;

/**
 * An exception raised when Lambda refuses or fails an alias operation, or a rollback has no
 * version to go to. The message names the function, the alias and the version; the AWS
 * exception, if any, is the cause.
 */
public final class LambdaAliasException extends MvcException {
  private static final long serialVersionUID = 1L;
  private final int statusCode;

  /** Creates an exception; {@code statusCode} is Lambda's HTTP status, or 0 when Lambda was not asked. */
  public LambdaAliasException(String message, int statusCode, @Nullable Throwable cause) {
    super(message, cause);
    this.statusCode = statusCode;
  }

  /** Returns Lambda's HTTP status (404 for an unknown function, alias or version), or 0. */
  public int statusCode() {
    return statusCode;
  }

  /** Returns whether Lambda said the function, alias or version does not exist. */
  public boolean notFound() {
    return statusCode == 404;
  }
}
