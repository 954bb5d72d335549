package dev.mvc.sagemaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mvc.ApprovalStatus;
import dev.mvc.InvocationResponse;
import dev.mvc.ManifestApprovalException;
import dev.mvc.ManifestIntegrityException;
import dev.mvc.ManifestSourceException;
import dev.mvc.MvcException;
import dev.mvc.PinnedModelClient;
import dev.mvc.PinningPolicy;
import dev.mvc.PromptSpec;
import dev.mvc.PromptText;
import dev.mvc.SageMakerTarget;
import dev.mvc.SourceRef;
import dev.mvc.VersionManifest;
import dev.mvc.VersionStamp;
import dev.mvc.emulators.sagemaker.SageMakerEmulator;
import dev.mvc.eval.CaseResult;
import dev.mvc.eval.EvaluationReport;
import dev.mvc.eval.Score;
import dev.mvc.testkit.TestManifests;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

class SageMakerModelRegistryTest {
  static final String GROUP = "support-llm-packages";
  static SageMakerEmulator emulator;
  static SageMakerClient control;
  static SageMakerRuntimeClient runtime;
  static SageMakerModelRegistry registry;

  @BeforeAll
  static void start() {
    emulator = SageMakerEmulator.create().start();
    control = Emulated.control(emulator);
    runtime = Emulated.runtime(emulator);
    registry = SageMakerModelRegistry.builder().client(control).build();
  }

  @AfterAll
  static void stop() {
    registry.close();
    control.close();
    runtime.close();
    emulator.close();
  }

  @BeforeEach
  void reset() {
    emulator.reset();
    registry.createGroup(GROUP, "support assistant releases");
  }

  @Test
  void details_ofAPackageRegisteredWithoutMvc_returnsItsContainerInstanceTypesAndCustomerMetadata() {
    String arn = control.createModelPackage(b -> b.modelPackageGroupName(GROUP)
        .inferenceSpecification(i -> i.containers(c -> c.image("123456789012.dkr.ecr.us-east-1.amazonaws.com/llm:1")
                .modelDataUrl("s3://models/llm/model.tar.gz").environment(java.util.Map.of("A", "1")))
            .supportedContentTypes("application/json").supportedResponseMIMETypes("application/json")
            .supportedRealtimeInferenceInstanceTypesWithStrings("ml.g5.xlarge", "ml.g5.2xlarge"))
        .customerMetadataProperties(java.util.Map.of("git-sha", "4f2a9c1", "eval-accuracy", "0.91")))
        .modelPackageArn();

    ModelPackageDetails d = registry.details(arn);

    assertThat(d.version().arn()).isEqualTo(arn);
    assertThat(d.version().group()).isEqualTo(GROUP);
    assertThat(d.containers()).containsExactly(new ModelPackageDetails.Container(
        "123456789012.dkr.ecr.us-east-1.amazonaws.com/llm:1", null, "s3://models/llm/model.tar.gz",
        java.util.Map.of("A", "1")));
    assertThat(d.realtimeInstanceTypes()).containsExactly("ml.g5.xlarge", "ml.g5.2xlarge");
    assertThat(d.customerMetadata()).containsEntry("git-sha", "4f2a9c1").containsEntry("eval-accuracy", "0.91");
  }

  @Test
  void register_createsAPendingPackageWithTheContainerAndProvenanceMetadata() {
    VersionManifest m = Releases.release(1);
    ModelPackageVersion v = registry.register(GROUP, m);
    assertThat(v.approval()).isEqualTo(ApprovalStatus.PENDING_MANUAL_APPROVAL);
    assertThat(v.version()).isEqualTo(1);
    assertThat(v.arn()).endsWith(":model-package/" + GROUP + "/1");
    assertThat(v.description()).contains(m.digest());

    JsonNode body = Emulated.json(emulator.requests("CreateModelPackage").get(0).body());
    JsonNode container = body.path("InferenceSpecification").path("Containers").get(0);
    assertThat(container.path("Image").asText()).isEqualTo(Releases.tag(1));
    assertThat(container.path("ImageDigest").asText()).isEqualTo(Releases.digest(1));
    assertThat(container.path("ModelDataUrl").asText()).isEqualTo(Releases.artifact(1));
    assertThat(container.path("Environment").path("MAX_INPUT_LENGTH").asText()).isEqualTo("1001");
    assertThat(body.path("ModelApprovalStatus").asText()).isEqualTo("PendingManualApproval");
    JsonNode metadata = body.path("CustomerMetadataProperties");
    assertThat(metadata.path("mvc:manifestDigest").asText()).isEqualTo(m.digest());
    assertThat(metadata.path("mvc:gitSha").asText()).isEqualTo(m.provenance().gitSha());
    assertThat(metadata.path("mvc:trainingDate").asText()).isEqualTo("2026-01-01");
    assertThat(metadata.path("mvc:metric.accuracy").asText()).isEqualTo("0.91");
    assertThat(body.path("ModelMetrics").path("ModelQuality").path("Statistics").path("S3Uri").asText())
        .isEqualTo("s3://models-bucket/support-llm/v1/evaluation.json");
  }

