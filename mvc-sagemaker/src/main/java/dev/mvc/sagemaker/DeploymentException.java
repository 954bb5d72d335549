package dev.mvc.sagemaker;

import dev.mvc.MvcException;
import org.jspecify.annotations.Nullable;

/**
 * An exception raised when an endpoint deployment or rollback cannot be done or does not
 * complete: no previous approved package, the endpoint busy or failed, SageMaker rolling the
 * update back, or the wait timing out. Nothing is deleted on failure.
 */
public final class DeploymentException extends MvcException {
  private static final long serialVersionUID = 1L;
  private final String endpointName;

  /** Creates an exception about {@code endpointName}. */
  public DeploymentException(String endpointName, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.endpointName = endpointName;
  }

  /** Returns the endpoint concerned. */
  public String endpointName() {
    return endpointName;
  }
}
