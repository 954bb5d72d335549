package dev.mvc;

/**
 * The named rules of a {@link PinningPolicy}. Each rule's name appears in its error message, and
 * {@link PinningPolicy.Builder#relax(PinningRule...)} turns named rules off.
 */
public enum PinningRule {
  /**
   * {@code bedrock-model-versioned}: a Bedrock model ID carries its version
   * ({@code provider.model-vN:R}), optionally behind a cross-region prefix or inside a
   * foundation-model or inference-profile ARN; no floating alias, {@code latest} or wildcard.
   */
  BEDROCK_MODEL_VERSIONED("bedrock-model-versioned"),
  /** {@code bedrock-guardrail-versioned}: a guardrail is pinned to a numbered version, not DRAFT. */
  BEDROCK_GUARDRAIL_VERSIONED("bedrock-guardrail-versioned"),
  /**
   * {@code bedrock-agent-alias-versioned}: an agent is pinned through an alias that routes to a
   * numbered agent version. Checked statically for the built-in test alias {@code TSTALIASID},
   * which always routes to the working draft; the Bedrock backend checks the alias's routing
   * configuration when it loads the manifest.
   */
  BEDROCK_AGENT_ALIAS_VERSIONED("bedrock-agent-alias-versioned"),
  /**
   * {@code bedrock-inference-profile-pinned}: an application inference profile names the
   * foundation-model ARNs it routes to, each around the versioned {@code modelId}; the Bedrock
   * backend compares them with GetInferenceProfile when it loads the manifest.
   */
  BEDROCK_INFERENCE_PROFILE_PINNED("bedrock-inference-profile-pinned"),
  /**
   * {@code bedrock-provisioned-throughput-pinned}: a provisioned throughput names the model it
   * serves: the versioned {@code modelId}'s foundation-model ARN, or the pinned custom model.
   */
  BEDROCK_PROVISIONED_THROUGHPUT_PINNED("bedrock-provisioned-throughput-pinned"),
  /**
   * {@code bedrock-custom-model-pinned}: a custom model names its base model (the versioned
   * {@code modelId}'s foundation-model ARN) and the customization job that made it.
   */
  BEDROCK_CUSTOM_MODEL_PINNED("bedrock-custom-model-pinned"),
  /**
   * {@code bedrock-imported-model-pinned}: an imported model names the S3 URI of its model data,
   * and {@code modelId} is the imported model's ARN.
   */
  BEDROCK_IMPORTED_MODEL_PINNED("bedrock-imported-model-pinned"),
  /**
   * {@code bedrock-prompt-versioned}: a Prompt Management prompt is pinned to a numbered version
   * ({@code ...:prompt/<id>:<version>}), never the unversioned prompt or {@code DRAFT}.
   */
  BEDROCK_PROMPT_VERSIONED("bedrock-prompt-versioned"),
  /** {@code sagemaker-image-digest}: the container image is pinned by {@code sha256:} digest. */
  SAGEMAKER_IMAGE_DIGEST("sagemaker-image-digest"),
  /** {@code sagemaker-artifact-pinned}: the model artifact is pinned by S3 versionId or SHA-256. */
  SAGEMAKER_ARTIFACT_PINNED("sagemaker-artifact-pinned"),
  /** {@code sagemaker-variant-pinned}: calls name a production variant or inference component. */
  SAGEMAKER_VARIANT_PINNED("sagemaker-variant-pinned"),
  /** {@code prompt-sha256}: the template and system prompt are each pinned by SHA-256. */
  PROMPT_SHA256("prompt-sha256"),
  /**
   * {@code parameter-contract}: the pinned inference parameters (and the upper bound of an
   * overridable {@code maxTokens}) keep the {@link ParameterContracts} of the model's family:
   * no refused combination, no value above a cap.
   */
  PARAMETER_CONTRACT("parameter-contract"),
  /**
   * {@code inference-explicit}: temperature, maxTokens and topP are set, not left to defaults; a
   * target that goes through a Prompt Management prompt sends none (its version holds them).
   */
  INFERENCE_EXPLICIT("inference-explicit");

  private final String ruleName;

  PinningRule(String ruleName) {
    this.ruleName = ruleName;
  }

  /** Returns the rule's name as it appears in errors. */
  public String ruleName() {
    return ruleName;
  }

  /** Returns the rule named {@code name}. */
  public static PinningRule fromRuleName(String name) {
    for (PinningRule r : values()) {
      if (r.ruleName.equals(name)) {
        return r;
      }
    }
    throw new IllegalArgumentException("unknown pinning rule " + name);
  }
}
