package dev.mvc.sagemaker;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of a completed deployment or rollback.
 *
 * @param endpointName the endpoint
 * @param from the package the endpoint ran before, or null when not identified
 * @param to the package it runs now
 * @param modelName the SageMaker model created for it
 * @param endpointConfigName the endpoint configuration created for it
 * @param previousEndpointConfigName the configuration it ran before (kept, not deleted), or null when
 *     the deployment created the endpoint
 * @param instanceType the instance type of the variant deployed
 * @param instanceCount its instance count
 * @param took how long the deployment took
 * @param verification the deployment check against the package's manifest (always matching)
 */
public record DeploymentResult(String endpointName, @Nullable ModelPackageVersion from, ModelPackageVersion to,
    String modelName, String endpointConfigName, @Nullable String previousEndpointConfigName, String instanceType,
    int instanceCount, Duration took, DeploymentReport verification) {

  /** Returns whether the deployment created the endpoint (it did not exist before). */
  public boolean created() {
    return previousEndpointConfigName == null;
  }
}
