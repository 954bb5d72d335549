package dev.mvc.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvc.ApprovalStatus;
import dev.mvc.InferenceParameters;
import dev.mvc.ManifestException;
import dev.mvc.VersionManifest;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

class ManifestRepositoryIT {

  private static S3Client s3;
  private static String bucket;
  private static ManifestPublisher publisher;

  @BeforeAll
  static void startEmulator() {
    s3 = S3Emulator.client();
    bucket = S3Emulator.newBucket(s3, "history", true);
    publisher = ManifestPublisher.builder().client(s3).build();
  }

  @AfterAll
  static void closeClient() {
    s3.close();
  }

  private static PublishResult publish(String key, VersionManifest manifest, String by) {
    return publisher.publish(PublishRequest.builder().target("s3://" + bucket + "/" + key).manifest(manifest).publishedBy(by).build());
  }

  private static VersionManifest version(String v) {
    return Manifests.inline(v, "Answer (" + v + "): {{question}}");
  }

  @Test
  void history_listsEveryVersionNewestFirstWithDigestAndPublisher() {
    PublishResult v1 = publish("h/manifest.json", version("1.0.0"), "alice");
    PublishResult v2 = publish("h/manifest.json", version("1.1.0"), "bob");
    PublishResult v3 = publish("h/manifest.json", version("1.2.0"), "carol");
    publish("h/manifest.json.other", version("9.0.0"), "mallory");

    List<ManifestVersion> history = ManifestRepository.builder().client(s3).location("s3://" + bucket + "/h/manifest.json").build().history();

    assertThat(history).extracting(ManifestVersion::versionId).containsExactly(v3.versionId(), v2.versionId(), v1.versionId());
    assertThat(history).extracting(ManifestVersion::version).containsExactly("1.2.0", "1.1.0", "1.0.0");
    assertThat(history).extracting(ManifestVersion::digest).containsExactly(v3.digest(), v2.digest(), v1.digest());
    assertThat(history).extracting(ManifestVersion::publishedBy).containsExactly("carol", "bob", "alice");
    assertThat(history).extracting(ManifestVersion::current).containsExactly(true, false, false);
    assertThat(history).extracting(ManifestVersion::approval).containsOnly(ApprovalStatus.UNKNOWN);
  }

  @Test
  void rollbackTo_copiesThatVersionAndRecordsItsOrigin_keepingEveryVersion() {
    PublishResult v1 = publish("r/manifest.json", version("1.0.0"), "alice");
    PublishResult v2 = publish("r/manifest.json", version("2.0.0"), "bob");
    ManifestRepository repository = ManifestRepository.builder().client(s3).location("s3://" + bucket + "/r/manifest.json").build();

    PublishResult restored = repository.rollbackTo(v1.versionId(), "oncall");

    assertThat(restored.created()).isTrue();
    assertThat(restored.digest()).isEqualTo(v1.digest());
    assertThat(restored.versionId()).isNotIn(v1.versionId(), v2.versionId());
    List<ManifestVersion> history = repository.history();
    assertThat(history).extracting(ManifestVersion::versionId)
        .containsExactly(restored.versionId(), v2.versionId(), v1.versionId());
    ManifestVersion current = history.get(0);
    assertThat(current.current()).isTrue();
    assertThat(current.restoredFrom()).isEqualTo(v1.versionId());
    assertThat(current.publishedBy()).isEqualTo("oncall");
    assertThat(current.digest()).isEqualTo(v1.digest());
    assertThat(history.get(2).restoredFrom()).isNull();
    assertThat(VersionManifest.parse(S3ManifestSource.of(s3, "s3://" + bucket + "/r/manifest.json").fetch().bytes()).version())
        .isEqualTo("1.0.0");
    assertThat(s3.listObjectVersions(b -> b.bucket(bucket).prefix("r/manifest.json.mvc-rollback")).versions()).isEmpty();
  }

