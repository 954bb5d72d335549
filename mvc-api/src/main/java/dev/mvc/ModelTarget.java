package dev.mvc;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The model a manifest pins: a Bedrock model (with its guardrail, knowledge base or agent) or a
 * SageMaker endpoint deployment. Exactly one kind is set in a manifest.
 *
 * <p>Everything that differs by provider is answered by the target itself, so the loader, the
 * pinning policy, the stamp, the audit log and the manifest writer never ask which kind it is.
 */
public sealed interface ModelTarget permits BedrockTarget, SageMakerTarget {

  /**
   * Returns the provider name used in stamps and metrics, which is also the target's key under
   * {@code model} in the manifest: {@code bedrock} or {@code sagemaker}.
   */
  String provider();

  /**
   * Returns the foundation-model ID the target stands for (no cross-region prefix, no ARN), which
   * {@link ParameterContracts} look up model families by; null when it has none (a SageMaker
   * endpoint, a Bedrock imported model).
   */
  default @Nullable String foundationModelId() {
    return null;
  }

  /**
   * Returns whether a call to this target can carry the caller's documents and images
   * ({@link InvocationRequest#attachments()}); a call with them to a target that cannot is refused
   * before it is sent. False unless the provider says otherwise.
   */
  default boolean sendsAttachments() {
    return false;
  }

  /** Returns a short, log-safe description such as the model ID or endpoint and variant. */
  String describe();

  /** Returns the target facts every stamp and audit line of this target carries. */
  TargetStamp stampFields();

  /**
   * Returns every violation of the provider's {@link PinningRule}s that are in {@code rules}
   * (empty when the target is pinned as the rules demand); rules of other providers are ignored.
   */
  List<PolicyViolation> pinningViolations(Set<PinningRule> rules);

  /**
   * Returns the target as written under {@code model.<provider>} in a manifest document: an
   * ordered map of strings and nested maps in the manifest's field order, unset fields left out.
   */
  Map<String, Object> manifestFields();

  /**
   * Checks the manifest's prompt and inference sections against what calls to this target can
   * carry and throws {@link ManifestParseException} naming the first field they cannot; every
   * section is allowed by default. A Bedrock target that goes through a Prompt Management prompt
   * allows no system prompt, tools, cache points or inference parameters.
   */
  default void checkSections(PromptSpec prompt, InferenceParameters inference) {}

  /**
   * Returns whether calls send the manifest's inference parameters; false when a resource the
   * target pins holds them (a Prompt Management prompt version), so that {@code inference-explicit}
   * does not ask for them.
   */
  default boolean sendsInferenceParameters() {
    return true;
  }

  /**
   * Checks what the provider reports having served against this pin and throws
   * {@link VersionDriftException}, naming the pinned field and both values, when they differ.
   * A provider that reports nothing passes.
   *
   * @param servedModel the model the provider reports, normalised to the pinned form, or null
   * @param servedVariant the endpoint variant or inference component that answered, or null
   */
  void checkServed(@Nullable String servedModel, @Nullable String servedVariant);
}
