package dev.mvc;

/**
 * An exception raised when the policy requires an approved manifest and the manifest's digest
 * is not {@link ApprovalStatus#APPROVED} in the configured {@link dev.mvc.spi.ApprovalRegistry}.
 */
public final class ManifestApprovalException extends ManifestException {
  private static final long serialVersionUID = 1L;
  private final ApprovalStatus status;

  /** Creates an exception for a manifest found in {@code status}. */
  public ManifestApprovalException(String message, ApprovalStatus status) {
    super(message);
    this.status = status;
  }

  /** Returns the approval status the manifest had when it was refused. */
  public ApprovalStatus status() {
    return status;
  }
}
