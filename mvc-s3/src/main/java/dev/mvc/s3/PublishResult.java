package dev.mvc.s3;

import java.util.Objects;

/**
 * The outcome of publishing or restoring a manifest version.
 *
 * @param location the manifest version now current, pinned: {@code s3://bucket/key?versionId=..}
 * @param digest the manifest digest, {@code sha256:<hex>}
 * @param created whether a new object version was written; {@code false} when the same
 *     content (by digest) was already the current version
 */
public record PublishResult(S3Location location, String digest, boolean created) {

  /** Validates the fields. */
  public PublishResult {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(digest, "digest");
    if (!location.isPinned()) {
      throw new IllegalArgumentException("published location must carry a versionId, was " + location);
    }
  }

  /** Returns the version id of the current version. */
  public String versionId() {
    return Objects.requireNonNull(location.versionId());
  }

  /** Returns the pinned URI, for {@code ManifestSources.of(..)} or a configuration file. */
  public String uri() {
    return location.toString();
  }
}
