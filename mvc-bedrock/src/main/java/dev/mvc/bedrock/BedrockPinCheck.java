package dev.mvc.bedrock;

/**
 * A policy for a load-time check of a pin that lives in Bedrock and can change there without
 * the manifest changing: the data-source version of a knowledge base (its latest completed
 * ingestion job) and the agent version an agent alias routes to. {@link BedrockBackend} runs
 * these checks whenever a manifest is loaded, at start and on every reload.
 */
public enum BedrockPinCheck {
  /** Makes no lookup. */
  OFF,
  /** Reports a difference (or a failed lookup) as a {@link BedrockPinWarning} and loads the manifest. */
  WARN,
  /** Refuses to load a manifest whose pin differs from what Bedrock reports, or whose lookup failed. */
  FAIL
}
