package dev.mvc.s3;

import java.util.Map;
import java.util.Objects;

/**
 * A model artifact already in S3, pinned: its reference (version, SHA-256, size), the user
 * metadata stored with that version and what of it maps into a manifest's provenance.
 *
 * @param reference the pinned reference
 * @param metadata the version's user metadata ({@code x-amz-meta-*} without the prefix)
 * @param provenance the recognised metadata mapped into provenance
 */
public record PinnedArtifact(ArtifactReference reference, Map<String, String> metadata,
    ArtifactMetadata.Mapping provenance) {
  /** Validates the fields. */
  public PinnedArtifact {
    Objects.requireNonNull(reference, "reference");
    metadata = Map.copyOf(metadata);
    Objects.requireNonNull(provenance, "provenance");
  }
}
