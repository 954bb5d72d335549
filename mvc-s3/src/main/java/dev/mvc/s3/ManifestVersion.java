package dev.mvc.s3;

import dev.mvc.ApprovalStatus;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One stored version of a manifest object, as {@link ManifestRepository#history()} lists it.
 *
 * @param location the version, pinned: {@code s3://bucket/key?versionId=..}
 * @param lastModified when S3 stored it
 * @param current whether it is the current version of the key
 * @param digest the manifest digest ({@code sha256:<hex>}), or {@code null} when the object is
 *     not a valid manifest
 * @param name the manifest name, or {@code null} when unknown
 * @param version the manifest version string, or {@code null} when unknown
 * @param approval the approval status of the digest ({@link ApprovalStatus#UNKNOWN} without a
 *     registry)
 * @param publishedBy who published it, or {@code null} when not recorded
 * @param restoredFrom the version id this version was restored from by a rollback, or
 *     {@code null}
 * @param size the object size in bytes
 */
public record ManifestVersion(
    S3Location location,
    Instant lastModified,
    boolean current,
    @Nullable String digest,
    @Nullable String name,
    @Nullable String version,
    ApprovalStatus approval,
    @Nullable String publishedBy,
    @Nullable String restoredFrom,
    long size) {

  /** Validates the fields. */
  public ManifestVersion {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(lastModified, "lastModified");
    Objects.requireNonNull(approval, "approval");
    if (!location.isPinned()) {
      throw new IllegalArgumentException("a manifest version must carry a versionId, was " + location);
    }
  }

  /** Returns the S3 version id. */
  public String versionId() {
    return Objects.requireNonNull(location.versionId());
  }
}
