package dev.mvc.spi;

import dev.mvc.SourceRef;
import org.jspecify.annotations.Nullable;

/**
 * A place manifests are fetched from: the classpath, a file, an S3 object, a model registry.
 * Implementations must be thread-safe. Factories live in {@link dev.mvc.ManifestSources}.
 */
public interface ManifestSource {

  /** Returns the URI of the source, without a version, for messages and stamps. */
  String uri();

  /**
   * Fetches the current manifest bytes.
   *
   * @throws dev.mvc.ManifestSourceException when the source is unreachable or the manifest missing
   */
  FetchedManifest fetch();

  /**
   * Fetches the manifest only if it changed since {@code current}; returns null when unchanged.
   * Stores that support conditional requests (entity tags, versions) should transfer no body
   * for an unchanged poll. The default fetches and compares versions.
   */
  default @Nullable FetchedManifest fetchIfChanged(SourceRef current) {
    FetchedManifest fetched = fetch();
    return fetched.source().sameVersionAs(current) ? null : fetched;
  }

  /**
   * Returns the content store for blobs published next to this source (for example the
   * {@code blobs/sha256/} prefix of an S3 store), or null when it has none.
   */
  default @Nullable ContentStore contentStore() {
    return null;
  }
}