  @Test
  void rollbackTo_theContentThatIsAlreadyCurrent_writesNothing() {
    PublishResult v1 = publish("same/manifest.json", version("1.0.0"), "alice");
    ManifestRepository repository = ManifestRepository.builder().client(s3).location("s3://" + bucket + "/same/manifest.json").build();

    PublishResult result = repository.rollbackTo(v1.versionId());

    assertThat(result.created()).isFalse();
    assertThat(result.versionId()).isEqualTo(v1.versionId());
    assertThat(repository.history()).hasSize(1);
  }

  @Test
  void rollbackTo_aVersionThatIsNotAManifest_isRefused() {
    String junk = s3.putObject(b -> b.bucket(bucket).key("junk/manifest.json"), RequestBody.fromString("{\"not\":\"a manifest\"}")).versionId();
    publish("junk/manifest.json", version("2.0.0"), "bob");
    ManifestRepository repository = ManifestRepository.builder().client(s3).location("s3://" + bucket + "/junk/manifest.json").build();

    assertThatThrownBy(() -> repository.rollbackTo(junk)).isInstanceOf(ManifestException.class);
    assertThat(repository.history()).hasSize(2);
    assertThat(repository.history().get(1).digest()).isNull();
  }

  @Test
  void rollbackToLastKnownGood_picksTheNewestEarlierApprovedVersionThatPassesThePolicy() {
    S3ApprovalRegistry approvals = S3ApprovalRegistry.builder().client(s3).bucket(bucket).prefix("lkg").build();
    PublishResult v1 = publish("lkg/manifest.json", version("1.0.0"), "alice");
    approvals.approve(v1.location(), "alice", "baseline");
    PublishResult v2 = publish("lkg/manifest.json", version("2.0.0"), "bob");
    approvals.approve(v2.location(), "alice", "better eval");
    PublishResult v3 = publish("lkg/manifest.json", version("3.0.0"), "bob");
    // Approved but fails the strict policy: written around the publisher.
    VersionManifest loose = version("3.5.0").toBuilder().inference(InferenceParameters.builder().maxTokens(10).build()).build();
    String v35 = s3.putObject(b -> b.bucket(bucket).key("lkg/manifest.json"), RequestBody.fromBytes(Manifests.bytes(loose))).versionId();
    approvals.approve(S3Location.of(bucket, "lkg/manifest.json", v35), "bob", "approved by mistake");
    PublishResult v4 = publish("lkg/manifest.json", version("4.0.0"), "bob");
    ManifestRepository repository = ManifestRepository.builder().client(s3).location("s3://" + bucket + "/lkg/manifest.json")
        .approvalRegistry(approvals).build();

    PublishResult restored = repository.rollbackToLastKnownGood("oncall");

    assertThat(restored.digest()).isEqualTo(v2.digest());
    ManifestVersion current = repository.history().get(0);
    assertThat(current.restoredFrom()).isEqualTo(v2.versionId());
    assertThat(current.approval()).isEqualTo(ApprovalStatus.APPROVED);
    assertThat(v3.versionId()).isNotEqualTo(v4.versionId());
  }

  @Test
  void rollbackToLastKnownGood_withoutAQualifyingVersion_failsAndWritesNothing() {
    S3ApprovalRegistry approvals = S3ApprovalRegistry.builder().client(s3).bucket(bucket).prefix("none").build();
    publish("none/manifest.json", version("1.0.0"), "alice");
    publish("none/manifest.json", version("2.0.0"), "alice");
    ManifestRepository repository = ManifestRepository.builder().client(s3).location("s3://" + bucket + "/none/manifest.json")
        .approvalRegistry(approvals).build();

    assertThatThrownBy(repository::rollbackToLastKnownGood)
        .isInstanceOf(ManifestException.class)
        .hasMessageContaining("no earlier version of s3://" + bucket + "/none/manifest.json")
        .hasMessageContaining("1 examined");
    assertThat(repository.history()).hasSize(2);
  }
}
