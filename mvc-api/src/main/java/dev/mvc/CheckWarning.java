package dev.mvc;

import java.util.Objects;

/**
 * One difference a remote check found between a pin and what the provider's service reports,
 * or a lookup that could not be made ({@link #found()} is then {@link #UNKNOWN}). Under
 * {@link CheckMode#WARN} it goes to the backend's {@link dev.mvc.spi.CheckListener}; under
 * {@link CheckMode#FAIL} it is carried by the {@link CheckFailedException}.
 *
 * <p>The check names are stable, lower case and hyphenated, so that they can name configuration
 * properties and metric tags: {@code bedrock-lifecycle}, {@code bedrock-knowledge-base},
 * {@code bedrock-agent-alias}, {@code sagemaker-deployment}.
 *
 * @param check the check's name, such as {@code bedrock-knowledge-base}
 * @param subject what was looked up: a model ID, a knowledge base ID, {@code agentId/aliasId},
 *     {@code endpoint/variant} (or the endpoint alone for the endpoint's own state)
 * @param field the manifest field, such as {@code model.bedrock.knowledgeBase.dataSourceVersion}
 * @param pinned the pinned value (values that may be secret are shown as a short hash)
 * @param found what the service reports, or {@link #UNKNOWN} when the lookup failed
 * @param message a log-safe description that names the pinned and the found values
 */
public record CheckWarning(String check, String subject, String field, String pinned, String found,
    String message) {

  /** The {@link #found()} value of a warning whose lookup failed. */
  public static final String UNKNOWN = "UNKNOWN";

  /** Creates a warning; every component is required. */
  public CheckWarning {
    Objects.requireNonNull(check, "check");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(pinned, "pinned");
    Objects.requireNonNull(found, "found");
    Objects.requireNonNull(message, "message");
  }

  /** Returns the message. */
  @Override
  public String toString() {
    return message;
  }
}
