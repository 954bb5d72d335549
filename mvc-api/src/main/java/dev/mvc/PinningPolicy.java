package dev.mvc;

import dev.mvc.spi.SignatureVerifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The rules a manifest must satisfy before it is loaded: every part of the version pinned
 * (model ID with its version, image digest, artifact version, prompt hashes, explicit inference
 * parameters) and, optionally, approved and signed. {@link #strict()} enables every
 * {@link PinningRule}; the builder relaxes named rules and adds approval and signature gates.
 */
public final class PinningPolicy {
  private static final String PREFIX = "(?:us|eu|apac|global|us-gov|jp|au|ca|sa|me|af)\\.";
  private static final String PINNED_ID = "[a-z0-9-]+\\.[a-z0-9][a-z0-9-]*-v?\\d+:\\d+(?::\\d+k)?";
  private static final Pattern MODEL_ID = Pattern.compile("(?:" + PREFIX + ")?" + PINNED_ID);
  private static final Pattern MODEL_ARN = Pattern.compile(
      "arn:aws(?:-[a-z]+)*:bedrock:[a-z0-9-]+:(?:\\d{12})?:(?:foundation-model|inference-profile)/("
          + "(?:" + PREFIX + ")?" + PINNED_ID + ")");
  private static final Pattern FLOATING = Pattern.compile("(?:^|[.:/-])latest(?:$|[.:/-])|\\*");
  private static final Pattern GUARDRAIL_VERSION = Pattern.compile("[1-9][0-9]*");
  /** The alias every Bedrock agent has, routing to its working draft. */
  private static final String TEST_ALIAS = "TSTALIASID";

  private static final PinningPolicy STRICT = new Builder().build();

  private final Set<PinningRule> rules;
  private final boolean requireApproval;
  private final @Nullable SignatureVerifier signatureVerifier;

  private PinningPolicy(Builder b) {
    this.rules = Collections.unmodifiableSet(EnumSet.copyOf(b.rules.isEmpty() ? EnumSet.noneOf(PinningRule.class) : b.rules));
    this.requireApproval = b.requireApproval;
    this.signatureVerifier = b.signatureVerifier;
  }

  /** Returns the default policy: every rule on, no approval or signature gate. */
  public static PinningPolicy strict() {
    return STRICT;
  }

  /** Returns a builder starting from {@link #strict()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder holding this policy's settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.rules.clear();
    b.rules.addAll(rules);
    b.requireApproval = requireApproval;
    b.signatureVerifier = signatureVerifier;
    return b;
  }

  /** Returns the rules in force. */
  public Set<PinningRule> rules() {
    return rules;
  }

  /** Returns whether only {@link ApprovalStatus#APPROVED} manifests may be loaded. */
  public boolean requireApproval() {
    return requireApproval;
  }

  /** Returns the signature verifier every manifest must pass, or null when none is required. */
  public @Nullable SignatureVerifier signatureVerifier() {
    return signatureVerifier;
  }

  /** Returns every violation of this policy's rules by {@code manifest} (empty when it passes). */
  public List<PolicyViolation> check(VersionManifest manifest) {
    List<PolicyViolation> out = new ArrayList<>();
    ModelTarget model = manifest.model();
    if (model instanceof BedrockTarget) {
      checkBedrock((BedrockTarget) model, out);
    } else {
      checkSageMaker((SageMakerTarget) model, out);
    }
    if (on(PinningRule.PROMPT_SHA256)) {
      if (manifest.prompt().template().sha256() == null) {
        out.add(new PolicyViolation(PinningRule.PROMPT_SHA256, "prompt.template.sha256",
            "is required: the template must be pinned by SHA-256"));
      }
      PromptText system = manifest.prompt().system();
      if (system != null && system.sha256() == null) {
        out.add(new PolicyViolation(PinningRule.PROMPT_SHA256, "prompt.system.sha256",
            "is required: the system prompt must be pinned by SHA-256"));
      }
    }
    if (on(PinningRule.INFERENCE_EXPLICIT)) {
      InferenceParameters p = manifest.inference();
      if (p.temperature() == null) {
        out.add(explicit("inference.temperature"));
      }
      if (p.maxTokens() == null) {
        out.add(explicit("inference.maxTokens"));
      }
      if (p.topP() == null) {
        out.add(explicit("inference.topP"));
      }
    }
    return out;
  }

  /** Throws {@link ManifestPolicyException} listing every violation, if there is any. */
  public void enforce(VersionManifest manifest) {
    List<PolicyViolation> violations = check(manifest);
    if (!violations.isEmpty()) {
      throw new ManifestPolicyException(manifest.name() + " " + manifest.version(), violations);
    }
  }

  /**
   * Returns why {@code modelId} is not a pinned Bedrock model ID, or null when it is. Accepted:
   * {@code provider.model-vN:R} (or {@code provider.model-N:R}) with an optional {@code :NNk} context suffix, behind an optional
   * cross-region prefix ({@code us.}, {@code eu.}, {@code apac.}, {@code global.}, ...), or inside
   * a {@code foundation-model/} or {@code inference-profile/} ARN.
   */
  public static @Nullable String whyModelIdIsNotPinned(String modelId) {
    String lower = modelId.toLowerCase(Locale.ROOT);
    if (FLOATING.matcher(lower).find()) {
      return "names a floating alias or wildcard";
    }
    if (modelId.startsWith("arn:")) {
      Matcher m = MODEL_ARN.matcher(modelId);
      return m.matches() ? null
          : "is not a foundation-model or inference-profile ARN around a versioned model ID";
    }
    return MODEL_ID.matcher(modelId).matches() ? null
        : "has no version; use a versioned ID such as anthropic.claude-3-haiku-20240307-v1:0";
  }

  private void checkBedrock(BedrockTarget t, List<PolicyViolation> out) {
    if (on(PinningRule.BEDROCK_MODEL_VERSIONED)) {
      String why = whyModelIdIsNotPinned(t.modelId());
      if (why != null) {
        out.add(new PolicyViolation(PinningRule.BEDROCK_MODEL_VERSIONED, "model.bedrock.modelId",
            why + ", was \"" + t.modelId() + "\""));
      }
    }
    if (on(PinningRule.BEDROCK_GUARDRAIL_VERSIONED) && t.guardrailVersion() != null
        && !GUARDRAIL_VERSION.matcher(t.guardrailVersion()).matches()) {
      out.add(new PolicyViolation(PinningRule.BEDROCK_GUARDRAIL_VERSIONED,
          "model.bedrock.guardrail.version",
          "must be a numbered version, was \"" + t.guardrailVersion() + "\""));
    }
    if (on(PinningRule.BEDROCK_AGENT_ALIAS_VERSIONED) && TEST_ALIAS.equals(t.agentAliasId())) {
      out.add(new PolicyViolation(PinningRule.BEDROCK_AGENT_ALIAS_VERSIONED, "model.bedrock.agent.aliasId",
          "must be an alias that routes to a numbered agent version, was \"" + TEST_ALIAS
              + "\" (the test alias, which always routes to the working draft)"));
    }
  }

  private void checkSageMaker(SageMakerTarget t, List<PolicyViolation> out) {
    if (on(PinningRule.SAGEMAKER_IMAGE_DIGEST)) {
      boolean pinned = t.imageDigest() != null || (t.imageUri() != null && t.imageUri().contains("@sha256:"));
      if (!pinned) {
        out.add(new PolicyViolation(PinningRule.SAGEMAKER_IMAGE_DIGEST, "model.sagemaker.image.digest",
            "is required: the container image must be pinned by sha256 digest, image was "
                + (t.imageUri() == null ? "not set" : "\"" + t.imageUri() + "\"")));
      }
    }
    if (on(PinningRule.SAGEMAKER_ARTIFACT_PINNED)
        && (t.artifactUri() == null || (t.artifactVersionId() == null && t.artifactSha256() == null))) {
      out.add(new PolicyViolation(PinningRule.SAGEMAKER_ARTIFACT_PINNED, "model.sagemaker.artifact",
          "must name the model artifact with an S3 versionId or sha256"));
    }
    if (on(PinningRule.SAGEMAKER_VARIANT_PINNED) && t.variant() == null && t.inferenceComponent() == null) {
      out.add(new PolicyViolation(PinningRule.SAGEMAKER_VARIANT_PINNED, "model.sagemaker.variant",
          "is required: name the production variant (or inference component) that must serve calls"));
    }
  }

  private static PolicyViolation explicit(String path) {
    return new PolicyViolation(PinningRule.INFERENCE_EXPLICIT, path,
        "is required: set it explicitly so no provider default takes part in the version");
  }

  private boolean on(PinningRule rule) {
    return rules.contains(rule);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PinningPolicy && rules.equals(((PinningPolicy) o).rules)
        && requireApproval == ((PinningPolicy) o).requireApproval
        && Objects.equals(signatureVerifier, ((PinningPolicy) o).signatureVerifier);
  }

  @Override
  public int hashCode() {
    return Objects.hash(rules, requireApproval, signatureVerifier);
  }

  @Override
  public String toString() {
    return "PinningPolicy{rules=" + rules + ", requireApproval=" + requireApproval
        + ", signatures=" + (signatureVerifier != null) + "}";
  }

  /** A builder of {@link PinningPolicy}, starting with every rule on. */
  public static final class Builder {
    private final EnumSet<PinningRule> rules = EnumSet.allOf(PinningRule.class);
    private boolean requireApproval;
    private @Nullable SignatureVerifier signatureVerifier;

    private Builder() {}

    /** Turns the named rules off. Each relaxed rule is a deliberate, reviewable choice. */
    public Builder relax(PinningRule... relaxed) {
      for (PinningRule r : relaxed) {
        rules.remove(Objects.requireNonNull(r, "rule"));
      }
      return this;
    }

    /** Refuses to load manifests whose digest is not approved. */
    public Builder requireApproval(boolean requireApproval) {
      this.requireApproval = requireApproval;
      return this;
    }

    /** Refuses to load manifests without a valid signature from {@code verifier}. */
    public Builder requireSignature(@Nullable SignatureVerifier verifier) {
      this.signatureVerifier = verifier;
      return this;
    }

    /** Builds the policy. */
    public PinningPolicy build() {
      return new PinningPolicy(this);
    }
  }
}
