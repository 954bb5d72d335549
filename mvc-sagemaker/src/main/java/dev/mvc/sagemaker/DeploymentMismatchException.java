package dev.mvc.sagemaker;

import dev.mvc.MvcException;

/**
 * An exception raised when a running SageMaker endpoint does not match the manifest that should
 * be served from it. The message lists every mismatching field; {@link #report()} has them all.
 */
public final class DeploymentMismatchException extends MvcException {
  private static final long serialVersionUID = 1L;
  private final transient DeploymentReport report;

  /** Creates an exception for a report with mismatches. */
  public DeploymentMismatchException(DeploymentReport report) {
    super(report.toString());
    this.report = report;
  }

  /** Returns the report. */
  public DeploymentReport report() {
    return report;
  }
}
