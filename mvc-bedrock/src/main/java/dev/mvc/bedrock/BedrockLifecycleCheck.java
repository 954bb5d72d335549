package dev.mvc.bedrock;

/**
 * A policy for the optional model lifecycle check that {@link BedrockBackend} runs when a
 * manifest is loaded: it looks up the pinned foundation model with {@code GetFoundationModel}
 * and reacts when Bedrock reports it as {@code LEGACY}.
 */
public enum BedrockLifecycleCheck {
  /** Makes no lookup; the default. */
  OFF,
  /** Reports a legacy model (or a failed lookup) as a warning and loads the manifest. */
  WARN,
  /** Refuses to load a manifest whose model is legacy or whose lookup failed. */
  FAIL
}
