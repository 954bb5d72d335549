package dev.mvc.emulators.sagemaker;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A request the {@link SageMakerEmulator} received, as it arrived on the wire.
 *
 * @param operation the operation: {@code InvokeEndpoint} or {@code InvokeEndpointWithResponseStream}
 *     for the runtime, or the control-plane
 *     operation named by {@code X-Amz-Target}, such as {@code CreateModelPackage}
 * @param endpointName the endpoint of a runtime invocation, or null
 * @param targetVariant the {@code X-Amzn-SageMaker-Target-Variant} header, or null
 * @param inferenceComponent the {@code X-Amzn-SageMaker-Inference-Component} header, or null
 * @param headers the request headers with lower-case names (first value of each)
 * @param body the request body as UTF-8 text
 */
public record RecordedSageMakerRequest(String operation, @Nullable String endpointName,
    @Nullable String targetVariant, @Nullable String inferenceComponent, Map<String, String> headers,
    String body) {

  /** The operation name of runtime invocations. */
  public static final String INVOKE_ENDPOINT = "InvokeEndpoint";

  /** The operation name of streamed runtime invocations. */
  public static final String INVOKE_ENDPOINT_STREAM = "InvokeEndpointWithResponseStream";

  /** Returns the first value of header {@code name} (any case), or null. */
  public @Nullable String header(String name) {
    return headers.get(name.toLowerCase(java.util.Locale.ROOT));
  }

  /** Returns whether this is a runtime invocation, streamed or not. */
  public boolean isInvocation() {
    return operation.equals(INVOKE_ENDPOINT) || operation.equals(INVOKE_ENDPOINT_STREAM);
  }

  @Override
  public String toString() {
    return "RecordedSageMakerRequest{" + operation + (endpointName != null ? " " + endpointName : "")
        + ", " + body.length() + " bytes}";
  }
}
