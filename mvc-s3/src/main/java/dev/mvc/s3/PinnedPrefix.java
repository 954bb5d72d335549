package dev.mvc.s3;

import java.util.Map;
import java.util.Objects;

/**
 * The objects under one S3 prefix, pinned by {@link ArtifactPinner#pinPrefix}: a model directory
 * such as Bedrock Custom Model Import reads, with the SHA-256 that covers all of it (see
 * {@link dev.mvc.spi.ArtifactDigests} for what it hashes).
 *
 * @param uri the prefix, {@code s3://bucket/prefix/}
 * @param sha256 the hex SHA-256 of the listing of the objects' SHA-256s
 * @param objects each object's hex SHA-256 by its key relative to the prefix, in listing order
 * @param size the bytes of all objects together
 */
public record PinnedPrefix(String uri, String sha256, Map<String, String> objects, long size) {
  /** Copies the objects. */
  public PinnedPrefix {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(sha256, "sha256");
    objects = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(objects));
  }
}
