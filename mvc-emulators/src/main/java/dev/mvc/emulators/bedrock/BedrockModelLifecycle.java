package dev.mvc.emulators.bedrock;

/** A lifecycle status of a Bedrock foundation model, as reported by {@code GetFoundationModel}. */
public enum BedrockModelLifecycle {
  /** The model is current. */
  ACTIVE,
  /** The model is deprecated and scheduled for end of life. */
  LEGACY
}
