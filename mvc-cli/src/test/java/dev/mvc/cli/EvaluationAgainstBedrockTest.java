package dev.mvc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvc.BedrockTarget;
import dev.mvc.LoadedManifest;
import dev.mvc.ManifestEvaluationException;
import dev.mvc.ManifestException;
import dev.mvc.ManifestSources;
import dev.mvc.PinnedModelClient;
import dev.mvc.PinningPolicy;
import dev.mvc.PromptSpec;
import dev.mvc.PromptText;
import dev.mvc.ResiliencePolicy;
import dev.mvc.VersionManifest;
import dev.mvc.bedrock.BedrockBackend;
import dev.mvc.emulators.bedrock.BedrockEmulator;
import dev.mvc.emulators.bedrock.BedrockErrorType;
import dev.mvc.emulators.bedrock.BedrockOperation;
import dev.mvc.emulators.bedrock.BedrockReply;
import dev.mvc.eval.BehaviourDrift;
import dev.mvc.eval.CaseResult;
import dev.mvc.eval.DriftProbe;
import dev.mvc.eval.Evaluation;
import dev.mvc.eval.EvaluationRegistries;
import dev.mvc.eval.EvaluationReport;
import dev.mvc.eval.Expectations;
import dev.mvc.eval.GoldenCase;
import dev.mvc.eval.GoldenSet;
import dev.mvc.eval.Score;
import dev.mvc.eval.Scorers;
import dev.mvc.spi.ManifestListener;
import dev.mvc.testkit.TestManifests;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** Golden-set evaluations, the evaluation gate and the drift probe, through the real Bedrock backend and SDK. */
class EvaluationAgainstBedrockTest {
  static final String JUDGE_MODEL = "anthropic.claude-3-5-sonnet-20240620-v1:0";

  BedrockEmulator bedrock;
  BedrockBackend backend;
  @TempDir
  Path dir;

  @BeforeEach
  void start() {
    bedrock = BedrockEmulator.create().start();
    backend = BedrockBackend.builder().endpointOverride(bedrock.endpoint()).region("us-east-1")
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .build();
  }

  @AfterEach
  void stop() {
    backend.close();
    bedrock.close();
  }

  static GoldenCase refundCase(String id, Expectations expect) {
    return GoldenCase.builder(id).variables(Map.of("policy", "Refunds take 5 business days.",
        "question", "How long does refund " + id + " take?")).expect(expect).build();
  }

