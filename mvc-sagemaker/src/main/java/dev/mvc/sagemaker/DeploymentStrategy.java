package dev.mvc.sagemaker;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.sagemaker.model.Alarm;
import software.amazon.awssdk.services.sagemaker.model.AutoRollbackConfig;
import software.amazon.awssdk.services.sagemaker.model.BlueGreenUpdatePolicy;
import software.amazon.awssdk.services.sagemaker.model.CapacitySize;
import software.amazon.awssdk.services.sagemaker.model.CapacitySizeType;
import software.amazon.awssdk.services.sagemaker.model.DeploymentConfig;
import software.amazon.awssdk.services.sagemaker.model.TrafficRoutingConfig;
import software.amazon.awssdk.services.sagemaker.model.TrafficRoutingConfigType;

/**
 * How an endpoint moves to a new configuration: a SageMaker blue/green deployment that shifts
 * traffic all at once or as a canary first, with optional CloudWatch alarms that make SageMaker
 * roll the deployment back on its own. Immutable.
 */
public final class DeploymentStrategy {
  private final int canaryPercent;
  private final Duration wait;
  private final Duration terminationWait;
  private final @Nullable Duration maximumExecutionTimeout;
  private final List<String> alarms;

  private DeploymentStrategy(int canaryPercent, Duration wait, Duration terminationWait,
      @Nullable Duration maximumExecutionTimeout, List<String> alarms) {
    this.canaryPercent = canaryPercent;
    this.wait = wait;
    this.terminationWait = terminationWait;
    this.maximumExecutionTimeout = maximumExecutionTimeout;
    this.alarms = List.copyOf(alarms);
  }

  /** Returns a blue/green deployment that shifts all traffic at once. */
  public static DeploymentStrategy allAtOnce() {
    return new DeploymentStrategy(0, Duration.ZERO, Duration.ZERO, null, List.of());
  }

  /**
   * Returns a blue/green deployment that first shifts {@code percent} of the capacity, waits
   * {@code bake}, then shifts the rest.
   */
  public static DeploymentStrategy canary(int percent, Duration bake) {
    if (percent < 1 || percent > 50) {
      throw new IllegalArgumentException("canary percent must be in [1, 50], was " + percent);
    }
    checkSeconds("canary bake time", bake, 0, 3600);
    return new DeploymentStrategy(percent, bake, Duration.ZERO, null, List.of());
  }

  /** Returns a copy with CloudWatch alarms that make SageMaker roll the deployment back when they fire. */
  public DeploymentStrategy withAutoRollbackAlarms(String... alarmNames) {
    for (String a : alarmNames) {
      if (a == null || a.isBlank() || a.length() > 255) {
        throw new IllegalArgumentException("alarm name must be 1 to 255 characters, was '" + a + "'");
      }
    }
    return new DeploymentStrategy(canaryPercent, wait, terminationWait, maximumExecutionTimeout, List.of(alarmNames));
  }

  /** Returns a copy that keeps the old fleet for {@code wait} after the shift (for a fast manual return). */
  public DeploymentStrategy withTerminationWait(Duration wait) {
    checkSeconds("termination wait", wait, 0, 3600);
    return new DeploymentStrategy(canaryPercent, this.wait, wait, maximumExecutionTimeout, alarms);
  }

  /** Returns a copy with SageMaker's own limit on the whole deployment (600 s to 14400 s). */
  public DeploymentStrategy withMaximumExecutionTimeout(Duration timeout) {
    checkSeconds("maximum execution timeout", timeout, 600, 14400);
    return new DeploymentStrategy(canaryPercent, wait, terminationWait, timeout, alarms);
  }

  /** Returns whether traffic shifts as a canary first. */
  public boolean isCanary() {
    return canaryPercent > 0;
  }

  /** Returns the auto-rollback alarm names. */
  public List<String> autoRollbackAlarms() {
    return alarms;
  }

  /** Returns the SDK deployment configuration. */
  DeploymentConfig toDeploymentConfig() {
    TrafficRoutingConfig.Builder routing = TrafficRoutingConfig.builder();
    if (canaryPercent > 0) {
      routing.type(TrafficRoutingConfigType.CANARY).waitIntervalInSeconds((int) wait.toSeconds())
          .canarySize(CapacitySize.builder().type(CapacitySizeType.CAPACITY_PERCENT).value(canaryPercent).build());
    } else {
      routing.type(TrafficRoutingConfigType.ALL_AT_ONCE).waitIntervalInSeconds(0);
    }
    BlueGreenUpdatePolicy.Builder policy = BlueGreenUpdatePolicy.builder()
        .trafficRoutingConfiguration(routing.build())
        .terminationWaitInSeconds((int) terminationWait.toSeconds());
    if (maximumExecutionTimeout != null) {
      policy.maximumExecutionTimeoutInSeconds((int) maximumExecutionTimeout.toSeconds());
    }
    DeploymentConfig.Builder config = DeploymentConfig.builder().blueGreenUpdatePolicy(policy.build());
    if (!alarms.isEmpty()) {
      config.autoRollbackConfiguration(AutoRollbackConfig.builder()
          .alarms(alarms.stream().map(a -> Alarm.builder().alarmName(a).build()).toList()).build());
    }
    return config.build();
  }

  private static void checkSeconds(String what, Duration d, long min, long max) {
    Objects.requireNonNull(d, what);
    if (d.toSeconds() < min || d.toSeconds() > max) {
      throw new IllegalArgumentException(what + " must be in [" + min + ", " + max + "] seconds, was " + d.toSeconds());
    }
  }

  @Override
  public String toString() {
    return "DeploymentStrategy{" + (canaryPercent > 0 ? "canary " + canaryPercent + "% for " + wait.toSeconds() + "s"
        : "all at once") + ", alarms=" + alarms + "}";
  }
}
