package dev.mvc.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvc.emulators.s3.S3MockLauncher;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * The S3 behaviour the S3 store relies on, checked against the emulator through the real SDK
 * client. When one of these fails, the store's assumptions no longer hold.
 */
class S3MockFactsIT {

  private static S3Client s3;
  private static String bucket;

  @BeforeAll
  static void startEmulator() {
    s3 = S3Emulator.client();
    bucket = S3Emulator.newBucket(s3, "facts", true);
  }

  @AfterAll
  static void closeClient() {
    s3.close();
  }

  private static PutObjectResponse put(String key, String body) {
    return s3.putObject(
        b -> b.bucket(bucket).key(key).checksumAlgorithm(ChecksumAlgorithm.SHA256),
        RequestBody.fromString(body, StandardCharsets.UTF_8));
  }

  private static String sha256Base64(String body) throws Exception {
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8));
    return Base64.getEncoder().encodeToString(digest);
  }

  @Test
  void versionedBucket_keepsEveryVersionAndServesEachByVersionId() {
    String key = "versions/manifest.json";
    String v1 = put(key, "one").versionId();
    String v2 = put(key, "two").versionId();

    assertThat(v1).isNotBlank().isNotEqualTo(v2);
    List<ObjectVersion> versions =
        s3.listObjectVersions(b -> b.bucket(bucket).prefix(key)).versions();
    assertThat(versions).extracting(ObjectVersion::versionId).containsExactlyInAnyOrder(v1, v2);
    assertThat(versions).filteredOn(ObjectVersion::isLatest).extracting(ObjectVersion::versionId).containsExactly(v2);
    assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key).versionId(v1)).asUtf8String()).isEqualTo("one");
    assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String()).isEqualTo("two");
  }

  @Test
  void versioningStatus_isReportedForVersionedAndPlainBuckets() {
    String plain = S3Emulator.newBucket(s3, "plain", false);

    assertThat(s3.getBucketVersioning(b -> b.bucket(bucket)).statusAsString()).isEqualTo("Enabled");
    assertThat(s3.getBucketVersioning(b -> b.bucket(plain)).status()).isNull();
  }

  @Test
  void putWithSha256_storesTheChecksumAndGetWithChecksumModeReturnsIt() throws Exception {
    String key = "checksum/blob";
    PutObjectResponse put = put(key, "hello checksum");

    ResponseBytes<GetObjectResponse> got =
        s3.getObjectAsBytes(
            b -> b.bucket(bucket).key(key).versionId(put.versionId()).checksumMode(ChecksumMode.ENABLED));
    HeadObjectResponse head =
        s3.headObject(b -> b.bucket(bucket).key(key).versionId(put.versionId()).checksumMode(ChecksumMode.ENABLED));

    assertThat(put.checksumSHA256()).isEqualTo(sha256Base64("hello checksum"));
    assertThat(got.response().checksumSHA256()).isEqualTo(sha256Base64("hello checksum"));
    assertThat(got.response().versionId()).isEqualTo(put.versionId());
    assertThat(head.checksumSHA256()).isEqualTo(sha256Base64("hello checksum"));
    assertThat(head.contentLength()).isEqualTo(14L);
  }

  @Test
  void putWithAWrongSha256_isRejected() throws Exception {
    String wrong = sha256Base64("something else");

    assertThatThrownBy(
            () ->
                s3.putObject(
                    b -> b.bucket(bucket).key("checksum/wrong").checksumSHA256(wrong),
                    RequestBody.fromString("actual body")))
        .isInstanceOf(S3Exception.class)
        .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(400));
  }

  @Test
  void conditionalGet_withTheCurrentEtag_answersNotModified() {
    String key = "conditional/manifest.json";
    PutObjectResponse put = put(key, "body");

    assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket(bucket).key(key).ifNoneMatch(put.eTag())))
        .isInstanceOf(S3Exception.class)
        .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(304));
    put(key, "changed");
    assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key).ifNoneMatch(put.eTag())).asUtf8String())
        .isEqualTo("changed");
  }

  @Test
  void unknownVersionId_answersNoSuchKey() {
    String key = "unknown/version";
    put(key, "x");

    assertThatThrownBy(
            () -> s3.getObjectAsBytes(b -> b.bucket(bucket).key(key).versionId("no-such-version-id")))
        .isInstanceOf(S3Exception.class)
        .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isIn(400, 404));
    assertThatThrownBy(() -> s3.headObject(b -> b.bucket(bucket).key("unknown/absent")))
        .isInstanceOf(NoSuchKeyException.class);
  }

  @Test
  void objectTags_areKeptPerVersion() {
    String key = "tags/manifest.json";
    String v1 = put(key, "one").versionId();
    String v2 = put(key, "two").versionId();

    s3.putObjectTagging(
        b -> b.bucket(bucket).key(key).versionId(v1)
            .tagging(t -> t.tagSet(Tag.builder().key("mvc-approval").value("Approved").build())));

    assertThat(s3.getObjectTagging(b -> b.bucket(bucket).key(key).versionId(v1)).tagSet())
        .extracting(Tag::key, Tag::value)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("mvc-approval", "Approved"));
    assertThat(s3.getObjectTagging(b -> b.bucket(bucket).key(key).versionId(v2)).tagSet()).isEmpty();
  }

  @Test
  void userMetadata_roundTripsThroughHeadAndGet() {
    String key = "meta/manifest.json";
    Map<String, String> metadata = Map.of("mvc-digest", "sha256:abc", "mvc-git-sha", "0123abcd");
    String version =
        s3.putObject(b -> b.bucket(bucket).key(key).metadata(metadata).contentType("application/json"),
                RequestBody.fromString("{}"))
            .versionId();

    HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(key).versionId(version));
    assertThat(head.metadata()).containsAllEntriesOf(metadata);
    assertThat(head.contentType()).isEqualTo("application/json");
    assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).response().metadata())
        .containsAllEntriesOf(metadata);
  }

  @Test
  void copyOfAVersionFromAnotherKey_addsANewCurrentVersionWithReplacedMetadata() {
    String key = "copy/manifest.json";
    String staging = "copy/staging.json";
    String v1 = s3.putObject(b -> b.bucket(bucket).key(key).metadata(Map.of("mvc-digest", "d1")),
        RequestBody.fromString("first")).versionId();
    String v2 = put(key, "second").versionId();

    String stagedVersion =
        s3.copyObject(b -> b.sourceBucket(bucket).sourceKey(key).sourceVersionId(v1)
                .destinationBucket(bucket).destinationKey(staging))
            .versionId();
    CopyObjectResponse copy =
        s3.copyObject(
            b -> b.sourceBucket(bucket).sourceKey(staging).sourceVersionId(stagedVersion)
                .destinationBucket(bucket).destinationKey(key)
                .metadataDirective(MetadataDirective.REPLACE)
                .metadata(Map.of("mvc-digest", "d1", "mvc-restored-from", v1))
                .checksumAlgorithm(ChecksumAlgorithm.SHA256));

    assertThat(copy.versionId()).isNotIn(v1, v2, stagedVersion);
    ResponseBytes<GetObjectResponse> current = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key));
    assertThat(current.asUtf8String()).isEqualTo("first");
    assertThat(current.response().versionId()).isEqualTo(copy.versionId());
    assertThat(current.response().metadata()).containsEntry("mvc-restored-from", v1);
    assertThat(s3.listObjectVersions(b -> b.bucket(bucket).prefix(key)).versions())
        .extracting(ObjectVersion::versionId)
        .containsExactlyInAnyOrder(v1, v2, copy.versionId());
    assertThat(s3.headObject(b -> b.bucket(bucket).key(key).versionId(v1)).metadata())
        .containsOnly(Map.entry("mvc-digest", "d1"));
  }

  /**
   * Real S3 answers a same-key copy of an older version with a new version; the emulator
   * instead changes the metadata of the source version in place and adds no version. The
   * repository therefore never copies a version onto its own key directly.
   */
  @Test
  void copyOfAVersionOntoItsOwnKey_isAnInPlaceMetadataUpdateInTheEmulator() {
    String key = "copy/same-key.json";
    String v1 = put(key, "first").versionId();
    String v2 = put(key, "second").versionId();

    CopyObjectResponse copy =
        s3.copyObject(
            b -> b.sourceBucket(bucket).sourceKey(key).sourceVersionId(v1)
                .destinationBucket(bucket).destinationKey(key)
                .metadataDirective(MetadataDirective.REPLACE)
                .metadata(Map.of("changed", "yes")));

    assertThat(copy.versionId()).isEqualTo(v1);
    assertThat(s3.listObjectVersions(b -> b.bucket(bucket).prefix(key)).versions())
        .extracting(ObjectVersion::versionId)
        .containsExactlyInAnyOrder(v1, v2);
    assertThat(s3.headObject(b -> b.bucket(bucket).key(key).versionId(v1)).metadata())
        .containsEntry("changed", "yes");
  }

  @Test
  void sseKms_withABareKeyId_isAppliedAndReadTransparently() {
    String key = "kms/manifest.json";
    PutObjectResponse put =
        s3.putObject(
            b -> b.bucket(bucket).key(key)
                .serverSideEncryption(ServerSideEncryption.AWS_KMS)
                .ssekmsKeyId(S3MockLauncher.DEFAULT_KMS_KEY_ID),
            RequestBody.fromString("secret"));

    assertThat(put.serverSideEncryption()).isEqualTo(ServerSideEncryption.AWS_KMS);
    HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(key));
    assertThat(head.serverSideEncryption()).isEqualTo(ServerSideEncryption.AWS_KMS);
    assertThat(head.ssekmsKeyId()).contains(S3MockLauncher.DEFAULT_KMS_KEY_ID);
    assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String()).isEqualTo("secret");
  }

  @Test
  void sseKms_withAnUnregisteredKey_isRejected() {
    assertThatThrownBy(
            () -> s3.putObject(
                b -> b.bucket(bucket).key("kms/unknown")
                    .serverSideEncryption(ServerSideEncryption.AWS_KMS)
                    .ssekmsKeyId("not-a-registered-key"),
                RequestBody.fromString("secret")))
        .isInstanceOf(S3Exception.class);
  }

  @Test
  void expectedBucketOwner_isAcceptedButNotEnforced() {
    String key = "owner/manifest.json";
    put(key, "x");

    assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key).expectedBucketOwner("999999999999")).asUtf8String())
        .isEqualTo("x");
  }
}
