package dev.mvc.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.mvc.ManifestIntegrityException;
import dev.mvc.ManifestLoader;
import dev.mvc.emulators.s3.S3MockLauncher;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Objects larger than the manifest or blob limit fail with the object and the limit named, and
 * the body is not buffered: from the {@code Content-Length} nothing of it is read, and without one
 * the read stops one byte past the limit.
 */
class S3BoundedReadsIT {
  private static final int MIB = 1 << 20;

  private static S3Client s3;
  private static String bucket;
  /** Body bytes the SDK handed on from the HTTP response of GetObject calls. */
  private static final AtomicLong bodyBytesRead = new AtomicLong();
  /** Whether responses lose their Content-Length, as a chunked body would. */
  private static final AtomicBoolean hideContentLength = new AtomicBoolean();

  @BeforeAll
  static void startEmulator() {
    S3MockLauncher launcher = S3Emulator.launcher();
    ExecutionInterceptor meter = new ExecutionInterceptor() {
      @Override
      public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        return hideContentLength.get()
            ? context.httpResponse().toBuilder().removeHeader("Content-Length").build()
            : context.httpResponse();
      }

      @Override
      public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context,
          ExecutionAttributes attributes) {
        return context.responseBody().map(S3BoundedReadsIT::counting);
      }
    };
    s3 = S3Client.builder()
        .endpointOverride(launcher.endpoint())
        .forcePathStyle(true)
        .region(Region.of(launcher.region()))
        .credentialsProvider(AnonymousCredentialsProvider.create())
        .overrideConfiguration(o -> o.addExecutionInterceptor(meter).retryStrategy(b -> b.maxAttempts(1)))
        .build();
    bucket = S3Emulator.newBucket(s3, "bounded", true);
  }

  @AfterAll
  static void closeClient() {
    s3.close();
  }

  @BeforeEach
  void resetMeter() {
    bodyBytesRead.set(0);
    hideContentLength.set(false);
  }

  private static InputStream counting(InputStream in) {
    return new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          bodyBytesRead.incrementAndGet();
        }
        return b;
      }

      @Override
      public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n > 0) {
          bodyBytesRead.addAndGet(n);
        }
        return n;
      }
    };
  }

  private static void upload(String key, int bytes) {
    s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(new byte[bytes]));
  }

  @Test
  void manifestObjectOverTheLimit_failsFromItsContentLengthWithoutReadingTheBody() {
    int size = S3ManifestSource.MAX_MANIFEST_BYTES + MIB;
    upload("big/manifest.json", size);

    assertThatThrownBy(() -> S3ManifestSource.of(s3, "s3://" + bucket + "/big/manifest.json").fetch())
        .isInstanceOf(ManifestIntegrityException.class)
        .hasMessageContaining("manifest s3://" + bucket + "/big/manifest.json")
        .hasMessageContaining("has " + size + " bytes")
        .hasMessageContaining("limit of " + S3ManifestSource.MAX_MANIFEST_BYTES);
    assertThat(bodyBytesRead.get()).isZero();
  }

  @Test
  void manifestObjectOverTheLimit_withoutAContentLength_stopsReadingJustPastTheLimit() {
    int size = S3ManifestSource.MAX_MANIFEST_BYTES + MIB;
    upload("chunked/manifest.json", size);
    hideContentLength.set(true);

    assertThatThrownBy(() -> S3ManifestSource.of(s3, "s3://" + bucket + "/chunked/manifest.json").fetch())
        .isInstanceOf(ManifestIntegrityException.class)
        .hasMessageContaining("manifest s3://" + bucket + "/chunked/manifest.json")
        .hasMessageContaining("more than the limit of " + S3ManifestSource.MAX_MANIFEST_BYTES + " bytes");
    assertThat(bodyBytesRead.get())
        .isGreaterThan(S3ManifestSource.MAX_MANIFEST_BYTES)
        .isLessThan(S3ManifestSource.MAX_MANIFEST_BYTES + 64 * 1024);
  }

  @Test
  void blobObjectOverTheLimit_failsNamingTheBlobAndTheLimitWithoutReadingTheBody() {
    S3ContentStore store = S3ContentStore.of(s3, bucket, "blobs-big/");
    String sha = "ab".repeat(32);
    int size = ManifestLoader.MAX_BLOB_BYTES + MIB;
    upload(store.locationOf(sha).key(), size);

    assertThatThrownBy(() -> store.fetch(sha))
        .isInstanceOf(ManifestIntegrityException.class)
        .hasMessageContaining("blob " + store.locationOf(sha))
        .hasMessageContaining("has " + size + " bytes")
        .hasMessageContaining("limit of " + ManifestLoader.MAX_BLOB_BYTES);
    assertThat(bodyBytesRead.get()).isZero();
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void artifactUpload_ofAFifoOrADirectory_isRefusedBeforeItIsOpened(@TempDir Path dir) throws Exception {
    Path fifo = dir.resolve("model.tar.gz");
    Process mkfifo;
    try {
      mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).redirectErrorStream(true).start();
    } catch (IOException e) {
      mkfifo = null;
    }
    assumeThat(mkfifo != null && mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0)
        .as("mkfifo is available").isTrue();
    try (S3Client uploads = S3Emulator.uploadClient()) {
    ArtifactUploader uploader = ArtifactUploader.builder().client(uploads).build();

    assertThatThrownBy(() -> uploader.upload(ArtifactUpload.builder().file(fifo)
            .target(S3Location.of(bucket, "models/fifo.tar.gz")).build()))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("artifact file " + fifo)
        .hasRootCauseMessage(fifo + ": is not a regular file");
    assertThatThrownBy(() -> uploader.upload(ArtifactUpload.builder().file(dir)
            .target(S3Location.of(bucket, "models/dir.tar.gz")).build()))
        .isInstanceOf(UncheckedIOException.class)
        .hasRootCauseMessage(dir + ": is a directory");
    }
    assertThat(s3.listObjectVersions(b -> b.bucket(bucket).prefix("models/")).versions()).isEmpty();
  }
}
