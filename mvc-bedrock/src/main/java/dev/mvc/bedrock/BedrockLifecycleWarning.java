package dev.mvc.bedrock;

/**
 * A warning raised by the model lifecycle check: the pinned model is legacy, or its status
 * could not be looked up.
 *
 * @param modelId the pinned model ID
 * @param status the lifecycle status Bedrock reported ({@code LEGACY}), or {@code UNKNOWN}
 *     when the lookup failed
 * @param message a log-safe description
 */
public record BedrockLifecycleWarning(String modelId, String status, String message) {}
