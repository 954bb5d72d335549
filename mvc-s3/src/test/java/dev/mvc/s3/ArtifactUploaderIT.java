package dev.mvc.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvc.ManifestIntegrityException;
import dev.mvc.ManifestSourceException;
import dev.mvc.SageMakerTarget;
import dev.mvc.VersionManifest;
import dev.mvc.emulators.s3.S3MockLauncher;
import dev.mvc.s3.internal.Checksums;
import dev.mvc.testkit.TestManifests;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

class ArtifactUploaderIT {

  private static final long MIB = 1024 * 1024;
  private static S3Client s3;
  /** A client for uploads: plain part bodies. */
  private static S3Client uploads;
  private static String bucket;

  @TempDir Path dir;

  @BeforeAll
  static void startEmulator() {
    s3 = S3Emulator.client();
    bucket = S3Emulator.newBucket(s3, "artifacts", true);
    uploads = S3Emulator.uploadClient();
  }

  @AfterAll
  static void closeClient() {
    s3.close();
    uploads.close();
  }

  private Path randomFile(String name, long size, long seed) throws IOException {
    Path file = dir.resolve(name);
    Random random = new Random(seed);
    byte[] chunk = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long written = 0; written < size; written += chunk.length) {
        random.nextBytes(chunk);
        out.write(chunk, 0, (int) Math.min(chunk.length, size - written));
      }
    }
    return file;
  }

  private static String sha256Of(Path file) throws Exception {
    MessageDigest sha = Checksums.sha256();
    try (var in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) > 0) {
        sha.update(buf, 0, n);
      }
    }
    return Checksums.hex(sha.digest());
  }

  private static ArtifactUpload.Builder upload(Path file, String key) {
    return ArtifactUpload.builder()
        .file(file)
        .target(S3Location.of(bucket, key))
        .gitSha("4f2a9c1e")
        .trainingDate("2026-11-20")
        .baseModel("llama-3.1-8b")
        .evalAccuracy(0.913)
        .trainingDatasetVersion("tickets-2026-11");
  }

  /** Parts of 5 MiB above 5 MiB, so that a few MiB exercise the multipart path. */
  private static ArtifactUploader uploader() {
    return ArtifactUploader.builder().client(uploads).partSize(5 * MIB).build();
  }

  @Test
  void upload_ofASmallFile_returnsAPinnedReferenceWithItsSha256AndMetadata() throws Exception {
    Path file = randomFile("model.tar.gz", 300 * 1024, 1);
    ArtifactUploader uploader = uploader();

    ArtifactReference ref = uploader.upload(upload(file, "models/small/model.tar.gz").build());

    assertThat(ref.sha256()).isEqualTo(sha256Of(file));
    assertThat(ref.size()).isEqualTo(300 * 1024);
    assertThat(ref.uri()).startsWith("s3://" + bucket + "/models/small/model.tar.gz?versionId=");
    HeadObjectResponse head =
        s3.headObject(b -> b.bucket(bucket).key("models/small/model.tar.gz").versionId(ref.versionId()));
    assertThat(head.metadata())
        .containsEntry("git-sha", "4f2a9c1e")
        .containsEntry("training-date", "2026-11-20")
        .containsEntry("base-model", "llama-3.1-8b")
        .containsEntry("eval-accuracy", "0.913")
        .containsEntry("training-dataset-version", "tickets-2026-11");
    assertThat(s3.getObjectTagging(b -> b.bucket(bucket).key("models/small/model.tar.gz").versionId(ref.versionId()))
        .tagSet()).anySatisfy(t -> assertThat(t.key() + "=" + t.value()).isEqualTo(ArtifactUploader.SHA256_TAG + "=" + ref.sha256()));
    assertThat(uploader.verify(ref)).isEqualTo(ref);
  }

  @Test
  void upload_ofALargeFile_goesUpInPartsAndKeepsTheWholeFileSha256() throws Exception {
    Path file = randomFile("big.tar.gz", 12 * MIB + 12345, 2);
    ArtifactUploader uploader = uploader();

    ArtifactReference ref = uploader.upload(upload(file, "models/big/model.tar.gz").build());

    assertThat(ref.sha256()).isEqualTo(sha256Of(file));
    assertThat(ref.size()).isEqualTo(12 * MIB + 12345);
    byte[] stored =
        s3.getObjectAsBytes(b -> b.bucket(bucket).key("models/big/model.tar.gz").versionId(ref.versionId())).asByteArray();
    assertThat(Checksums.sha256Hex(stored)).isEqualTo(ref.sha256());
    assertThat(s3.headObject(b -> b.bucket(bucket).key("models/big/model.tar.gz").versionId(ref.versionId())).metadata())
        .containsEntry("git-sha", "4f2a9c1e");
    assertThat(uploader.verify(ref)).isEqualTo(ref);
  }

  @Test
  void upload_ofALargeFile_sendsSeveralPartsAtOnceFromOneRead() throws Exception {
    Path file = randomFile("parallel.bin", 30 * MIB + 7, 10);
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger maxInFlight = new AtomicInteger();
    AtomicInteger parts = new AtomicInteger();
    ExecutionInterceptor meter = new ExecutionInterceptor() {
      @Override
      public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (context.request() instanceof UploadPartRequest) {
          parts.incrementAndGet();
          maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        }
      }

      @Override
      public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (context.request() instanceof UploadPartRequest) {
          inFlight.decrementAndGet();
        }
      }
    };
    try (S3Client metered = S3Emulator.uploadClient(meter)) {
      ArtifactUploader uploader = ArtifactUploader.builder().client(metered).partSize(5 * MIB).parallelParts(4).build();

      ArtifactReference ref = uploader.upload(upload(file, "models/parallel/model.bin").build());

      assertThat(ref.sha256()).isEqualTo(sha256Of(file));
      assertThat(parts.get()).isEqualTo(7);
      assertThat(maxInFlight.get()).as("parts in flight at once").isBetween(2, 4);
      assertThat(uploader.verify(ref)).isEqualTo(ref);
    }
  }

  @Test
  void upload_ofOnePart_sendsItsSha256ForS3ToCheck_andStoresItInMetadata() throws Exception {
    Path file = randomFile("one.bin", 2 * MIB, 11);
    AtomicInteger puts = new AtomicInteger();
    ExecutionInterceptor meter = new ExecutionInterceptor() {
      @Override
      public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (context.request() instanceof software.amazon.awssdk.services.s3.model.PutObjectRequest) {
          puts.incrementAndGet();
          assertThat(context.httpRequest().firstMatchingHeader("x-amz-checksum-sha256"))
              .contains(Checksums.hexToBase64(sha256OfUnchecked(file)));
          assertThat(context.httpRequest().firstMatchingHeader("Content-Encoding")).isEmpty();
        }
      }
    };
    try (S3Client metered = S3Emulator.uploadClient(meter)) {
      ArtifactReference ref = ArtifactUploader.create(metered).upload(upload(file, "models/one/model.bin").build());

      assertThat(puts.get()).isEqualTo(1);
      HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key("models/one/model.bin").versionId(ref.versionId()));
      assertThat(head.metadata()).containsEntry(ArtifactUploader.SHA256_TAG, ref.sha256());
      assertThat(ref.sha256()).isEqualTo(sha256Of(file));
    }
  }

  @Test
  void upload_whosePartIsRefused_abortsTheMultipartUpload_andStoresNothing() throws Exception {
    Path file = randomFile("refused.bin", 16 * MIB, 12);
    AtomicInteger parts = new AtomicInteger();
    ExecutionInterceptor refuseThird = new ExecutionInterceptor() {
      @Override
      public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (context.request() instanceof UploadPartRequest && ((UploadPartRequest) context.request()).partNumber() == 3) {
          parts.incrementAndGet();
          throw software.amazon.awssdk.core.exception.SdkClientException.create("connection reset while sending part 3");
        }
      }
    };
    try (S3Client failing = S3Emulator.uploadClient(refuseThird)) {
      ArtifactUploader uploader = ArtifactUploader.builder().client(failing).partSize(5 * MIB).build();

      assertThatThrownBy(() -> uploader.upload(upload(file, "models/refused/model.bin").build()))
          .isInstanceOf(S3StoreException.class)
          .hasMessageContaining("models/refused/model.bin")
          .hasMessageContaining("part 3");
    }
    assertThat(parts.get()).isEqualTo(1);
    assertThat(s3.listObjectVersions(b -> b.bucket(bucket).prefix("models/refused/")).versions()).isEmpty();
    assertThat(s3.listMultipartUploads(b -> b.bucket(bucket).prefix("models/refused/")).uploads()).isEmpty();
  }

  @Test
  void partSizeAndParallelism_outsideTheirLimits_areRefusedNamingTheValue() {
    assertThatThrownBy(() -> ArtifactUploader.builder().partSize(4 * MIB))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("partSize").hasMessageContaining(String.valueOf(4 * MIB));
    assertThatThrownBy(() -> ArtifactUploader.builder().partSize(2048 * MIB))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 GiB");
    assertThatThrownBy(() -> ArtifactUploader.builder().parallelParts(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("parallelParts").hasMessageContaining("was 0");
  }

  private static String sha256OfUnchecked(Path file) {
    try {
      return sha256Of(file);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void verify_withAnotherSha256_isAnIntegrityError() throws Exception {
    Path file = randomFile("m.bin", 1000, 3);
    ArtifactUploader uploader = uploader();
    ArtifactReference ref = uploader.upload(upload(file, "models/verify/m.bin").build());
    ArtifactReference wrong = new ArtifactReference(ref.location(), "0".repeat(64), ref.size());

    assertThatThrownBy(() -> uploader.verify(wrong))
        .isInstanceOf(ManifestIntegrityException.class)
        .hasMessageContaining(ref.uri())
        .hasMessageContaining(ref.sha256());
  }

  @Test
  void verify_ofAPartUploadWithAnotherSha256_isAnIntegrityError() throws Exception {
    Path file = randomFile("m2.bin", 6 * MIB, 4);
    ArtifactUploader uploader = uploader();
    ArtifactReference ref = uploader.upload(upload(file, "models/verify/m2.bin").build());

    assertThatThrownBy(() -> uploader.verify(new ArtifactReference(ref.location(), "1".repeat(64), ref.size())))
        .isInstanceOf(ManifestIntegrityException.class)
        .hasMessageContaining("1".repeat(64));
    assertThatThrownBy(() -> uploader.verify(new ArtifactReference(ref.location(), ref.sha256(), ref.size() - 1)))
        .isInstanceOf(ManifestIntegrityException.class)
        .hasMessageContaining("bytes");
  }

  @Test
  void verify_ofAVersionThatDoesNotExist_isNotFound() throws Exception {
    Path file = randomFile("m3.bin", 10, 5);
    ArtifactUploader uploader = uploader();
    ArtifactReference ref = uploader.upload(upload(file, "models/verify/m3.bin").build());
    ArtifactReference missing =
        new ArtifactReference(ref.location().resolveKey("models/verify/absent.bin").withVersionId(ref.versionId()),
            ref.sha256(), ref.size());

    assertThatThrownBy(() -> uploader.verify(missing))
        .isInstanceOf(ManifestSourceException.class)
        .hasMessageContaining("absent.bin")
        .satisfies(e -> assertThat(((ManifestSourceException) e).notFound()).isTrue());
  }

  @Test
  void upload_withAKmsKey_storesTheObjectWithSseKms() throws Exception {
    ArtifactUploader uploader = uploader();

    ArtifactReference ref =
        uploader.upload(upload(randomFile("k1.bin", 100, 6), "models/kms/k1.bin").kmsKeyId(S3MockLauncher.DEFAULT_KMS_KEY_ID).build());

    HeadObjectResponse head =
        s3.headObject(b -> b.bucket(bucket).key(ref.location().key()).versionId(ref.versionId()));
    assertThat(head.serverSideEncryption()).isEqualTo(ServerSideEncryption.AWS_KMS);
    assertThat(head.ssekmsKeyId()).contains(S3MockLauncher.DEFAULT_KMS_KEY_ID);
    assertThat(uploader.verify(ref)).isEqualTo(ref);
  }

  /** The emulator accepts SSE-KMS on multipart uploads but does not report it afterwards. */
  @Test
  void upload_inParts_withAKmsKey_isAccepted() throws Exception {
    ArtifactUploader uploader = uploader();

    ArtifactReference ref =
        uploader.upload(upload(randomFile("k2.bin", 6 * MIB, 7), "models/kms/k2.bin").kmsKeyId(S3MockLauncher.DEFAULT_KMS_KEY_ID).build());

    assertThat(uploader.verify(ref)).isEqualTo(ref);
  }

  @Test
  void upload_toAnUnversionedBucket_saysToEnableVersioning() throws Exception {
    String plain = S3Emulator.newBucket(s3, "plain-artifacts", false);
    Path file = randomFile("p.bin", 10, 8);

    assertThatThrownBy(
            () -> uploader()
                .upload(ArtifactUpload.builder().file(file).target(S3Location.of(plain, "p.bin")).build()))
        .isInstanceOf(S3StoreException.class)
        .hasMessageContaining(plain)
        .hasMessageContaining("enable S3 object versioning");
  }

  @Test
  void anUploadedArtifact_pinsASageMakerManifestThatPublishesUnderTheStrictPolicy() throws Exception {
    ArtifactUploader uploader = uploader();
    ArtifactReference ref = uploader.upload(upload(randomFile("model.tar.gz", 4096, 9), "models/sm/model.tar.gz").build());
    VersionManifest base = TestManifests.sagemaker("Summarise: {{ticket}}");
    SageMakerTarget target = ((SageMakerTarget) base.model()).toBuilder()
        .artifact(ref.uriWithoutVersion(), ref.versionId(), ref.sha256())
        .build();
    VersionManifest manifest = base.toBuilder().model(target).build();

    PublishResult published = ManifestPublisher.builder().client(s3).build().publish(
        PublishRequest.builder().target(S3Location.of(bucket, "models/sm/manifest.json")).manifest(manifest).build());

    SageMakerTarget loaded = (SageMakerTarget) VersionManifest.parse(
        S3ManifestSource.of(s3, published.uri()).fetch().bytes()).model();
    assertThat(uploader.verify(new ArtifactReference(
        S3Location.parse(loaded.artifactUri()).withVersionId(loaded.artifactVersionId()), loaded.artifactSha256(), ref.size())))
        .isEqualTo(ref);
  }
}
