package dev.mvc;

import dev.mvc.spi.SignatureVerifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The rules a manifest must satisfy before it is loaded: every part of the version pinned
 * (model ID with its version, image digest, artifact version, prompt hashes, explicit inference
 * parameters) and, optionally, approved and signed. {@link #strict()} enables every
 * {@link PinningRule}; the builder relaxes named rules and adds approval and signature gates.
 *
 * <p>The provider rules are checked by the target itself ({@link ModelTarget#pinningViolations}),
 * the prompt and inference rules here.
 */
public final class PinningPolicy {
  private static final PinningPolicy STRICT = new Builder().build();

  private final Set<PinningRule> rules;
  private final boolean requireApproval;
  private final @Nullable SignatureVerifier signatureVerifier;
  private final @Nullable Double minEvaluationScore;
  private final @Nullable Duration maxEvaluationAge;
  private final ParameterContracts parameterContracts;

  private PinningPolicy(Builder b) {
    this.minEvaluationScore = b.minEvaluationScore;
    this.maxEvaluationAge = b.maxEvaluationAge;
    this.parameterContracts = b.parameterContracts;
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
    b.minEvaluationScore = minEvaluationScore;
    b.maxEvaluationAge = maxEvaluationAge;
    b.parameterContracts = parameterContracts;
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

  /** Returns whether a manifest loads only with an evaluation report about its digest. */
  public boolean requireEvaluation() {
    return minEvaluationScore != null;
  }

  /** Returns the score the evaluation report must reach, or null when no evaluation is required. */
  public @Nullable Double minEvaluationScore() {
    return minEvaluationScore;
  }

  /** Returns how old the evaluation report may be, or null when no evaluation is required. */
  public @Nullable Duration maxEvaluationAge() {
    return maxEvaluationAge;
  }

  /** Returns the parameter contracts {@link PinningRule#PARAMETER_CONTRACT} checks against. */
  public ParameterContracts parameterContracts() {
    return parameterContracts;
  }

  /** Returns every violation of this policy's rules by {@code manifest} (empty when it passes). */
  public List<PolicyViolation> check(VersionManifest manifest) {
    List<PolicyViolation> out = new ArrayList<>();
    out.addAll(manifest.model().pinningViolations(rules));
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
    if (on(PinningRule.PARAMETER_CONTRACT)) {
      out.addAll(parameterContracts.check(manifest));
    }
    // A call through a Prompt Management prompt sends no inference parameters: the prompt version,
    // pinned by model.bedrock.prompt.sha256, holds them.
    if (on(PinningRule.INFERENCE_EXPLICIT) && manifest.model().sendsInferenceParameters()) {
      InferenceParameters p = manifest.inference();
      // A parameter the model's contract refuses beside another one that is set is not asked for.
      Set<String> excused = parameterContracts.excused(manifest);
      if (p.temperature() == null && !excused.contains("temperature")) {
        out.add(explicit("inference.temperature"));
      }
      if (p.maxTokens() == null) {
        out.add(explicit("inference.maxTokens"));
      }
      if (p.topP() == null && !excused.contains("topP")) {
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
    return BedrockTarget.whyModelIdIsNotPinned(modelId);
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
        && Objects.equals(signatureVerifier, ((PinningPolicy) o).signatureVerifier)
        && Objects.equals(minEvaluationScore, ((PinningPolicy) o).minEvaluationScore)
        && Objects.equals(maxEvaluationAge, ((PinningPolicy) o).maxEvaluationAge)

        && parameterContracts == ((PinningPolicy) o).parameterContracts;
  }

  /** The default table, read from the class path once. */
  private static final class DefaultContracts {
    static final ParameterContracts TABLE = ParameterContracts.defaults();
  }

  @Override
  public int hashCode() {
    return Objects.hash(rules, requireApproval, signatureVerifier, minEvaluationScore, maxEvaluationAge,
        System.identityHashCode(parameterContracts));
  }

  @Override
  public String toString() {
    return "PinningPolicy{rules=" + rules + ", requireApproval=" + requireApproval
        + ", signatures=" + (signatureVerifier != null)
        + (minEvaluationScore != null ? ", evaluation>=" + minEvaluationScore + " within " + maxEvaluationAge : "") + "}";
  }

  /** A builder of {@link PinningPolicy}, starting with every rule on. */
  public static final class Builder {
    private final EnumSet<PinningRule> rules = EnumSet.allOf(PinningRule.class);
    private boolean requireApproval;
    private @Nullable SignatureVerifier signatureVerifier;
    private @Nullable Double minEvaluationScore;
    private @Nullable Duration maxEvaluationAge;
    private ParameterContracts parameterContracts = DefaultContracts.TABLE;

    private Builder() {}

    /**
     * Sets the table {@link PinningRule#PARAMETER_CONTRACT} checks against (default
     * {@link ParameterContracts#defaults()}, read once).
     */
    public Builder parameterContracts(ParameterContracts parameterContracts) {
      this.parameterContracts = Objects.requireNonNull(parameterContracts, "parameterContracts");
      return this;
    }

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

    /**
     * Refuses to load a manifest (at start and on every reload) unless an evaluation report about
     * its exact digest, found in the client's {@link dev.mvc.spi.EvaluationRegistry}, scores at
     * least {@code minScore} and was made within {@code maxAge}.
     */
    public Builder requireEvaluation(double minScore, Duration maxAge) {
      if (!(minScore >= 0 && minScore <= 1)) {
        throw new IllegalArgumentException("requireEvaluation.minScore must be in [0, 1], was " + minScore);
      }
      Objects.requireNonNull(maxAge, "maxAge");
      if (maxAge.isNegative() || maxAge.isZero()) {
        throw new IllegalArgumentException("requireEvaluation.maxAge must be positive, was " + maxAge);
      }
      this.minEvaluationScore = minScore;
      this.maxEvaluationAge = maxAge;
      return this;
    }

    /** Builds the policy. */
    public PinningPolicy build() {
      return new PinningPolicy(this);
    }
  }
}
