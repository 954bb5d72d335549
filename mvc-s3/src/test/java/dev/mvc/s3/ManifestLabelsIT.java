package dev.mvc.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvc.ApprovalStatus;
import dev.mvc.ManifestApprovalException;
import dev.mvc.ManifestSourceException;
import dev.mvc.ManifestWatcher;
import dev.mvc.PinnedModelClient;
import dev.mvc.PinningPolicy;
import dev.mvc.VersionManifest;
import dev.mvc.testkit.InMemoryModelBackend;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

class ManifestLabelsIT {

  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T09:00:00Z"), ZoneOffset.UTC);

  private static S3Client s3;
  private static String bucket;
  private static ManifestPublisher publisher;

  @BeforeAll
  static void startEmulator() {
    s3 = S3Emulator.client();
    bucket = S3Emulator.newBucket(s3, "labels", true);
    publisher = ManifestPublisher.builder().client(s3).build();
  }

  @AfterAll
  static void closeClient() {
    s3.close();
  }

  private static PublishResult publish(String key, VersionManifest manifest) {
    return publisher.publish(PublishRequest.builder().target("s3://" + bucket + "/" + key).manifest(manifest).build());
  }

  private static ManifestLabels labels(String key) {
    return ManifestLabels.builder().client(s3).manifest(S3Location.of(bucket, key)).clock(CLOCK).build();
  }

  @Test
  void sourceAtALabel_readsTheVersionTheLabelPointsTo_notTheCurrentVersion() {
    PublishResult v1 = publish("a/manifest.json", Manifests.inline("1.0.0", "Answer: {{question}}"));
    publish("a/manifest.json", Manifests.inline("2.0.0", "Answer briefly: {{question}}"));
    labels("a/manifest.json").set("production", v1.versionId(), "alice", "v1 is what production runs");

    S3ManifestSource source = S3ManifestSource.of(s3, "s3://" + bucket + "/a/manifest.json@production");

    assertThat(source.label()).isEqualTo("production");
    assertThat(VersionManifest.parse(source.fetch().bytes()).version()).isEqualTo("1.0.0");
    assertThat(source.fetch().source().versionId()).isEqualTo(v1.versionId());
    assertThat(source.fetch().source().uri()).isEqualTo("s3://" + bucket + "/a/manifest.json");
    assertThat(labels("a/manifest.json").labelLocation("production").key())
        .isEqualTo("a/manifest.json.labels/production.json");
  }

  @Test
  void sameVersion_goesFromStagingToProduction_withoutBeingPublishedTwice_andHistoryNamesEachMove() {
    PublishResult v1 = publish("p/manifest.json", Manifests.inline("1.0.0", "Answer: {{question}}"));
    PublishResult v2 = publish("p/manifest.json", Manifests.inline("2.0.0", "Answer briefly: {{question}}"));
    ManifestLabels labels = labels("p/manifest.json");

    labels.set("production", v1.versionId(), "alice", "first release");
    labels.set("staging", v2.versionId(), "bob", "candidate");
    labels.set("production", v2.versionId(), "carol", "staging ran clean");

    assertThat(labels.resolve("production")).isEqualTo(v2.location());
    assertThat(labels.resolve("staging")).isEqualTo(v2.location());
    List<LabelMove> history = labels.history("production");
    assertThat(history).extracting(LabelMove::versionId).containsExactly(v1.versionId(), v2.versionId());
    assertThat(history).extracting(LabelMove::by).containsExactly("alice", "carol");
    assertThat(history.get(1)).isEqualTo(new LabelMove("production", v2.location(), v2.digest(), "carol",
        Instant.parse("2026-11-30T09:00:00Z"), "staging ran clean", v1.versionId()));
    assertThat(history.get(0).previousVersionId()).isNull();
    // One object version per manifest version: promotion published nothing.
    assertThat(s3.listObjectVersions(b -> b.bucket(bucket).prefix("p/manifest.json")).versions())
        .filteredOn(v -> v.key().equals("p/manifest.json")).hasSize(2);
  }

