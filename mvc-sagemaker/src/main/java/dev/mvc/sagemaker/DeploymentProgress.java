package dev.mvc.sagemaker;

import java.time.Duration;

/**
 * A step of an endpoint deployment or rollback, reported to the listener given to
 * {@link EndpointRollback.Builder#progressListener}.
 *
 * @param endpointName the endpoint being deployed
 * @param stage the step reached
 * @param endpointStatus the endpoint status last seen (empty before the first poll)
 * @param elapsed time since the deployment started
 * @param detail a short description, such as the created model's name
 */
public record DeploymentProgress(String endpointName, Stage stage, String endpointStatus, Duration elapsed,
    String detail) {

  /** The steps of a deployment, in order. */
  public enum Stage {
    /** The target package was chosen. */
    TARGET_CHOSEN,
    /** The SageMaker model was created. */
    MODEL_CREATED,
    /** The endpoint configuration was created. */
    ENDPOINT_CONFIG_CREATED,
    /** UpdateEndpoint was accepted. */
    UPDATE_STARTED,
    /** CreateEndpoint was accepted (the endpoint did not exist). */
    CREATE_STARTED,
    /** The endpoint status was polled. */
    POLLED,
    /** The endpoint is InService on the new configuration. */
    IN_SERVICE,
    /** The running endpoint was verified against the manifest. */
    VERIFIED
  }
}
