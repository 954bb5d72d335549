package dev.mvc.spi;

import dev.mvc.SourceRef;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The raw bytes of a manifest as a {@link ManifestSource} fetched them, with the reference to
 * the exact version and, when the store keeps one, a detached signature.
 *
 * <p>A signature the store keeps but that cannot be read (a {@code .sig} file that is not UTF-8,
 * too large or not a regular file) is not a failure of the fetch: the manifest is fetched with
 * {@link #signatureProblem()} saying what is wrong. Whether that matters is the pinning policy's
 * decision: without a signature requirement the manifest loads (the loader logs a warning); with
 * one, the signature check fails naming the problem.
 */
public final class FetchedManifest {
  private final byte[] bytes;
  private final SourceRef source;
  private final @Nullable String signature;
  private final @Nullable String signatureProblem;

  private FetchedManifest(byte[] bytes, SourceRef source, @Nullable String signature,
      @Nullable String signatureProblem) {
    this.bytes = Objects.requireNonNull(bytes, "bytes");
    this.source = Objects.requireNonNull(source, "source");
    this.signature = signature;
    this.signatureProblem = signatureProblem;
  }

  /** Returns fetched bytes from {@code source}. The array is not copied; do not change it. */
  public static FetchedManifest of(byte[] bytes, SourceRef source) {
    return new FetchedManifest(bytes, source, null, null);
  }

  /** Returns fetched bytes with a detached signature (see {@link SignatureVerifier}). */
  public static FetchedManifest of(byte[] bytes, SourceRef source, @Nullable String signature) {
    return new FetchedManifest(bytes, source, signature, null);
  }

  /**
   * Returns fetched bytes whose detached signature exists but cannot be read; {@code problem}
   * names the signature file or object and what is wrong with it.
   */
  public static FetchedManifest withUnreadableSignature(byte[] bytes, SourceRef source, String problem) {
    return new FetchedManifest(bytes, source, null, Objects.requireNonNull(problem, "problem"));
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

  /**
   * Returns why the detached signature stored with the manifest could not be read, or null when
   * there is none or it was read; {@link #signature()} is null when this is not.
   */
  public @Nullable String signatureProblem() {
    return signatureProblem;
  }

  @Override
  public String toString() {
    return "FetchedManifest{" + source.pinnedUri() + ", " + bytes.length + " bytes}";
  }
}
