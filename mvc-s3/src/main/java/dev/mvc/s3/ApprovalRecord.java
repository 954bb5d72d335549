package dev.mvc.s3;

import dev.mvc.ApprovalStatus;
import java.time.Instant;
import java.util.Objects;

/**
 * One approval decision about a manifest digest, as the {@link S3ApprovalRegistry} keeps it.
 *
 * @param digest the manifest digest the decision is about, {@code sha256:<hex>}
 * @param status the decided status
 * @param by who decided
 * @param at when
 * @param reason why, as the decider wrote it
 * @param manifest the pinned manifest version the decision was made on,
 *     {@code s3://bucket/key?versionId=..}
 */
public record ApprovalRecord(
    String digest, ApprovalStatus status, String by, Instant at, String reason, String manifest) {

  /** Validates the fields. */
  public ApprovalRecord {
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(by, "by");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(manifest, "manifest");
    if (status == ApprovalStatus.UNKNOWN) {
      throw new IllegalArgumentException("an approval decision cannot be Unknown (digest " + digest + ")");
    }
  }
}
