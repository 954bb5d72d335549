package dev.mvc;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An approval registry's decision about one manifest digest: the status and, where the registry
 * records them, who decided, when and why. A decision is about exactly one digest; it says nothing
 * about other content published under the same name.
 *
 * <p>The decision in force when a manifest was loaded is kept with the last-known-good copy, so a
 * client can check approval when it starts from that copy while the registry is unreachable.
 *
 * @param digest the manifest digest the decision is about, {@code sha256:<hex>}
 * @param status the decided status
 * @param by who decided, or null when the registry does not say
 * @param at when, or null when the registry does not say
 * @param reason why, or null when the registry does not say
 */
public record ApprovalDecision(
    String digest, ApprovalStatus status, @Nullable String by, @Nullable Instant at, @Nullable String reason) {

  /** Validates the fields. */
  public ApprovalDecision {
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(status, "status");
    if (!digest.matches("sha256:[0-9a-f]{64}")) {
      throw new IllegalArgumentException("approval decision digest must be sha256:<64 hex>, was " + digest);
    }
  }

  /** Returns a decision that records only the status of {@code digest}. */
  public static ApprovalDecision of(String digest, ApprovalStatus status) {
    return new ApprovalDecision(digest, status, null, null, null);
  }
}
