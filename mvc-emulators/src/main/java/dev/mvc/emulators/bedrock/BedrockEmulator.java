package dev.mvc.emulators.bedrock;

import dev.mvc.emulators.bedrock.internal.BedrockDispatcher;
import dev.mvc.emulators.bedrock.internal.ControlResources;
import dev.mvc.emulators.bedrock.internal.EmulatorState;
import dev.mvc.emulators.internal.LoopbackServer;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A scriptable server on the loopback interface that speaks the Amazon Bedrock wire protocol,
 * so that code using the real AWS SDK can be tested without an AWS account or network.
 *
 * <p>It answers the runtime operations Converse, ConverseStream (event-stream frames with
 * correct checksums), InvokeModel and InvokeModelWithResponseStream (Anthropic Messages
 * format), and the control-plane operation GetFoundationModel; and of Agents for Bedrock the
 * runtime operations RetrieveAndGenerate (knowledge bases, with citations) and InvokeAgent
 * ({@code chunk} events), and the control-plane operations ListIngestionJobs, GetAgentAlias,
 * GetAgentVersion, ListAgentActionGroups and GetAgentActionGroup, and of Prompt Management GetPrompt,
 * UpdatePrompt and CreatePromptVersion (see {@link #promptDraft}), with Converse through a prompt
 * version.
 * Tests script the replies, point the SDK clients at {@link #endpoint()}, and assert on the
 * journal of received requests.
 *
 * <pre>{@code
 * try (BedrockEmulator bedrock = BedrockEmulator.create().start()) {
 *   bedrock.enqueue(BedrockReply.error(BedrockErrorType.THROTTLING), BedrockReply.text("Hi"));
 *   BedrockRuntimeClient client = BedrockRuntimeClient.builder()
 *       .endpointOverride(bedrock.endpoint())
 *       .region(Region.US_EAST_1)
 *       .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
 *       .build();
 *   // ... call the code under test ...
 *   assertThat(bedrock.lastRequest().modelId()).isEqualTo("anthropic.claude-3-haiku-20240307-v1:0");
 * }
 * }</pre>
 *
 * <p>Replies are chosen per call in this order: the queue of the requested model
 * ({@link #enqueue(String, BedrockReply...)}), the queue for any model
 * ({@link #enqueue(BedrockReply...)}), the standing reply of the model
 * ({@link #respondWith(String, BedrockReply)}), the standing reply for any model
 * ({@link #respondWith(BedrockReply)}), which initially is a short text. Requests whose body
 * is not what the operation accepts are answered with a {@code ValidationException} without
 * consuming a reply. GetFoundationModel reports every model as {@code ACTIVE} unless scripted
 * with {@link #foundationModel(String, BedrockModelLifecycle)}.
 *
 * <p>Like Bedrock, a Converse or ConverseStream request that switches extended thinking on
 * ({@code additionalModelRequestFields.thinking.type} {@code enabled}) and continues a tool loop is
 * refused with a {@code ValidationException} (HTTP 400) when its latest assistant message does not
 * start with a reasoning block, or carries a reasoning block other than one the emulator sent
 * (text with its signature, or redacted content), unchanged.
 *
 * <p>RetrieveAndGenerate replies are chosen by the model ID inside the request's
 * {@code modelArn}, InvokeAgent replies by the agent ID; both take the same {@link BedrockReply}
 * values (text or deltas, citations, errors, in-stream exceptions). ListIngestionJobs answers
 * from the jobs scripted with {@link #ingestionJob} (honouring the status filter, the order, and
 * paging with {@code maxResults} and {@code nextToken}), GetAgentAlias from {@link #agentAlias},
 * GetAgentVersion and the action-group operations from {@link #agentVersion}; the test alias {@code TSTALIASID}
 * routes to {@code DRAFT} unless scripted, and anything unscripted is
 * {@code ResourceNotFoundException}. The Bedrock control-plane operations GetInferenceProfile,
 * GetProvisionedModelThroughput, GetCustomModel and GetImportedModel answer from the resources
 * scripted with {@link #applicationInferenceProfile}, {@link #provisionedThroughput},
 * {@link #customModel} and {@link #importedModel}, found by ARN or ID; runtime calls whose model
 * ID is such an ARN are answered like any other model's, InvokeModel reporting the foundation
 * model behind the profile, throughput or custom model as the one that served.
 *
 * <p>Every reply is sent the way AWS sends it, as the official service models describe each
 * operation: an error only with the status the operation's service gives it and only if the
 * operation declares it ({@link BedrockOperation#errors()}), an in-stream exception only of a type
 * the operation's event stream models ({@link BedrockOperation#streamExceptions()}). A scripted
 * reply that an operation cannot send that way is refused: the call is answered with a
 * {@code ValidationException} whose message names what the operation does send.
 *
 * <pre>{@code
 * bedrock.completedIngestionJob("KB12345678", "DS12345678", "JOB0000001");
 * bedrock.agentAlias("AGENT12345", "PRODALIAS1", "3");
 * bedrock.enqueue("AGENT12345", BedrockReply.builder().deltas("Your order ", "ships today.")
 *     .citation("ships today", "s3://docs/shipping.pdf").build());
 * }</pre>
 *
 * <p>All methods are thread-safe. Start one emulator per test class and {@link #reset()} it
 * between tests.
 */
public final class BedrockEmulator implements AutoCloseable {

  private final EmulatorState state = new EmulatorState();
  private final LoopbackServer server;

  private BedrockEmulator() {
    this.server = new LoopbackServer("BedrockEmulator", new BedrockDispatcher(state));
  }

  /** Returns a new emulator that is not started yet. */
  public static BedrockEmulator create() {
    return new BedrockEmulator();
  }

  /** Starts the server on a free loopback port and returns this emulator. */
  public BedrockEmulator start() {
    server.start();
    return this;
  }

  /** Returns the base URI to pass to the SDK's {@code endpointOverride}, for example {@code http://127.0.0.1:50123}. */
  public URI endpoint() {
    return server.endpoint();
  }

  /** Returns the port the server listens on; fails if it has not been started. */
  public int port() {
    return server.port();
  }

  /** Queues replies, served in order, to calls for any model; returns this emulator. */
  public BedrockEmulator enqueue(BedrockReply... replies) {
    state.enqueue(null, List.of(replies));
    return this;
  }

  /** Queues replies, served in order, to calls for the given model ID; returns this emulator. */
  public BedrockEmulator enqueue(String modelId, BedrockReply... replies) {
    state.enqueue(requireModelId(modelId), List.of(replies));
    return this;
  }

  /** Sets the reply to every call for any model once the queues are empty; returns this emulator. */
  public BedrockEmulator respondWith(BedrockReply reply) {
    state.respondWith(null, Objects.requireNonNull(reply, "reply"));
    return this;
  }

  /** Sets the reply to every call for the given model once its queues are empty; returns this emulator. */
  public BedrockEmulator respondWith(String modelId, BedrockReply reply) {
    state.respondWith(requireModelId(modelId), Objects.requireNonNull(reply, "reply"));
    return this;
  }

  /** Sets the lifecycle status that GetFoundationModel reports for a model; returns this emulator. */
  public BedrockEmulator foundationModel(String modelId, BedrockModelLifecycle lifecycle) {
    state.lifecycle(requireModelId(modelId), Objects.requireNonNull(lifecycle, "lifecycle"));
    return this;
  }

  /**
   * Sets the lifecycle status and the announced dates that GetFoundationModel reports for a model
   * ({@code legacyTime}, {@code publicExtendedAccessTime}, {@code endOfLifeTime}; null: not
   * announced); returns this emulator.
   */
  public BedrockEmulator foundationModel(String modelId, BedrockModelLifecycle lifecycle, @Nullable Instant legacyTime,
      @Nullable Instant publicExtendedAccessTime, @Nullable Instant endOfLifeTime) {
    foundationModel(modelId, lifecycle);
    state.lifecycleDates(modelId, new EmulatorState.LifecycleDates(legacyTime, publicExtendedAccessTime, endOfLifeTime));
    return this;
  }

  /** Makes GetFoundationModel answer {@code ResourceNotFoundException} for a model; returns this emulator. */
  public BedrockEmulator unknownFoundationModel(String modelId) {
    state.unknownModel(requireModelId(modelId));
    return this;
  }

  /**
   * Adds an ingestion job with the given status ({@code COMPLETE}, {@code IN_PROGRESS},
   * {@code FAILED}, ...) to a knowledge base data source; each job starts after the jobs added
   * before it. Returns this emulator.
   */
  public BedrockEmulator ingestionJob(String knowledgeBaseId, String dataSourceId, String ingestionJobId,
      String status) {
    state.ingestionJob(requireId("knowledgeBaseId", knowledgeBaseId), requireId("dataSourceId", dataSourceId),
        requireId("ingestionJobId", ingestionJobId), requireId("status", status));
    return this;
  }

  /** Adds a completed ingestion job to a data source, making it the latest; returns this emulator. */
  public BedrockEmulator completedIngestionJob(String knowledgeBaseId, String dataSourceId, String ingestionJobId) {
    return ingestionJob(knowledgeBaseId, dataSourceId, ingestionJobId, "COMPLETE");
  }

  /**
   * Sets the agent version ({@code "3"}, or {@code "DRAFT"}) that GetAgentAlias reports an alias
   * routing to; returns this emulator. An alias routes to exactly one version (the service
   * model's {@code AgentAliasRoutingConfiguration} holds at most one entry), so exactly one
   * version must be given.
   */
  public BedrockEmulator agentAlias(String agentId, String aliasId, String... agentVersions) {
    if (agentVersions.length != 1) {
      throw new IllegalArgumentException("agentVersions must name exactly one version: an alias routes to one "
          + "agent version, was " + java.util.Arrays.toString(agentVersions));
    }
    state.agentAlias(requireId("agentId", agentId), requireId("aliasId", aliasId), List.of(agentVersions));
    return this;
  }

  /**
   * Defines a numbered agent version for GetAgentVersion, ListAgentActionGroups and
   * GetAgentActionGroup; returns this emulator. Each action group is a JSON object in the
   * AgentActionGroup wire form ({@code actionGroupName}, and as wanted {@code description},
   * {@code functionSchema}, {@code apiSchema}, {@code actionGroupExecutor},
   * {@code parentActionSignature}, {@code actionGroupState}, default {@code ENABLED}); the
   * emulator adds the IDs and timestamps. Defining a version again replaces it.
   *
   * @param agentId the agent ID
   * @param version the numbered version, such as {@code "3"}
   * @param foundationModel the version's foundation model ID or ARN
   * @param instruction the version's instruction (40 to 4000 characters, as the service requires)
   * @param actionGroups the version's action groups as JSON objects
   */
  public BedrockEmulator agentVersion(String agentId, String version, String foundationModel, String instruction,
      String... actionGroups) {
    requireId("agentId", agentId);
    if (version == null || !version.matches("[0-9]{1,5}")) {
      throw new IllegalArgumentException("version must be a numbered agent version such as \"3\", was " + version);
    }
    requireId("foundationModel", foundationModel);
    if (instruction == null || instruction.length() < 40 || instruction.length() > 4000) {
      throw new IllegalArgumentException("instruction must be 40 to 4000 characters, as the service requires, was "
          + (instruction == null ? "null" : instruction.length() + " characters"));
    }
    List<com.fasterxml.jackson.databind.node.ObjectNode> groups = new java.util.ArrayList<>();
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    for (int i = 0; i < actionGroups.length; i++) {
      com.fasterxml.jackson.databind.JsonNode node;
      try {
        node = json.readTree(actionGroups[i]);
      } catch (java.io.IOException e) {
        throw new IllegalArgumentException("actionGroups[" + i + "] is not JSON: " + e.getMessage(), e);
      }
      if (node == null || !node.isObject() || !node.path("actionGroupName").isTextual()) {
        throw new IllegalArgumentException("actionGroups[" + i + "] must be a JSON object with actionGroupName, was "
            + actionGroups[i]);
      }
      com.fasterxml.jackson.databind.node.ObjectNode group = (com.fasterxml.jackson.databind.node.ObjectNode) node;
      group.put("actionGroupId", String.format(java.util.Locale.ROOT, "AG%08d", i + 1));
      groups.add(group);
    }
    state.agentVersion(agentId, version, new EmulatorState.AgentVersion(foundationModel, instruction, List.copyOf(groups)));
    return this;
  }

  /**
   * Makes GetInferenceProfile report an {@code ACTIVE} application inference profile that routes
   * to the given foundation-model ARNs; returns this emulator. The profile is found by its ARN or
   * its ID.
   */
  public BedrockEmulator applicationInferenceProfile(String arn, String... modelArns) {
    return inferenceProfile(arn, "APPLICATION", modelArns);
  }

  /**
   * Makes GetInferenceProfile report an {@code ACTIVE} profile of the given type
   * ({@code APPLICATION} or {@code SYSTEM_DEFINED}) routing to the given foundation-model ARNs;
   * returns this emulator.
   */
  public BedrockEmulator inferenceProfile(String arn, String type, String... modelArns) {
    state.controlResource(BedrockOperation.GET_INFERENCE_PROFILE, requireId("arn", arn),
        ControlResources.inferenceProfile(arn, requireId("type", type), List.of(modelArns)));
    if (modelArns.length > 0) {
      state.serves(arn, modelArns[0]);
    }
    return this;
  }

  /**
   * Makes GetProvisionedModelThroughput report a provisioned throughput serving {@code modelArn}
   * (a foundation-model or custom-model ARN) with the given status ({@code InService},
   * {@code Creating}, {@code Updating}, {@code Failed}); returns this emulator.
   */
  public BedrockEmulator provisionedThroughput(String arn, String modelArn, String status) {
    state.controlResource(BedrockOperation.GET_PROVISIONED_MODEL_THROUGHPUT, requireId("arn", arn),
        ControlResources.provisionedThroughput(arn, requireId("modelArn", modelArn), requireId("status", status)));
    state.serves(arn, modelArn);
    return this;
  }

  /** Makes GetCustomModel report an active custom model with its base model and customization job; returns this emulator. */
  public BedrockEmulator customModel(String arn, String baseModelArn, String jobArn) {
    state.controlResource(BedrockOperation.GET_CUSTOM_MODEL, requireId("arn", arn),
        ControlResources.customModel(arn, requireId("baseModelArn", baseModelArn), requireId("jobArn", jobArn)));
    state.serves(arn, baseModelArn);
    return this;
  }

  /** Makes GetImportedModel report a model imported from the given S3 URI; returns this emulator. */
  public BedrockEmulator importedModel(String arn, String modelDataUri) {
    state.controlResource(BedrockOperation.GET_IMPORTED_MODEL, requireId("arn", arn),
        ControlResources.importedModel(arn, requireId("modelDataUri", modelDataUri)));
    return this;
  }

  /**
   * Defines (or replaces) the working draft of a Prompt Management prompt, for GetPrompt without a
   * version, UpdatePrompt and CreatePromptVersion (which numbers versions from 1 and answers a
   * repeated {@code clientToken} with the version it made); returns this emulator.
   *
   * @param promptArn the prompt ARN without version, {@code arn:aws:bedrock:<region>:<account>:prompt/<10 characters>}
   * @param name the prompt's name
   * @param variantJson its one variant in the PromptVariant wire form ({@code name}, {@code templateType}
   *     {@code TEXT} or {@code CHAT}, {@code templateConfiguration}, and as wanted {@code modelId},
   *     {@code inferenceConfiguration}, {@code additionalModelRequestFields}, {@code genAiResource})
   */
  public BedrockEmulator promptDraft(String promptArn, String name, String variantJson) {
    state.prompts().draft(requireId("promptArn", promptArn), requireId("name", name), requireId("variantJson", variantJson));
    return this;
  }

  /**
   * Defines (or replaces) a numbered version of a Prompt Management prompt, as
   * {@link #promptDraft} does the draft; returns this emulator. Converse with
   * {@code <promptArn>:<version>} as the model ID renders its template with the request's
   * {@code promptVariables} and refuses {@code inferenceConfig}, {@code system}, {@code toolConfig}
   * and {@code additionalModelRequestFields} with a {@code ValidationException}; with nothing
   * scripted for that model ID it answers with the rendered prompt.
   */
  public BedrockEmulator promptVersion(String promptArn, int version, String name, String variantJson) {
    if (version < 1 || version > 99999) {
      throw new IllegalArgumentException("version must be in [1, 99999], was " + version);
    }
    state.prompts().version(requireId("promptArn", promptArn), version, requireId("name", name),
        requireId("variantJson", variantJson));
    return this;
  }

  /** Returns how many queued replies have not been served yet. */
  public int pendingReplies() {
    return state.pendingReplies();
  }

  /** Returns all requests received since start or the last reset, in arrival order. */
  public List<RecordedBedrockRequest> requests() {
    return state.journal();
  }

  /** Returns the requests for one operation received since start or the last reset, in arrival order. */
  public List<RecordedBedrockRequest> requests(BedrockOperation operation) {
    return state.journal().stream().filter(r -> r.operation() == operation).collect(Collectors.toList());
  }

  /** Returns the most recent request; fails if none has been received. */
  public RecordedBedrockRequest lastRequest() {
    List<RecordedBedrockRequest> journal = state.journal();
    if (journal.isEmpty()) {
      throw new IllegalStateException("BedrockEmulator has received no request");
    }
    return journal.get(journal.size() - 1);
  }

  /** Clears all scripted replies, lifecycle statuses, ingestion jobs, agent aliases, control-plane resources and the journal. */
  public void reset() {
    state.reset();
  }

  /** Stops the server; the emulator cannot be started again. */
  @Override
  public void close() {
    server.close();
  }

  @Override
  public String toString() {
    return server.toString();
  }

  private static String requireId(String name, @Nullable String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank, was '" + value + "'");
    }
    return value;
  }

  private static String requireModelId(@Nullable String modelId) {
    if (modelId == null || modelId.isBlank()) {
      throw new IllegalArgumentException("modelId must not be blank, was '" + modelId + "'");
    }
    return modelId;
  }
}