  @Test
  void register_withAnEvaluationReport_copiesItsScoresIntoTheRecipesEvalMetadata() {
    VersionManifest base = Releases.release(1);
    VersionManifest m = base.toBuilder().provenance(base.provenance().toBuilder()
        .evaluationMetric("f1", 0.88).build()).build();
    EvaluationReport report = report(m.digest(),
        new CaseResult("refund-1", null, null, null, List.of(new Score("contains", 1, "ok", null),
            new Score("regex", 1, "ok", null)), null),
        new CaseResult("refund-2", null, null, null, List.of(new Score("contains", 1, "ok", null),
            new Score("regex", 0, "no match", null)), null),
        new CaseResult("refund-3", null, null, null, List.of(new Score("contains", 0, "missing", null)), null));

    ModelPackageVersion v = registry.register(GROUP, m, "support-llm 1.1.0", report);

    Map<String, String> metadata = registry.details(v.arn()).customerMetadata();
    // case scores 1, 0.5 and 0 (a case's score is the mean of its scorers); contains 2 of 3, regex 1 of 2
    assertThat(metadata).containsEntry("eval-accuracy", "0.5")
        .containsEntry("eval-contains", "0.6667")
        .containsEntry("eval-regex", "0.5")
        .containsEntry("eval-f1", "0.88")
        .containsEntry("mvc:evaluationSha256", report.sha256())
        .containsEntry("mvc:evaluationCases", "3")
        .containsEntry("mvc:manifestDigest", m.digest());
    assertThat(registry.resolve(v.arn()).manifest()).isEqualTo(m);
  }

  @Test
  void register_withoutAReport_writesTheProvenanceMetricsUnderTheRecipesEvalKeys() {
    ModelPackageVersion v = registry.register(GROUP, Releases.release(2));
    assertThat(registry.details(v.arn()).customerMetadata()).containsEntry("eval-accuracy", "0.92")
        .doesNotContainKey("mvc:evaluationSha256");
  }

  @Test
  void register_withAReportAboutAnotherDigest_isRefusedNamingBothDigests() {
    VersionManifest m = Releases.release(1);
    String other = Releases.release(2).digest();
    EvaluationReport report = report(other, new CaseResult("refund-1", null, null, null,
        List.of(new Score("contains", 1, "ok", null)), null));
    assertThatThrownBy(() -> registry.register(GROUP, m, "support-llm", report))
        .isInstanceOf(MvcException.class).hasMessageContaining(other).hasMessageContaining(m.digest());
    assertThat(emulator.requests("CreateModelPackage")).isEmpty();
  }

  private static EvaluationReport report(String digest, CaseResult... cases) {
    return EvaluationReport.builder().manifest("support-llm", "1.1.0", digest)
        .createdAt(java.time.Instant.parse("2026-11-30T10:00:00Z"))
        .golden("golden/support.jsonl", "sha256:" + "ab".repeat(32))
        .scorers(List.of("contains", "regex")).minScore(0.5).cases(List.of(cases)).build();
  }

  @Test
  void createGroup_isIdempotentAndRegisteringIntoAMissingGroupFails() {
    String arn = registry.createGroup(GROUP, "again");
    assertThat(arn).endsWith(":model-package-group/" + GROUP);
    assertThat(emulator.requests("CreateModelPackageGroup")).hasSize(1);
    assertThatThrownBy(() -> registry.register("no-such-group", Releases.release(1)))
        .isInstanceOfSatisfying(dev.mvc.sagemaker.SageMakerApiException.class,
            e -> assertThat(e.operation()).isEqualTo("CreateModelPackage"))
        .hasMessageContaining("does not exist");
  }

