package dev.mvc.s3;

import java.util.Objects;

/**
 * A reference to one stored version of a model artifact: its pinned S3 location, the
 * SHA-256 of its bytes and its size, as a manifest records them.
 *
 * @param location the artifact's location, pinned to a version id
 * @param sha256 the lowercase hex SHA-256 of the whole object
 * @param size the object size in bytes
 */
public record ArtifactReference(S3Location location, String sha256, long size) {

  /** Validates the fields. */
  public ArtifactReference {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(sha256, "sha256");
    if (!location.isPinned()) {
      throw new IllegalArgumentException("artifact location must carry a versionId, was " + location);
    }
    if (!sha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("artifact sha256 must be 64 lowercase hex digits, was " + sha256);
    }
    if (size < 0) {
      throw new IllegalArgumentException("artifact size must be >= 0, was " + size);
    }
  }

  /** Returns the version id. */
  public String versionId() {
    return Objects.requireNonNull(location.versionId());
  }

  /** Returns the pinned URI, {@code s3://bucket/key?versionId=..}. */
  public String uri() {
    return location.toString();
  }

  /** Returns the unpinned URI, {@code s3://bucket/key}, as manifests record it beside the version id. */
  public String uriWithoutVersion() {
    return location.withoutVersionId().toString();
  }
}
