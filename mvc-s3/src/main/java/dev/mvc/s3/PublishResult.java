package dev.mvc.s3;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of publishing or restoring a manifest version.
 *
 * @param location the manifest version now current, pinned: {@code s3://bucket/key?versionId=..}
 * @param digest the manifest digest, {@code sha256:<hex>}
 * @param created whether a new object version was written; {@code false} when the same
 *     content (by digest) with the same signature was already the current version
 * @param repairedBlobs the SHA-256 (hex) of every stored blob that did not match its name and
 *     was uploaded again; empty when every blob was sound or new
 */
public record PublishResult(S3Location location, String digest, boolean created, List<String> repairedBlobs) {

  /** Returns a result that repaired no blob. */
  public PublishResult(S3Location location, String digest, boolean created) {
    this(location, digest, created, List.of());
  }

  /** Validates the fields. */
  public PublishResult {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(digest, "digest");
    repairedBlobs = List.copyOf(repairedBlobs);
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
