package dev.mvc.emulators.bedrock.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mvc.emulators.bedrock.BedrockErrorType;
import dev.mvc.emulators.bedrock.BedrockModelLifecycle;
import dev.mvc.emulators.bedrock.BedrockReply;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * A renderer of {@link BedrockReply} values into the bodies of each Bedrock operation: Converse
 * JSON, ConverseStream frames, Anthropic Messages JSON for InvokeModel, chunk events for
 * InvokeModelWithResponseStream, RetrieveAndGenerate JSON and InvokeAgent chunk events; and of
 * the emulator's resources into control-plane answers.
 */
public final class ReplyRenderer {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ReplyRenderer() {}

  /** Returns the Converse response body. */
  public static byte[] converse(BedrockReply reply) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode message = root.putObject("output").putObject("message");
    message.put("role", "assistant");
    ArrayNode content = message.putArray("content");
    if (reply.reasoning() != null) {
      ObjectNode reasoning = content.addObject().putObject("reasoningContent").putObject("reasoningText")
          .put("text", reply.reasoning());
      if (reply.reasoningSignature() != null) {
        reasoning.put("signature", reply.reasoningSignature());
      }
    }
    if (reply.redactedReasoning() != null) {
      content.addObject().putObject("reasoningContent").put("redactedContent", reply.redactedReasoning());
    }
    if (reply.toolUses().isEmpty() || !reply.text().isEmpty()) {
      content.addObject().put("text", reply.text());
    }
    for (BedrockReply.ToolUse t : reply.toolUses()) {
      content.addObject().putObject("toolUse").put("toolUseId", t.id()).put("name", t.name())
          .set("input", tree(t.inputJson()));
    }
    root.put("stopReason", reply.stopReason());
    root.set("usage", usage(reply));
    root.putObject("metrics").put("latencyMs", reply.latencyMs());
    return bytes(root);
  }

  /** Returns the ConverseStream body: a sequence of event-stream messages. */
  public static byte[] converseStream(BedrockReply reply) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(out, EventStreamEncoder.event("messageStart", "{\"role\":\"assistant\"}"));
    int textIndex = 0;
    if (reply.reasoning() != null) {
      ObjectNode delta = JSON.createObjectNode();
      delta.put("contentBlockIndex", 0);
      delta.putObject("delta").putObject("reasoningContent").put("text", reply.reasoning());
      write(out, EventStreamEncoder.event("contentBlockDelta", string(delta)));
      if (reply.reasoningSignature() != null) {
        ObjectNode signature = JSON.createObjectNode();
        signature.put("contentBlockIndex", 0);
        signature.putObject("delta").putObject("reasoningContent").put("signature", reply.reasoningSignature());
        write(out, EventStreamEncoder.event("contentBlockDelta", string(signature)));
      }
      write(out, EventStreamEncoder.event("contentBlockStop", "{\"contentBlockIndex\":0}"));
      textIndex = 1;
    }
    if (reply.redactedReasoning() != null) {
      ObjectNode delta = JSON.createObjectNode();
      delta.put("contentBlockIndex", textIndex);
      delta.putObject("delta").putObject("reasoningContent").put("redactedContent", reply.redactedReasoning());
      write(out, EventStreamEncoder.event("contentBlockDelta", string(delta)));
      write(out, EventStreamEncoder.event("contentBlockStop", "{\"contentBlockIndex\":" + textIndex + "}"));
      textIndex++;
    }
    List<String> deltas = reply.toolUses().isEmpty() || !reply.text().isEmpty() ? reply.deltas() : List.of();
    BedrockErrorType failure = reply.streamFailure();
    for (int i = 0; i < deltas.size(); i++) {
      if (failure != null && i == reply.streamFailureAfter()) {
        write(out, exceptionFrame(failure, reply.message()));
        return out.toByteArray();
      }
      ObjectNode delta = JSON.createObjectNode();
      delta.put("contentBlockIndex", textIndex);
      delta.putObject("delta").put("text", deltas.get(i));
      write(out, EventStreamEncoder.event("contentBlockDelta", string(delta)));
    }
    if (failure != null) {
      write(out, exceptionFrame(failure, reply.message()));
      return out.toByteArray();
    }
    int index = textIndex;
    if (!deltas.isEmpty()) {
      write(out, EventStreamEncoder.event("contentBlockStop", "{\"contentBlockIndex\":" + textIndex + "}"));
      index++;
    }
    for (BedrockReply.ToolUse t : reply.toolUses()) {
      ObjectNode start = JSON.createObjectNode();
      start.putObject("start").putObject("toolUse").put("toolUseId", t.id()).put("name", t.name());
      start.put("contentBlockIndex", index);
      write(out, EventStreamEncoder.event("contentBlockStart", string(start)));
      String input = string((ObjectNode) tree(t.inputJson()));
      int half = input.length() / 2;
      for (String fragment : List.of(input.substring(0, half), input.substring(half))) {
        ObjectNode delta = JSON.createObjectNode();
        delta.putObject("delta").putObject("toolUse").put("input", fragment);
        delta.put("contentBlockIndex", index);
        write(out, EventStreamEncoder.event("contentBlockDelta", string(delta)));
      }
      write(out, EventStreamEncoder.event("contentBlockStop", "{\"contentBlockIndex\":" + index + "}"));
      index++;
    }
    ObjectNode stop = JSON.createObjectNode().put("stopReason", reply.stopReason());
    write(out, EventStreamEncoder.event("messageStop", string(stop)));
    ObjectNode metadata = JSON.createObjectNode();
    metadata.set("usage", usage(reply));
    metadata.putObject("metrics").put("latencyMs", reply.latencyMs());
    write(out, EventStreamEncoder.event("metadata", string(metadata)));
    return out.toByteArray();
  }

  /** Returns the InvokeModel response body in the Anthropic Messages format. */
  public static byte[] anthropicMessage(BedrockReply reply, String modelId, String messageId) {
    ObjectNode root = JSON.createObjectNode();
    root.put("id", messageId);
    root.put("type", "message");
    root.put("role", "assistant");
    root.put("model", servedModel(reply, modelId));
    ArrayNode content = root.putArray("content");
    if (reply.reasoning() != null) {
      ObjectNode thinking = content.addObject().put("type", "thinking").put("thinking", reply.reasoning());
      if (reply.reasoningSignature() != null) {
        thinking.put("signature", reply.reasoningSignature());
      }
    }
    if (reply.redactedReasoning() != null) {
      content.addObject().put("type", "redacted_thinking").put("data", reply.redactedReasoning());
    }
    if (reply.toolUses().isEmpty() || !reply.text().isEmpty()) {
      content.addObject().put("type", "text").put("text", reply.text());
    }
    for (BedrockReply.ToolUse t : reply.toolUses()) {
      content.addObject().put("type", "tool_use").put("id", t.id()).put("name", t.name()).set("input", tree(t.inputJson()));
    }
    root.put("stop_reason", reply.stopReason());
    root.putNull("stop_sequence");
    ObjectNode usage = root.putObject("usage")
        .put("input_tokens", reply.inputTokens())
        .put("output_tokens", reply.outputTokens());
    if (reply.cacheReadInputTokens() > 0 || reply.cacheWriteInputTokens() > 0) {
      usage.put("cache_read_input_tokens", reply.cacheReadInputTokens())
          .put("cache_creation_input_tokens", reply.cacheWriteInputTokens());
    }
    return bytes(root);
  }

  /**
   * Returns the InvokeModelWithResponseStream body: {@code chunk} events whose {@code bytes} are
   * the base64 of Anthropic stream events.
   */
  public static byte[] anthropicStream(BedrockReply reply, String modelId, String messageId) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ObjectNode start = JSON.createObjectNode().put("type", "message_start");
    ObjectNode message = start.putObject("message");
    message.put("id", messageId);
    message.put("type", "message");
    message.put("role", "assistant");
    message.put("model", servedModel(reply, modelId));
    message.putArray("content");
    message.putNull("stop_reason");
    message.putNull("stop_sequence");
    ObjectNode startUsage = message.putObject("usage").put("input_tokens", reply.inputTokens()).put("output_tokens", 1);
    if (reply.cacheReadInputTokens() > 0 || reply.cacheWriteInputTokens() > 0) {
      startUsage.put("cache_read_input_tokens", reply.cacheReadInputTokens())
          .put("cache_creation_input_tokens", reply.cacheWriteInputTokens());
    }
    write(out, chunk(start));

    int textIndex = 0;
    if (reply.reasoning() != null) {
      ObjectNode thinkingStart = JSON.createObjectNode().put("type", "content_block_start").put("index", 0);
      thinkingStart.putObject("content_block").put("type", "thinking").put("thinking", "");
      write(out, chunk(thinkingStart));
      ObjectNode thinking = JSON.createObjectNode().put("type", "content_block_delta").put("index", 0);
      thinking.putObject("delta").put("type", "thinking_delta").put("thinking", reply.reasoning());
      write(out, chunk(thinking));
      if (reply.reasoningSignature() != null) {
        ObjectNode signature = JSON.createObjectNode().put("type", "content_block_delta").put("index", 0);
        signature.putObject("delta").put("type", "signature_delta").put("signature", reply.reasoningSignature());
        write(out, chunk(signature));
      }
      write(out, chunk(JSON.createObjectNode().put("type", "content_block_stop").put("index", 0)));
      textIndex = 1;
    }
    if (reply.redactedReasoning() != null) {
      ObjectNode redactedStart = JSON.createObjectNode().put("type", "content_block_start").put("index", textIndex);
      redactedStart.putObject("content_block").put("type", "redacted_thinking").put("data", reply.redactedReasoning());
      write(out, chunk(redactedStart));
      write(out, chunk(JSON.createObjectNode().put("type", "content_block_stop").put("index", textIndex)));
      textIndex++;
    }
    ObjectNode blockStart = JSON.createObjectNode().put("type", "content_block_start").put("index", textIndex);
    blockStart.putObject("content_block").put("type", "text").put("text", "");
    write(out, chunk(blockStart));

    List<String> deltas = reply.deltas();
    BedrockErrorType failure = reply.streamFailure();
    for (int i = 0; i < deltas.size(); i++) {
      if (failure != null && i == reply.streamFailureAfter()) {
        write(out, exceptionFrame(failure, reply.message()));
        return out.toByteArray();
      }
      ObjectNode delta = JSON.createObjectNode().put("type", "content_block_delta").put("index", textIndex);
      delta.putObject("delta").put("type", "text_delta").put("text", deltas.get(i));
      write(out, chunk(delta));
    }
    if (failure != null) {
      write(out, exceptionFrame(failure, reply.message()));
      return out.toByteArray();
    }
    write(out, chunk(JSON.createObjectNode().put("type", "content_block_stop").put("index", textIndex)));
    int index = textIndex + 1;
    for (BedrockReply.ToolUse t : reply.toolUses()) {
      ObjectNode toolStart = JSON.createObjectNode().put("type", "content_block_start").put("index", index);
      toolStart.putObject("content_block").put("type", "tool_use").put("id", t.id()).put("name", t.name())
          .putObject("input");
      write(out, chunk(toolStart));
      String input = string((ObjectNode) tree(t.inputJson()));
      int half = input.length() / 2;
      for (String fragment : List.of(input.substring(0, half), input.substring(half))) {
        ObjectNode delta = JSON.createObjectNode().put("type", "content_block_delta").put("index", index);
        delta.putObject("delta").put("type", "input_json_delta").put("partial_json", fragment);
        write(out, chunk(delta));
      }
      write(out, chunk(JSON.createObjectNode().put("type", "content_block_stop").put("index", index)));
      index++;
    }
    ObjectNode messageDelta = JSON.createObjectNode().put("type", "message_delta");
    messageDelta.putObject("delta").put("stop_reason", reply.stopReason()).putNull("stop_sequence");
    messageDelta.putObject("usage").put("output_tokens", reply.outputTokens());
    write(out, chunk(messageDelta));
    ObjectNode stop = JSON.createObjectNode().put("type", "message_stop");
    stop.putObject("amazon-bedrock-invocationMetrics")
        .put("inputTokenCount", reply.inputTokens())
        .put("outputTokenCount", reply.outputTokens())
        .put("invocationLatency", reply.latencyMs())
        .put("firstByteLatency", reply.latencyMs() / 2);
    write(out, chunk(stop));
    return out.toByteArray();
  }

  /** Returns the GetFoundationModel response body. */
  public static byte[] foundationModel(String modelId, String region, BedrockModelLifecycle lifecycle,
      EmulatorState.@org.jspecify.annotations.Nullable LifecycleDates dates) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode details = root.putObject("modelDetails");
    details.put("modelArn", "arn:aws:bedrock:" + region + "::foundation-model/" + modelId);
    details.put("modelId", modelId);
    details.put("modelName", ModelIds.displayName(modelId));
    String provider = ModelIds.provider(modelId);
    String providerName = provider.isEmpty()
        ? "Unknown"
        : provider.substring(0, 1).toUpperCase(Locale.ROOT) + provider.substring(1);
    details.put("providerName", providerName.substring(0, Math.min(20, providerName.length())));
    details.putArray("inputModalities").add("TEXT");
    details.putArray("outputModalities").add("TEXT");
    details.put("responseStreamingSupported", true);
    details.putArray("customizationsSupported");
    details.putArray("inferenceTypesSupported").add("ON_DEMAND");
    ObjectNode l = details.putObject("modelLifecycle").put("status", lifecycle.name());
    if (dates != null) {
      putTime(l, "legacyTime", dates.legacyTime());
      putTime(l, "publicExtendedAccessTime", dates.publicExtendedAccessTime());
      putTime(l, "endOfLifeTime", dates.endOfLifeTime());
    }
    return bytes(root);
  }

  /** Returns the RetrieveAndGenerate response body: the answer, its citations and the session ID. */
  public static byte[] retrieveAndGenerate(BedrockReply reply, String sessionId) {
    ObjectNode root = JSON.createObjectNode();
    root.putObject("output").put("text", reply.text());
    root.set("citations", citations(reply));
    root.put("sessionId", sessionId);
    return bytes(root);
  }

  /**
   * Returns the InvokeAgent body: one {@code chunk} event per text delta, its {@code bytes} the
   * base64 of the delta's UTF-8, the reply's citations attached to the last chunk.
   */
  public static byte[] agentStream(BedrockReply reply) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<String> deltas = reply.deltas();
    BedrockErrorType failure = reply.streamFailure();
    for (int i = 0; i < deltas.size(); i++) {
      if (failure != null && i == reply.streamFailureAfter()) {
        write(out, exceptionFrame(failure, reply.message()));
        return out.toByteArray();
      }
      ObjectNode chunk = JSON.createObjectNode().put("bytes",
          Base64.getEncoder().encodeToString(deltas.get(i).getBytes(StandardCharsets.UTF_8)));
      if (i == deltas.size() - 1 && !reply.citations().isEmpty()) {
        chunk.putObject("attribution").set("citations", citations(reply));
      }
      write(out, EventStreamEncoder.event("chunk", string(chunk)));
    }
    if (failure != null) {
      write(out, exceptionFrame(failure, reply.message()));
    }
    return out.toByteArray();
  }

  /**
   * Returns the ListIngestionJobs response body for one page of jobs, already filtered and
   * ordered, with the token of the next page or null on the last page.
   */
  public static byte[] ingestionJobs(String knowledgeBaseId, String dataSourceId, List<EmulatorState.IngestionJob> jobs,
      @org.jspecify.annotations.Nullable String nextToken) {
    ObjectNode root = JSON.createObjectNode();
    if (nextToken != null) {
      root.put("nextToken", nextToken);
    }
    ArrayNode summaries = root.putArray("ingestionJobSummaries");
    for (EmulatorState.IngestionJob job : jobs) {
      String started = startedAt(job).toString();
      ObjectNode summary = summaries.addObject()
          .put("knowledgeBaseId", knowledgeBaseId)
          .put("dataSourceId", dataSourceId)
          .put("ingestionJobId", job.id())
          .put("status", job.status())
          .put("startedAt", started)
          .put("updatedAt", started);
      summary.putObject("statistics").put("numberOfDocumentsScanned", 1).put("numberOfNewDocumentsIndexed", 1);
    }
    return bytes(root);
  }

  /** Returns when a scripted ingestion job started: one minute after the one scripted before it. */
  public static Instant startedAt(EmulatorState.IngestionJob job) {
    return Instant.parse("2026-01-01T00:00:00Z").plusSeconds(60L * job.sequence());
  }

  /** Returns the GetAgentAlias response body. */
  public static byte[] agentAlias(String agentId, String aliasId, String region, List<String> versions) {
    ObjectNode alias = JSON.createObjectNode();
    alias.put("agentId", agentId);
    alias.put("agentAliasId", aliasId);
    alias.put("agentAliasName", "TSTALIASID".equals(aliasId) ? "AgentTestAlias" : aliasId.toLowerCase(Locale.ROOT));
    alias.put("agentAliasArn", "arn:aws:bedrock:" + region + ":123456789012:agent-alias/" + agentId + "/" + aliasId);
    ArrayNode routing = alias.putArray("routingConfiguration");
    versions.forEach(v -> routing.addObject().put("agentVersion", v));
    alias.put("agentAliasStatus", "PREPARED");
    alias.put("createdAt", "2026-01-01T00:00:00Z");
    alias.put("updatedAt", "2026-01-01T00:00:00Z");
    ObjectNode root = JSON.createObjectNode();
    root.set("agentAlias", alias);
    return bytes(root);
  }

  /** Returns the GetAgentVersion response body. */
  public static byte[] agentVersion(String agentId, String version, String region, EmulatorState.AgentVersion v) {
    ObjectNode out = JSON.createObjectNode();
    out.put("agentId", agentId);
    out.put("agentName", agentId.toLowerCase(Locale.ROOT));
    out.put("agentArn", "arn:aws:bedrock:" + region + ":123456789012:agent/" + agentId);
    out.put("version", version);
    out.put("instruction", v.instruction());
    out.put("agentStatus", "PREPARED");
    out.put("foundationModel", v.foundationModel());
    out.put("idleSessionTTLInSeconds", 600);
    out.put("agentResourceRoleArn", "arn:aws:iam::123456789012:role/AmazonBedrockExecutionRoleForAgents_" + agentId);
    out.put("createdAt", "2026-01-01T00:00:00Z");
    out.put("updatedAt", "2026-01-01T00:00:00Z");
    ObjectNode root = JSON.createObjectNode();
    root.set("agentVersion", out);
    return bytes(root);
  }

  /** Returns a ListAgentActionGroups response body for one page of action groups. */
  public static byte[] actionGroupSummaries(List<ObjectNode> groups, @org.jspecify.annotations.Nullable String nextToken) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode list = root.putArray("actionGroupSummaries");
    for (ObjectNode g : groups) {
      ObjectNode s = list.addObject();
      s.put("actionGroupId", g.path("actionGroupId").asText());
      s.put("actionGroupName", g.path("actionGroupName").asText());
      s.put("actionGroupState", g.path("actionGroupState").asText("ENABLED"));
      if (g.hasNonNull("description")) {
        s.put("description", g.get("description").asText());
      }
      s.put("updatedAt", "2026-01-01T00:00:00Z");
    }
    if (nextToken != null) {
      root.put("nextToken", nextToken);
    }
    return bytes(root);
  }

  /** Returns the GetAgentActionGroup response body. */
  public static byte[] actionGroup(String agentId, String version, ObjectNode group) {
    ObjectNode out = JSON.createObjectNode();
    out.put("agentId", agentId);
    out.put("agentVersion", version);
    out.setAll(group);
    if (!out.has("actionGroupState")) {
      out.put("actionGroupState", "ENABLED");
    }
    out.put("createdAt", "2026-01-01T00:00:00Z");
    out.put("updatedAt", "2026-01-01T00:00:00Z");
    ObjectNode root = JSON.createObjectNode();
    root.set("agentActionGroup", out);
    return bytes(root);
  }

  /** Returns the JSON body of an error answer. */
  public static byte[] errorBody(String message) {
    return bytes(JSON.createObjectNode().put("message", message));
  }

  private static byte[] exceptionFrame(BedrockErrorType type, String message) {
    return EventStreamEncoder.exception(
        type.streamExceptionTypeName(), string(JSON.createObjectNode().put("message", message)));
  }

  private static byte[] chunk(ObjectNode anthropicEvent) {
    String encoded = Base64.getEncoder().encodeToString(bytes(anthropicEvent));
    return EventStreamEncoder.event("chunk", string(JSON.createObjectNode().put("bytes", encoded)));
  }

  private static ArrayNode citations(BedrockReply reply) {
    ArrayNode out = JSON.createArrayNode();
    String text = reply.text();
    for (BedrockReply.Citation c : reply.citations()) {
      int start = Math.max(0, text.indexOf(c.text()));
      ObjectNode citation = out.addObject();
      citation.putObject("generatedResponsePart").putObject("textResponsePart")
          .put("text", c.text())
          .putObject("span").put("start", start).put("end", start + c.text().length() - 1);
      ArrayNode references = citation.putArray("retrievedReferences");
      for (String uri : c.sourceUris()) {
        ObjectNode reference = references.addObject();
        reference.putObject("content").put("type", "TEXT").put("text", "Retrieved passage of " + uri);
        ObjectNode location = reference.putObject("location");
        if (uri.startsWith("s3://")) {
          location.put("type", "S3").putObject("s3Location").put("uri", uri);
        } else {
          location.put("type", "WEB").putObject("webLocation").put("url", uri);
        }
      }
    }
    return out;
  }

  private static ObjectNode usage(BedrockReply reply) {
    ObjectNode usage = JSON.createObjectNode()
        .put("inputTokens", reply.inputTokens())
        .put("outputTokens", reply.outputTokens())
        .put("totalTokens", reply.inputTokens() + reply.outputTokens());
    if (reply.cacheReadInputTokens() > 0 || reply.cacheWriteInputTokens() > 0) {
      usage.put("cacheReadInputTokens", reply.cacheReadInputTokens())
          .put("cacheWriteInputTokens", reply.cacheWriteInputTokens());
    }
    return usage;
  }

  private static com.fasterxml.jackson.databind.JsonNode tree(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String servedModel(BedrockReply reply, String modelId) {
    String served = reply.servedModel();
    return served != null ? served : ModelIds.shortName(modelId);
  }

  private static void putTime(ObjectNode node, String field, @org.jspecify.annotations.Nullable Instant time) {
    if (time != null) {
      node.put(field, time.toString());
    }
  }

  private static void write(ByteArrayOutputStream out, byte[] bytes) {
    out.write(bytes, 0, bytes.length);
  }

  private static String string(ObjectNode node) {
    return new String(bytes(node), StandardCharsets.UTF_8);
  }

  private static byte[] bytes(ObjectNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