  /** A set of {@code n} cases: even ones expect the answer's "5 business days", odd ones "7 business days". */
  static GoldenSet halfRight(int n) {
    List<GoldenCase> cases = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      cases.add(refundCase("refund-" + i, Expectations.builder().contains(i % 2 == 0 ? "5 business" : "7 business")
          .number(i % 2 == 0 ? 5 : 7, 0.5).build()));
    }
    return GoldenSet.of("half-right.jsonl", cases);
  }

  PinnedModelClient client(Path manifest) {
    return PinnedModelClient.builder().manifest(ManifestSources.file(manifest)).backend(backend).closeBackend(false).build();
  }

  @Test
  void evaluation_200Cases_atConcurrency8_scoresEveryCaseThroughTheSdk_andIsFasterThanOneAtATime() {
    bedrock.respondWith(BedrockReply.builder().text("Refunds are paid within 5 business days.")
        .delay(Duration.ofMillis(10)).build());
    GoldenSet set = halfRight(200);
    Path m = Manifests.write(dir, "manifest.json", Manifests.valid());

    try (PinnedModelClient client = client(m)) {
      Evaluation.Builder e = Evaluation.builder().golden(set).scorers(Scorers.contains(), Scorers.number()).minScore(0.4);
      long t1 = System.nanoTime();
      EvaluationReport one = e.concurrency(1).build().run(client);
      double secondsAt1 = (System.nanoTime() - t1) / 1e9;
      long t8 = System.nanoTime();
      AtomicInteger progress = new AtomicInteger();
      EvaluationReport eight = e.concurrency(8).progress((done, total, r) -> progress.incrementAndGet()).build().run(client);
      double secondsAt8 = (System.nanoTime() - t8) / 1e9;
      System.out.printf(Locale.ROOT, "evaluation against the Bedrock emulator (10 ms model delay): "
          + "%.1f cases/s at concurrency 1, %.1f cases/s at concurrency 8%n", 200 / secondsAt1, 200 / secondsAt8);

      assertThat(eight.cases()).hasSize(200);
      assertThat(eight.score()).isEqualTo(0.5);
      assertThat(eight.passed()).isTrue();
      assertThat(eight.digest()).isEqualTo(Manifests.valid().digest());
      assertThat(eight.totals().get("contains").passed()).isEqualTo(100);
      assertThat(eight.cases().get(0).stamp()).startsWith("mvc1;").contains(Manifests.valid().digest());
      assertThat(eight.cases().get(0).answerSha256()).hasSize(64);
      assertThat(eight.cases().get(0).text()).isNull();
      assertThat(progress.get()).isEqualTo(200);
      assertThat(bedrock.requests(BedrockOperation.CONVERSE)).hasSize(400);
      assertThat(one.score()).isEqualTo(eight.score());
      assertThat(secondsAt8).isLessThan(secondsAt1);
    }
  }

  @Test
  void evaluation_judge_gradesWithASecondPinnedModel_andKeepsTheJudgesStampWithEachScore() {
    bedrock.respondWith(TestManifests.MODEL_ID, BedrockReply.text("Refunds are paid within 5 business days."));
    bedrock.respondWith(JUDGE_MODEL, BedrockReply.text("0.8"));
    VersionManifest judge = TestManifests.base("Grade 0 to 1.\nExpected: {{expected}}\nAnswer: {{answer}}")
        .name("support-judge").model(BedrockTarget.builder(JUDGE_MODEL).region("us-east-1").build()).build();
    Path m = Manifests.write(dir, "manifest.json", Manifests.valid());
    Path j = Manifests.write(dir, "judge.json", judge);
    GoldenSet set = GoldenSet.of("g", List.of(refundCase("r1", Expectations.builder().exact("5 business days").build()),
        refundCase("r2", Expectations.none())));

    try (PinnedModelClient client = client(m); PinnedModelClient judgeClient = client(j)) {
      EvaluationReport r = Evaluation.builder().golden(set).scorers(Scorers.exact(), Scorers.judge(judgeClient))
          .includeText(true).build().run(client);

      Score grade = r.result("r1").score("judge");
      assertThat(grade.value()).isEqualTo(0.8);
      assertThat(grade.judgeStamp()).startsWith("mvc1;").contains(judge.digest());
      assertThat(r.result("r1").score("exact").value()).isZero();
      assertThat(r.result("r2").scores()).extracting(Score::scorer).containsExactly("judge");
      assertThat(r.result("r2").text()).isEqualTo("Refunds are paid within 5 business days.");
      String judgePrompt = bedrock.requests(BedrockOperation.CONVERSE).stream()
          .filter(q -> q.modelId().equals(JUDGE_MODEL)).findFirst().orElseThrow().body();
      assertThat(judgePrompt).contains("Expected: 5 business days").contains("Answer: Refunds are paid within 5 business days.");
    }
  }

  @Test
  void evaluation_throttledCase_isRetriedUnderTheClientsResiliencePolicy() {
    bedrock.enqueue(BedrockReply.error(BedrockErrorType.THROTTLING), BedrockReply.text("5 business days"));
    Path m = Manifests.write(dir, "manifest.json", Manifests.valid());
    GoldenSet set = GoldenSet.of("g", List.of(refundCase("r1", Expectations.builder().contains("5").build())));

    try (PinnedModelClient client = PinnedModelClient.builder().manifest(ManifestSources.file(m)).backend(backend)
        .closeBackend(false).resilience(ResiliencePolicy.builder().retry(3, Duration.ofMillis(1), 1, Duration.ofMillis(1)).build())
        .build()) {
      EvaluationReport r = Evaluation.builder().golden(set).scorers(Scorers.contains()).build().run(client);

      assertThat(r.result("r1").error()).isNull();
      assertThat(r.score()).isEqualTo(1.0);
      assertThat(bedrock.requests(BedrockOperation.CONVERSE)).hasSize(2);
    }
  }

  @Test
  void evaluation_failedCase_countsZero_andBaselineListsTheChangedCases() {
    Path m = Manifests.write(dir, "manifest.json", Manifests.valid());
    GoldenSet set = GoldenSet.of("g", List.of(refundCase("a", Expectations.builder().contains("5").build()),
        refundCase("b", Expectations.builder().contains("5").build())));
    try (PinnedModelClient client = client(m)) {
      bedrock.respondWith(BedrockReply.text("5 business days"));
      EvaluationReport base = Evaluation.builder().golden(set).scorers(Scorers.contains()).build().run(client);
      bedrock.reset();
      bedrock.enqueue(BedrockReply.text("5 business days"), BedrockReply.error(BedrockErrorType.VALIDATION));

      EvaluationReport now = Evaluation.builder().golden(set).scorers(Scorers.contains()).baseline(base).build().run(client);

      assertThat(base.score()).isEqualTo(1.0);
      assertThat(now.score()).isEqualTo(0.5);
      assertThat(now.result("b").error()).contains("BackendException");
      assertThat(now.differences()).singleElement().satisfies(d -> {
        assertThat(d.id()).isEqualTo("b");
        assertThat(d.baselineScore()).isEqualTo(1.0);
        assertThat(d.score()).isZero();
      });
    }
  }

  EvaluationReport reportFor(VersionManifest m, double score, Instant at) {
    List<CaseResult> cases = List.of(new CaseResult("c", "mvc1;x", "00".repeat(32), null,
        List.of(new Score("contains", score, "x", null)), null));
    return EvaluationReport.builder().manifest(m.name(), m.version(), m.digest()).createdAt(at).golden("g", "sha256:x")
        .scorers(List.of("contains")).cases(cases).build();
  }

  static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

  PinnedModelClient.Builder gated(Path manifest, EvaluationRegistries.Directory registry) {
    return PinnedModelClient.builder().manifest(ManifestSources.file(manifest)).backend(backend).closeBackend(false)
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .policy(PinningPolicy.builder().requireEvaluation(0.9, Duration.ofDays(30)).build())
        .evaluationRegistry(registry);
  }

  @Test
  void requireEvaluation_fileSource_loadsOnlyWithAFreshPassingReportForTheExactDigest() {
    VersionManifest v1 = Manifests.valid();
    Path m = Manifests.write(dir, "manifest.json", v1);
    EvaluationRegistries.Directory registry = EvaluationRegistries.directory(dir.resolve("evaluations"));

    assertThatThrownBy(() -> gated(m, registry).build()).isInstanceOf(ManifestEvaluationException.class)
        .hasMessageContaining(v1.digest()).hasMessageContaining("has no evaluation report");
    registry.save(reportFor(v1, 0.5, NOW.minus(Duration.ofDays(1))));
    assertThatThrownBy(() -> gated(m, registry).build()).isInstanceOfSatisfying(ManifestEvaluationException.class,
        e -> assertThat(e.score()).isEqualTo(0.5)).hasMessageContaining("scored 0.5").hasMessageContaining("at least 0.9");
    registry.save(reportFor(v1, 0.95, NOW.minus(Duration.ofDays(31))));
    assertThatThrownBy(() -> gated(m, registry).build()).isInstanceOf(ManifestEvaluationException.class)
        .hasMessageContaining("more than PT720H");
    registry.save(reportFor(v1, 0.95, NOW.minus(Duration.ofDays(1))));

    try (PinnedModelClient client = gated(m, registry).build()) {
      assertThat(client.currentManifest().manifest().digest()).isEqualTo(v1.digest());
    }
  }

  @Test
  void requireEvaluation_reload_keepsServingWhenTheNewVersionHasNoReport() throws Exception {
    VersionManifest v1 = Manifests.valid();
    Path m = Manifests.write(dir, "manifest.json", v1);
    EvaluationRegistries.Directory registry = EvaluationRegistries.directory(dir.resolve("evaluations"));
    registry.save(reportFor(v1, 1.0, NOW));
    List<ManifestException> rejected = new CopyOnWriteArrayList<>();

    try (PinnedModelClient client = gated(m, registry).manifestListener(new ManifestListener() {
      @Override
      public void onRejected(LoadedManifest current, ManifestException error) {
        rejected.add(error);
      }
    }).build()) {
      Manifests.write(dir, "manifest.json", Manifests.changed());

      assertThatThrownBy(client::reload).isInstanceOf(ManifestEvaluationException.class)
          .hasMessageContaining(Manifests.changed().digest());
      assertThat(client.currentManifest().manifest().digest()).isEqualTo(v1.digest());
      assertThat(rejected).singleElement().isInstanceOf(ManifestEvaluationException.class);

      registry.save(reportFor(Manifests.changed(), 0.92, NOW));
      assertThat(client.reload()).isTrue();
      assertThat(client.currentManifest().manifest().digest()).isEqualTo(Manifests.changed().digest());
    }
  }

  @Test
  void requireEvaluation_classpathSource_readsTheReportFromTheClassPath() throws Exception {
    VersionManifest v1 = Manifests.valid();
    Path root = dir.resolve("cp");
    Manifests.write(root.resolve("manifests"), "app.json", v1);
    EvaluationRegistries.directory(root.resolve("evaluations")).save(reportFor(v1, 0.97, NOW));

    try (URLClassLoader loader = new URLClassLoader(new URL[] {root.toUri().toURL()}, null);
         PinnedModelClient client = PinnedModelClient.builder()
             .manifest(ManifestSources.classpath("manifests/app.json", loader)).backend(backend).closeBackend(false)
             .clock(Clock.fixed(NOW, ZoneOffset.UTC))
             .policy(PinningPolicy.builder().requireEvaluation(0.9, Duration.ofDays(30)).build())
             .evaluationRegistry(EvaluationRegistries.classpath("evaluations", loader))
             .build()) {
      assertThat(client.currentManifest().manifest().digest()).isEqualTo(v1.digest());
    }
    try (URLClassLoader loader = new URLClassLoader(new URL[] {root.toUri().toURL()}, null)) {
      assertThatThrownBy(() -> PinnedModelClient.builder()
          .manifest(ManifestSources.classpath("manifests/app.json", loader)).backend(backend).closeBackend(false)
          .clock(Clock.fixed(NOW, ZoneOffset.UTC))
          .policy(PinningPolicy.builder().requireEvaluation(0.98, Duration.ofDays(30)).build())
          .evaluationRegistry(EvaluationRegistries.classpath("evaluations", loader))
          .build()).isInstanceOf(ManifestEvaluationException.class).hasMessageContaining("scored 0.97");
    }
  }

  @Test
  void requireEvaluation_withoutARegistry_failsAtBuild() {
    Path m = Manifests.write(dir, "manifest.json", Manifests.valid());

    assertThatThrownBy(() -> PinnedModelClient.builder().manifest(ManifestSources.file(m)).backend(backend)
        .closeBackend(false).policy(PinningPolicy.builder().requireEvaluation(0.9, Duration.ofDays(1)).build()).build())
        .hasMessageContaining("requires evaluation but no EvaluationRegistry is configured");
  }

  @Test
  void driftProbe_providerChangesAnswersUnderTheSameId_reportsDriftAtTemperatureZeroBypassingTheCache() {
    Path m = Manifests.write(dir, "manifest.json", Manifests.valid());
    GoldenSet set = halfRight(10).sample(10, 1);
    List<GoldenCase> allRight = new ArrayList<>();
    for (GoldenCase c : set.cases()) {
      allRight.add(c.toBuilder().expect(Expectations.builder().contains("5 business").build()).build());
    }
    GoldenSet golden = GoldenSet.of("g", allRight);
    List<BehaviourDrift> drifts = new CopyOnWriteArrayList<>();
    List<Double> agreements = new CopyOnWriteArrayList<>();
    try (PinnedModelClient client = PinnedModelClient.builder().manifest(ManifestSources.file(m)).backend(backend)
        .closeBackend(false).responseCache(100).build()) {
      bedrock.respondWith(BedrockReply.text("Refunds are paid within 5 business days."));
      EvaluationReport baseline = Evaluation.builder().golden(golden).scorers(Scorers.contains()).build().run(client);
      DriftProbe probe = DriftProbe.builder(client).golden(golden).baseline(baseline).scorers(List.of(Scorers.contains()))
          .sample(4).threshold(0.75).every(Duration.ofHours(1))
          .listener(new ManifestListener() {
            @Override
            public void onBehaviourDrift(BehaviourDrift drift) {
              drifts.add(drift);
            }
          })
          .metrics((name, digest, agreement) -> agreements.add(agreement))
          .build();

      DriftProbe.Run same = probe.runOnce();
      int before = bedrock.requests(BedrockOperation.CONVERSE).size();
      bedrock.respondWith(BedrockReply.text("Refunds are paid within ten days."));
      DriftProbe.Run changed = probe.runOnce();

      assertThat(same.agreement()).isEqualTo(1.0);
      assertThat(same.drift()).isNull();
      assertThat(changed.agreement()).isZero();
      assertThat(changed.sampled()).isEqualTo(4);
      assertThat(bedrock.requests(BedrockOperation.CONVERSE).size() - before).as("the probe bypasses the cache").isEqualTo(4);
      assertThat(bedrock.lastRequest().body()).contains("\"temperature\":0");
      assertThat(drifts).singleElement().satisfies(d -> {
        assertThat(d.digest()).isEqualTo(Manifests.valid().digest());
        assertThat(d.disagreeing()).hasSize(4);
        assertThat(d.threshold()).isEqualTo(0.75);
      });
      assertThat(agreements).containsExactly(1.0, 0.0);
    }
  }
}
