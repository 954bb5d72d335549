package dev.mvc.spi;

import dev.mvc.ApprovalDecision;
import dev.mvc.ApprovalStatus;
import dev.mvc.SourceRef;

/**
 * A registry of approval decisions about manifest digests. Approval is bound to the digest, so
 * approving one digest never approves different content published later under the same name.
 */
public interface ApprovalRegistry {

  /**
   * Returns the approval status of {@code digest} as published at {@code source};
   * {@link ApprovalStatus#UNKNOWN} when the registry has no record.
   */
  ApprovalStatus status(SourceRef source, String digest);

  /**
   * Returns the decision in force for {@code digest} as published at {@code source}: its status
   * and, where the registry records them, who decided, when and why. The client keeps it with the
   * last-known-good copy. The default returns {@link #status} without the details.
   */
  default ApprovalDecision decision(SourceRef source, String digest) {
    return ApprovalDecision.of(digest, status(source, digest));
  }
}