  @Test
  void twoPromotersWhoReadTheSameLabel_onlyTheFirstWriteSucceeds_andTheSecondWritesNothing() {
    PublishResult v1 = publish("r/manifest.json", Manifests.inline("1.0.0", "Answer: {{question}}"));
    ManifestLabels labels = labels("r/manifest.json");
    labels.set("production", v1.versionId(), "alice", "first");
    S3RecordLog log = S3RecordLog.of(s3, labels.labelLocation("production"), null);

    S3RecordLog.Entry readByA = log.latest();
    S3RecordLog.Entry readByB = log.latest();
    log.append("{\"by\":\"a\"}".getBytes(StandardCharsets.UTF_8), readByA);

    assertThatThrownBy(() -> log.append("{\"by\":\"b\"}".getBytes(StandardCharsets.UTF_8), readByB))
        .isInstanceOf(ConcurrentRecordUpdateException.class)
        .hasMessageContaining("r/manifest.json.labels/production.json")
        .hasMessageContaining(readByB.version().versionId());
    assertThat(log.entries()).hasSize(2);
    assertThat(new String(log.latest().bytes(), StandardCharsets.UTF_8)).isEqualTo("{\"by\":\"a\"}");
  }

  @Test
  void twoPromotersCreatingANewLabel_onlyOneCreatesIt() {
    S3RecordLog log = S3RecordLog.of(s3, S3Location.of(bucket, "n/manifest.json.labels/production.json"), null);

    log.append("{\"by\":\"a\"}".getBytes(StandardCharsets.UTF_8), null);

    assertThatThrownBy(() -> log.append("{\"by\":\"b\"}".getBytes(StandardCharsets.UTF_8), null))
        .isInstanceOf(ConcurrentRecordUpdateException.class).hasMessageContaining("did not exist");
    assertThat(log.entries()).hasSize(1);
  }

