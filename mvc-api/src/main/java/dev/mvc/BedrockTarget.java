package dev.mvc;

import dev.mvc.internal.Checks;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A pinned Amazon Bedrock model: the model ID with its version, the region, and optionally the
 * guardrail, knowledge base (with the data-source version it was evaluated with) and agent
 * alias that are part of the version. Every component is validated when the target is built,
 * and a failure names the manifest field and the value.
 *
 * @param modelId the pinned model ID (foundation model, inference profile or ARN)
 * @param region the region, or null to use the client's
 * @param api the Bedrock API the calls use
 * @param bodyFormat the native body format for InvokeModel, such as {@code anthropic-messages}, or null
 * @param guardrail the pinned guardrail, or null
 * @param knowledgeBase the pinned knowledge base, or null
 * @param agent the pinned agent alias, or null
 * @param options the pinned request metadata, service tier and latency setting
 */
public record BedrockTarget(String modelId, @Nullable String region, BedrockApi api,
    @Nullable String bodyFormat, @Nullable Guardrail guardrail,
    @Nullable KnowledgeBase knowledgeBase, @Nullable Agent agent, RequestOptions options) implements ModelTarget {

  private static final String P = "model.bedrock.";
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/@+-]{0,2047}");
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");
  private static final Pattern FORMAT = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

  private static final String PREFIX = "(?:us|eu|apac|global|us-gov|jp|au|ca|sa|me|af)\\.";
  private static final String PINNED_ID = "[a-z0-9-]+\\.[a-z0-9][a-z0-9-]*-v?\\d+:\\d+(?::\\d+k)?";
  private static final Pattern PINNED_MODEL_ID = Pattern.compile("(?:" + PREFIX + ")?" + PINNED_ID);
  private static final Pattern PINNED_MODEL_ARN = Pattern.compile(
      "arn:aws(?:-[a-z]+)*:bedrock:[a-z0-9-]+:(?:\\d{12})?:(?:foundation-model|inference-profile)/("
          + "(?:" + PREFIX + ")?" + PINNED_ID + ")");
  private static final Pattern FLOATING = Pattern.compile("(?:^|[.:/-])latest(?:$|[.:/-])|\\*");
  private static final Pattern GUARDRAIL_VERSION = Pattern.compile("[1-9][0-9]*");
  /** The alias every Bedrock agent has, routing to its working draft. */
  private static final String TEST_ALIAS = "TSTALIASID";

  /** Validates every component, naming the first invalid {@code model.bedrock} field. */
  public BedrockTarget {
    identifier(P + "modelId", Checks.required(P + "modelId", modelId));
    if (region != null && !REGION.matcher(region).matches()) {
      throw Checks.fail(P + "region", "must be an AWS region such as us-east-1", region);
    }
    Checks.required(P + "api", api);
    if (bodyFormat != null && !FORMAT.matcher(bodyFormat).matches()) {
      throw Checks.fail(P + "bodyFormat", "must match " + FORMAT.pattern(), bodyFormat);
    }
    if (api == BedrockApi.INVOKE_MODEL && bodyFormat == null) {
      throw Checks.fail(P + "bodyFormat", "is required when api is invoke-model");
    }
    if (api == BedrockApi.RETRIEVE_AND_GENERATE && knowledgeBase == null) {
      throw Checks.fail(P + "knowledgeBase", "is required when api is retrieve-and-generate");
    }
    if (api == BedrockApi.INVOKE_AGENT && agent == null) {
      throw Checks.fail(P + "agent", "is required when api is invoke-agent");
    }
    if (options == null) {
      options = RequestOptions.NONE;
    }
  }

  /** Creates a target without request options. */
  public BedrockTarget(String modelId, @Nullable String region, BedrockApi api, @Nullable String bodyFormat,
      @Nullable Guardrail guardrail, @Nullable KnowledgeBase knowledgeBase, @Nullable Agent agent) {
    this(modelId, region, api, bodyFormat, guardrail, knowledgeBase, agent, RequestOptions.NONE);
  }

  /**
   * The request settings a Bedrock version pins besides the model: {@code model.bedrock.requestMetadata}
   * (key/value pairs Bedrock writes to its invocation logs), {@code model.bedrock.serviceTier} and
   * {@code model.bedrock.latency}.
   *
   * @param requestMetadata the pinned pairs, within Bedrock's limits (keys 1 to 256 and values
   *     0 to 256 characters of {@code [a-zA-Z0-9\s:_@$#=/+,-.]}; keys starting {@code mvc.} are
   *     reserved for the ones every call adds)
   * @param serviceTier {@code priority}, {@code default}, {@code flex} or {@code reserved}, or null
   * @param latency {@code standard} or {@code optimized}, or null
   */
  public record RequestOptions(Map<String, String> requestMetadata, @Nullable String serviceTier,
      @Nullable String latency) {
    /** No request options. */
    public static final RequestOptions NONE = new RequestOptions(Map.of(), null, null);
    /** The most request-metadata pairs Bedrock accepts on one call. */
    public static final int MAX_METADATA = 16;
    /** The pairs every call adds: the manifest digest and the invocation ID. */
    public static final int RESERVED_METADATA = 2;
    private static final Pattern META_KEY = Pattern.compile("[a-zA-Z0-9\\s:_@$#=/+,.-]{1,256}");
    private static final Pattern META_VALUE = Pattern.compile("[a-zA-Z0-9\\s:_@$#=/+,.-]{0,256}");
    private static final Set<String> TIERS = Set.of("priority", "default", "flex", "reserved");
    private static final Set<String> LATENCIES = Set.of("standard", "optimized");

    /** Validates each pair, the tier and the latency. */
    public RequestOptions {
      Map<String, String> copy = new LinkedHashMap<>();
      if (requestMetadata != null) {
        requestMetadata.forEach((k, v) -> copy.put(metadataKey(P + "requestMetadata", k),
            metadataValue(P + "requestMetadata." + k, v)));
      }
      if (copy.size() > MAX_METADATA - RESERVED_METADATA) {
        throw Checks.fail(P + "requestMetadata", "holds at most " + (MAX_METADATA - RESERVED_METADATA)
            + " pairs (Bedrock takes " + MAX_METADATA + ", mvc adds " + RESERVED_METADATA + ")", copy.size());
      }
      requestMetadata = Collections.unmodifiableMap(copy);
      if (serviceTier != null && !TIERS.contains(serviceTier)) {
        throw Checks.fail(P + "serviceTier", "must be one of priority, default, flex, reserved", serviceTier);
      }
      if (latency != null && !LATENCIES.contains(latency)) {
        throw Checks.fail(P + "latency", "must be standard or optimized", latency);
      }
    }

    /** Requires a request-metadata key Bedrock accepts that is not reserved; returns it. */
    public static String metadataKey(String path, @Nullable String key) {
      if (key == null || !META_KEY.matcher(key).matches()) {
        throw Checks.fail(path, "has a key Bedrock refuses: 1 to 256 characters of [a-zA-Z0-9 :_@$#=/+,.-]", key);
      }
      if (key.startsWith("mvc.")) {
        throw Checks.fail(path, "has a key starting mvc., which is reserved for the pairs every call adds", key);
      }
      return key;
    }

    /** Requires a request-metadata value Bedrock accepts; returns it. */
    public static String metadataValue(String path, @Nullable String value) {
      if (value == null || !META_VALUE.matcher(value).matches()) {
        throw Checks.fail(path, "must be 0 to 256 characters of [a-zA-Z0-9 :_@$#=/+,.-]", value);
      }
      return value;
    }

    /** Returns whether nothing is set. */
    public boolean isEmpty() {
      return requestMetadata.isEmpty() && serviceTier == null && latency == null;
    }
  }

  /**
   * A guardrail pinned to a version ({@code model.bedrock.guardrail}).
   *
   * @param id the guardrail ID
   * @param version the guardrail version
   */
  public record Guardrail(String id, String version) {
    /** Requires both fields as identifiers. */
    public Guardrail {
      if (id == null || version == null) {
        throw Checks.fail(P + "guardrail", "needs both id and version");
      }
      identifier(P + "guardrail.id", id);
      identifier(P + "guardrail.version", version);
    }
  }

  /**
   * A knowledge base with the data source and the data-source version (ingestion job) it was
   * evaluated with ({@code model.bedrock.knowledgeBase}).
   *
   * @param id the knowledge base ID
   * @param dataSourceId the data source ID, or null
   * @param dataSourceVersion the pinned data-source version (ingestion job ID), or null
   */
  public record KnowledgeBase(String id, @Nullable String dataSourceId, @Nullable String dataSourceVersion) {
    /** Requires the ID; every field present must be an identifier. */
    public KnowledgeBase {
      optionalIdentifier(P + "knowledgeBase.id", id);
      optionalIdentifier(P + "knowledgeBase.dataSourceId", dataSourceId);
      optionalIdentifier(P + "knowledgeBase.dataSourceVersion", dataSourceVersion);
      if (id == null) {
        throw Checks.fail(P + "knowledgeBase.id", dataSourceId != null || dataSourceVersion != null
            ? "is required with a data source" : "is required");
      }
    }
  }

  /**
   * An agent pinned through one of its aliases ({@code model.bedrock.agent}).
   *
   * @param id the agent ID
   * @param aliasId the agent alias ID
   */
  public record Agent(String id, String aliasId) {
    /** Requires both fields as identifiers. */
    public Agent {
      if (id == null || aliasId == null) {
        throw Checks.fail(P + "agent", "needs both id and aliasId");
      }
      identifier(P + "agent.id", id);
      identifier(P + "agent.aliasId", aliasId);
    }
  }

  private static String identifier(String path, String value) {
    if (!ID.matcher(value).matches()) {
      throw Checks.fail(path, "must be an identifier matching " + ID.pattern(), value);
    }
    return value;
  }

  private static void optionalIdentifier(String path, @Nullable String value) {
    if (value != null) {
      identifier(path, value);
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
    b.guardrail(guardrailId(), guardrailVersion());
    b.knowledgeBase(knowledgeBaseId(), dataSourceId(), dataSourceVersion());
    b.agent(agentId(), agentAliasId());
    b.options = options;
    return b;
  }

  @Override
  public String provider() {
    return "bedrock";
  }

  @Override
  public String describe() {
    return agent != null ? "agent " + agent.id() + "/" + agent.aliasId() : modelId;
  }

  @Override
  public TargetStamp stampFields() {
    return new TargetStamp(provider(), modelId, null, null,
        guardrail == null ? null : guardrail.id() + ":" + guardrail.version(),
        knowledgeBaseId(), dataSourceVersion(), agentId(), agentAliasId());
  }

  /**
   * Checks {@link PinningRule#BEDROCK_MODEL_VERSIONED}, {@link PinningRule#BEDROCK_GUARDRAIL_VERSIONED}
   * and {@link PinningRule#BEDROCK_AGENT_ALIAS_VERSIONED}.
   */
  @Override
  public List<PolicyViolation> pinningViolations(Set<PinningRule> rules) {
    List<PolicyViolation> out = new ArrayList<>(0);
    if (rules.contains(PinningRule.BEDROCK_MODEL_VERSIONED)) {
      String why = whyModelIdIsNotPinned(modelId);
      if (why != null) {
        out.add(new PolicyViolation(PinningRule.BEDROCK_MODEL_VERSIONED, P + "modelId",
            why + ", was \"" + modelId + "\""));
      }
    }
    if (rules.contains(PinningRule.BEDROCK_GUARDRAIL_VERSIONED) && guardrail != null
        && !GUARDRAIL_VERSION.matcher(guardrail.version()).matches()) {
      out.add(new PolicyViolation(PinningRule.BEDROCK_GUARDRAIL_VERSIONED, P + "guardrail.version",
          "must be a numbered version, was \"" + guardrail.version() + "\""));
    }
    if (rules.contains(PinningRule.BEDROCK_AGENT_ALIAS_VERSIONED) && TEST_ALIAS.equals(agentAliasId())) {
      out.add(new PolicyViolation(PinningRule.BEDROCK_AGENT_ALIAS_VERSIONED, P + "agent.aliasId",
          "must be an alias that routes to a numbered agent version, was \"" + TEST_ALIAS
              + "\" (the test alias, which always routes to the working draft)"));
    }
    return out;
  }

  /** Returns why {@code modelId} is not a pinned Bedrock model ID, or null when it is. */
  static @Nullable String whyModelIdIsNotPinned(String modelId) {
    String lower = modelId.toLowerCase(Locale.ROOT);
    if (FLOATING.matcher(lower).find()) {
      return "names a floating alias or wildcard";
    }
    if (modelId.startsWith("arn:")) {
      Matcher m = PINNED_MODEL_ARN.matcher(modelId);
      return m.matches() ? null
          : "is not a foundation-model or inference-profile ARN around a versioned model ID";
    }
    return PINNED_MODEL_ID.matcher(modelId).matches() ? null
        : "has no version; use a versioned ID such as anthropic.claude-3-haiku-20240307-v1:0";
  }

  @Override
  public Map<String, Object> manifestFields() {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("modelId", modelId);
    put(o, "region", region);
    if (api != BedrockApi.CONVERSE) {
      o.put("api", api.jsonName());
    }
    put(o, "bodyFormat", bodyFormat);
    if (guardrail != null) {
      Map<String, Object> g = new LinkedHashMap<>();
      g.put("id", guardrail.id());
      g.put("version", guardrail.version());
      o.put("guardrail", g);
    }
    if (knowledgeBase != null) {
      Map<String, Object> kb = new LinkedHashMap<>();
      kb.put("id", knowledgeBase.id());
      put(kb, "dataSourceId", knowledgeBase.dataSourceId());
      put(kb, "dataSourceVersion", knowledgeBase.dataSourceVersion());
      o.put("knowledgeBase", kb);
    }
    if (agent != null) {
      Map<String, Object> a = new LinkedHashMap<>();
      a.put("id", agent.id());
      a.put("aliasId", agent.aliasId());
      o.put("agent", a);
    }
    if (!options.requestMetadata().isEmpty()) {
      o.put("requestMetadata", new LinkedHashMap<>(options.requestMetadata()));
    }
    put(o, "serviceTier", options.serviceTier());
    put(o, "latency", options.latency());
    return Collections.unmodifiableMap(o);
  }

  private static void put(Map<String, Object> o, String key, @Nullable Object value) {
    if (value != null) {
      o.put(key, value);
    }
  }

  /** The served model must be the pinned {@code model.bedrock.modelId}. */
  @Override
  public void checkServed(@Nullable String servedModel, @Nullable String servedVariant) {
    if (servedModel != null && !servedModel.equals(modelId)) {
      throw new VersionDriftException(P + "modelId", modelId, servedModel);
    }
  }

  /** Returns the guardrail ID, or null. */
  public @Nullable String guardrailId() {
    return guardrail == null ? null : guardrail.id();
  }

  /** Returns the guardrail version, or null. */
  public @Nullable String guardrailVersion() {
    return guardrail == null ? null : guardrail.version();
  }

  /** Returns the knowledge base ID, or null. */
  public @Nullable String knowledgeBaseId() {
    return knowledgeBase == null ? null : knowledgeBase.id();
  }

  /** Returns the knowledge base data source ID, or null. */
  public @Nullable String dataSourceId() {
    return knowledgeBase == null ? null : knowledgeBase.dataSourceId();
  }

  /** Returns the pinned data-source version (ingestion job ID), or null. */
  public @Nullable String dataSourceVersion() {
    return knowledgeBase == null ? null : knowledgeBase.dataSourceVersion();
  }

  /** Returns the agent ID, or null. */
  public @Nullable String agentId() {
    return agent == null ? null : agent.id();
  }

  /** Returns the agent alias ID, or null. */
  public @Nullable String agentAliasId() {
    return agent == null ? null : agent.aliasId();
  }

  @Override
  public String toString() {
    return "BedrockTarget{modelId=" + modelId + ", region=" + region + ", api=" + api.jsonName()
        + (guardrail != null ? ", guardrail=" + guardrail.id() + ":" + guardrail.version() : "")
        + (knowledgeBase != null ? ", knowledgeBase=" + knowledgeBase.id() : "")
        + (agent != null ? ", agent=" + agent.id() + "/" + agent.aliasId() : "") + "}";
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
    private RequestOptions options = RequestOptions.NONE;

    private Builder() {}

    /** Sets the pinned request metadata, service tier and latency (default none). */
    public Builder options(RequestOptions options) {
      this.options = Objects.requireNonNull(options, "options");
      return this;
    }

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

    /** Sets the guardrail ID and version (both null: no guardrail). */
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

    /** Sets the agent ID and alias ID (both null: no agent). */
    public Builder agent(@Nullable String id, @Nullable String aliasId) {
      this.agentId = id;
      this.agentAliasId = aliasId;
      return this;
    }

    /** Builds the target, failing with the path and value of the first invalid field. */
    public BedrockTarget build() {
      // The model ID comes first in the manifest, so it is checked before the parts.
      Checks.required(P + "modelId", modelId);
      Guardrail g = guardrailId == null && guardrailVersion == null ? null
          : new Guardrail(guardrailId, guardrailVersion);
      KnowledgeBase kb = knowledgeBaseId == null && dataSourceId == null && dataSourceVersion == null
          ? null : new KnowledgeBase(knowledgeBaseId, dataSourceId, dataSourceVersion);
      Agent a = agentId == null && agentAliasId == null ? null : new Agent(agentId, agentAliasId);
      return new BedrockTarget(modelId, region, api, bodyFormat, g, kb, a, options);
    }
  }
}
