package dev.mvc;

import org.jspecify.annotations.Nullable;

/**
 * Where a manifest was read from: its URI and, where the store has them, the concrete object
 * version and entity tag, so that the exact bytes can be fetched again later.
 *
 * @param uri the source URI without version, such as {@code s3://bucket/key} or {@code file:/..}
 * @param versionId the store's version of the object, or null
 * @param etag the store's entity tag (or a content hash), or null
 */
public record SourceRef(String uri, @Nullable String versionId, @Nullable String etag) {

  /** Returns the URI pinned to this version: {@code uri?versionId=..} when a version is known. */
  public String pinnedUri() {
    return versionId == null ? uri : uri + "?versionId=" + versionId;
  }

  /** Returns whether {@code other} names the same bytes (same URI and version or entity tag). */
  public boolean sameVersionAs(@Nullable SourceRef other) {
    if (other == null || !uri.equals(other.uri)) {
      return false;
    }
    if (versionId != null && other.versionId != null) {
      return versionId.equals(other.versionId);
    }
    return etag != null && etag.equals(other.etag);
  }
}
