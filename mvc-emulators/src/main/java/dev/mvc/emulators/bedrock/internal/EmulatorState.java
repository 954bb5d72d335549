package dev.mvc.emulators.bedrock.internal;

import dev.mvc.emulators.bedrock.BedrockModelLifecycle;
import dev.mvc.emulators.bedrock.BedrockOperation;
import dev.mvc.emulators.bedrock.BedrockReply;
import dev.mvc.emulators.bedrock.RecordedBedrockRequest;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The mutable script and journal of one emulator, shared between the test thread that scripts
 * it and the server threads that answer; every method is atomic.
 *
 * <p>A reply is chosen in this order: the model's queue, the any-model queue, the model's
 * standing reply, the standing reply for any model.
 */
public final class EmulatorState {

  /** The standing reply for any model until a test sets another. */
  public static final BedrockReply DEFAULT_REPLY = BedrockReply.text("Hello from the Bedrock emulator.");

  private final Map<String, Deque<BedrockReply>> queuesByModel = new HashMap<>();
  private final Deque<BedrockReply> anyModelQueue = new ArrayDeque<>();
  private final Map<String, BedrockReply> standingByModel = new HashMap<>();
  private BedrockReply standing = DEFAULT_REPLY;
  private final Map<String, BedrockModelLifecycle> lifecycles = new HashMap<>();
  private final Set<String> unknownModels = new HashSet<>();
  private final List<RecordedBedrockRequest> journal = new ArrayList<>();
  private final Map<String, List<IngestionJob>> ingestionJobs = new HashMap<>();
  private final Map<String, List<String>> aliasRouting = new HashMap<>();
  private final Map<String, AgentVersion> agentVersions = new HashMap<>();
  private final Map<String, byte[]> controlResources = new HashMap<>();
  private final Map<String, LifecycleDates> lifecycleDates = new HashMap<>();
  private final PromptStore prompts = new PromptStore();

  /** Returns the Prompt Management prompts of this emulator. */
  public PromptStore prompts() {
    return prompts;
  }

  /**
   * The dates GetFoundationModel reports for a model, each null when not announced.
   *
   * @param legacyTime when the model enters legacy
   * @param publicExtendedAccessTime when public extended access begins
   * @param endOfLifeTime when the model reaches its end of life
   */
  public record LifecycleDates(@Nullable Instant legacyTime, @Nullable Instant publicExtendedAccessTime,
      @Nullable Instant endOfLifeTime) {}

  /** Sets the lifecycle dates GetFoundationModel reports for a model. */
  public synchronized void lifecycleDates(String modelId, LifecycleDates dates) {
    lifecycleDates.put(modelId, dates);
  }

  /** Returns the lifecycle dates of a model, or null when none were scripted. */
  public synchronized @Nullable LifecycleDates lifecycleDatesOf(String modelId) {
    return lifecycleDates.get(modelId);
  }
  private final Map<String, String> servedBehind = new HashMap<>();
  private final ThinkingRules thinking = new ThinkingRules();

  /** Returns the extended-thinking rule, which remembers the reasoning the emulator rendered. */
  public ThinkingRules thinking() {
    return thinking;
  }

  /** Records that calls to the resource {@code arn} are served by {@code model} (a model ID or ARN). */
  public synchronized void serves(String arn, String model) {
    servedBehind.put(arn, model);
  }

  /**
   * Returns the foundation-model ID that serves calls to {@code modelId}: through the scripted
   * inference profiles, provisioned throughputs and custom models, else {@code modelId} itself.
   */
  public synchronized String modelBehind(String modelId) {
    String id = modelId;
    for (int hop = 0; hop < 4 && servedBehind.containsKey(id); hop++) {
      id = servedBehind.get(id);
    }
    int at = id.indexOf(":foundation-model/");
    return at < 0 ? id : id.substring(at + ":foundation-model/".length());
  }

  /** Sets the body a control-plane operation answers for the resource with the given ARN. */
  public synchronized void controlResource(BedrockOperation operation, String arn, byte[] body) {
    controlResources.put(operation + " " + arn, body.clone());
  }

  /**
   * Returns the body a control-plane operation answers for an identifier (the resource's ARN or
   * the ID at its end), or null for an unknown resource.
   */
  public synchronized byte @Nullable [] controlResource(BedrockOperation operation, String identifier) {
    byte[] body = controlResources.get(operation + " " + identifier);
    if (body == null) {
      String suffix = "/" + identifier;
      for (Map.Entry<String, byte[]> e : controlResources.entrySet()) {
        if (e.getKey().startsWith(operation + " ") && e.getKey().endsWith(suffix)) {
          body = e.getValue();
          break;
        }
      }
    }
    return body == null ? null : body.clone();
  }

  /**
   * An ingestion job of a knowledge base data source, as ListIngestionJobs reports it.
   *
   * @param id the ingestion job ID
   * @param status the job status, such as {@code COMPLETE}, {@code IN_PROGRESS} or {@code FAILED}
   * @param sequence the order in which the job was scripted; later jobs started later
   */
  public record IngestionJob(String id, String status, int sequence) {}

