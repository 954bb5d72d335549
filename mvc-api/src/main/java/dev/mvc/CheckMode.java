package dev.mvc;

/**
 * A policy for a remote check: a comparison, made by a backend each time a manifest is loaded
 * (at client start and on every reload), of a pin with what the provider's service reports
 * about it. Such pins can change in the service without the manifest changing: a Bedrock model
 * becomes {@code LEGACY}, a knowledge base is re-ingested, an agent alias is re-routed, a
 * SageMaker endpoint is redeployed. Every remote check of every backend takes the same three
 * modes; the backend's builder documents each check's name and its default.
 */
public enum CheckMode {
  /** Makes no remote call at all. */
  OFF,
  /**
   * Reports each difference, and a lookup that failed, as a {@link CheckWarning} to the backend's
   * {@link dev.mvc.spi.CheckListener} and in one log line, then loads the manifest.
   */
  WARN,
  /**
   * Refuses to load a manifest whose pin differs from what the service reports, or whose lookup
   * failed, with a {@link CheckFailedException} naming the pinned and the found values.
   */
  FAIL
}
