package dev.mvc.sagemaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mvc.emulators.sagemaker.RecordedSageMakerRequest;
import dev.mvc.emulators.sagemaker.SageMakerEmulator;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;

class EndpointRollbackTest {
  static final String GROUP = "support-llm-packages";
  static SageMakerEmulator emulator;
  static SageMakerClient control;
  static SageMakerModelRegistry registry;
  final List<DeploymentProgress> progress = new CopyOnWriteArrayList<>();
  EndpointRollback rollback;
  ModelPackageVersion v1;
  ModelPackageVersion v2;
  ModelPackageVersion v3;

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

  /** v1 approved, v2 rejected, v3 approved and running. */
  @BeforeEach
  void releases() {
    emulator.reset();
    registry.createGroup(GROUP, "support assistant releases");
    v1 = registry.approve(registry.register(GROUP, Releases.release(1)).arn(), "ok");
    v2 = registry.reject(registry.register(GROUP, Releases.release(2)).arn(), "regression");
    v3 = registry.approve(registry.register(GROUP, Releases.release(3)).arn(), "ok");
    Releases.createEndpoint(control, emulator, 3);
    rollback = EndpointRollback.builder().client(control).pollInterval(Duration.ofMillis(5))
        .timeout(Duration.ofSeconds(10)).progressListener(progress::add).build();
  }

  @Test
  void currentPackage_isFoundByTheRunningImageDigestAndModelData() {
    assertThat(rollback.currentPackage(Releases.ENDPOINT, GROUP).arn()).isEqualTo(v3.arn());
  }

  @Test
  void rollbackToPrevious_deploysThePreviousApprovedPackageBlueGreenAndVerifiesIt() {
    DeploymentResult r = rollback.rollbackToPrevious(Releases.ENDPOINT, GROUP,
        DeploymentStrategy.canary(10, Duration.ofMinutes(5)).withAutoRollbackAlarms("support-llm-5xx"));

    assertThat(r.from().arn()).isEqualTo(v3.arn());
    assertThat(r.to().arn()).isEqualTo(v1.arn());
    assertThat(r.verification().matches()).isTrue();
    assertThat(r.previousEndpointConfigName()).isEqualTo("support-llm-initial-3");
    assertThat(emulator.endpointConfigOf(Releases.ENDPOINT)).isEqualTo(r.endpointConfigName());
    assertThat(DeploymentVerifier.builder().client(control).build().verify(Releases.release(1)).matches()).isTrue();

    JsonNode model = Emulated.json(emulator.requests("CreateModel").get(1).body());
    assertThat(model.path("PrimaryContainer").path("Image").asText())
        .isEqualTo(Releases.REPO + "@" + Releases.digest(1));
    assertThat(model.path("PrimaryContainer").path("ModelDataUrl").asText()).isEqualTo(Releases.artifact(1));
    assertThat(model.path("ExecutionRoleArn").asText()).isEqualTo(Releases.ROLE);
    JsonNode config = Emulated.json(emulator.requests("CreateEndpointConfig").get(1).body());
    JsonNode variant = config.path("ProductionVariants").get(0);
    assertThat(variant.path("VariantName").asText()).isEqualTo("blue");
    assertThat(variant.path("InitialInstanceCount").asInt()).isEqualTo(2);
    assertThat(variant.path("InstanceType").asText()).isEqualTo("ml.g5.xlarge");
    JsonNode update = Emulated.json(emulator.requests("UpdateEndpoint").get(0).body());
    JsonNode policy = update.path("DeploymentConfig").path("BlueGreenUpdatePolicy");
    assertThat(policy.path("TrafficRoutingConfiguration").path("Type").asText()).isEqualTo("CANARY");
    assertThat(policy.path("TrafficRoutingConfiguration").path("WaitIntervalInSeconds").asInt()).isEqualTo(300);
    assertThat(policy.path("TrafficRoutingConfiguration").path("CanarySize").path("Value").asInt()).isEqualTo(10);
    assertThat(update.path("DeploymentConfig").path("AutoRollbackConfiguration").path("Alarms").get(0)
        .path("AlarmName").asText()).isEqualTo("support-llm-5xx");

    assertThat(progress).extracting(DeploymentProgress::stage).startsWith(
        DeploymentProgress.Stage.TARGET_CHOSEN, DeploymentProgress.Stage.MODEL_CREATED,
        DeploymentProgress.Stage.ENDPOINT_CONFIG_CREATED, DeploymentProgress.Stage.UPDATE_STARTED,
        DeploymentProgress.Stage.POLLED).endsWith(DeploymentProgress.Stage.IN_SERVICE, DeploymentProgress.Stage.VERIFIED);
    assertThat(progress).filteredOn(p -> p.stage() == DeploymentProgress.Stage.POLLED)
        .extracting(DeploymentProgress::endpointStatus).contains("Updating").endsWith("InService");
  }

