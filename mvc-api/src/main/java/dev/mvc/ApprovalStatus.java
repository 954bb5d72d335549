package dev.mvc;

/**
 * The approval status of a manifest digest, using the SageMaker Model Registry's vocabulary so
 * that approvals read the same on S3 and SageMaker.
 */
public enum ApprovalStatus {
  /** Waiting for a person to approve or reject it. */
  PENDING_MANUAL_APPROVAL("PendingManualApproval"),
  /** Approved for serving. */
  APPROVED("Approved"),
  /** Rejected; never served under a policy that requires approval. */
  REJECTED("Rejected"),
  /** No approval registry was consulted, or it holds no record for the digest. */
  UNKNOWN("Unknown");

  private final String wireName;

  ApprovalStatus(String wireName) {
    this.wireName = wireName;
  }

  /** Returns the name used on the wire and in stamps, such as {@code Approved}. */
  public String wireName() {
    return wireName;
  }

  /** Returns the status named {@code wireName}, or throws naming the accepted values. */
  public static ApprovalStatus fromWireName(String wireName) {
    for (ApprovalStatus s : values()) {
      if (s.wireName.equals(wireName)) {
        return s;
      }
    }
    throw new IllegalArgumentException("approval status must be one of PendingManualApproval, "
        + "Approved, Rejected, Unknown, was " + wireName);
  }
}
