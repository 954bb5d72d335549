package dev.mvc.spi;

import org.jspecify.annotations.Nullable;

/**
 * A store of content-addressed blobs (template and system-prompt text) keyed by SHA-256. The
 * loader re-hashes whatever a store returns, so a store need not be trusted.
 */
public interface ContentStore {

  /**
   * Returns the bytes stored under {@code sha256} (64 lowercase hex), or null when absent.
   *
   * @throws dev.mvc.ManifestSourceException when the store cannot be reached
   */
  byte @Nullable [] fetch(String sha256);

  /** Returns a short description for messages, such as the folder or S3 prefix. */
  String describe();
}
