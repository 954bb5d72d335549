package dev.mvc.bedrock;

/**
 * A warning raised by a {@link BedrockPinCheck} in {@code WARN} mode: what Bedrock reports
 * differs from the pin, or could not be looked up.
 *
 * @param field the manifest field, such as {@code model.bedrock.knowledgeBase.dataSourceVersion}
 *     or {@code model.bedrock.agent.aliasId}
 * @param pinned the pinned value
 * @param found what Bedrock reports (the latest completed ingestion job, the routed agent
 *     version), or {@code UNKNOWN} when the lookup failed
 * @param message a log-safe description
 */
public record BedrockPinWarning(String field, String pinned, String found, String message) {}