  @Test
  void resolve_returnsExactlyTheRegisteredManifest() {
    VersionManifest m = Releases.release(2);
    ModelPackageVersion v = registry.register(GROUP, m);
    RegisteredManifest r = registry.resolve(v.arn());
    assertThat(r.manifest()).isEqualTo(m);
    assertThat(r.manifest().digest()).isEqualTo(m.digest());
    assertThat(r.modelPackage().arn()).isEqualTo(v.arn());
  }

  @Test
  void approveAndReject_areRecordedWithTheirDescription() {
    ModelPackageVersion v1 = registry.register(GROUP, Releases.release(1));
    ModelPackageVersion v2 = registry.register(GROUP, Releases.release(2));
    assertThat(registry.approve(v1.arn(), "accuracy 0.91, reviewed by ops").approval()).isEqualTo(ApprovalStatus.APPROVED);
    assertThat(registry.reject(v2.arn(), "regression on refunds").approval()).isEqualTo(ApprovalStatus.REJECTED);
    JsonNode update = Emulated.json(emulator.requests("UpdateModelPackage").get(1).body());
    assertThat(update.path("ApprovalDescription").asText()).isEqualTo("regression on refunds");
    assertThat(update.path("ModelApprovalStatus").asText()).isEqualTo("Rejected");
  }

  @Test
  void resolveLatestApproved_skipsNewerPendingAndRejectedVersions() {
    ModelPackageVersion v1 = registry.register(GROUP, Releases.release(1));
    ModelPackageVersion v2 = registry.register(GROUP, Releases.release(2));
    ModelPackageVersion v3 = registry.register(GROUP, Releases.release(3));
    registry.register(GROUP, Releases.release(4));
    registry.approve(v1.arn(), "ok");
    registry.approve(v2.arn(), "ok");
    registry.reject(v3.arn(), "bad");
    RegisteredManifest latest = registry.resolveLatestApproved(GROUP);
    assertThat(latest.modelPackage().version()).isEqualTo(2);
    assertThat(latest.manifest()).isEqualTo(Releases.release(2));
  }

  @Test
  void resolveLatestApproved_withNoApprovedVersion_isNotFound() {
    registry.register(GROUP, Releases.release(1));
    assertThatThrownBy(() -> registry.resolveLatestApproved(GROUP))
        .isInstanceOfSatisfying(ManifestSourceException.class, e -> assertThat(e.notFound()).isTrue())
        .hasMessageContaining(GROUP);
  }

  @Test
  void versions_areListedNewestFirstAcrossPages() {
    for (int i = 1; i <= 12; i++) {
      registry.register(GROUP, Releases.release(i));
    }
    List<ModelPackageVersion> versions = registry.versions(GROUP);
    assertThat(versions).extracting(ModelPackageVersion::version)
        .containsExactly(12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1);
    assertThat(emulator.requests("ListModelPackages")).hasSizeGreaterThan(1);
  }

  @Test
  void client_servesTheLatestApprovedManifestAndStampsThePackage() {
    ModelPackageVersion v = registry.register(GROUP, Releases.release(1));
    registry.approve(v.arn(), "ok");
    try (PinnedModelClient client = PinnedModelClient.builder()
        .manifest(registry.latestApprovedSource(GROUP))
        .policy(PinningPolicy.builder().requireApproval(true).build())
        .approvalRegistry(registry.approvalRegistry(GROUP))
        .backend(SageMakerEndpointBackend.builder().client(runtime).build())
        .build()) {
      InvocationResponse r = client.invoke(Map.of("question", "Refunds?"));
      VersionStamp s = r.stamp();
      assertThat(s.digest()).isEqualTo(Releases.release(1).digest());
      assertThat(s.sourceVersionId()).isEqualTo(v.arn());
      assertThat(s.approval()).isEqualTo(ApprovalStatus.APPROVED);
      assertThat(VersionStamp.parse(s.toHeaderValue())).isEqualTo(s);
    }
  }