  @Test
  void nothingIsDeleted_andTheOldConfigurationStaysDescribable() {
    rollback.rollbackToPrevious(Releases.ENDPOINT, GROUP, DeploymentStrategy.allAtOnce());
    assertThat(emulator.requests()).extracting(RecordedSageMakerRequest::operation)
        .noneMatch(op -> op.startsWith("Delete"));
    assertThat(control.describeEndpointConfig(r -> r.endpointConfigName("support-llm-initial-3"))
        .productionVariants()).hasSize(1);
    JsonNode update = Emulated.json(emulator.requests("UpdateEndpoint").get(0).body());
    assertThat(update.path("DeploymentConfig").path("BlueGreenUpdatePolicy").path("TrafficRoutingConfiguration")
        .path("Type").asText()).isEqualTo("ALL_AT_ONCE");
  }

  @Test
  void secondRollback_goesFurtherBackOrFailsWhenNothingIsLeft() {
    rollback.rollbackToPrevious(Releases.ENDPOINT, GROUP, DeploymentStrategy.allAtOnce());
    assertThatThrownBy(() -> rollback.rollbackToPrevious(Releases.ENDPOINT, GROUP, DeploymentStrategy.allAtOnce()))
        .isInstanceOfSatisfying(DeploymentException.class, e -> assertThat(e.endpointName()).isEqualTo(Releases.ENDPOINT))
        .hasMessageContaining("no Approved version older than v1");
  }

  @Test
  void updateRolledBackBySageMaker_failsWithTheReason() {
    emulator.failNextEndpointUpdate(Releases.ENDPOINT, "Alarm support-llm-5xx fired during canary");
    assertThatThrownBy(() -> rollback.rollbackToPrevious(Releases.ENDPOINT, GROUP, DeploymentStrategy.allAtOnce()))
        .isInstanceOf(DeploymentException.class)
        .hasMessageContaining("rolled the update back").hasMessageContaining("Alarm support-llm-5xx fired");
    assertThat(emulator.endpointConfigOf(Releases.ENDPOINT)).isEqualTo("support-llm-initial-3");
  }

  @Test
  void endpointNotInServiceInTime_failsWithATimeout() {
    emulator.transitionDescribes(10_000);
    try (EndpointRollback quick = EndpointRollback.builder().client(control).pollInterval(Duration.ofMillis(5))
        .timeout(Duration.ofMillis(300)).build()) {
      assertThatThrownBy(() -> quick.rollbackToPrevious(Releases.ENDPOINT, GROUP, DeploymentStrategy.allAtOnce()))
          .isInstanceOf(DeploymentException.class).hasMessageContaining("still Updating");
    }
  }

  @Test
  void deployOfARejectedPackage_isRefusedBeforeAnythingIsCreated() {
    assertThatThrownBy(() -> rollback.deploy(Releases.ENDPOINT, v2.arn(), DeploymentStrategy.allAtOnce()))
        .isInstanceOf(DeploymentException.class).hasMessageContaining("Rejected");
    assertThat(emulator.requests("CreateModel")).hasSize(1);
    assertThat(emulator.requests("UpdateEndpoint")).isEmpty();
  }

  @Test
  void strategies_validateTheirBounds() {
    assertThatThrownBy(() -> DeploymentStrategy.canary(0, Duration.ZERO)).hasMessageContaining("[1, 50]");
    assertThatThrownBy(() -> DeploymentStrategy.allAtOnce().withMaximumExecutionTimeout(Duration.ofSeconds(10)))
        .hasMessageContaining("maximum execution timeout");
  }
}
