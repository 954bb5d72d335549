package dev.mvc.spi;

import dev.mvc.VersionManifest;

/**
 * A check that a manifest carries a valid detached signature from a trusted key. Installed
 * through {@link dev.mvc.PinningPolicy.Builder#requireSignature(SignatureVerifier)}.
 */
public interface SignatureVerifier {

  /**
   * Verifies the signature of {@code fetched} over {@code manifest}'s digest.
   *
   * @throws dev.mvc.ManifestIntegrityException when the signature is missing, malformed, from an
   *     untrusted key or does not match
   */
  void verify(VersionManifest manifest, FetchedManifest fetched);
}
