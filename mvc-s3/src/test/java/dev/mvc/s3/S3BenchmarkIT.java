package dev.mvc.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mvc.ManifestLoader;
import dev.mvc.ServedFrom;
import dev.mvc.SourceRef;
import dev.mvc.s3.internal.Checksums;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Figures for BENCHMARKS.md: S3 load against a raw GetObject, the cost of an unchanged poll, and
 * SHA-256 streaming throughput. Runs only with {@code -Dmvc.bench=true}; prints its results.
 */
@EnabledIfSystemProperty(named = "mvc.bench", matches = "true")
class S3BenchmarkIT {
  private static S3Client s3;
  private static String bucket;
  private static final AtomicLong bodyBytes = new AtomicLong();

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    var launcher = S3Emulator.launcher();
    ExecutionInterceptor counter = new ExecutionInterceptor() {
      @Override
      public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        context.httpResponse().firstMatchingHeader("Content-Length").ifPresent(v -> bodyBytes.addAndGet(Long.parseLong(v)));
      }
    };
    s3 = S3Client.builder().endpointOverride(launcher.endpoint()).forcePathStyle(true).region(Region.US_EAST_1)
        .credentialsProvider(AnonymousCredentialsProvider.create())
        .overrideConfiguration(o -> o.addExecutionInterceptor(counter)).build();
    bucket = S3Emulator.newBucket(s3, "bench", true);
  }

  @AfterAll
  static void close() {
    s3.close();
  }

  private static double medianMicros(int warmup, int runs, LongSupplier op) {
    for (int i = 0; i < warmup; i++) {
      op.getAsLong();
    }
    long[] t = new long[runs];
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      op.getAsLong();
      t[i] = System.nanoTime() - start;
    }
    Arrays.sort(t);
    return t[runs / 2] / 1000.0;
  }

  @Test
  void loadFromS3_againstRawGetObject_andUnchangedPoll() {
    String template = "Answer the customer from the policy below.\n{{policy}}\nQuestion: {{question}}";
    PublishResult p = ManifestPublisher.builder().client(s3).build().publish(PublishRequest.builder()
        .target("s3://" + bucket + "/bench/manifest.json").manifest(Manifests.withBlob("1.0.0", template)).blob(template).build());
    S3ManifestSource source = S3ManifestSource.of(s3, "s3://" + bucket + "/bench/manifest.json");
    ManifestLoader loader = ManifestLoader.builder().build();

    double raw = medianMicros(200, 1000, () -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("bench/manifest.json")).asByteArray().length);
    double load = medianMicros(200, 1000, () -> loader.load(source.fetch(), ServedFrom.SOURCE, source.contentStore()).manifest().digest().length());
    SourceRef current = source.fetch().source();
    double poll = medianMicros(200, 1000, () -> source.fetchIfChanged(current) == null ? 0 : 1);
    long before = bodyBytes.get();
    for (int i = 0; i < 100; i++) {
      assertThat(source.fetchIfChanged(current)).isNull();
    }
    long pollBytes = (bodyBytes.get() - before) / 100;
    before = bodyBytes.get();
    source.fetch();
    long fullBytes = bodyBytes.get() - before;

    System.err.printf("BENCH raw GetObject median %.0f us; S3 load (fetch+parse+verify+policy, blob cached) median %.0f us;"
            + " ratio %.2f; unchanged poll median %.0f us, %d body bytes (full GET %d bytes); manifest %s%n",
        raw, load, load / raw, poll, pollBytes, fullBytes, p.uri());
  }

  @Test
  void sha256Streaming_ofOneGibibyte_againstSha256sum() throws Exception {
    Path file = dir.resolve("model.bin");
    long size = 1L << 30;
    Random random = new Random(1);
    byte[] chunk = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long written = 0; written < size; written += chunk.length) {
        random.nextBytes(chunk);
        out.write(chunk);
      }
    }
    // The uploader's read loop: part-sized buffer, whole-file and part digests.
    long start = System.nanoTime();
    MessageDigest whole = Checksums.sha256();
    byte[] part = new byte[16 << 20];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.readNBytes(part, 0, part.length)) > 0) {
        whole.update(part, 0, n);
        MessageDigest p = Checksums.sha256();
        p.update(part, 0, n);
        p.digest();
      }
    }
    String java = Checksums.hex(whole.digest());
    double javaSeconds = (System.nanoTime() - start) / 1e9;
    start = System.nanoTime();
    Process p = new ProcessBuilder("sha256sum", file.toString()).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    double toolSeconds = (System.nanoTime() - start) / 1e9;
    assertThat(out).startsWith(java);

    S3Client uploads = S3Emulator.uploadClient();
    ArtifactUploader uploader = ArtifactUploader.create(uploads);
    Path smaller = dir.resolve("part.bin");
    try (InputStream in = Files.newInputStream(file); OutputStream o = Files.newOutputStream(smaller)) {
      in.transferTo(new java.io.FilterOutputStream(o) {
        long left = 256L << 20;
        @Override
        public void write(byte[] b, int off, int len) throws java.io.IOException {
          int n = (int) Math.min(len, left);
          if (n > 0) {
            out.write(b, off, n);
            left -= n;
          }
        }
      });
    }
    start = System.nanoTime();
    ArtifactReference ref = uploader.upload(ArtifactUpload.builder().file(smaller).target(S3Location.of(bucket, "bench/model.bin")).build());
    double uploadSeconds = (System.nanoTime() - start) / 1e9;
    uploads.close();

    System.err.printf("BENCH 1 GiB SHA-256: uploader read loop (whole + part digests) %.2f s = %.0f MiB/s;"
            + " sha256sum %.2f s = %.0f MiB/s; 256 MiB multipart upload to S3Mock %.2f s = %.0f MiB/s (%s)%n",
        javaSeconds, 1024 / javaSeconds, toolSeconds, 1024 / toolSeconds, uploadSeconds, 256 / uploadSeconds, ref.sha256());
  }
}
