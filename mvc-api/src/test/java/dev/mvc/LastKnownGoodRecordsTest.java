package dev.mvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvc.internal.Hashing;
import dev.mvc.internal.LastKnownGoodStore;
import dev.mvc.spi.ApprovalRegistry;
import dev.mvc.spi.ContentStore;
import dev.mvc.spi.FetchedManifest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a last-known-good copy records beside the manifest (system prompt blob, source etag,
 * approval details) comes back exactly, and a registry or signature problem is reported as such.
 */
class LastKnownGoodRecordsTest {
  private static final String TEMPLATE = "Answer: {{q}}";
  private static final String SYSTEM = "You are terse.";
  private static final KeyPair KEYS = ManifestSignatures.generateKeyPair();

  @TempDir Path dir;

  private static VersionManifest manifest() {
    return VersionManifest.builder()
        .name("lkg-records").version("1.0").createdAt(Instant.parse("2026-01-01T00:00:00Z"))
        .model(BedrockTarget.builder("amazon.nova-pro-v1:0").build())
        .prompt(PromptSpec.builder(PromptText.blob(Hashing.sha256Hex(TEMPLATE)))
            .system(PromptText.blob(Hashing.sha256Hex(SYSTEM))).variables("q").build())
        .inference(InferenceParameters.builder().temperature(0.0).maxTokens(10).topP(1.0).build())
        .build();
  }

  private static ContentStore blobs() {
    return new ContentStore() {
      @Override
      public byte[] fetch(String sha256) {
        String text = sha256.equals(Hashing.sha256Hex(TEMPLATE)) ? TEMPLATE : SYSTEM;
        return text.getBytes(StandardCharsets.UTF_8);
      }

      @Override
      public String describe() {
        return "memory";
      }
    };
  }

  private static FetchedManifest fetched(VersionManifest m) {
    return FetchedManifest.of(m.toJson().getBytes(StandardCharsets.UTF_8),
        new SourceRef("s3://models/m.json", "v1", "etag-1"));
  }

  private void saveWith(ApprovalRegistry registry) throws Exception {
    VersionManifest m = manifest();
    LoadedManifest loaded = ManifestLoader.builder().approvalRegistry(registry).contentStore(blobs()).build()
        .load(fetched(m));
    new LastKnownGoodStore(dir).save(fetched(m), loaded);
  }

  @Test
  void save_keepsTheSystemPromptBlobTheSourceEtagAndADecisionWithoutATime() throws Exception {
    String digest = manifest().digest();
    saveWith((source, d) -> ApprovalStatus.APPROVED);

    LastKnownGoodStore.Copy copy = new LastKnownGoodStore(dir).load();
    // No content store but the copy's own: every blob must have been saved with it.
    LoadedManifest loaded = ManifestLoader.builder()
        .policy(PinningPolicy.builder().requireApproval(true).build())
        .approvalRegistry((source, d) -> {
          throw new ManifestSourceException("approval registry is unreachable", false, null);
        })
        .build()
        .loadLastKnownGood(copy.fetched(), copy.contentStore(), copy.approval(), copy.description());

    assertThat(loaded.systemText()).isEqualTo(SYSTEM);
    assertThat(loaded.templateText()).isEqualTo(TEMPLATE);
    assertThat(loaded.source()).isEqualTo(new SourceRef("s3://models/m.json", "v1", "etag-1"));
    assertThat(loaded.approvalDecision()).isEqualTo(ApprovalDecision.of(digest, ApprovalStatus.APPROVED));
  }

  @Test
  void load_ofACopyWhoseSourceRecordNamesNoUri_isRefused() throws Exception {
    saveWith((source, d) -> ApprovalStatus.APPROVED);
    Path generation = dir.resolve("generations").resolve(Files.readString(dir.resolve("current")).strip());
    byte[] bytes = Files.readAllBytes(generation.resolve("manifest.json"));
    Files.writeString(generation.resolve("source.properties"), "sha256=" + Hashing.sha256Hex(bytes) + "\n");

    assertThatThrownBy(() -> new LastKnownGoodStore(dir).load())
        .isInstanceOf(ManifestSourceException.class).hasMessageContaining("records no source uri");
  }

  @Test
  void load_whenTheRegistryAnswersAboutAnotherDigest_isRefused() {
    String other = "sha256:" + "c".repeat(64);
    ApprovalRegistry confused = new ApprovalRegistry() {
      @Override
      public ApprovalStatus status(SourceRef source, String digest) {
        return ApprovalStatus.APPROVED;
      }

      @Override
      public ApprovalDecision decision(SourceRef source, String digest) {
        return ApprovalDecision.of(other, ApprovalStatus.APPROVED);
      }
    };

    assertThatThrownBy(() -> ManifestLoader.builder().approvalRegistry(confused).contentStore(blobs()).build()
        .load(fetched(manifest())))
        .isInstanceOf(ManifestApprovalException.class).hasMessageContaining("a decision about " + other);
  }

  @Test
  void load_fromTheSourceWithABadSignature_reportsTheVerifierMessageWithoutTheCopyPrefix() {
    VersionManifest m = manifest();
    String signature = ManifestSignatures.sign(m, "other", ManifestSignatures.generateKeyPair().getPrivate());
    FetchedManifest signed = FetchedManifest.of(m.toJson().getBytes(StandardCharsets.UTF_8),
        new SourceRef("s3://models/m.json", "v1", null), signature);
    ManifestLoader loader = ManifestLoader.builder().contentStore(blobs())
        .policy(PinningPolicy.builder().requireSignature(ManifestSignatures.trusting(Map.of("k1", KEYS.getPublic())))
            .build())
        .build();

    assertThatThrownBy(() -> loader.load(signed))
        .isInstanceOf(ManifestIntegrityException.class)
        .hasMessageNotContaining("was refused: ").hasMessageNotContaining("null");
  }
}
