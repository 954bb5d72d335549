package dev.mvc.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvc.ManifestSourceException;
import dev.mvc.s3.internal.Checksums;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Pinning artifacts that other tools uploaded: multipart without a whole-object SHA-256, with
 * the recipe's metadata keys, as boto3's {@code upload_file} with {@code ExtraArgs={'Metadata': ..}} leaves them.
 */
class ArtifactPinnerIT {
  private static final int MIB = 1 << 20;
  private static S3Client s3;
  private static String bucket;

  @BeforeAll
  static void start() {
    s3 = S3Emulator.client();
    bucket = S3Emulator.newBucket(s3, "pin", true);
  }

  @AfterAll
  static void close() {
    s3.close();
  }

  private static final Map<String, String> ARTICLE_METADATA = Map.of(
      "git-sha", "4f2a9c1e0b7d3a5c6e8f9a0b1c2d3e4f5a6b7c8d",
      "training-date", "2026-11-20",
      "base-model", "meta-llama/Llama-3.1-8B",
      "eval-accuracy", "0.913",
      "training-dataset-version", "tickets-2026-11");

  /** Uploads in two parts with plain multipart calls and no checksums, as boto3 does by default. */
  private static String uploadInPartsWithoutSha256(String key, byte[] data, Map<String, String> metadata) {
    String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key).metadata(metadata)).uploadId();
    List<CompletedPart> parts = new ArrayList<>();
    int partSize = 5 * MIB;
    for (int off = 0, n = 1; off < data.length; off += partSize, n++) {
      int len = Math.min(partSize, data.length - off);
      int number = n;
      String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number),
          RequestBody.fromBytes(java.util.Arrays.copyOfRange(data, off, off + len))).eTag();
      parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
    }
    return s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
        .multipartUpload(m -> m.parts(parts))).versionId();
  }

  private static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Test
  void pin_ofAMultipartUploadWithoutSha256_streamsItOnceAndMapsTheRecipesMetadataIntoProvenance() {
    byte[] data = random(7 * MIB + 3, 1);
    String versionId = uploadInPartsWithoutSha256("models/support/model.tar.gz", data, ARTICLE_METADATA);

    PinnedArtifact pinned = ArtifactPinner.create(s3).pin(S3Location.of(bucket, "models/support/model.tar.gz"));

    assertThat(pinned.reference().versionId()).isEqualTo(versionId);
    assertThat(pinned.reference().sha256()).isEqualTo(Checksums.sha256Hex(data));
    assertThat(pinned.reference().size()).isEqualTo(data.length);
    assertThat(pinned.reference().uri())
        .isEqualTo("s3://" + bucket + "/models/support/model.tar.gz?versionId=" + versionId);
    assertThat(pinned.metadata()).containsAllEntriesOf(ARTICLE_METADATA);
    assertThat(pinned.provenance().provenance().gitSha()).isEqualTo("4f2a9c1e0b7d3a5c6e8f9a0b1c2d3e4f5a6b7c8d");
    assertThat(pinned.provenance().provenance().trainingDate()).isEqualTo(LocalDate.of(2026, 11, 20));
    assertThat(pinned.provenance().provenance().baseModel()).isEqualTo("meta-llama/Llama-3.1-8B");
    assertThat(pinned.provenance().provenance().trainingDataVersion()).isEqualTo("tickets-2026-11");
    assertThat(pinned.provenance().provenance().evaluationMetrics()).containsEntry("accuracy", 0.913);
    assertThat(pinned.provenance().skipped()).isEmpty();
  }

  @Test
  void pin_withAVersionId_pinsThatVersionNotTheCurrentOne() {
    byte[] first = random(1000, 2);
    String v1 = s3.putObject(b -> b.bucket(bucket).key("models/two/model.bin"), RequestBody.fromBytes(first)).versionId();
    s3.putObject(b -> b.bucket(bucket).key("models/two/model.bin"), RequestBody.fromBytes(random(2000, 3)));

    PinnedArtifact pinned = ArtifactPinner.create(s3).pin(S3Location.of(bucket, "models/two/model.bin").withVersionId(v1));

    assertThat(pinned.reference().versionId()).isEqualTo(v1);
    assertThat(pinned.reference().sha256()).isEqualTo(Checksums.sha256Hex(first));
    assertThat(pinned.reference().size()).isEqualTo(1000);
  }

  @Test
  void pin_withAShortGitSha_leavesItOutOfProvenanceAndSaysWhy() {
    s3.putObject(b -> b.bucket(bucket).key("models/short/model.bin").metadata(Map.of("git-sha", "4f2a9c1", "eval-f1", "high")),
        RequestBody.fromBytes(random(10, 4)));

    PinnedArtifact pinned = ArtifactPinner.create(s3).pin(S3Location.of(bucket, "models/short/model.bin"));

    assertThat(pinned.provenance().provenance().gitSha()).isNull();
    assertThat(pinned.provenance().skipped())
        .containsEntry("git-sha", "provenance.gitSha must be 40 or 64 lowercase hex digits, was 4f2a9c1")
        .containsEntry("eval-f1", "provenance.evaluationMetrics values must be numbers, was high");
  }

  @Test
  void pin_inABucketWithoutVersioning_isRefusedNamingTheBucket() {
    String plain = S3Emulator.newBucket(s3, "pin-plain", false);
    s3.putObject(b -> b.bucket(plain).key("model.tar.gz"), RequestBody.fromBytes(random(10, 5)));

    assertThatThrownBy(() -> ArtifactPinner.create(s3).pin(S3Location.of(plain, "model.tar.gz")))
        .isInstanceOf(S3StoreException.class)
        .hasMessageContaining("bucket " + plain + " does not version objects")
        .hasMessageContaining("enable S3 object versioning");
  }

  @Test
  void pin_ofAKeyThatDoesNotExist_isNotFound() {
    assertThatThrownBy(() -> ArtifactPinner.create(s3).pin(S3Location.of(bucket, "models/absent.bin")))
        .isInstanceOf(ManifestSourceException.class)
        .hasMessageContaining("models/absent.bin")
        .satisfies(e -> assertThat(((ManifestSourceException) e).notFound()).isTrue());
  }
}