  @Test
  void approvalRegistry_isBoundToTheDigestInThePackage() {
    VersionManifest m = Releases.release(1);
    ModelPackageVersion v = registry.register(GROUP, m);
    var approvals = registry.approvalRegistry(GROUP);
    SourceRef elsewhere = new SourceRef("s3://configs/support-llm.json", "3", null);
    assertThat(approvals.status(elsewhere, m.digest())).isEqualTo(ApprovalStatus.PENDING_MANUAL_APPROVAL);
    registry.approve(v.arn(), "ok");
    assertThat(approvals.status(elsewhere, m.digest())).isEqualTo(ApprovalStatus.APPROVED);
    assertThat(approvals.status(elsewhere, Releases.release(2).digest())).isEqualTo(ApprovalStatus.UNKNOWN);
    assertThat(approvals.status(new SourceRef("sagemaker-model-registry:" + GROUP, v.arn(), null),
        Releases.release(2).digest())).isEqualTo(ApprovalStatus.UNKNOWN);
  }

  @Test
  void pendingPackage_isRefusedByAClientThatRequiresApproval() {
    VersionManifest m = Releases.release(1);
    ModelPackageVersion v = registry.register(GROUP, m);
    assertThatThrownBy(() -> PinnedModelClient.builder()
        .manifest(registry.packageSource(v.arn()))
        .policy(PinningPolicy.builder().requireApproval(true).build())
        .approvalRegistry(registry.approvalRegistry(GROUP))
        .backend(SageMakerEndpointBackend.builder().client(runtime).build())
        .build())
        .isInstanceOfSatisfying(ManifestApprovalException.class,
            e -> assertThat(e.status()).isEqualTo(ApprovalStatus.PENDING_MANUAL_APPROVAL));
  }

  @Test
  void tamperedMetadata_isRefusedAsAnIntegrityError() {
    ModelPackageVersion v1 = registry.register(GROUP, Releases.release(1));
    control.updateModelPackage(r -> r.modelPackageArn(v1.arn())
        .customerMetadataProperties(Map.of("mvc:manifestDigest", Releases.release(2).digest())));
    assertThatThrownBy(() -> registry.resolve(v1.arn()))
        .isInstanceOf(ManifestIntegrityException.class)
        .hasMessageContaining(v1.arn()).hasMessageContaining("mvc:manifestDigest");
  }

  @Test
  void packageNotRegisteredByMvc_isRefusedWithAClearError() {
    String arn = control.createModelPackage(r -> r.modelPackageGroupName(GROUP)
        .inferenceSpecification(s -> s.containers(c -> c.image(Releases.tag(1)))
            .supportedContentTypes("application/json").supportedResponseMIMETypes("application/json")))
        .modelPackageArn();
    assertThatThrownBy(() -> registry.resolve(arn)).isInstanceOf(MvcException.class)
        .hasMessageContaining("mvc:manifestChunks");
  }

  @Test
  void manifestThatAlreadyNamesAPackage_isRefused() {
    assertThatThrownBy(() -> registry.register(GROUP, TestManifests.sagemaker(Releases.TEMPLATE)))
        .isInstanceOf(MvcException.class).hasMessageContaining("model.sagemaker.modelPackageArn");
  }

  @Test
  void manifestTooLargeForTheMetadata_isRefusedNamingTheWayOut() {
    Random random = new Random(42);
    StringBuilder text = new StringBuilder("Answer: {{question}} ");
    for (int i = 0; i < 12_000; i++) {
      text.append((char) ('a' + random.nextInt(26)));
    }
    VersionManifest base = Releases.release(1);
    VersionManifest big = base.toBuilder().prompt(PromptSpec.builder(PromptText.inline(text.toString()))
        .variables(List.of("question")).build()).build();
    assertThatThrownBy(() -> registry.register(GROUP, big))
        .isInstanceOf(MvcException.class).hasMessageContaining("sha256").hasMessageContaining("50");
    assertThat(emulator.requests("CreateModelPackage")).isEmpty();
  }

  @Test
  void bedrockManifest_cannotBeRegistered() {
    assertThatThrownBy(() -> registry.register(GROUP, TestManifests.bedrock(Releases.TEMPLATE)))
        .isInstanceOf(MvcException.class).hasMessageContaining("bedrock");
  }

  static SageMakerTarget target(VersionManifest m) {
    return (SageMakerTarget) m.model();
  }
}
