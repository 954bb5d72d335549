package dev.mvc.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvc.ApprovalDecision;
import dev.mvc.ApprovalStatus;
import dev.mvc.ManifestApprovalException;
import dev.mvc.PinnedModelClient;
import dev.mvc.PinningPolicy;
import dev.mvc.SourceRef;
import dev.mvc.testkit.InMemoryModelBackend;
import dev.mvc.VersionManifest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Tag;

class S3ApprovalRegistryIT {

  private static S3Client s3;
  private static String bucket;
  private static ManifestPublisher publisher;

  @BeforeAll
  static void startEmulator() {
    s3 = S3Emulator.client();
    bucket = S3Emulator.newBucket(s3, "approvals", true);
    publisher = ManifestPublisher.builder().client(s3).build();
  }

  @AfterAll
  static void closeClient() {
    s3.close();
  }

  private static PublishResult publish(String key, VersionManifest manifest) {
    return publisher.publish(PublishRequest.builder().target("s3://" + bucket + "/" + key).manifest(manifest).build());
  }

  private static Map<String, String> tags(S3Location version) {
    return s3.getObjectTagging(b -> b.bucket(bucket).key(version.key()).versionId(version.versionId()))
        .tagSet().stream().collect(Collectors.toMap(Tag::key, Tag::value));
  }

  @Test
  void status_ofADigestWithoutARecord_isUnknown() {
    S3ApprovalRegistry approvals = S3ApprovalRegistry.builder().client(s3).bucket(bucket).build();

    assertThat(approvals.status("sha256:" + "a".repeat(64))).isEqualTo(ApprovalStatus.UNKNOWN);
  }

  @Test
  void approve_recordsTheDecisionForTheDigestAndTagsTheVersion() {
    PublishResult v1 = publish("a/manifest.json", Manifests.inline("1.0.0", "Answer: {{question}}"));
    Clock clock = Clock.fixed(Instant.parse("2026-11-29T10:00:00Z"), ZoneOffset.UTC);
    S3ApprovalRegistry approvals = S3ApprovalRegistry.builder().client(s3).bucket(bucket).prefix("a").clock(clock).build();

    ApprovalRecord record = approvals.approve(v1.location(), "alice@example.com", "eval 0.93 on set v7");

    assertThat(record).isEqualTo(new ApprovalRecord(v1.digest(), ApprovalStatus.APPROVED, "alice@example.com",
        Instant.parse("2026-11-29T10:00:00Z"), "eval 0.93 on set v7", v1.uri()));
    assertThat(approvals.status(v1.digest())).isEqualTo(ApprovalStatus.APPROVED);
    assertThat(approvals.status(new SourceRef("s3://elsewhere/x.json", "v9", null), v1.digest())).isEqualTo(ApprovalStatus.APPROVED);
    assertThat(tags(v1.location())).containsEntry("mvc-approval", "Approved").containsEntry("mvc-approval-digest", v1.digest());
    assertThat(approvals.recordLocation(v1.digest()).key()).isEqualTo("a/approvals/sha256/" + v1.digest().substring(7) + ".json");
  }

  @Test
  void decision_carriesWhoDecidedWhenAndWhy_forTheLastKnownGoodCopy() {
    PublishResult v1 = publish("d/manifest.json", Manifests.inline("1.0.0", "Answer: {{question}}"));
    Clock clock = Clock.fixed(Instant.parse("2026-11-29T11:00:00Z"), ZoneOffset.UTC);
    S3ApprovalRegistry approvals = S3ApprovalRegistry.builder().client(s3).bucket(bucket).prefix("d").clock(clock).build();
    SourceRef ref = new SourceRef("s3://" + bucket + "/d/manifest.json", v1.versionId(), null);
    assertThat(approvals.decision(ref, v1.digest())).isEqualTo(ApprovalDecision.of(v1.digest(), ApprovalStatus.UNKNOWN));

    approvals.approve(v1.location(), "alice@example.com", "eval 0.93 on set v7");

    assertThat(approvals.decision(ref, v1.digest())).isEqualTo(new ApprovalDecision(v1.digest(),
        ApprovalStatus.APPROVED, "alice@example.com", Instant.parse("2026-11-29T11:00:00Z"), "eval 0.93 on set v7"));
  }

