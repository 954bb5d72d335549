package dev.mvc;

import org.jspecify.annotations.Nullable;

/**
 * The facts about a pinned {@link ModelTarget} that a {@link VersionStamp} and an audit line
 * carry: the provider, and the model ID with its guardrail, knowledge base and agent (Bedrock)
 * or the endpoint with its variant or inference component (SageMaker). Fields a provider does not
 * have are null. Each target computes its own with {@link ModelTarget#stampFields()}.
 *
 * @param provider the provider: {@code bedrock}, {@code sagemaker}, ...
 * @param modelId the pinned Bedrock model ID, or null
 * @param endpoint the SageMaker endpoint, or null
 * @param variant the SageMaker production variant or inference component, or null
 * @param guardrail the guardrail as {@code id:version}, or null
 * @param knowledgeBaseId the knowledge base ID, or null
 * @param dataSourceVersion the pinned knowledge-base data-source version, or null
 * @param agentId the agent ID, or null
 * @param agentAliasId the agent alias ID, or null
 * @param targetArn the ARN calls go through instead of the model ID (a Bedrock application
 *     inference profile, provisioned throughput, custom or imported model, or prompt version), or null
 */
public record TargetStamp(String provider, @Nullable String modelId, @Nullable String endpoint,
    @Nullable String variant, @Nullable String guardrail, @Nullable String knowledgeBaseId,
    @Nullable String dataSourceVersion, @Nullable String agentId, @Nullable String agentAliasId,
    @Nullable String targetArn) {

  /** Creates target facts of a target that calls its model ID or endpoint itself. */
  public TargetStamp(String provider, @Nullable String modelId, @Nullable String endpoint,
      @Nullable String variant, @Nullable String guardrail, @Nullable String knowledgeBaseId,
      @Nullable String dataSourceVersion, @Nullable String agentId, @Nullable String agentAliasId) {
    this(provider, modelId, endpoint, variant, guardrail, knowledgeBaseId, dataSourceVersion, agentId, agentAliasId,
        null);
  }

  /** Requires the provider. */
  public TargetStamp {
    if (provider == null) {
      throw new IllegalArgumentException("version stamp needs provider");
    }
  }
}