  @Test
  void promotersRacingOnOneLabel_eachWinsOrLosesCleanly_andEveryWinIsInTheHistory() throws Exception {
    List<String> versions = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      versions.add(publish("race/manifest.json", Manifests.inline(i + ".0.0", "Answer " + i + ": {{question}}")).versionId());
    }
    ManifestLabels labels = labels("race/manifest.json");
    // The race starts from a set label (If-Match). S3 documents conditional writes as atomic;
    // S3Mock 4.11.0 was seen to accept two concurrent If-None-Match creates of one key, and under
    // heavy load two concurrent If-Match writes of one ETag, so the unbroken chain (no move lost)
    // is checked deterministically by twoPromotersWhoReadTheSameLabel_... above, and this race
    // checks what holds on any store: every promoter wins or loses cleanly, every win is recorded.
    labels.set("production", versions.get(0), "first", "before the race");
    int promoters = 8;
    CyclicBarrier start = new CyclicBarrier(promoters);
    List<String> won = new CopyOnWriteArrayList<>();
    List<String> lost = new CopyOnWriteArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < promoters; i++) {
      String target = versions.get(i % versions.size());
      String who = "promoter-" + i;
      Thread t = new Thread(() -> {
        try {
          start.await();
          labels.set("production", target, who, "race");
          won.add(who);
        } catch (ConcurrentRecordUpdateException e) {
          lost.add(who);
        } catch (Exception e) {
          lost.add(who + " unexpectedly " + e);
        }
      });
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join(30_000);
    }

    assertThat(won.size() + lost.size()).isEqualTo(promoters);
    assertThat(lost).allMatch(l -> !l.contains("unexpectedly"));
    assertThat(won).isNotEmpty();
    List<LabelMove> history = labels.history("production");
    assertThat(history.get(0).by()).isEqualTo("first");
    assertThat(history).extracting(LabelMove::by).containsAll(won);
  }

  @Test
  void labelSet_whenThePolicyRequiresApproval_refusesAnUnapprovedDigest_andMovesOnceApproved() {
    PublishResult v1 = publish("g/manifest.json", Manifests.inline("1.0.0", "Answer: {{question}}"));
    S3ApprovalRegistry approvals = S3ApprovalRegistry.builder().client(s3).bucket(bucket).prefix("g").build();
    ManifestLabels labels = ManifestLabels.builder().client(s3).manifest(S3Location.of(bucket, "g/manifest.json"))
        .approvalRegistry(approvals).policy(PinningPolicy.builder().requireApproval(true).build()).build();

    assertThatThrownBy(() -> labels.set("production", v1.versionId(), "alice", "ship it"))
        .isInstanceOf(ManifestApprovalException.class)
        .hasMessageContaining(v1.digest()).hasMessageContaining("Unknown");
    assertThat(labels.current("production")).isNull();

    approvals.approve(v1.location(), "qa", "eval 0.93");
    assertThat(labels.set("production", v1.versionId(), "alice", "ship it").digest()).isEqualTo(v1.digest());
    assertThat(approvals.status(v1.digest())).isEqualTo(ApprovalStatus.APPROVED);
  }

  @Test
  void resolve_ofALabelNeverSet_isNotFound_andNamesTheLabelObject() {
    publish("u/manifest.json", Manifests.inline("1.0.0", "Answer: {{question}}"));
    S3ManifestSource source = S3ManifestSource.of(s3, "s3://" + bucket + "/u/manifest.json@canary");

    assertThatThrownBy(source::fetch).isInstanceOf(ManifestSourceException.class)
        .hasMessageContaining("u/manifest.json.labels/canary.json")
        .satisfies(e -> assertThat(((ManifestSourceException) e).notFound()).isTrue());
  }

  @Test
  void watcherFollowingALabel_reloadsWhenTheLabelMoves_andNotWhenANewVersionIsPublished() {
    PublishResult v1 = publish("w/manifest.json", Manifests.inline("1.0.0", "Answer: {{question}}"));
    ManifestLabels labels = labels("w/manifest.json");
    labels.set("production", v1.versionId(), "alice", "first");
    try (PinnedModelClient client = PinnedModelClient.builder()
            .manifest(S3ManifestSource.of(s3, "s3://" + bucket + "/w/manifest.json@production"))
            .backend(InMemoryModelBackend.create()).build();
        ManifestWatcher watcher = ManifestWatcher.builder(client).interval(Duration.ofHours(1)).start()) {

      PublishResult v2 = publish("w/manifest.json", Manifests.inline("2.0.0", "Answer briefly: {{question}}"));
      watcher.pollNow();
      assertThat(client.currentManifest().manifest().version()).isEqualTo("1.0.0");

      labels.set("production", v2.versionId(), "bob", "promote");
      watcher.pollNow();
      assertThat(client.currentManifest().manifest().version()).isEqualTo("2.0.0");
      assertThat(client.invoke(Map.of("question", "q")).stamp().sourceVersionId()).isEqualTo(v2.versionId());

      labels.set("production", v1.versionId(), "carol", "roll production back");
      watcher.pollNow();
      assertThat(client.currentManifest().manifest().version()).isEqualTo("1.0.0");
    }
  }

  @Test
  void labelNames_andLabeledUris_areCheckedAndSplit() {
    assertThat(ManifestLabels.labelOf("s3://b/app/manifest.json@production")).isEqualTo("production");
    assertThat(ManifestLabels.withoutLabel("s3://b/app/manifest.json@production")).isEqualTo("s3://b/app/manifest.json");
    assertThat(ManifestLabels.labelOf("s3://b/app/manifest.json?versionId=abc")).isNull();
    assertThat(ManifestLabels.labelOf("s3://b/app/manifest%40x.json")).isNull();
    assertThatThrownBy(() -> ManifestLabels.checkLabel("9lives")).hasMessageContaining("'9lives'");
  }
}