  @Test
  void approvingOneDigest_neverApprovesDifferentContentPublishedLaterUnderTheSameKey() {
    PublishResult v1 = publish("b/manifest.json", Manifests.inline("1.0.0", "Answer: {{question}}"));
    S3ApprovalRegistry approvals = S3ApprovalRegistry.builder().client(s3).bucket(bucket).prefix("b").build();
    approvals.approve(v1.location(), "alice", "ok");

    PublishResult v2 = publish("b/manifest.json", Manifests.inline("2.0.0", "Answer rudely: {{question}}"));

    assertThat(approvals.status(v2.digest())).isEqualTo(ApprovalStatus.UNKNOWN);
    assertThat(approvals.status(new SourceRef("s3://" + bucket + "/b/manifest.json", v2.versionId(), null), v2.digest()))
        .isEqualTo(ApprovalStatus.UNKNOWN);
    assertThat(tags(v2.location())).doesNotContainKey("mvc-approval");
  }

  @Test
  void decisions_areAppendedAndTheLatestWins() {
    PublishResult v1 = publish("c/manifest.json", Manifests.inline("1.0.0", "Answer: {{question}}"));
    S3ApprovalRegistry approvals = S3ApprovalRegistry.builder().client(s3).bucket(bucket).prefix("c").build();

    approvals.decide(v1.location(), ApprovalStatus.PENDING_MANUAL_APPROVAL, "ci", "published");
    approvals.approve(v1.location(), "alice", "looks good");
    approvals.reject(v1.location(), "bob", "regression on refunds");

    assertThat(approvals.status(v1.digest())).isEqualTo(ApprovalStatus.REJECTED);
    List<ApprovalRecord> history = approvals.history(v1.digest());
    assertThat(history).extracting(ApprovalRecord::status)
        .containsExactly(ApprovalStatus.PENDING_MANUAL_APPROVAL, ApprovalStatus.APPROVED, ApprovalStatus.REJECTED);
    assertThat(history).extracting(ApprovalRecord::by).containsExactly("ci", "alice", "bob");
    assertThat(tags(v1.location())).containsEntry("mvc-approval", "Rejected");
  }

  @Test
  void decide_onAnUnpinnedLocation_isRefused() {
    S3ApprovalRegistry approvals = S3ApprovalRegistry.builder().client(s3).bucket(bucket).build();

    assertThatThrownBy(() -> approvals.approve(S3Location.of(bucket, "d/manifest.json"), "alice", "ok"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must carry a versionId");
  }

  @Test
  void aPolicyRequiringApproval_refusesUnapprovedVersionsOnLoadAndReload() {
    S3ApprovalRegistry approvals = S3ApprovalRegistry.builder().client(s3).bucket(bucket).prefix("gate").build();
    PinningPolicy policy = PinningPolicy.builder().requireApproval(true).build();
    String uri = "s3://" + bucket + "/gate/manifest.json";
    PublishResult v1 = publish("gate/manifest.json", Manifests.inline("1.0.0", "Answer: {{question}}"));

    assertThatThrownBy(() -> PinnedModelClient.builder().manifest(S3ManifestSource.of(s3, uri))
            .backend(InMemoryModelBackend.create()).approvalRegistry(approvals).policy(policy).build())
        .isInstanceOf(ManifestApprovalException.class)
        .hasMessageContaining("Unknown");

    approvals.approve(v1.location(), "alice", "ok");
    try (PinnedModelClient client = PinnedModelClient.builder().manifest(S3ManifestSource.of(s3, uri))
        .backend(InMemoryModelBackend.create()).approvalRegistry(approvals).policy(policy).build()) {
      PublishResult v2 = publish("gate/manifest.json", Manifests.inline("2.0.0", "Answer briefly: {{question}}"));

      assertThatThrownBy(client::reload).isInstanceOf(ManifestApprovalException.class);
      assertThat(client.invoke(Map.of("question", "q")).stamp().digest()).isEqualTo(v1.digest());

      approvals.approve(v2.location(), "alice", "ok too");
      assertThat(client.reload()).isTrue();
      assertThat(client.invoke(Map.of("question", "q")).stamp().approval()).isEqualTo(ApprovalStatus.APPROVED);
      assertThat(client.currentManifest().manifest().digest()).isEqualTo(v2.digest());
    }
  }
}
