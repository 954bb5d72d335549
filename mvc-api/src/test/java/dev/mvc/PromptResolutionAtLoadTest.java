package dev.mvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvc.spi.ContentStore;
import dev.mvc.spi.FetchedManifest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How the loader resolves prompt text: inline text is checked against its pinned SHA-256, blob
 * references are fetched from the content stores in order and re-hashed, and a blob is refused
 * when it is larger than {@link ManifestLoader#MAX_BLOB_BYTES}, corrupted or missing everywhere.
 */
class PromptResolutionAtLoadTest {
  private static final SourceRef SOURCE = new SourceRef("file:/manifests/prompts.json", null, null);

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private static FetchedManifest manifest(PromptText template, List<String> variables) {
    VersionManifest m = VersionManifest.builder()
        .name("prompts")
        .version("1.0.0")
        .createdAt(Instant.parse("2026-01-01T00:00:00Z"))
        .model(BedrockTarget.builder("anthropic.claude-3-haiku-20240307-v1:0").build())
        .prompt(PromptSpec.builder(template).variables(variables).build())
        .inference(InferenceParameters.builder().temperature(0.2).maxTokens(64).topP(0.9).build())
        .build();
    return FetchedManifest.of(m.toJson().getBytes(StandardCharsets.UTF_8), SOURCE);
  }

  private static ContentStore store(String name, Map<String, byte[]> blobs) {
    return new ContentStore() {
      @Override
      public byte[] fetch(String sha256) {
        return blobs.get(sha256);
      }

      @Override
      public String describe() {
        return name;
      }
    };
  }

  @Test
  void inlineTextThatDoesNotMatchItsPinnedSha256_isRefused() {
    FetchedManifest fetched = manifest(PromptText.of("prompt.template", "0".repeat(64), "Hello."), List.of());
    assertThatThrownBy(() -> ManifestLoader.builder().build().load(fetched))
        .isInstanceOf(ManifestIntegrityException.class)
        .hasMessageContaining("prompt.template").hasMessageContaining("does not match its sha256");
  }

  @Test
  void inlineTextWithoutASha256_loadsWhenThePromptRuleIsRelaxed() {
    FetchedManifest fetched = manifest(PromptText.of("prompt.template", null, "Hello."), List.of());
    PinningPolicy relaxed = PinningPolicy.builder().relax(PinningRule.PROMPT_SHA256).build();
    LoadedManifest loaded = ManifestLoader.builder().policy(relaxed).build().load(fetched);
    assertThat(loaded.templateText()).isEqualTo("Hello.");
  }

  @Test
  void aBlobReferenceWithoutAnyContentStore_isRefusedSayingSo() {
    String sha = sha256("Hello.".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> ManifestLoader.builder().build().load(manifest(PromptText.blob(sha), List.of())))
        .isInstanceOf(ManifestIntegrityException.class).hasMessageContaining("no content store is configured");
  }

  @Test
  void aBlobFoundInNoStore_isReportedAsNotFound_namingEveryStore() {
    String sha = sha256("Hello.".getBytes(StandardCharsets.UTF_8));
    ManifestLoader loader = ManifestLoader.builder().contentStore(store("first-store", Map.of()))
        .contentStore(store("second-store", Map.of())).build();
    assertThatThrownBy(() -> loader.load(manifest(PromptText.blob(sha), List.of())))
        .isInstanceOf(ManifestSourceException.class)
        .hasMessageContaining("was not found in first-store, second-store");
  }

  @Test
  void aBlobIsTakenFromTheFirstStoreThatHasIt() {
    byte[] text = "Hello {{name}}.".getBytes(StandardCharsets.UTF_8);
    String sha = sha256(text);
    ManifestLoader loader = ManifestLoader.builder().contentStore(store("empty", Map.of()))
        .contentStore(store("full", Map.of(sha, text))).build();
    LoadedManifest loaded = loader.load(manifest(PromptText.blob(sha), List.of("name")));
    assertThat(loaded.templateText()).isEqualTo("Hello {{name}}.");
    assertThat(loaded.template().variables()).containsExactly("name");
  }

  @Test
  void aBlobOfExactlyTheLimit_isRead_andOneByteMoreIsRefused() {
    byte[] atLimit = new byte[ManifestLoader.MAX_BLOB_BYTES];
    Arrays.fill(atLimit, (byte) 'a');
    String atLimitSha = sha256(atLimit);
    LoadedManifest loaded = ManifestLoader.builder().contentStore(store("s", Map.of(atLimitSha, atLimit))).build()
        .load(manifest(PromptText.blob(atLimitSha), List.of()));
    assertThat(loaded.templateText()).hasSize(ManifestLoader.MAX_BLOB_BYTES);

    byte[] over = Arrays.copyOf(atLimit, ManifestLoader.MAX_BLOB_BYTES + 1);
    over[ManifestLoader.MAX_BLOB_BYTES] = 'a';
    String overSha = sha256(over);
    assertThatThrownBy(() -> ManifestLoader.builder().contentStore(store("s", Map.of(overSha, over))).build()
        .load(manifest(PromptText.blob(overSha), List.of())))
        .isInstanceOf(ManifestIntegrityException.class)
        .hasMessageContaining(String.valueOf(ManifestLoader.MAX_BLOB_BYTES + 1));
  }

  @Test
  void aBlobWhoseBytesDoNotHashToItsName_isRefusedAsCorrupted() {
    String sha = sha256("Hello.".getBytes(StandardCharsets.UTF_8));
    ManifestLoader loader = ManifestLoader.builder()
        .contentStore(store("bad-store", Map.of(sha, "Goodbye.".getBytes(StandardCharsets.UTF_8)))).build();
    assertThatThrownBy(() -> loader.load(manifest(PromptText.blob(sha), List.of())))
        .isInstanceOf(ManifestIntegrityException.class).hasMessageContaining("bad-store")
        .hasMessageContaining("corrupted");
  }

  @Test
  void equalManifests_shareAHashCode_andDifferentOnesDoNot() {
    VersionManifest a = VersionManifest.parse(manifest(PromptText.inline("Hello."), List.of()).bytes());
    VersionManifest b = VersionManifest.parse(manifest(PromptText.inline("Hello!"), List.of()).bytes());
    assertThat(VersionManifest.parse(a.toJson())).isEqualTo(a).hasSameHashCodeAs(a);
    assertThat(b).isNotEqualTo(a);
    assertThat(b.hashCode()).isNotEqualTo(a.hashCode());
  }
}