  /** Adds an ingestion job to a data source; it starts after every job added before it. */
  public synchronized void ingestionJob(String knowledgeBaseId, String dataSourceId, String jobId, String status) {
    List<IngestionJob> jobs = ingestionJobs.computeIfAbsent(knowledgeBaseId + "/" + dataSourceId, k -> new ArrayList<>());
    jobs.add(new IngestionJob(jobId, status, jobs.size()));
  }

  /** Returns the ingestion jobs of a data source in the order added, or null if the data source is unknown. */
  public synchronized @Nullable List<IngestionJob> ingestionJobs(String knowledgeBaseId, String dataSourceId) {
    List<IngestionJob> jobs = ingestionJobs.get(knowledgeBaseId + "/" + dataSourceId);
    return jobs == null ? null : List.copyOf(jobs);
  }

  /** Sets the agent versions an alias routes to. */
  public synchronized void agentAlias(String agentId, String aliasId, List<String> versions) {
    aliasRouting.put(agentId + "/" + aliasId, List.copyOf(versions));
  }

  /**
   * Returns the agent versions an alias routes to: as scripted, {@code DRAFT} for the test alias
   * {@code TSTALIASID}, or null for an unknown alias.
   */
  public synchronized @Nullable List<String> agentAliasRouting(String agentId, String aliasId) {
    List<String> versions = aliasRouting.get(agentId + "/" + aliasId);
    if (versions == null && "TSTALIASID".equals(aliasId)) {
      return List.of("DRAFT");
    }
    return versions;
  }

  /**
   * A numbered agent version as GetAgentVersion and the action-group operations report it.
   *
   * @param foundationModel the version's foundation model
   * @param instruction the version's instruction
   * @param actionGroups the version's action groups in the AgentActionGroup wire form, each with
   *     its {@code actionGroupId}, in the order added
   */
  public record AgentVersion(String foundationModel, String instruction,
      List<com.fasterxml.jackson.databind.node.ObjectNode> actionGroups) {}

  /** Defines (or replaces) a numbered agent version. */
  public synchronized void agentVersion(String agentId, String version, AgentVersion definition) {
    agentVersions.put(agentId + "/" + version, definition);
  }

  /** Returns a numbered agent version, or null if the agent has no such version. */
  public synchronized @Nullable AgentVersion agentVersion(String agentId, String version) {
    return agentVersions.get(agentId + "/" + version);
  }

  /** Appends replies to the queue of one model, or of any model when {@code modelId} is null. */
  public synchronized void enqueue(@Nullable String modelId, List<BedrockReply> replies) {
    Deque<BedrockReply> queue =
        modelId == null ? anyModelQueue : queuesByModel.computeIfAbsent(modelId, k -> new ArrayDeque<>());
    queue.addAll(replies);
  }

  /** Sets the standing reply of one model, or of any model when {@code modelId} is null. */
  public synchronized void respondWith(@Nullable String modelId, BedrockReply reply) {
    if (modelId == null) {
      standing = reply;
    } else {
      standingByModel.put(modelId, reply);
    }
  }

  /** Removes and returns the next reply for the model. */
  public synchronized BedrockReply nextReply(String modelId) {
    Deque<BedrockReply> queue = queuesByModel.get(modelId);
    if (queue != null && !queue.isEmpty()) {
      return queue.removeFirst();
    }
    if (!anyModelQueue.isEmpty()) {
      return anyModelQueue.removeFirst();
    }
    return standingByModel.getOrDefault(modelId, standing);
  }

  /** Returns how many queued replies have not been served yet. */
  public synchronized int pendingReplies() {
    int pending = anyModelQueue.size();
    for (Deque<BedrockReply> queue : queuesByModel.values()) {
      pending += queue.size();
    }
    return pending;
  }

  /** Sets the lifecycle status GetFoundationModel reports for a model. */
  public synchronized void lifecycle(String modelId, BedrockModelLifecycle lifecycle) {
    unknownModels.remove(modelId);
    lifecycles.put(modelId, lifecycle);
  }

  /** Makes GetFoundationModel answer ResourceNotFoundException for a model. */
  public synchronized void unknownModel(String modelId) {
    lifecycles.remove(modelId);
    unknownModels.add(modelId);
  }

  /** Returns the lifecycle status of a model, or {@code null} if the model is unknown. */
  public synchronized @Nullable BedrockModelLifecycle lifecycleOf(String modelId) {
    if (unknownModels.contains(modelId)) {
      return null;
    }
    return lifecycles.getOrDefault(modelId, BedrockModelLifecycle.ACTIVE);
  }

  /** Appends a received request to the journal. */
  public synchronized void record(RecordedBedrockRequest request) {
    journal.add(request);
  }

  /** Returns a snapshot of the journal in arrival order. */
  public synchronized List<RecordedBedrockRequest> journal() {
    return List.copyOf(journal);
  }

  /** Clears the journal only. */
  public synchronized void clearJournal() {
    journal.clear();
  }

  /** Clears scripts, lifecycle statuses and the journal. */
  public synchronized void reset() {
    queuesByModel.clear();
    anyModelQueue.clear();
    standingByModel.clear();
    standing = DEFAULT_REPLY;
    lifecycles.clear();
    unknownModels.clear();
    ingestionJobs.clear();
    aliasRouting.clear();
    agentVersions.clear();
    controlResources.clear();
    lifecycleDates.clear();
    servedBehind.clear();
    thinking.reset();
    prompts.clear();
    journal.clear();
  }
}
