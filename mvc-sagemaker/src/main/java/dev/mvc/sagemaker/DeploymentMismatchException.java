package dev.mvc.sagemaker;

import dev.mvc.CheckFailedException;

/**
 * An exception raised when a running SageMaker endpoint does not match the manifest that should
 * be served from it: by the deployment check ({@value SageMakerEndpointBackend#DEPLOYMENT_CHECK})
 * in {@link dev.mvc.CheckMode#FAIL}, by {@link DeploymentReport#requireMatch()} and after a
 * rollback. The message lists every mismatching field; {@link #warnings()} has each one and
 * {@link #report()} the whole comparison.
 */
public final class DeploymentMismatchException extends CheckFailedException {
  private static final long serialVersionUID = 1L;
  private final transient DeploymentReport report;

  /** Creates an exception for a report with mismatches. */
  public DeploymentMismatchException(DeploymentReport report) {
    super(SageMakerEndpointBackend.DEPLOYMENT_CHECK, report.mismatches(), report.toString(), null);
    this.report = report;
  }

  /** Returns the report. */
  public DeploymentReport report() {
    return report;
  }
}
