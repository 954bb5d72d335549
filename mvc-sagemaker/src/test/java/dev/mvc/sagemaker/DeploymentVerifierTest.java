package dev.mvc.sagemaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvc.CheckMode;
import dev.mvc.CheckWarning;
import dev.mvc.ManifestException;
import dev.mvc.MvcException;
import dev.mvc.PinnedModelClient;
import dev.mvc.SageMakerTarget;
import dev.mvc.VersionManifest;
import dev.mvc.emulators.sagemaker.SageMakerEmulator;
import dev.mvc.testkit.TestManifests;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

class DeploymentVerifierTest {
  static SageMakerEmulator emulator;
  static SageMakerClient control;
  static SageMakerRuntimeClient runtime;
  static DeploymentVerifier verifier;

  @BeforeAll
  static void start() {
    emulator = SageMakerEmulator.create().start();
    control = Emulated.control(emulator);
    runtime = Emulated.runtime(emulator);
    verifier = DeploymentVerifier.builder().client(control).build();
  }

  @AfterAll
  static void stop() {
    verifier.close();
    control.close();
    runtime.close();
    emulator.close();
  }

  @BeforeEach
  void reset() {
    emulator.reset();
    Releases.createEndpoint(control, emulator, 1);
  }

  private static VersionManifest with(VersionManifest m, SageMakerTarget.Builder t) {
    return m.toBuilder().model(t.build()).build();
  }

  private static SageMakerTarget.Builder release1() {
    return ((SageMakerTarget) Releases.release(1).model()).toBuilder();
  }

  @Test
  void endpointRunningTheManifest_matches() {
    DeploymentReport report = verifier.verify(Releases.release(1));
    assertThat(report.matches()).as(report.toString()).isTrue();
    assertThat(report.endpointStatus()).isEqualTo("InService");
    assertThat(report.variants()).containsExactly(TestManifests.VARIANT);
    assertThat(report.endpointConfigName()).isEqualTo("support-llm-initial-1");
    assertThat(report.requireMatch()).isSameAs(report);
  }

  @Test
  void everyDifferingField_isReportedByName() {
    DeploymentReport report = verifier.verify(Releases.release(2));
    assertThat(report.matches()).isFalse();
    assertThat(report.mismatches()).extracting(CheckWarning::field).containsExactlyInAnyOrder(
        "model.sagemaker.image.digest", "model.sagemaker.artifact.uri", "model.sagemaker.environment.MAX_INPUT_LENGTH");
    CheckWarning digest = report.mismatches().stream()
        .filter(m -> m.field().equals("model.sagemaker.image.digest")).findFirst().orElseThrow();
    assertThat(digest.pinned()).isEqualTo(Releases.digest(2));
    assertThat(digest.found()).isEqualTo(Releases.digest(1));
    assertThat(digest.subject()).isEqualTo(TestManifests.ENDPOINT + "/blue");
    assertThat(digest.check()).isEqualTo("sagemaker-deployment");
  }

  @Test
  void environmentValues_areNeverShownInClear() {
    VersionManifest m = with(Releases.release(1), release1().environment("HF_TOKEN", "hf_secret_value"));
    DeploymentReport report = verifier.verify(m);
    assertThat(report.mismatches()).extracting(CheckWarning::field)
        .containsExactly("model.sagemaker.environment.HF_TOKEN");
    assertThat(report.toString()).doesNotContain("hf_secret_value").contains("sha256:").contains("(absent)");
  }

  @Test
  void instanceTypeAndRepository_areCompared() {
    VersionManifest m = with(Releases.release(1), release1().instanceType("ml.g5.2xlarge")
        .image("123456789012.dkr.ecr.us-east-1.amazonaws.com/other:1", Releases.digest(1)));
    DeploymentReport report = verifier.verify(m);
    assertThat(report.mismatches()).extracting(CheckWarning::field)
        .containsExactlyInAnyOrder("model.sagemaker.instanceType", "model.sagemaker.image.uri");
    assertThat(report.mismatches()).anySatisfy(x -> {
      assertThat(x.pinned()).isEqualTo("ml.g5.2xlarge");
      assertThat(x.found()).isEqualTo("ml.g5.xlarge");
    });
  }

  @Test
  void pinnedVariantAbsentFromTheEndpoint_isAMismatch() {
    DeploymentReport report = verifier.verify(with(Releases.release(1), release1().variant("green")));
    assertThat(report.mismatches()).singleElement().satisfies(x -> {
      assertThat(x.field()).isEqualTo("model.sagemaker.variant");
      assertThat(x.found()).contains("blue");
    });
  }

  @Test
  void expectedWeight_isCompared() {
    try (DeploymentVerifier weighted = DeploymentVerifier.builder().client(control).expectWeight("blue", 0.5).build()) {
      assertThat(weighted.verify(Releases.release(1)).mismatches()).singleElement()
          .satisfies(x -> assertThat(x.field()).isEqualTo("variantWeight"));
    }
  }

  @Test
  void unknownEndpoint_isAnApiErrorNamingTheOperation() {
    VersionManifest m = with(Releases.release(1), release1().endpointName("nope"));
    assertThatThrownBy(() -> verifier.verify(m))
        .isInstanceOfSatisfying(SageMakerApiException.class, e -> {
          assertThat(e.operation()).isEqualTo("DescribeEndpoint");
          assertThat(e.statusCode()).isEqualTo(400);
          assertThat(e.errorCode()).isEqualTo("ValidationException");
          assertThat(e.retryable()).isFalse();
        }).hasMessageContaining("nope");
  }

  @Test
  void inferenceComponentManifests_areRefused() {
    VersionManifest m = with(Releases.release(1), release1().variant(null).inferenceComponent("ic-1"));
    assertThatThrownBy(() -> verifier.verify(m)).isInstanceOf(MvcException.class)
        .hasMessageContaining("model.sagemaker.inferenceComponent");
  }

  @Test
  void clientWithDeploymentVerification_startsOnAMatchingEndpoint() {
    try (PinnedModelClient client = PinnedModelClient.builder().manifest(Releases.release(1))
        .backend(SageMakerEndpointBackend.builder().client(runtime).deploymentCheck(CheckMode.FAIL).deploymentVerifier(verifier).build()).build()) {
      assertThat(client.invoke(Map.of("question", "?")).text()).isEqualTo("ok");
    }
  }

  @Test
  void clientWithDeploymentVerification_refusesToStartOnAMismatch() {
    assertThatThrownBy(() -> PinnedModelClient.builder().manifest(Releases.release(2))
        .backend(SageMakerEndpointBackend.builder().client(runtime).deploymentCheck(CheckMode.FAIL).deploymentVerifier(verifier).build()).build())
        .isInstanceOf(ManifestException.class)
        .hasMessageContaining("model.sagemaker.image.digest")
        .hasCauseInstanceOf(DeploymentMismatchException.class);
    assertThat(emulator.invocations()).isEmpty();
  }
}
