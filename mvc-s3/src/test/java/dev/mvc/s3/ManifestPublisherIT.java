package dev.mvc.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvc.InferenceParameters;
import dev.mvc.ManifestIntegrityException;
import dev.mvc.ManifestPolicyException;
import dev.mvc.PinningPolicy;
import dev.mvc.VersionManifest;
import dev.mvc.emulators.s3.S3MockLauncher;
import dev.mvc.spi.SignatureVerifier;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

class ManifestPublisherIT {

  private static S3Client s3;
  private static String bucket;

  @BeforeAll
  static void startEmulator() {
    s3 = S3Emulator.client();
    bucket = S3Emulator.newBucket(s3, "publish", true);
  }

  @AfterAll
  static void closeClient() {
    s3.close();
  }

  private static String key(String name) {
    return "s3://" + bucket + "/" + name;
  }

  @Test
  void publish_storesBlobsThenTheManifestWithChecksumAndMetadata_andReturnsThePinnedUri() {
    String template = "Answer politely: {{question}}";
    VersionManifest manifest = Manifests.withBlob("1.0.0", template);
    ManifestPublisher publisher = ManifestPublisher.builder().client(s3).expectedBucketOwner("123456789012").build();

    PublishResult result = publisher.publish(PublishRequest.builder()
        .target(key("support/manifest.json")).manifest(manifest).blob(template).publishedBy("ci/build-17").build());

    assertThat(result.created()).isTrue();
    assertThat(result.digest()).isEqualTo(manifest.digest());
    assertThat(result.uri()).isEqualTo(key("support/manifest.json") + "?versionId=" + result.versionId());
    HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key("support/manifest.json")
        .versionId(result.versionId()).checksumMode(ChecksumMode.ENABLED));
    assertThat(head.checksumSHA256()).isNotBlank();
    assertThat(head.contentType()).isEqualTo("application/json");
    assertThat(head.metadata())
        .containsEntry("mvc-digest", manifest.digest())
        .containsEntry("mvc-name", "support-answer")
        .containsEntry("mvc-version", "1.0.0")
        .containsEntry("mvc-git-sha", "0123456789abcdef0123456789abcdef01234567")
        .containsEntry("mvc-created-at", "2026-11-01T00:00:00Z")
        .containsEntry("mvc-eval-accuracy", "0.91")
        .containsEntry("mvc-published-by", "ci/build-17");
    assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("support/blobs/sha256/" + Manifests.sha256(template))).asUtf8String())
        .isEqualTo(template);
    assertThat(VersionManifest.parse(S3ManifestSource.of(s3, result.uri()).fetch().bytes())).isEqualTo(manifest);
  }

  @Test
  void publish_ofTheSameContentTwice_writesNoSecondVersion() {
    VersionManifest manifest = Manifests.inline("1.0.0", "Answer: {{question}}");
    ManifestPublisher publisher = ManifestPublisher.builder().client(s3).build();
    PublishRequest request = PublishRequest.builder().target(key("twice/manifest.json")).manifest(manifest).build();

    PublishResult first = publisher.publish(request);
    PublishResult second = publisher.publish(request);

    assertThat(second.created()).isFalse();
    assertThat(second.versionId()).isEqualTo(first.versionId());
    assertThat(second.digest()).isEqualTo(first.digest());
    assertThat(s3.listObjectVersions(b -> b.bucket(bucket).prefix("twice/manifest.json")).versions()).hasSize(1);
  }

  @Test
  void publish_ofAManifestThatFailsThePolicy_isRefusedBeforeAnyWrite() {
    VersionManifest unpinned = Manifests.inline("1.0.0", "Answer: {{question}}").toBuilder()
        .inference(InferenceParameters.builder().maxTokens(256).build())
        .build();
    ManifestPublisher publisher = ManifestPublisher.builder().client(s3).build();

    assertThatThrownBy(() -> publisher.publish(PublishRequest.builder().target(key("policy/manifest.json")).manifest(unpinned).build()))
        .isInstanceOf(ManifestPolicyException.class)
        .hasMessageContaining("inference.temperature");
    assertThat(s3.listObjectVersions(b -> b.bucket(bucket).prefix("policy/")).versions()).isEmpty();
  }

  @Test
  void publish_ofAManifestWhoseBlobIsNeitherGivenNorStored_isRefused() {
    VersionManifest manifest = Manifests.withBlob("1.0.0", "Never uploaded: {{question}}");

    assertThatThrownBy(() -> ManifestPublisher.builder().client(s3).build()
            .publish(PublishRequest.builder().target(key("noblob/manifest.json")).manifest(manifest).build()))
        .isInstanceOf(dev.mvc.ManifestException.class)
        .hasMessageContaining(Manifests.sha256("Never uploaded: {{question}}"));
  }

  @Test
  void publish_withABlobThatDoesNotMatchTheManifest_isRefused() {
    VersionManifest manifest = Manifests.withBlob("1.0.0", "Expected text: {{question}}");

    assertThatThrownBy(() -> ManifestPublisher.builder().client(s3).build()
            .publish(PublishRequest.builder().target(key("wrongblob/manifest.json")).manifest(manifest)
                .blob("Other text: {{question}}").build()))
        .isInstanceOf(dev.mvc.ManifestException.class);
    assertThat(s3.listObjectVersions(b -> b.bucket(bucket).prefix("wrongblob/")).versions()).isEmpty();
  }

  @Test
  void publish_toABucketWithoutVersioning_failsNamingTheBucketAndTheFix() {
    String plain = S3Emulator.newBucket(s3, "unversioned", false);

    assertThatThrownBy(() -> ManifestPublisher.builder().client(s3).build()
            .publish(PublishRequest.builder().target("s3://" + plain + "/m.json")
                .manifest(Manifests.inline("1.0.0", "Answer: {{question}}")).build()))
        .isInstanceOf(S3StoreException.class)
        .hasMessageContaining("bucket " + plain + " does not have object versioning enabled")
        .hasMessageContaining("put-bucket-versioning")
        .satisfies(e -> assertThat(((S3StoreException) e).bucket()).isEqualTo(plain));
  }

  @Test
  void publish_withAKmsKey_encryptsTheManifestAndItsBlobs() {
    String template = "Encrypted: {{question}}";
    PublishResult result = ManifestPublisher.builder().client(s3).kmsKeyId(S3MockLauncher.DEFAULT_KMS_KEY_ID).build()
        .publish(PublishRequest.builder().target(key("kms/manifest.json"))
            .manifest(Manifests.withBlob("1.0.0", template)).blob(template).build());

    assertThat(s3.headObject(b -> b.bucket(bucket).key("kms/manifest.json").versionId(result.versionId())).serverSideEncryption())
        .isEqualTo(ServerSideEncryption.AWS_KMS);
    assertThat(s3.headObject(b -> b.bucket(bucket).key("kms/blobs/sha256/" + Manifests.sha256(template))).serverSideEncryption())
        .isEqualTo(ServerSideEncryption.AWS_KMS);
  }

  @Test
  void publish_ofExactJsonBytes_storesThemUnchanged() {
    byte[] json = ("  " + Manifests.inline("3.0.0", "Answer: {{question}}").toJson() + "\n").getBytes(StandardCharsets.UTF_8);

    PublishResult result = ManifestPublisher.builder().client(s3).build()
        .publish(PublishRequest.builder().target(key("exact/manifest.json")).manifestJson(json).build());

    assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("exact/manifest.json").versionId(result.versionId())).asByteArray())
        .isEqualTo(json);
  }

  @Test
  void publish_storesTheDetachedSignature_andTheSourceHandsItToTheVerifier() {
    VersionManifest manifest = Manifests.inline("1.0.0", "Signed: {{question}}");
    String signature = "ed25519:release-key-1:" + "A".repeat(86) + "==";
    List<String> seen = new CopyOnWriteArrayList<>();
    SignatureVerifier verifier = (m, fetched) -> {
      seen.add(fetched.signature());
      if (!signature.equals(fetched.signature())) {
        throw new ManifestIntegrityException("manifest " + m.name() + " has no valid signature");
      }
    };
    PinningPolicy policy = PinningPolicy.builder().requireSignature(verifier).build();
    ManifestPublisher publisher = ManifestPublisher.builder().client(s3).policy(policy).build();

    PublishResult result = publisher.publish(PublishRequest.builder().target(key("signed/manifest.json"))
        .manifest(manifest).signature(signature).build());
    assertThatThrownBy(() -> publisher.publish(PublishRequest.builder().target(key("unsigned/manifest.json"))
            .manifest(manifest).build()))
        .isInstanceOf(ManifestIntegrityException.class);

    assertThat(S3ManifestSource.of(s3, result.uri()).fetch().signature()).isEqualTo(signature);
    assertThat(seen).containsExactly(signature, null);
    assertThat(s3.listObjectVersions(b -> b.bucket(bucket).prefix("unsigned/")).versions()).isEmpty();
  }
}
