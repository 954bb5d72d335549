package dev.mvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.mvc.internal.Hashing;
import dev.mvc.spi.FetchedManifest;
import dev.mvc.spi.ManifestSource;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyPair;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads of manifests, blobs and signature files from real files: every read is bounded before it
 * is buffered, and special files are refused before they are opened.
 */
class BoundedReadsTest {
  private static final String TEMPLATE = "Summarise: {{text}}";
  private static final String SHA = Hashing.sha256Hex(TEMPLATE);
  private static final KeyPair RELEASE = ManifestSignatures.generateKeyPair();
  private static final PinningPolicy SIGNED = PinningPolicy.builder()
      .requireSignature(ManifestSignatures.trusting(Map.of("release", RELEASE.getPublic()))).build();

  @TempDir Path dir;

  private Path manifestFile() throws IOException {
    VersionManifest m = PinningPolicyTest.manifest("amazon.nova-pro-v1:0");
    m = m.toBuilder().prompt(PromptSpec.builder(PromptText.blob(SHA)).variables("text").build()).build();
    Path file = dir.resolve("m.json");
    Files.writeString(file, m.toJson());
    Files.createDirectories(dir.resolve("blobs/sha256"));
    return file;
  }

  private Path blob() {
    return dir.resolve("blobs/sha256").resolve(SHA);
  }

  private static LoadedManifest load(Path file, PinningPolicy policy) {
    ManifestSource source = ManifestSources.file(file);
    return ManifestLoader.builder().policy(policy).build().load(source.fetch(), ServedFrom.SOURCE, source.contentStore());
  }

  private static void sparse(Path file, long bytes) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(bytes);
    }
  }

  private static boolean mkfifo(Path path) throws InterruptedException {
    try {
      Process p = new ProcessBuilder("mkfifo", path.toString()).redirectErrorStream(true).start();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void blobThatIsDevZero_isRefusedBeforeItIsRead() throws IOException {
    Path zero = Paths.get("/dev/zero");
    assumeThat(Files.exists(zero)).as("/dev/zero exists").isTrue();
    Path file = manifestFile();
    Files.createSymbolicLink(blob(), zero);
    assertThatThrownBy(() -> load(file, PinningPolicy.strict()))
        .isInstanceOfSatisfying(ManifestSourceException.class, e -> assertThat(e.notFound()).isFalse())
        .hasMessageContaining("blob file " + blob()).hasMessageContaining("is not a regular file");
  }

  @Test
  void sparse300MegabyteBlob_failsNamingTheFileAndTheLimit() throws IOException {
    Path file = manifestFile();
    sparse(blob(), 300L << 20);
    assertThatThrownBy(() -> load(file, PinningPolicy.strict()))
        .isInstanceOf(ManifestIntegrityException.class)
        .hasMessageContaining("blob file " + blob())
        .hasMessageContaining("(314572800 bytes)")
        .hasMessageContaining("limit of " + ManifestLoader.MAX_BLOB_BYTES + " bytes");
  }

  @Test
  void directoryInPlaceOfABlob_isReportedAsADirectory() throws IOException {
    Path file = manifestFile();
    Files.createDirectories(blob());
    assertThatThrownBy(() -> load(file, PinningPolicy.strict()))
        .isInstanceOf(ManifestSourceException.class)
        .hasMessageContaining("blob file " + blob() + " is a directory");
  }

  @Test
  void sparse300MegabyteManifestFile_failsNamingTheFileAndTheLimit() throws IOException {
    Path file = dir.resolve("huge.json");
    sparse(file, 300L << 20);
    assertThatThrownBy(() -> ManifestSources.file(file).fetch())
        .isInstanceOf(ManifestIntegrityException.class)
        .hasMessageContaining("manifest file " + file)
        .hasMessageContaining("limit of 1048576 bytes");
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void fifoAsManifestFile_failsAtOnceInsteadOfBlocking() throws Exception {
    Path fifo = dir.resolve("fifo.json");
    assumeThat(mkfifo(fifo)).as("mkfifo is available").isTrue();
    assertThatThrownBy(() -> ManifestSources.file(fifo).fetch())
        .isInstanceOf(ManifestSourceException.class)
        .hasMessageContaining("manifest file " + fifo + " is not a regular file");
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void fifoAsBlobOrSignature_failsOrIsIgnoredAtOnceInsteadOfBlocking() throws Exception {
    Path file = manifestFile();
    Path sig = dir.resolve("m.json.sig");
    assumeThat(mkfifo(sig)).as("mkfifo is available").isTrue();
    assumeThat(mkfifo(blob())).isTrue();
    FetchedManifest fetched = ManifestSources.file(file).fetch();
    assertThat(fetched.signature()).isNull();
    assertThat(fetched.signatureProblem()).isEqualTo("signature file " + sig + " is not a regular file");
    assertThatThrownBy(() -> load(file, PinningPolicy.strict()))
        .isInstanceOf(ManifestSourceException.class)
        .hasMessageContaining("blob file " + blob() + " is not a regular file");
  }

  @Test
  void sparse600MegabyteSignatureFile_withASignatureRequired_failsNamingTheFileAndTheLimit() throws IOException {
    Path file = manifestFile();
    Files.writeString(blob(), TEMPLATE);
    Path sig = dir.resolve("m.json.sig");
    sparse(sig, 600L << 20);
    assertThatThrownBy(() -> load(file, SIGNED))
        .isInstanceOf(ManifestIntegrityException.class)
        .hasMessageContaining("signature file " + sig)
        .hasMessageContaining("(629145600 bytes)")
        .hasMessageContaining("limit of " + ManifestSignatures.MAX_SIGNATURE_BYTES + " bytes");
  }

  @Test
  void sparse600MegabyteSignatureFile_withoutASignaturePolicy_doesNotBlockLoading() throws IOException {
    Path file = manifestFile();
    Files.writeString(blob(), TEMPLATE);
    sparse(dir.resolve("m.json.sig"), 600L << 20);
    assertThat(load(file, PinningPolicy.strict()).templateText()).isEqualTo(TEMPLATE);
  }

  @Test
  void nonUtf8SignatureFile_withoutASignaturePolicy_loadsInsteadOfLookingUnreachable() throws IOException {
    Path file = manifestFile();
    Files.writeString(blob(), TEMPLATE);
    Path sig = dir.resolve("m.json.sig");
    Files.write(sig, new byte[] {(byte) 0xff, (byte) 0xfe, 'x'});
    FetchedManifest fetched = ManifestSources.file(file).fetch();
    assertThat(fetched.signatureProblem()).isEqualTo("signature file " + sig + " is not UTF-8 text");
    assertThat(load(file, PinningPolicy.strict()).templateText()).isEqualTo(TEMPLATE);
  }

  @Test
  void nonUtf8SignatureFile_withASignatureRequired_isAnIntegrityErrorNamingTheFile() throws IOException {
    Path file = manifestFile();
    Files.writeString(blob(), TEMPLATE);
    Path sig = dir.resolve("m.json.sig");
    Files.write(sig, new byte[] {(byte) 0xff, (byte) 0xfe, 'x'});
    assertThatThrownBy(() -> load(file, SIGNED))
        .isInstanceOf(ManifestIntegrityException.class)
        .hasMessageContaining("cannot be checked: signature file " + sig + " is not UTF-8 text")
        .hasMessageNotContaining("unreachable");
  }
}
