package dev.mvc.sagemaker;

import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What {@link EndpointRollback#deploy(DeploymentRequest)} deploys: an {@code Approved} model
 * package version to an endpoint, with how to move traffic and, optionally, the capacity. The
 * endpoint is created when it does not exist yet and updated (blue/green) when it does.
 *
 * <pre>{@code
 * DeploymentRequest request = DeploymentRequest.builder("support-llm", packageArn)
 *     .instanceCount(2)
 *     .build();
 * }</pre>
 */
public final class DeploymentRequest {
  private static final Pattern INSTANCE_TYPE = Pattern.compile("ml\\.[a-z0-9-]+\\.[a-z0-9]+");

  private final String endpointName;
  private final String packageArn;
  private final DeploymentStrategy strategy;
  private final @Nullable String instanceType;
  private final @Nullable Integer instanceCount;

  private DeploymentRequest(Builder b) {
    this.endpointName = b.endpointName;
    this.packageArn = b.packageArn;
    this.strategy = b.strategy;
    this.instanceType = b.instanceType;
    this.instanceCount = b.instanceCount;
  }

  /** Returns a builder deploying {@code packageArn} to {@code endpointName}, all at once. */
  public static Builder builder(String endpointName, String packageArn) {
    return new Builder(endpointName, packageArn);
  }

  /** Returns a builder holding this request's values. */
  public Builder toBuilder() {
    Builder b = new Builder(endpointName, packageArn).strategy(strategy);
    b.instanceType = instanceType;
    b.instanceCount = instanceCount;
    return b;
  }

  /** Returns the endpoint name. */
  public String endpointName() {
    return endpointName;
  }

  /** Returns the model package version ARN. */
  public String packageArn() {
    return packageArn;
  }

  /** Returns how traffic moves when the endpoint exists (a new endpoint takes it all at once). */
  public DeploymentStrategy strategy() {
    return strategy;
  }

  /**
   * Returns the instance type, or null for the one the package's manifest pins (or, when it pins
   * none, the one the endpoint runs now).
   */
  public @Nullable String instanceType() {
    return instanceType;
  }

  /** Returns the instance count, or null for the endpoint's current count (1 for a new endpoint). */
  public @Nullable Integer instanceCount() {
    return instanceCount;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DeploymentRequest r && endpointName.equals(r.endpointName) && packageArn.equals(r.packageArn)
        && strategy.equals(r.strategy) && Objects.equals(instanceType, r.instanceType)
        && Objects.equals(instanceCount, r.instanceCount);
  }

  @Override
  public int hashCode() {
    return Objects.hash(endpointName, packageArn, strategy, instanceType, instanceCount);
  }

  @Override
  public String toString() {
    return "DeploymentRequest{" + packageArn + " -> " + endpointName + ", " + strategy
        + (instanceType == null ? "" : ", " + instanceType) + (instanceCount == null ? "" : " x" + instanceCount) + "}";
  }

  /** A builder of {@link DeploymentRequest}. */
  public static final class Builder {
    private final String endpointName;
    private final String packageArn;
    private DeploymentStrategy strategy = DeploymentStrategy.allAtOnce();
    private @Nullable String instanceType;
    private @Nullable Integer instanceCount;

    private Builder(String endpointName, String packageArn) {
      Objects.requireNonNull(endpointName, "endpointName");
      Objects.requireNonNull(packageArn, "packageArn");
      if (endpointName.isBlank()) {
        throw new IllegalArgumentException("endpointName must not be blank, was \"" + endpointName + "\"");
      }
      if (!packageArn.startsWith("arn:") || !packageArn.contains(":model-package/")) {
        throw new IllegalArgumentException("packageArn must be a model package version ARN "
            + "(arn:aws:sagemaker:REGION:ACCOUNT:model-package/GROUP/N), was \"" + packageArn + "\"");
      }
      this.endpointName = endpointName;
      this.packageArn = packageArn;
    }

    /** Sets how traffic moves on an existing endpoint (default all at once). */
    public Builder strategy(DeploymentStrategy strategy) {
      this.strategy = Objects.requireNonNull(strategy, "strategy");
      return this;
    }

    /** Sets the instance type; it must equal the one the package's manifest pins, if it pins one. */
    public Builder instanceType(@Nullable String instanceType) {
      if (instanceType != null && !INSTANCE_TYPE.matcher(instanceType).matches()) {
        throw new IllegalArgumentException("instanceType must be ml.<family>.<size>, was \"" + instanceType + "\"");
      }
      this.instanceType = instanceType;
      return this;
    }

    /** Sets the instance count (at least 1). */
    public Builder instanceCount(@Nullable Integer instanceCount) {
      if (instanceCount != null && instanceCount < 1) {
        throw new IllegalArgumentException("instanceCount must be >= 1, was " + instanceCount);
      }
      this.instanceCount = instanceCount;
      return this;
    }

    /** Builds the request. */
    public DeploymentRequest build() {
      return new DeploymentRequest(this);
    }
  }
}
