package dev.mvc.sagemaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mvc.emulators.sagemaker.SageMakerEmulator;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;

/**
 * {@link EndpointRollback#deploy(DeploymentRequest)}: the first deployment of an approved package
 * creates the endpoint, a later one updates it; a package that is not Approved is refused naming
 * its status (the SageMaker emulator, through the real SDK).
 */
class EndpointDeployTest {
  static final String GROUP = "support-llm-packages";
  static SageMakerEmulator emulator;
  static SageMakerClient control;
  static SageMakerModelRegistry registry;
  final List<DeploymentProgress> progress = new CopyOnWriteArrayList<>();
  ModelPackageVersion v1;
  ModelPackageVersion v2;

  @BeforeAll
  static void start() {
    emulator = SageMakerEmulator.create().start();
    control = Emulated.control(emulator);
    registry = SageMakerModelRegistry.builder().client(control).build();
  }

  @AfterAll
  static void stop() {
    control.close();
    emulator.close();
  }

  /** v1 approved, v2 pending; no endpoint yet. */
  @BeforeEach
  void releases() {
    emulator.reset();
    emulator.imageDigest(Releases.tag(1), Releases.digest(1));
    emulator.imageDigest(Releases.tag(2), Releases.digest(2));
    registry.createGroup(GROUP, "support assistant releases");
    v1 = registry.approve(registry.register(GROUP, Releases.release(1)).arn(), "ok");
    v2 = registry.register(GROUP, Releases.release(2));
  }

  private EndpointRollback deployer(boolean withRole) {
    EndpointRollback.Builder b = EndpointRollback.builder().client(control).pollInterval(Duration.ofMillis(5))
        .timeout(Duration.ofSeconds(10)).progressListener(progress::add);
    return (withRole ? b.executionRoleArn(Releases.ROLE) : b).build();
  }

  @Test
  void deploy_ofAnApprovedPackageToAnEndpointThatDoesNotExist_createsItAndWaitsForInService() {
    DeploymentResult r = deployer(true).deploy(DeploymentRequest.builder(Releases.ENDPOINT, v1.arn())
        .instanceCount(3).build());

    assertThat(r.created()).isTrue();
    assertThat(r.previousEndpointConfigName()).isNull();
    assertThat(r.to().arn()).isEqualTo(v1.arn());
    assertThat(r.verification().matches()).isTrue();
    assertThat(emulator.endpointConfigOf(Releases.ENDPOINT)).isEqualTo(r.endpointConfigName());
    assertThat(emulator.requests("UpdateEndpoint")).isEmpty();
    JsonNode create = Emulated.json(emulator.requests("CreateEndpoint").get(0).body());
    assertThat(create.path("EndpointConfigName").asText()).isEqualTo(r.endpointConfigName());
    JsonNode variant = Emulated.json(emulator.requests("CreateEndpointConfig").get(0).body())
        .path("ProductionVariants").get(0);
    assertThat(variant.path("InstanceType").asText()).isEqualTo("ml.g5.xlarge");
    assertThat(variant.path("InitialInstanceCount").asInt()).isEqualTo(3);
    assertThat(Emulated.json(emulator.requests("CreateModel").get(0).body()).path("ExecutionRoleArn").asText())
        .isEqualTo(Releases.ROLE);
    assertThat(progress).extracting(DeploymentProgress::stage).contains(DeploymentProgress.Stage.CREATE_STARTED)
        .doesNotContain(DeploymentProgress.Stage.UPDATE_STARTED).endsWith(DeploymentProgress.Stage.IN_SERVICE,
            DeploymentProgress.Stage.VERIFIED);
    assertThat(progress).filteredOn(p -> p.stage() == DeploymentProgress.Stage.POLLED)
        .extracting(DeploymentProgress::endpointStatus).contains("Creating").endsWith("InService");
  }

  @Test
  void deploy_toAnEndpointThatExists_updatesItKeepingTheCurrentCapacity() {
    deployer(true).deploy(DeploymentRequest.builder(Releases.ENDPOINT, v1.arn()).instanceCount(2).build());
    ModelPackageVersion approved2 = registry.approve(v2.arn(), "ok");

    DeploymentResult r = deployer(false).deploy(DeploymentRequest.builder(Releases.ENDPOINT, approved2.arn()).build());

    assertThat(r.created()).isFalse();
    assertThat(r.previousEndpointConfigName()).isNotNull().isNotEqualTo(r.endpointConfigName());
    assertThat(emulator.requests("UpdateEndpoint")).hasSize(1);
    assertThat(Emulated.json(emulator.requests("CreateEndpointConfig").get(1).body()).path("ProductionVariants").get(0)
        .path("InitialInstanceCount").asInt()).isEqualTo(2);
    assertThat(DeploymentVerifier.builder().client(control).build().verify(Releases.release(2)).matches()).isTrue();
  }

  @Test
  void deploy_ofAPackageThatIsNotApproved_isRefusedNamingItsStatus_beforeAnythingIsCreated() {
    assertThatThrownBy(() -> deployer(true).deploy(DeploymentRequest.builder(Releases.ENDPOINT, v2.arn()).build()))
        .isInstanceOf(DeploymentException.class)
        .hasMessageContaining("model package " + v2.arn() + " is PendingManualApproval; only Approved packages are deployed");
    assertThat(emulator.requests("CreateModel")).isEmpty();
    assertThat(emulator.requests("CreateEndpoint")).isEmpty();
  }

  @Test
  void deploy_creatingAnEndpointWithoutAnExecutionRole_isRefusedNamingWhatIsMissing() {
    assertThatThrownBy(() -> deployer(false).deploy(DeploymentRequest.builder(Releases.ENDPOINT, v1.arn()).build()))
        .isInstanceOf(DeploymentException.class)
        .hasMessageContaining("endpoint " + Releases.ENDPOINT + " does not exist; creating it needs the execution role");
    assertThat(emulator.requests("CreateModel")).isEmpty();
  }

  @Test
  void deploy_withAnInstanceTypeOtherThanThePinnedOne_isRefusedNamingBoth() {
    assertThatThrownBy(() -> deployer(true).deploy(DeploymentRequest.builder(Releases.ENDPOINT, v1.arn())
        .instanceType("ml.g5.2xlarge").build()))
        .isInstanceOf(DeploymentException.class)
        .hasMessageContaining("instance type ml.g5.2xlarge was asked for")
        .hasMessageContaining("pins instanceType ml.g5.xlarge");
  }

  @Test
  void deploy_thatStaysCreatingPastTheTimeout_failsSayingSo() {
    emulator.transitionDescribes(1000);
    EndpointRollback deployer = EndpointRollback.builder().client(control).pollInterval(Duration.ofMillis(5))
        .timeout(Duration.ofMillis(200)).executionRoleArn(Releases.ROLE).build();

    assertThatThrownBy(() -> deployer.deploy(DeploymentRequest.builder(Releases.ENDPOINT, v1.arn()).build()))
        .isInstanceOf(DeploymentException.class)
        .hasMessageContaining("is still Creating after 0 s")
        .hasMessageContaining("the CreateEndpoint goes on in SageMaker");
  }

  @Test
  void request_withAnInstanceCountBelowOne_isRefusedNamingTheValue() {
    assertThatThrownBy(() -> DeploymentRequest.builder(Releases.ENDPOINT, v1.arn()).instanceCount(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("instanceCount must be >= 1, was 0");
  }
}
