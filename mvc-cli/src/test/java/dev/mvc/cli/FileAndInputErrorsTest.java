package dev.mvc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.mvc.InvocationRequest;
import dev.mvc.ManifestSourceException;
import dev.mvc.ManifestSources;
import dev.mvc.PinnedModelClient;
import dev.mvc.PromptSpec;
import dev.mvc.PromptText;
import dev.mvc.VersionManifest;
import dev.mvc.cli.internal.CliException;
import dev.mvc.cli.internal.Errors;
import dev.mvc.testkit.InMemoryModelBackend;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Local files that cannot be used and malformed inputs end in one line naming the file and what
 * is wrong with it, with exit code 1 (or 2 for a malformed argument, 3 for a missing file), never
 * network advice, an unexpected-error line or a stack trace.
 */
class FileAndInputErrorsTest {
  @TempDir
  Path tmp;

  private static void assertOneLineWithoutNetworkAdvice(Cli.Result r) {
    assertThat(r.err().lines()).as(r.err()).hasSize(1);
    assertThat(r.err()).doesNotContain("endpoint").doesNotContain("report it").doesNotContain("Exception")
        .doesNotContain("\tat ");
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private Path manifestWithBlob() {
    VersionManifest m = Manifests.valid().toBuilder()
        .prompt(PromptSpec.builder(PromptText.blob(sha256(Manifests.TEMPLATE))).variables("policy", "question").build())
        .build();
    return Manifests.write(tmp.resolve("store"), "manifest.json", m);
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
  void validate_ofADirectory_saysItIsADirectoryAndExitsOne() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("manifests"));

    Cli.Result r = Cli.run("validate", dir.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(r.err()).contains("manifest file " + dir + " is a directory");
    assertOneLineWithoutNetworkAdvice(r);
  }

  @Test
  void validate_ofAnUnreadableFile_saysPermissionDeniedAndExitsOne() throws IOException {
    Path file = Manifests.write(tmp, "secret.json", Manifests.valid());
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
    assumeThat(Files.isReadable(file)).as("the file system enforces permissions for this user").isFalse();

    Cli.Result r = Cli.run("validate", file.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(r.err()).contains("manifest file " + file).contains("permission denied");
    assertOneLineWithoutNetworkAdvice(r);
  }

  @Test
  void permissionDeniedOnALocalFile_isExitOneWithoutNetworkAdvice_evenWhereTheTestRunsAsRoot() {
    CliException fromSource = Errors.translate(new ManifestSourceException(
        "cannot read manifest file /srv/m.json: permission denied", false, new AccessDeniedException("/srv/m.json")));
    CliException fromCommand = Errors.translate(new UncheckedIOException(new AccessDeniedException("/srv/vars.json")));

    assertThat(fromSource.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(fromSource.fix()).contains("regular file you may read").doesNotContain("endpoint");
    assertThat(fromCommand.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(fromCommand.getMessage()).isEqualTo("file /srv/vars.json cannot be used: permission denied");
  }

  @Test
  void validate_whenTheBlobIsADirectory_saysSoAndExitsOne() throws IOException {
    Path file = manifestWithBlob();
    Path blob = Files.createDirectories(file.resolveSibling("blobs/sha256/" + sha256(Manifests.TEMPLATE)));

    Cli.Result r = Cli.run("validate", file.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(r.err()).contains("blob file " + blob + " is a directory");
    assertOneLineWithoutNetworkAdvice(r);
  }

  @Test
  void validate_whenTheBlobIsDevZero_failsAtOnceNamingTheBlob() throws IOException {
    Path zero = Path.of("/dev/zero");
    assumeThat(Files.exists(zero)).isTrue();
    Path file = manifestWithBlob();
    Path blob = file.resolveSibling("blobs/sha256/" + sha256(Manifests.TEMPLATE));
    Files.createDirectories(blob.getParent());
    Files.createSymbolicLink(blob, zero);

    Cli.Result r = Cli.run("validate", file.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(r.err()).contains("blob file " + blob + " is not a regular file");
    assertOneLineWithoutNetworkAdvice(r);
  }

  @Test
  void validate_ofASparse300MegabyteFile_failsNamingTheLimit() throws IOException {
    Path file = tmp.resolve("huge.json");
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(300L << 20);
    }

    Cli.Result r = Cli.run("validate", file.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(r.err()).contains("manifest file " + file).contains("limit of 1048576 bytes");
    assertOneLineWithoutNetworkAdvice(r);
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void validate_ofAFifo_failsAtOnceInsteadOfHanging() throws Exception {
    Path fifo = tmp.resolve("pipe.json");
    assumeThat(mkfifo(fifo)).as("mkfifo is available").isTrue();

    Cli.Result r = Cli.run("validate", fifo.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(r.err()).contains("manifest file " + fifo + " is not a regular file");
    assertOneLineWithoutNetworkAdvice(r);
  }

  @Test
  void validate_withAStrayNonUtf8SignatureFile_andNoSignaturePolicy_passes() throws IOException {
    Path file = Manifests.write(tmp, "m.json", Manifests.valid());
    Files.write(tmp.resolve("m.json.sig"), new byte[] {(byte) 0xff, (byte) 0xfe, 0});

    Cli.Result r = Cli.run("validate", file.toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.err()).doesNotContain("unreachable");
  }

  @Test
  void verify_withANonUtf8SignatureFile_isASignatureErrorNamingTheFile() throws IOException {
    Path file = Manifests.write(tmp, "m.json", Manifests.valid());
    Path sig = Files.write(tmp.resolve("m.json.sig"), new byte[] {(byte) 0xff, (byte) 0xfe, 0});
    Path keys = tmp.resolve("keys");
    assertThat(Cli.run("keygen", "--key-id", "release-2026", "-o", keys.toString()).exitCode()).isZero();

    Cli.Result r = Cli.run("verify", file.toString(), "--trust", keys.resolve("release-2026.pub").toString());

    assertThat(r.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(r.err()).contains("signature file " + sig + " is not UTF-8 text").contains("mvc sign")
        .doesNotContain("mvc build").doesNotContain("unreachable");
    assertOneLineWithoutNetworkAdvice(r);
  }

  @Test
  void verify_withAnUntrustedKey_advisesSigningOrTrustingTheKeyRatherThanARebuild() {
    Path file = Manifests.write(tmp, "m.json", Manifests.valid());
    Path keys = tmp.resolve("keys");
    Cli.run("keygen", "--key-id", "release-2026", "-o", keys.toString());
    Cli.run("keygen", "--key-id", "other", "-o", keys.toString());
    Cli.run("sign", file.toString(), "--key", keys.resolve("other.key").toString());

    Cli.Result r = Cli.run("verify", file.toString(), "--trust", keys.resolve("release-2026.pub").toString());

    assertThat(r.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(r.err()).contains("key other, which is not trusted")
        .contains("fix: sign the manifest with mvc sign FILE --key KEYFILE").contains("--trust PUBFILE")
        .doesNotContain("mvc build");
  }

  @Test
  void replay_withABinaryVarsFile_isAOneLineUsageError() throws IOException {
    Path manifest = Manifests.write(tmp.resolve("store"), "manifest.json", Manifests.valid());
    String stamp;
    try (PinnedModelClient client = PinnedModelClient.builder().manifest(ManifestSources.file(manifest))
        .backend(InMemoryModelBackend.create().otherwise().reply("ok")).build()) {
      stamp = client.invoke(InvocationRequest.of(Map.of("policy", "p", "question", "q"))).stamp().toHeaderValue();
    }
    Path vars = Files.write(tmp.resolve("vars.bin"), new byte[] {(byte) 0xc3, (byte) 0x28, (byte) 0xff, 0, 1});

    Cli.Result r = Cli.run("replay", stamp, "--vars", vars.toString(), "--allow-file-source");

    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("variables file " + vars + " is not UTF-8 text");
    assertOneLineWithoutNetworkAdvice(r);
  }

  @Test
  void artifactUpload_ofADirectory_saysItIsADirectoryBeforeAnyUpload() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("model"));

    Cli.Result r = Cli.run("artifact", "upload", dir.toString(), "s3://models/llm/model.tar.gz",
        "--endpoint-url", "http://127.0.0.1:9", "--region", "us-east-1");

    assertThat(r.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(r.err()).contains("artifact file " + dir + " is a directory");
    assertOneLineWithoutNetworkAdvice(r);
  }

  @Test
  void approve_withABlankReason_isRefusedAsAUsageError() {
    for (String blank : new String[] {"", "   "}) {
      Cli.Result r = Cli.run("approve", "s3://ml-config/app/manifest.json?versionId=3HL4kqtJ", "--reason", blank,
          "--endpoint-url", "http://127.0.0.1:9", "--region", "us-east-1");

      assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
      assertThat(r.err()).contains("--reason must say why").contains("was blank");
      assertOneLineWithoutNetworkAdvice(r);
    }
  }
}
