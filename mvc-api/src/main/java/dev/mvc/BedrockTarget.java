package dev.mvc;

import dev.mvc.internal.Checks;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A pinned Amazon Bedrock model: the model ID with its version, the region, and optionally the
 * guardrail, knowledge base (with the data-source version it was evaluated with) and agent
 * alias that are part of the version.
 */
public final class BedrockTarget implements ModelTarget {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/@+-]{0,2047}");
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");
  private static final Pattern FORMAT = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

  private final String modelId;
  private final @Nullable String region;
  private final BedrockApi api;
  private final @Nullable String bodyFormat;
  private final @Nullable String guardrailId;
  private final @Nullable String guardrailVersion;
  private final @Nullable String knowledgeBaseId;
  private final @Nullable String dataSourceId;
  private final @Nullable String dataSourceVersion;
  private final @Nullable String agentId;
  private final @Nullable String agentAliasId;

  private BedrockTarget(Builder b) {
    String p = "model.bedrock.";
    this.modelId = id(p + "modelId", Checks.required(p + "modelId", b.modelId));
    if (b.region != null && !REGION.matcher(b.region).matches()) {
      throw Checks.fail(p + "region", "must be an AWS region such as us-east-1", b.region);
    }
    this.region = b.region;
    this.api = b.api;
    if (b.bodyFormat != null && !FORMAT.matcher(b.bodyFormat).matches()) {
      throw Checks.fail(p + "bodyFormat", "must match " + FORMAT.pattern(), b.bodyFormat);
    }
    if (api == BedrockApi.INVOKE_MODEL && b.bodyFormat == null) {
      throw Checks.fail(p + "bodyFormat", "is required when api is invoke-model");
    }
    this.bodyFormat = b.bodyFormat;
    this.guardrailId = optionalId(p + "guardrail.id", b.guardrailId);
    this.guardrailVersion = optionalId(p + "guardrail.version", b.guardrailVersion);
    if ((guardrailId == null) != (guardrailVersion == null)) {
      throw Checks.fail(p + "guardrail", "needs both id and version");
    }
    this.knowledgeBaseId = optionalId(p + "knowledgeBase.id", b.knowledgeBaseId);
    this.dataSourceId = optionalId(p + "knowledgeBase.dataSourceId", b.dataSourceId);
    this.dataSourceVersion = optionalId(p + "knowledgeBase.dataSourceVersion", b.dataSourceVersion);
    if (knowledgeBaseId == null && (dataSourceId != null || dataSourceVersion != null)) {
      throw Checks.fail(p + "knowledgeBase.id", "is required with a data source");
    }
    if (api == BedrockApi.RETRIEVE_AND_GENERATE && knowledgeBaseId == null) {
      throw Checks.fail(p + "knowledgeBase", "is required when api is retrieve-and-generate");
    }
    this.agentId = optionalId(p + "agent.id", b.agentId);
    this.agentAliasId = optionalId(p + "agent.aliasId", b.agentAliasId);
    if ((agentId == null) != (agentAliasId == null)) {
      throw Checks.fail(p + "agent", "needs both id and aliasId");
    }
    if (api == BedrockApi.INVOKE_AGENT && agentId == null) {
      throw Checks.fail(p + "agent", "is required when api is invoke-agent");
    }
  }

  private static String id(String path, String value) {
    if (!ID.matcher(value).matches()) {
      throw Checks.fail(path, "must be an identifier matching " + ID.pattern(), value);
    }
    return value;
  }

  private static @Nullable String optionalId(String path, @Nullable String value) {
    return value == null ? null : id(path, value);
  }

  /** The served model must be the pinned {@code model.bedrock.modelId}. */
  @Override
  public void checkServed(@Nullable String servedModel, @Nullable String servedVariant) {
    if (servedModel != null && !servedModel.equals(modelId)) {
      throw new VersionDriftException("model.bedrock.modelId", modelId, servedModel);
    }
  }

  /** Returns a builder for a target pinned to {@code modelId}. */
  public static Builder builder(String modelId) {
    return new Builder().modelId(modelId);
  }

  /** Returns a builder holding this value's fields. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.modelId = modelId;
    b.region = region;
    b.api = api;
    b.bodyFormat = bodyFormat;
    b.guardrailId = guardrailId;
    b.guardrailVersion = guardrailVersion;
    b.knowledgeBaseId = knowledgeBaseId;
    b.dataSourceId = dataSourceId;
    b.dataSourceVersion = dataSourceVersion;
    b.agentId = agentId;
    b.agentAliasId = agentAliasId;
    return b;
  }

  @Override
  public String provider() {
    return "bedrock";
  }

  @Override
  public String describe() {
    return agentId != null ? "agent " + agentId + "/" + agentAliasId : modelId;
  }

  /** Returns the pinned model ID (foundation model, inference profile or ARN). */
  public String modelId() {
    return modelId;
  }

  /** Returns the region, or null to use the client's. */
  public @Nullable String region() {
    return region;
  }

  /** Returns the Bedrock API the calls use. */
  public BedrockApi api() {
    return api;
  }

  /** Returns the native body format for InvokeModel, such as {@code anthropic-messages}. */
  public @Nullable String bodyFormat() {
    return bodyFormat;
  }

  /** Returns the guardrail ID, or null. */
  public @Nullable String guardrailId() {
    return guardrailId;
  }

  /** Returns the guardrail version, or null. */
  public @Nullable String guardrailVersion() {
    return guardrailVersion;
  }

  /** Returns the knowledge base ID, or null. */
  public @Nullable String knowledgeBaseId() {
    return knowledgeBaseId;
  }

  /** Returns the knowledge base data source ID, or null. */
  public @Nullable String dataSourceId() {
    return dataSourceId;
  }

  /** Returns the pinned data-source version (ingestion job ID), or null. */
  public @Nullable String dataSourceVersion() {
    return dataSourceVersion;
  }

  /** Returns the agent ID, or null. */
  public @Nullable String agentId() {
    return agentId;
  }

  /** Returns the agent alias ID, or null. */
  public @Nullable String agentAliasId() {
    return agentAliasId;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof BedrockTarget)) {
      return false;
    }
    BedrockTarget t = (BedrockTarget) o;
    return modelId.equals(t.modelId) && Objects.equals(region, t.region) && api == t.api
        && Objects.equals(bodyFormat, t.bodyFormat)
        && Objects.equals(guardrailId, t.guardrailId)
        && Objects.equals(guardrailVersion, t.guardrailVersion)
        && Objects.equals(knowledgeBaseId, t.knowledgeBaseId)
        && Objects.equals(dataSourceId, t.dataSourceId)
        && Objects.equals(dataSourceVersion, t.dataSourceVersion)
        && Objects.equals(agentId, t.agentId)
        && Objects.equals(agentAliasId, t.agentAliasId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(modelId, region, api, bodyFormat, guardrailId, guardrailVersion,
        knowledgeBaseId, dataSourceId, dataSourceVersion, agentId, agentAliasId);
  }

  @Override
  public String toString() {
    return "BedrockTarget{modelId=" + modelId + ", region=" + region + ", api=" + api.jsonName()
        + (guardrailId != null ? ", guardrail=" + guardrailId + ":" + guardrailVersion : "")
        + (knowledgeBaseId != null ? ", knowledgeBase=" + knowledgeBaseId : "")
        + (agentId != null ? ", agent=" + agentId + "/" + agentAliasId : "") + "}";
  }

  /** A builder of {@link BedrockTarget}. */
  public static final class Builder {
    private @Nullable String modelId;
    private @Nullable String region;
    private BedrockApi api = BedrockApi.CONVERSE;
    private @Nullable String bodyFormat;
    private @Nullable String guardrailId;
    private @Nullable String guardrailVersion;
    private @Nullable String knowledgeBaseId;
    private @Nullable String dataSourceId;
    private @Nullable String dataSourceVersion;
    private @Nullable String agentId;
    private @Nullable String agentAliasId;

    private Builder() {}

    /** Sets the model ID. */
    public Builder modelId(@Nullable String modelId) {
      this.modelId = modelId;
      return this;
    }

    /** Sets the region. */
    public Builder region(@Nullable String region) {
      this.region = region;
      return this;
    }

    /** Sets the API (default {@link BedrockApi#CONVERSE}). */
    public Builder api(BedrockApi api) {
      this.api = Objects.requireNonNull(api, "api");
      return this;
    }

    /** Sets the InvokeModel body format. */
    public Builder bodyFormat(@Nullable String bodyFormat) {
      this.bodyFormat = bodyFormat;
      return this;
    }

    /** Sets the guardrail ID and version. */
    public Builder guardrail(@Nullable String id, @Nullable String version) {
      this.guardrailId = id;
      this.guardrailVersion = version;
      return this;
    }

    /** Sets the knowledge base, its data source and the data-source version (ingestion job). */
    public Builder knowledgeBase(
        @Nullable String id, @Nullable String dataSourceId, @Nullable String dataSourceVersion) {
      this.knowledgeBaseId = id;
      this.dataSourceId = dataSourceId;
      this.dataSourceVersion = dataSourceVersion;
      return this;
    }

    /** Sets the agent ID and alias ID. */
    public Builder agent(@Nullable String id, @Nullable String aliasId) {
      this.agentId = id;
      this.agentAliasId = aliasId;
      return this;
    }

    /** Builds the target, failing with the path and value of the first invalid field. */
    public BedrockTarget build() {
      return new BedrockTarget(this);
    }
  }
}
