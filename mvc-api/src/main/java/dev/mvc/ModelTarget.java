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
}
