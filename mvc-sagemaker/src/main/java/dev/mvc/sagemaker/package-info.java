/**
 * Amazon SageMaker for mvc: {@link dev.mvc.sagemaker.SageMakerEndpointBackend} calls the pinned
 * endpoint and variant, {@link dev.mvc.sagemaker.SageMakerModelRegistry} registers, approves and
 * resolves manifests as model package versions, {@link dev.mvc.sagemaker.DeploymentVerifier}
 * compares what an endpoint runs with a manifest, and {@link dev.mvc.sagemaker.EndpointRollback}
 * moves an endpoint back to the previous approved package with a blue/green deployment.
 */
@NullMarked
package dev.mvc.sagemaker;

import org.jspecify.annotations.NullMarked;
