package dev.mvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvc.spi.ManifestSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Detached Ed25519 signatures and the policy that requires them. */
class ManifestSignaturesTest {
  private static final KeyPair RELEASE = ManifestSignatures.generateKeyPair();
  private static final KeyPair OTHER = ManifestSignatures.generateKeyPair();
  private static final PinningPolicy SIGNED = PinningPolicy.builder()
      .requireSignature(ManifestSignatures.trusting(Map.of("release", RELEASE.getPublic()))).build();

  @TempDir Path dir;

  private LoadedManifest load(VersionManifest written, String signature) throws IOException {
    Path file = dir.resolve("m.json");
    Files.writeString(file, written.toJson());
    if (signature != null) {
      Files.writeString(dir.resolve("m.json.sig"), signature + "\n");
    }
    ManifestSource source = ManifestSources.file(file);
    return ManifestLoader.builder().policy(SIGNED).build().load(source.fetch());
  }

  @Test
  void manifestSignedByATrustedKey_loads() throws IOException {
    VersionManifest m = PinningPolicyTest.manifest("amazon.nova-pro-v1:0");
    String sig = ManifestSignatures.sign(m, "release", RELEASE.getPrivate());
    assertThat(sig).startsWith("ed25519:release:");
    assertThat(load(m, sig).manifest()).isEqualTo(m);
  }

  @Test
  void tamperedManifest_isRejectedAgainstItsSignature() {
    VersionManifest m = PinningPolicyTest.manifest("amazon.nova-pro-v1:0");
    String sig = ManifestSignatures.sign(m, "release", RELEASE.getPrivate());
    VersionManifest tampered = m.toBuilder().inference(m.inference().toBuilder().temperature(0.9).build()).build();
    assertThatThrownBy(() -> load(tampered, sig)).isInstanceOf(ManifestIntegrityException.class)
        .hasMessageContaining("does not match").hasMessageContaining(tampered.digest());
  }

  @Test
  void signatureByAnUntrustedKey_isRejectedNamingTheKey() {
    VersionManifest m = PinningPolicyTest.manifest("amazon.nova-pro-v1:0");
    String sig = ManifestSignatures.sign(m, "intern", OTHER.getPrivate());
    assertThatThrownBy(() -> load(m, sig)).isInstanceOf(ManifestIntegrityException.class)
        .hasMessageContaining("key intern, which is not trusted");
  }

  @Test
  void forgedSignatureUnderATrustedKeyId_isRejected() {
    VersionManifest m = PinningPolicyTest.manifest("amazon.nova-pro-v1:0");
    String forged = ManifestSignatures.sign(m, "release", OTHER.getPrivate());
    assertThatThrownBy(() -> load(m, forged)).isInstanceOf(ManifestIntegrityException.class)
        .hasMessageContaining("does not match");
  }

  @Test
  void missingOrMalformedSignature_isRejected() {
    VersionManifest m = PinningPolicyTest.manifest("amazon.nova-pro-v1:0");
    assertThatThrownBy(() -> load(m, null)).isInstanceOf(ManifestIntegrityException.class)
        .hasMessageContaining("has no signature");
    assertThatThrownBy(() -> load(m, "rsa:release:AAAA")).isInstanceOf(ManifestIntegrityException.class)
        .hasMessageContaining("ed25519:<keyId>:<base64>");
  }

  @Test
  void keys_roundTripThroughTheirTextForm() {
    VersionManifest m = PinningPolicyTest.manifest("amazon.nova-pro-v1:0");
    String sig = ManifestSignatures.sign(m, "release",
        ManifestSignatures.decodePrivateKey(ManifestSignatures.encodePrivateKey(RELEASE.getPrivate())));
    PinningPolicy policy = PinningPolicy.builder().requireSignature(ManifestSignatures.trusting(
        Map.of("release", ManifestSignatures.decodePublicKey(ManifestSignatures.encodePublicKey(RELEASE.getPublic())))))
        .build();
    assertThat(policy.signatureVerifier()).isNotNull();
    assertThat(sig).isEqualTo(ManifestSignatures.sign(m, "release", RELEASE.getPrivate()));
  }
}
