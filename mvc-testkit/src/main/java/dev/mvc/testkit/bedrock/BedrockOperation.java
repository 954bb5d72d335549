package dev.mvc.testkit.bedrock;

/** An operation of the Bedrock wire protocol that {@link BedrockEmulator} answers. */
public enum BedrockOperation {
  /** {@code POST /model/{modelId}/converse}. */
  CONVERSE,
  /** {@code POST /model/{modelId}/converse-stream}, answered with event-stream frames. */
  CONVERSE_STREAM,
  /** {@code POST /model/{modelId}/invoke}, answered in the Anthropic Messages format. */
  INVOKE_MODEL,
  /** {@code POST /model/{modelId}/invoke-with-response-stream}, answered with chunk events. */
  INVOKE_MODEL_WITH_RESPONSE_STREAM,
  /** {@code GET /foundation-models/{modelId}} of the Bedrock control plane. */
  GET_FOUNDATION_MODEL,
  /** {@code POST /retrieveAndGenerate} of Agents for Bedrock Runtime (knowledge bases). */
  RETRIEVE_AND_GENERATE,
  /**
   * {@code POST /agents/{agentId}/agentAliases/{agentAliasId}/sessions/{sessionId}/text} of Agents
   * for Bedrock Runtime, answered with {@code chunk} events.
   */
  INVOKE_AGENT,
  /** {@code POST /knowledgebases/{knowledgeBaseId}/datasources/{dataSourceId}/ingestionjobs/} of the Agents for Bedrock control plane. */
  LIST_INGESTION_JOBS,
  /** {@code GET /agents/{agentId}/agentaliases/{agentAliasId}/} of the Agents for Bedrock control plane. */
  GET_AGENT_ALIAS;

  /** Returns whether the operation answers with an {@code application/vnd.amazon.eventstream} body. */
  public boolean streaming() {
    return this == CONVERSE_STREAM || this == INVOKE_MODEL_WITH_RESPONSE_STREAM || this == INVOKE_AGENT;
  }

  /** Returns whether the operation belongs to a control plane and is answered from the emulator's resources, not its replies. */
  public boolean controlPlane() {
    return this == GET_FOUNDATION_MODEL || this == LIST_INGESTION_JOBS || this == GET_AGENT_ALIAS;
  }
}
