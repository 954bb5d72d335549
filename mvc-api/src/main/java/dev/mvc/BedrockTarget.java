package dev.mvc;

import dev.mvc.internal.BedrockArns;
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
 * <p>A target can also name an opaque Bedrock resource that calls go through instead of the
 * model ID: an application inference profile, a provisioned throughput, a custom or imported
 * model, or a Prompt Management prompt version. The manifest pins what that resource stands for
 * (the models a profile routes to, the model a throughput serves, a custom model's base model
 * and training job, an imported model's data, a prompt version's content hash), and
 * {@code modelId} stays the versioned foundation model behind it (for an imported model, which
 * has none, the imported model's ARN). Calls send {@link #wireModelId()}.
 *
 * @param modelId the pinned model ID (foundation model, inference profile or ARN)
 * @param region the region, or null to use the client's
 * @param api the Bedrock API the calls use
 * @param bodyFormat the native body format for InvokeModel, such as {@code anthropic-messages}, or null
 * @param guardrail the pinned guardrail, or null
 * @param knowledgeBase the pinned knowledge base, or null
 * @param agent the pinned agent alias, or null
 * @param inferenceProfile the application inference profile calls go through, or null
 * @param provisionedThroughput the provisioned throughput calls go through, or null
 * @param customModel the custom model calls go to (through the provisioned throughput, if any), or null
 * @param importedModel the imported model calls go to, or null
 * @param prompt the Prompt Management prompt version calls go through, or null
 * @param options the pinned request metadata, service tier and latency setting
 */
public record BedrockTarget(String modelId, @Nullable String region, BedrockApi api,
    @Nullable String bodyFormat, @Nullable Guardrail guardrail,
    @Nullable KnowledgeBase knowledgeBase, @Nullable Agent agent,
    @Nullable InferenceProfile inferenceProfile, @Nullable ProvisionedThroughput provisionedThroughput,
    @Nullable CustomModel customModel, @Nullable ImportedModel importedModel,
    @Nullable Prompt prompt, RequestOptions options) implements ModelTarget {

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
    checkRoute(api, inferenceProfile, provisionedThroughput, customModel, importedModel, prompt);
    if (options == null) {
      options = RequestOptions.NONE;
    }
  }

  /** Creates a target that calls the model ID itself (no profile, throughput, custom or imported model, or prompt). */
  public BedrockTarget(String modelId, @Nullable String region, BedrockApi api, @Nullable String bodyFormat,
      @Nullable Guardrail guardrail, @Nullable KnowledgeBase knowledgeBase, @Nullable Agent agent) {
    this(modelId, region, api, bodyFormat, guardrail, knowledgeBase, agent, null, null, null, null, null,
        RequestOptions.NONE);
  }

  /** Creates a target that goes through the given resource, without request options. */
  public BedrockTarget(String modelId, @Nullable String region, BedrockApi api, @Nullable String bodyFormat,
      @Nullable Guardrail guardrail, @Nullable KnowledgeBase knowledgeBase, @Nullable Agent agent,
      @Nullable InferenceProfile inferenceProfile, @Nullable ProvisionedThroughput provisionedThroughput,
      @Nullable CustomModel customModel, @Nullable ImportedModel importedModel, @Nullable Prompt prompt) {
    this(modelId, region, api, bodyFormat, guardrail, knowledgeBase, agent, inferenceProfile, provisionedThroughput,
        customModel, importedModel, prompt, RequestOptions.NONE);
  }

  /** Creates a target that calls the model ID itself, with request options. */
  public BedrockTarget(String modelId, @Nullable String region, BedrockApi api, @Nullable String bodyFormat,
      @Nullable Guardrail guardrail, @Nullable KnowledgeBase knowledgeBase, @Nullable Agent agent,
      RequestOptions options) {
    this(modelId, region, api, bodyFormat, guardrail, knowledgeBase, agent, null, null, null, null, null, options);
  }

  private static void checkRoute(BedrockApi api, @Nullable InferenceProfile inferenceProfile,
      @Nullable ProvisionedThroughput provisionedThroughput, @Nullable CustomModel customModel,
      @Nullable ImportedModel importedModel, @Nullable Prompt prompt) {
    List<String> routes = new ArrayList<>(2);
    if (inferenceProfile != null) {
      routes.add("inferenceProfile");
    }
    if (provisionedThroughput != null) {
      routes.add("provisionedThroughput");
    }
    // A custom model is served through a provisioned throughput or on demand: both may be pinned.
    if (customModel != null && provisionedThroughput == null) {
      routes.add("customModel");
    }
    if (importedModel != null) {
      routes.add("importedModel");
    }
    if (prompt != null) {
      routes.add("prompt");
    }
    if (routes.size() > 1) {
      throw Checks.fail(P + routes.get(1), "cannot be combined with " + P + routes.get(0)
          + "; a target goes through one of inferenceProfile, provisionedThroughput (with the customModel it"
          + " serves), customModel, importedModel or prompt");
    }
    if (routes.isEmpty() && customModel == null) {
      return;
    }
    String route = routes.isEmpty() ? "customModel" : routes.get(0);
    if (prompt != null && api != BedrockApi.CONVERSE) {
      throw Checks.fail(P + "prompt", "is only allowed with api converse, was " + api.jsonName());
    }
    if (api == BedrockApi.RETRIEVE_AND_GENERATE || api == BedrockApi.INVOKE_AGENT) {
      throw Checks.fail(P + route, "is only allowed with api converse or invoke-model, was " + api.jsonName());
    }
  }

  /**
   * An application inference profile and the exact versioned foundation models it must route to
   * ({@code model.bedrock.inferenceProfile}).
   *
   * @param arn the application inference profile ARN
   * @param models the foundation-model ARNs the profile routes to, at least one, no repeats
   */
  public record InferenceProfile(String arn, List<String> models) {
    /** Requires an application inference profile ARN and at least one foundation-model ARN. */
    public InferenceProfile {
      BedrockArns.require(P + "inferenceProfile.arn", arn, BedrockArns.APPLICATION_PROFILE,
          "an application inference profile ARN (arn:aws:bedrock:<region>:<account>:application-inference-profile/<id>)");
      Checks.required(P + "inferenceProfile.models", models);
      if (models.isEmpty()) {
        throw Checks.fail(P + "inferenceProfile.models", "must name at least one foundation-model ARN");
      }
      for (int i = 0; i < models.size(); i++) {
        BedrockArns.require(P + "inferenceProfile.models[" + i + "]", models.get(i), BedrockArns.FOUNDATION_MODEL,
            "a foundation-model ARN (arn:aws:bedrock:<region>::foundation-model/<model id>)");
        if (models.subList(0, i).contains(models.get(i))) {
          throw Checks.fail(P + "inferenceProfile.models[" + i + "]", "repeats a model", models.get(i));
        }
      }
      models = List.copyOf(models);
    }
  }

  /**
   * A provisioned throughput and the model it serves ({@code model.bedrock.provisionedThroughput}).
   *
   * @param arn the provisioned model ARN
   * @param modelArn the foundation-model or custom-model ARN the throughput serves
   */
  public record ProvisionedThroughput(String arn, String modelArn) {
    /** Requires a provisioned model ARN and a foundation-model or custom-model ARN. */
    public ProvisionedThroughput {
      BedrockArns.require(P + "provisionedThroughput.arn", arn, BedrockArns.PROVISIONED_MODEL,
          "a provisioned throughput ARN (arn:aws:bedrock:<region>:<account>:provisioned-model/<id>)");
      BedrockArns.require(P + "provisionedThroughput.modelArn", modelArn, BedrockArns.PROVISIONED_MODEL_TARGET,
          "a foundation-model or custom-model ARN");
    }
  }

  /**
   * A custom (fine-tuned) model with its base model and the customization job that made it
   * ({@code model.bedrock.customModel}).
   *
   * @param arn the custom model ARN
   * @param baseModelArn the foundation-model ARN of the base model
   * @param jobArn the model customization job ARN
   */
  public record CustomModel(String arn, String baseModelArn, String jobArn) {
    /** Requires the three ARNs, each of its kind. */
    public CustomModel {
      BedrockArns.require(P + "customModel.arn", arn, BedrockArns.CUSTOM_MODEL,
          "a custom model ARN (arn:aws:bedrock:<region>:<account>:custom-model/...)");
      BedrockArns.require(P + "customModel.baseModelArn", baseModelArn, BedrockArns.FOUNDATION_MODEL,
          "a foundation-model ARN (arn:aws:bedrock:<region>::foundation-model/<model id>)");
      BedrockArns.require(P + "customModel.jobArn", jobArn, BedrockArns.CUSTOMIZATION_JOB,
          "a model customization job ARN (arn:aws:bedrock:<region>:<account>:model-customization-job/...)");
    }
  }

  /**
   * A model brought in with Custom Model Import, with the S3 location of its data and optionally
   * the SHA-256 of that artifact ({@code model.bedrock.importedModel}).
   *
   * @param arn the imported model ARN
   * @param modelDataUri the {@code s3://} URI of the model data the model was imported from
   * @param sha256 the SHA-256 of the model artifact, or null
   */
  public record ImportedModel(String arn, String modelDataUri, @Nullable String sha256) {
    /** Requires an imported model ARN and an S3 URI; the SHA-256, if given, is 64 lowercase hex digits. */
    public ImportedModel {
      BedrockArns.require(P + "importedModel.arn", arn, BedrockArns.IMPORTED_MODEL,
          "an imported model ARN (arn:aws:bedrock:<region>:<account>:imported-model/<id>)");
      Checks.s3Uri(P + "importedModel.modelDataUri", Checks.required(P + "importedModel.modelDataUri", modelDataUri));
      Checks.sha256(P + "importedModel.sha256", sha256);
    }
  }

  /**
   * A Bedrock Prompt Management prompt version and the SHA-256 of its content as GetPrompt
   * returns it ({@code model.bedrock.prompt}).
   *
   * @param arn the prompt ARN, {@code ...:prompt/<id>:<version>}
   * @param sha256 the SHA-256 of the version's content
   */
  public record Prompt(String arn, String sha256) {
    /** Requires a prompt ARN and a SHA-256. */
    public Prompt {
      BedrockArns.require(P + "prompt.arn", arn, BedrockArns.PROMPT,
          "a prompt ARN (arn:aws:bedrock:<region>:<account>:prompt/<id>:<version>)");
      Checks.sha256(P + "prompt.sha256", Checks.required(P + "prompt.sha256", sha256));
    }

    /** Returns the version the ARN names ({@code 3}, {@code DRAFT}), or null when it names none. */
    public @Nullable String version() {
      Matcher m = BedrockArns.PROMPT.matcher(arn);
      return m.matches() ? m.group(1) : null;
    }
  }

  @Override
  public void checkSections(PromptSpec prompt, InferenceParameters inference) {
    if (this.prompt != null) {
      BedrockTargetRules.checkPromptManifest(prompt, inference);
    }
  }

  @Override
  public boolean sendsInferenceParameters() {
    return prompt == null;
  }

  /**
   * Returns the model identifier calls send: the provisioned throughput, inference profile,
   * custom model, imported model or prompt version ARN the target goes through, else
   * {@link #modelId()}.
   */
  public String wireModelId() {
    if (provisionedThroughput != null) {
      return provisionedThroughput.arn();
    }
    if (inferenceProfile != null) {
      return inferenceProfile.arn();
    }
    if (customModel != null) {
      return customModel.arn();
    }
    if (importedModel != null) {
      return importedModel.arn();
    }
    return prompt != null ? prompt.arn() : modelId;
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
   * evaluated with, and the retrieval settings calls send ({@code model.bedrock.knowledgeBase}).
   *
   * @param id the knowledge base ID
   * @param dataSourceId the data source ID, or null
   * @param dataSourceVersion the pinned data-source version (ingestion job ID), or null
   * @param retrieval the pinned retrieval settings, or null for the knowledge base's defaults
   */
  public record KnowledgeBase(String id, @Nullable String dataSourceId, @Nullable String dataSourceVersion,
      @Nullable Retrieval retrieval) {
    /** Requires the ID; every field present must be an identifier. */
    public KnowledgeBase {
      optionalIdentifier(P + "knowledgeBase.id", id);
      optionalIdentifier(P + "knowledgeBase.dataSourceId", dataSourceId);
      optionalIdentifier(P + "knowledgeBase.dataSourceVersion", dataSourceVersion);
      if (id == null) {
        throw Checks.fail(P + "knowledgeBase.id", dataSourceId != null || dataSourceVersion != null
            ? "is required with a data source" : retrieval != null ? "is required with retrieval settings"
            : "is required");
      }
    }

    /** Creates a knowledge base pin without retrieval settings. */
    public KnowledgeBase(String id, @Nullable String dataSourceId, @Nullable String dataSourceVersion) {
      this(id, dataSourceId, dataSourceVersion, null);
    }
  }

  /**
   * The retrieval settings of knowledge-base calls ({@code model.bedrock.knowledgeBase.retrieval}),
   * sent as {@code retrievalConfiguration.vectorSearchConfiguration}: they change what is retrieved
   * as much as the data does, so they are part of the version.
   *
   * @param numberOfResults how many passages to retrieve (1 to 100), or null
   * @param searchType {@code HYBRID} or {@code SEMANTIC}, or null for the vector store's choice
   * @param reranking the reranking model and how many results it keeps, or null
   * @param filter the metadata filter in the RetrievalFilter form of the Bedrock API
   *     ({@code {"equals": {"key": "team", "value": "support"}}}, {@code andAll}, {@code orAll}, ...), or null
   */
  public record Retrieval(@Nullable Integer numberOfResults, @Nullable String searchType,
      @Nullable Reranking reranking, @Nullable Map<String, Object> filter) {
    /** Requires at least one setting, each within the Bedrock API's limits. */
    public Retrieval {
      String path = P + "knowledgeBase.retrieval";
      if (numberOfResults == null && searchType == null && reranking == null && filter == null) {
        throw Checks.fail(path, "must set at least one of numberOfResults, searchType, reranking, filter");
      }
      if (numberOfResults != null && (numberOfResults < 1 || numberOfResults > 100)) {
        throw Checks.fail(path + ".numberOfResults", "must be in [1, 100]", numberOfResults);
      }
      if (searchType != null && !searchType.equals("HYBRID") && !searchType.equals("SEMANTIC")) {
        throw Checks.fail(path + ".searchType", "must be HYBRID or SEMANTIC", searchType);
      }
      if (filter != null) {
        filter = RetrievalFilters.check(path + ".filter", filter);
      }
    }
  }

  /**
   * A Bedrock reranking model applied to the retrieved passages
   * ({@code model.bedrock.knowledgeBase.retrieval.reranking}).
   *
   * @param modelArn the foundation-model ARN of the reranking model
   * @param numberOfResults how many reranked passages to keep (1 to 1000), or null
   */
  public record Reranking(String modelArn, @Nullable Integer numberOfResults) {
    /** Requires a foundation-model ARN. */
    public Reranking {
      String path = P + "knowledgeBase.retrieval.reranking";
      BedrockArns.require(path + ".modelArn", modelArn, BedrockArns.FOUNDATION_MODEL,
          "a foundation-model ARN (arn:aws:bedrock:<region>::foundation-model/<model id>)");
      if (numberOfResults != null && (numberOfResults < 1 || numberOfResults > 1000)) {
        throw Checks.fail(path + ".numberOfResults", "must be in [1, 1000]", numberOfResults);
      }
    }
  }

  /**
   * An agent pinned through one of its aliases ({@code model.bedrock.agent}), optionally with the
   * definition of the agent version the alias must route to: the SHA-256 of its instruction and
   * of its action-group definitions (see {@code docs/manifest.md} for the canonical form hashed).
   * The version's foundation model is {@code model.bedrock.modelId}.
   *
   * @param id the agent ID
   * @param aliasId the agent alias ID
   * @param instructionSha256 the SHA-256 of the routed version's instruction (UTF-8), or null
   * @param actionGroupsSha256 the SHA-256 of the routed version's action-group definitions, or null
   */
  public record Agent(String id, String aliasId, @Nullable String instructionSha256,
      @Nullable String actionGroupsSha256) {
    /** Requires both IDs as identifiers; each SHA-256 present is 64 lowercase hex digits. */
    public Agent {
      if (id == null || aliasId == null) {
        throw Checks.fail(P + "agent", "needs both id and aliasId");
      }
      identifier(P + "agent.id", id);
      identifier(P + "agent.aliasId", aliasId);
      Checks.sha256(P + "agent.instructionSha256", instructionSha256);
      Checks.sha256(P + "agent.actionGroupsSha256", actionGroupsSha256);
    }

    /** Creates an agent pin without a pinned definition. */
    public Agent(String id, String aliasId) {
      this(id, aliasId, null, null);
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
    b.retrieval = knowledgeBase == null ? null : knowledgeBase.retrieval();
    b.agent(agentId(), agentAliasId());
    b.agentDefinition(agent == null ? null : agent.instructionSha256(),
        agent == null ? null : agent.actionGroupsSha256());
    b.inferenceProfile = inferenceProfile;
    b.provisionedThroughput = provisionedThroughput;
    b.customModel = customModel;
    b.importedModel = importedModel;
    b.prompt = prompt;
    b.options = options;
    return b;
  }

  @Override
  public String provider() {
    return "bedrock";
  }

  @Override
  public @Nullable String foundationModelId() {
    return importedModel != null ? null : BedrockArns.foundationModelId(modelId);
  }

  /** Returns true for Converse and InvokeModel, which carry documents and images in the user turn. */
  @Override
  public boolean sendsAttachments() {
    return api == BedrockApi.CONVERSE || api == BedrockApi.INVOKE_MODEL;
  }

  @Override
  public String describe() {
    return agent != null ? "agent " + agent.id() + "/" + agent.aliasId() : modelId;
  }

  @Override
  public TargetStamp stampFields() {
    return new TargetStamp(provider(), modelId, null, null,
        guardrail == null ? null : guardrail.id() + ":" + guardrail.version(),
        knowledgeBaseId(), dataSourceVersion(), agentId(), agentAliasId(),
        wireModelId().equals(modelId) ? null : wireModelId());
  }

  /**
   * Checks {@link PinningRule#BEDROCK_MODEL_VERSIONED}, {@link PinningRule#BEDROCK_GUARDRAIL_VERSIONED},
   * {@link PinningRule#BEDROCK_AGENT_ALIAS_VERSIONED} and the rules of the resource calls go
   * through: {@link PinningRule#BEDROCK_INFERENCE_PROFILE_PINNED},
   * {@link PinningRule#BEDROCK_PROVISIONED_THROUGHPUT_PINNED}, {@link PinningRule#BEDROCK_CUSTOM_MODEL_PINNED},
   * {@link PinningRule#BEDROCK_IMPORTED_MODEL_PINNED} and {@link PinningRule#BEDROCK_PROMPT_VERSIONED}.
   */
  @Override
  public List<PolicyViolation> pinningViolations(Set<PinningRule> rules) {
    List<PolicyViolation> out = new ArrayList<>(0);
    BedrockTargetRules.check(this, rules, out);
    if (rules.contains(PinningRule.BEDROCK_MODEL_VERSIONED) && importedModel == null) {
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
      if (m.matches()) {
        return null;
      }
      String hint = BedrockArns.opaqueTargetHint(modelId);
      return hint != null ? hint : "is not a foundation-model or inference-profile ARN around a versioned model ID";
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
      Retrieval r = knowledgeBase.retrieval();
      if (r != null) {
        Map<String, Object> rm = new LinkedHashMap<>();
        put(rm, "numberOfResults", r.numberOfResults());
        put(rm, "searchType", r.searchType());
        if (r.reranking() != null) {
          Map<String, Object> rr = new LinkedHashMap<>();
          rr.put("modelArn", r.reranking().modelArn());
          put(rr, "numberOfResults", r.reranking().numberOfResults());
          rm.put("reranking", rr);
        }
        put(rm, "filter", r.filter());
        kb.put("retrieval", rm);
      }
      o.put("knowledgeBase", kb);
    }
    if (agent != null) {
      Map<String, Object> a = new LinkedHashMap<>();
      a.put("id", agent.id());
      a.put("aliasId", agent.aliasId());
      put(a, "instructionSha256", agent.instructionSha256());
      put(a, "actionGroupsSha256", agent.actionGroupsSha256());
      o.put("agent", a);
    }
    if (inferenceProfile != null) {
      Map<String, Object> ip = new LinkedHashMap<>();
      ip.put("arn", inferenceProfile.arn());
      ip.put("models", inferenceProfile.models());
      o.put("inferenceProfile", ip);
    }
    if (provisionedThroughput != null) {
      Map<String, Object> pt = new LinkedHashMap<>();
      pt.put("arn", provisionedThroughput.arn());
      pt.put("modelArn", provisionedThroughput.modelArn());
      o.put("provisionedThroughput", pt);
    }
    if (customModel != null) {
      Map<String, Object> cm = new LinkedHashMap<>();
      cm.put("arn", customModel.arn());
      cm.put("baseModelArn", customModel.baseModelArn());
      cm.put("jobArn", customModel.jobArn());
      o.put("customModel", cm);
    }
    if (importedModel != null) {
      Map<String, Object> im = new LinkedHashMap<>();
      im.put("arn", importedModel.arn());
      im.put("modelDataUri", importedModel.modelDataUri());
      put(im, "sha256", importedModel.sha256());
      o.put("importedModel", im);
    }
    if (prompt != null) {
      Map<String, Object> pr = new LinkedHashMap<>();
      pr.put("arn", prompt.arn());
      pr.put("sha256", prompt.sha256());
      o.put("prompt", pr);
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
        + (agent != null ? ", agent=" + agent.id() + "/" + agent.aliasId() : "")
        + (!wireModelId().equals(modelId) ? ", via=" + wireModelId() : "") + "}";
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
    private @Nullable Retrieval retrieval;
    private @Nullable String agentId;
    private @Nullable String agentAliasId;
    private @Nullable String agentInstructionSha256;
    private @Nullable String agentActionGroupsSha256;
    private @Nullable InferenceProfile inferenceProfile;
    private @Nullable ProvisionedThroughput provisionedThroughput;
    private @Nullable CustomModel customModel;
    private @Nullable ImportedModel importedModel;
    private @Nullable Prompt prompt;

    private RequestOptions options = RequestOptions.NONE;

    private Builder() {}

    /** Routes calls through an application inference profile that must route to exactly {@code models}. */
    public Builder inferenceProfile(String arn, List<String> models) {
      this.inferenceProfile = new InferenceProfile(arn, models);
      return this;
    }

    /** Routes calls through a provisioned throughput that must serve {@code modelArn}. */
    public Builder provisionedThroughput(String arn, String modelArn) {
      this.provisionedThroughput = new ProvisionedThroughput(arn, modelArn);
      return this;
    }

    /** Pins a custom model with its base model and customization job. */
    public Builder customModel(String arn, String baseModelArn, String jobArn) {
      this.customModel = new CustomModel(arn, baseModelArn, jobArn);
      return this;
    }

    /** Pins an imported model with the S3 URI of its model data and, optionally, the artifact's SHA-256. */
    public Builder importedModel(String arn, String modelDataUri, @Nullable String sha256) {
      this.importedModel = new ImportedModel(arn, modelDataUri, sha256);
      return this;
    }

    /** Routes calls through a Prompt Management prompt version whose content hashes to {@code sha256}. */
    public Builder prompt(String arn, String sha256) {
      this.prompt = new Prompt(arn, sha256);
      return this;
    }

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

    /** Sets the retrieval settings of knowledge-base calls (null: the knowledge base's defaults). */
    public Builder retrieval(@Nullable Retrieval retrieval) {
      this.retrieval = retrieval;
      return this;
    }

    /** Sets the agent ID and alias ID (both null: no agent). */
    public Builder agent(@Nullable String id, @Nullable String aliasId) {
      this.agentId = id;
      this.agentAliasId = aliasId;
      return this;
    }

    /**
     * Pins the definition of the agent version the alias routes to: the SHA-256 of its
     * instruction and of its action-group definitions (either may be null).
     */
    public Builder agentDefinition(@Nullable String instructionSha256, @Nullable String actionGroupsSha256) {
      this.agentInstructionSha256 = instructionSha256;
      this.agentActionGroupsSha256 = actionGroupsSha256;
      return this;
    }

    /** Builds the target, failing with the path and value of the first invalid field. */
    public BedrockTarget build() {
      // The model ID comes first in the manifest, so it is checked before the parts.
      Checks.required(P + "modelId", modelId);
      Guardrail g = guardrailId == null && guardrailVersion == null ? null
          : new Guardrail(guardrailId, guardrailVersion);
      KnowledgeBase kb = knowledgeBaseId == null && dataSourceId == null && dataSourceVersion == null
          && retrieval == null ? null : new KnowledgeBase(knowledgeBaseId, dataSourceId, dataSourceVersion, retrieval);
      Agent a = agentId == null && agentAliasId == null && agentInstructionSha256 == null
          && agentActionGroupsSha256 == null ? null
          : new Agent(agentId, agentAliasId, agentInstructionSha256, agentActionGroupsSha256);
      return new BedrockTarget(modelId, region, api, bodyFormat, g, kb, a, inferenceProfile,
          provisionedThroughput, customModel, importedModel, prompt, options);
    }
  }
}
