package dev.mvc.s3;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One move of a named environment label (such as {@code production}) to a manifest version, as
 * {@link ManifestLabels} records it.
 *
 * @param label the label
 * @param manifest the manifest version the label points to after the move,
 *     {@code s3://bucket/key?versionId=..}
 * @param digest the digest of that version's content
 * @param by who moved the label
 * @param at when
 * @param reason why, as the mover wrote it
 * @param previousVersionId the manifest versionId the label pointed to before, or null for its first move
 */
public record LabelMove(String label, S3Location manifest, String digest, String by, Instant at, String reason,
    @Nullable String previousVersionId) {

  /** Validates the fields. */
  public LabelMove {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(manifest, "manifest");
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(by, "by");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(reason, "reason");
    if (!manifest.isPinned()) {
      throw new IllegalArgumentException("label " + label + " must point to a pinned manifest version, was " + manifest);
    }
  }

  /** Returns the manifest versionId the label points to after the move. */
  public String versionId() {
    return Objects.requireNonNull(manifest.versionId());
  }
}
