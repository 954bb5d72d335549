package dev.mvc;

/**
 * The model a manifest pins: a Bedrock model (with its guardrail, knowledge base or agent) or a
 * SageMaker endpoint deployment. Exactly one kind is set in a manifest.
 */
public sealed interface ModelTarget permits BedrockTarget, SageMakerTarget {

  /** Returns the provider name used in stamps and metrics: {@code bedrock} or {@code sagemaker}. */
  String provider();

  /** Returns a short, log-safe description such as the model ID or endpoint and variant. */
  String describe();

  /**
   * Checks what the provider reports having served against this pin and throws
   * {@link VersionDriftException}, naming the pinned field and both values, when they differ.
   * A provider that reports nothing passes.
   *
   * @param servedModel the model the provider reports, normalised to the pinned form, or null
   * @param servedVariant the endpoint variant or inference component that answered, or null
   */
  void checkServed(@org.jspecify.annotations.Nullable String servedModel,
      @org.jspecify.annotations.Nullable String servedVariant);
}
