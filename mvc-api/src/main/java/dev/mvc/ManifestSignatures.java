package dev.mvc;

import dev.mvc.spi.FetchedManifest;
import dev.mvc.spi.SignatureVerifier;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Detached Ed25519 signatures over manifest digests. A signature is the text
 * {@code ed25519:<keyId>:<base64 signature>} over the UTF-8 bytes of the digest
 * ({@code sha256:...}); it is stored beside the manifest (a {@code .sig} file next to a file or
 * class-path manifest, object metadata in S3), never inside it.
 *
 * <pre>{@code
 * KeyPair keys = ManifestSignatures.generateKeyPair();
 * String sig = ManifestSignatures.sign(manifest, "release-2026", keys.getPrivate());
 * PinningPolicy policy = PinningPolicy.builder()
 *     .requireSignature(ManifestSignatures.trusting(Map.of("release-2026", keys.getPublic())))
 *     .build();
 * }</pre>
 */
public final class ManifestSignatures {
  /**
   * The largest detached signature read, in bytes. A signature is about 170 bytes; a larger
   * {@code .sig} file is reported as unreadable without being buffered.
   */
  public static final int MAX_SIGNATURE_BYTES = 4096;

  private static final String ALGORITHM = "Ed25519";
  private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private ManifestSignatures() {}

  /** Returns a new Ed25519 key pair. */
  public static KeyPair generateKeyPair() {
    try {
      return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new MvcException("Ed25519 is not available in this Java runtime", e);
    }
  }

  /** Returns the signature text of {@code manifest}'s digest by {@code keyId}. */
  public static String sign(VersionManifest manifest, String keyId, PrivateKey key) {
    checkKeyId(keyId);
    try {
      Signature s = Signature.getInstance(ALGORITHM);
      s.initSign(key);
      s.update(manifest.digest().getBytes(StandardCharsets.UTF_8));
      return "ed25519:" + keyId + ":" + Base64.getEncoder().encodeToString(s.sign());
    } catch (GeneralSecurityException e) {
      throw new MvcException("cannot sign with key " + keyId + ": " + e.getMessage(), e);
    }
  }

  /** Returns a verifier that accepts signatures by any of {@code trustedKeys} (key ID to public key). */
  public static SignatureVerifier trusting(Map<String, PublicKey> trustedKeys) {
    Map<String, PublicKey> keys = new LinkedHashMap<>();
    trustedKeys.forEach((id, key) -> keys.put(checkKeyId(id), Objects.requireNonNull(key, id)));
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("a signature trust store needs at least one key");
    }
    return new TrustStore(Map.copyOf(keys));
  }

  /** Returns the X.509 (SubjectPublicKeyInfo) encoding of a public key, base64. */
  public static String encodePublicKey(PublicKey key) {
    return Base64.getEncoder().encodeToString(key.getEncoded());
  }

  /** Returns the PKCS#8 encoding of a private key, base64. */
  public static String encodePrivateKey(PrivateKey key) {
    return Base64.getEncoder().encodeToString(key.getEncoded());
  }

  /** Reads a public key written by {@link #encodePublicKey}. */
  public static PublicKey decodePublicKey(String base64) {
    try {
      return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(decode(base64)));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new MvcException("not an Ed25519 public key (base64 X.509): " + e.getMessage(), e);
    }
  }

  /** Reads a private key written by {@link #encodePrivateKey}. */
  public static PrivateKey decodePrivateKey(String base64) {
    try {
      return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(decode(base64)));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new MvcException("not an Ed25519 private key (base64 PKCS#8): " + e.getMessage(), e);
    }
  }

  private static byte[] decode(String base64) {
    return Base64.getMimeDecoder().decode(base64.replaceAll("-----[A-Z ]+-----", "").strip());
  }

  private static String checkKeyId(String keyId) {
    if (keyId == null || !KEY_ID.matcher(keyId).matches()) {
      throw new IllegalArgumentException("signature key id must match " + KEY_ID.pattern() + ", was " + keyId);
    }
    return keyId;
  }

  /** Verifies signatures against a fixed set of trusted keys. */
  private static final class TrustStore implements SignatureVerifier {
    private final Map<String, PublicKey> keys;

    TrustStore(Map<String, PublicKey> keys) {
      this.keys = keys;
    }

    @Override
    public void verify(VersionManifest manifest, FetchedManifest fetched) {
      String label = manifest.name() + " " + manifest.version() + " (" + manifest.digest() + ") at "
          + fetched.source().pinnedUri();
      String text = fetched.signature();
      if (fetched.signatureProblem() != null) {
        throw new ManifestIntegrityException("signature of manifest " + label + " cannot be checked: "
            + fetched.signatureProblem());
      }
      if (text == null || text.isBlank()) {
        throw new ManifestIntegrityException("manifest " + label + " has no signature; the policy requires one by "
            + keys.keySet());
      }
      String[] parts = text.strip().split(":", 3);
      if (parts.length != 3 || !parts[0].equals("ed25519")) {
        throw new ManifestIntegrityException("signature of manifest " + label
            + " is not of the form ed25519:<keyId>:<base64>");
      }
      PublicKey key = keys.get(parts[1]);
      if (key == null) {
        throw new ManifestIntegrityException("manifest " + label + " is signed by key " + parts[1]
            + ", which is not trusted; trusted keys are " + keys.keySet());
      }
      boolean ok;
      try {
        Signature s = Signature.getInstance(ALGORITHM);
        s.initVerify(key);
        s.update(manifest.digest().getBytes(StandardCharsets.UTF_8));
        ok = s.verify(Base64.getDecoder().decode(parts[2]));
      } catch (GeneralSecurityException | IllegalArgumentException e) {
        ok = false;
      }
      if (!ok) {
        throw new ManifestIntegrityException("signature by key " + parts[1] + " does not match manifest " + label
            + "; the manifest or its signature was altered");
      }
    }

    @Override
    public String toString() {
      return "Ed25519 trust store " + keys.keySet();
    }
  }
}
