package dev.mvc.sagemaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvc.CheckFailedException;
import dev.mvc.CheckMode;
import dev.mvc.CheckWarning;
import dev.mvc.ManifestException;
import dev.mvc.PinnedModelClient;
import dev.mvc.SageMakerTarget;
import dev.mvc.VersionManifest;
import dev.mvc.spi.CheckListener;
import dev.mvc.emulators.sagemaker.SageMakerEmulator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;

/**
 * The SageMaker deployment check behaves in each {@link CheckMode} as every other remote check
 * does: OFF makes no control-plane request, WARN reports one warning per difference and serves,
 * FAIL refuses the manifest naming both values. Counted on the emulator's request journal.
 */
class DeploymentCheckModesTest {
  private static final String CHECK = "sagemaker-deployment";
  private static SageMakerEmulator emulator;
  private static SageMakerClient control;

  @BeforeAll
  static void start() {
    emulator = SageMakerEmulator.create().start();
    control = Emulated.control(emulator);
  }

  @AfterAll
  static void stop() {
    control.close();
    emulator.close();
  }

  @BeforeEach
  void reset() {
    emulator.reset();
    Releases.createEndpoint(control, emulator, 1);
    emulator.resetRuntime();
  }

  /** Release 1 with a larger instance type than the endpoint runs: exactly one difference. */
  private static VersionManifest differing() {
    VersionManifest m = Releases.release(1);
    return m.toBuilder().model(((SageMakerTarget) m.model()).toBuilder().instanceType("ml.g5.2xlarge").build()).build();
  }

  @Test
  void off_makesNoControlPlaneRequest_evenWhenTheEndpointDiffers() {
    List<CheckWarning> warnings = new CopyOnWriteArrayList<>();
    try (PinnedModelClient client = client(differing(), CheckMode.OFF, warnings::add)) {
      assertThat(emulator.requests()).as("requests made while loading").isEmpty();
      assertThat(client.invoke(Map.of("question", "?")).text()).isEqualTo("ok");
    }
    assertThat(emulator.requests()).singleElement().satisfies(r -> assertThat(r.isInvocation()).isTrue());
    assertThat(warnings).isEmpty();
  }

  @Test
  void warn_callsTheListenerOnceWithTheDifference_andTheCallProceeds() {
    List<CheckWarning> warnings = new CopyOnWriteArrayList<>();
    try (PinnedModelClient client = client(differing(), CheckMode.WARN, warnings::add)) {
      assertThat(client.invoke(Map.of("question", "?")).text()).isEqualTo("ok");
    }
    assertThat(warnings).singleElement().satisfies(w -> {
      assertThat(w.check()).isEqualTo(CHECK);
      assertThat(w.subject()).isEqualTo(Releases.ENDPOINT + "/blue");
      assertThat(w.field()).isEqualTo("model.sagemaker.instanceType");
      assertThat(w.pinned()).isEqualTo("ml.g5.2xlarge");
      assertThat(w.found()).isEqualTo("ml.g5.xlarge");
      assertThat(w.message()).contains("ml.g5.2xlarge").contains("ml.g5.xlarge");
    });
    assertThat(emulator.requests("DescribeEndpoint")).hasSize(1);
    assertThat(emulator.invocations()).hasSize(1);
  }

  @Test
  void fail_refusesTheManifest_withADeploymentMismatchNamingThePinnedAndTheFoundValue() {
    List<CheckWarning> warnings = new CopyOnWriteArrayList<>();
    assertThatThrownBy(() -> client(differing(), CheckMode.FAIL, warnings::add))
        .isInstanceOf(ManifestException.class)
        .cause()
        .isInstanceOfSatisfying(DeploymentMismatchException.class, e -> {
          assertThat(e).isInstanceOf(CheckFailedException.class);
          assertThat(e.check()).isEqualTo(CHECK);
          assertThat(e.warnings()).extracting(CheckWarning::field).containsExactly("model.sagemaker.instanceType");
          assertThat(e.report().mismatches()).isEqualTo(e.warnings());
          assertThat(e.getMessage()).contains("model.sagemaker.instanceType").contains("ml.g5.2xlarge")
              .contains("ml.g5.xlarge");
        });
    assertThat(warnings).isEmpty();
    assertThat(emulator.requests("DescribeEndpoint")).hasSize(1);
    assertThat(emulator.invocations()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(value = CheckMode.class, names = {"WARN", "FAIL"})
  void matchingEndpoint_loadsSilently(CheckMode mode) {
    List<CheckWarning> warnings = new CopyOnWriteArrayList<>();
    try (PinnedModelClient client = client(Releases.release(1), mode, warnings::add)) {
      assertThat(client.currentManifest().manifest().version()).isEqualTo("1.1.0");
    }
    assertThat(warnings).isEmpty();
    assertThat(emulator.requests("DescribeEndpoint")).hasSize(1);
  }

  @Test
  void unknownEndpoint_warnsWithAnUnknownFoundValue_orFailsWithTheApiErrorAsCause() {
    VersionManifest m = Releases.release(1);
    VersionManifest missing = m.toBuilder()
        .model(((SageMakerTarget) m.model()).toBuilder().endpointName("nope").build()).build();
    List<CheckWarning> warnings = new CopyOnWriteArrayList<>();
    try (PinnedModelClient client = client(missing, CheckMode.WARN, warnings::add)) {
      assertThat(client.currentManifest()).isNotNull();
    }
    assertThat(warnings).singleElement().satisfies(w -> {
      assertThat(w.check()).isEqualTo(CHECK);
      assertThat(w.subject()).isEqualTo("nope");
      assertThat(w.found()).isEqualTo(CheckWarning.UNKNOWN);
      assertThat(w.message()).contains("could not be looked up").contains("DescribeEndpoint");
    });
    assertThatThrownBy(() -> client(missing, CheckMode.FAIL, w -> {}))
        .isInstanceOf(ManifestException.class)
        .cause()
        .isInstanceOfSatisfying(CheckFailedException.class, e -> {
          assertThat(e.check()).isEqualTo(CHECK);
          assertThat(e.getCause()).isInstanceOf(SageMakerApiException.class);
          assertThat(e.getMessage()).contains("nope").contains("could not be looked up");
        });
  }

  @Test
  void givenVerifier_isUsedWithItsExpectedWeights() {
    List<CheckWarning> warnings = new CopyOnWriteArrayList<>();
    try (DeploymentVerifier weighted = DeploymentVerifier.builder().client(control).expectWeight("blue", 0.5).build();
        PinnedModelClient client = PinnedModelClient.builder().manifest(Releases.release(1))
            .backend(backend(CheckMode.WARN, warnings::add).deploymentVerifier(weighted).build()).build()) {
      assertThat(client.currentManifest()).isNotNull();
    }
    assertThat(warnings).extracting(CheckWarning::field).containsExactly("variantWeight");
  }

  /** A backend whose clients, and whose deployment verifier, are built from its own settings. */
  private static SageMakerEndpointBackend.Builder backend(CheckMode mode, CheckListener listener) {
    return SageMakerEndpointBackend.builder()
        .endpointOverride(emulator.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(Emulated.CREDENTIALS)
        .deploymentCheck(mode)
        .checkListener(listener);
  }

  private static PinnedModelClient client(VersionManifest manifest, CheckMode mode, CheckListener listener) {
    SageMakerEndpointBackend backend = backend(mode, listener).build();
    try {
      return PinnedModelClient.builder().manifest(manifest).backend(backend).build();
    } catch (RuntimeException e) {
      backend.close();
      throw e;
    }
  }
}
