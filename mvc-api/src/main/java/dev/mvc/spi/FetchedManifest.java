package dev.mvc.spi;

import dev.mvc.SourceRef;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The raw bytes of a manifest as a {@link ManifestSource} fetched them, with the reference to
 * the exact version and, when the store keeps one, a detached signature.
 */
public final class FetchedManifest {
  private final byte[] bytes;
  private final SourceRef source;
  private final @Nullable String signature;

  private FetchedManifest(byte[] bytes, SourceRef source, @Nullable String signature) {
    this.bytes = Objects.requireNonNull(bytes, "bytes");
    this.source = Objects.requireNonNull(source, "source");
    this.signature = signature;
  }

  /** Returns fetched bytes from {@code source}. The array is not copied; do not change it. */
  public static FetchedManifest of(byte[] bytes, SourceRef source) {
    return new FetchedManifest(bytes, source, null);
  }

  /** Returns fetched bytes with a detached signature (see {@link SignatureVerifier}). */
  public static FetchedManifest of(byte[] bytes, SourceRef source, @Nullable String signature) {
    return new FetchedManifest(bytes, source, signature);
  }

  /** Returns the bytes. The array is shared; do not change it. */
  public byte[] bytes() {
    return bytes;
  }

  /** Returns the source reference. */
  public SourceRef source() {
    return source;
  }

  /** Returns the detached signature stored with the manifest, or null. */
  public @Nullable String signature() {
    return signature;
  }

  @Override
  public String toString() {
    return "FetchedManifest{" + source.pinnedUri() + ", " + bytes.length + " bytes}";
  }
}
