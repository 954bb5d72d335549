package dev.mvc.emulators.bedrock;

import static dev.mvc.emulators.bedrock.BedrockErrorType.ACCESS_DENIED;
import static dev.mvc.emulators.bedrock.BedrockErrorType.BAD_GATEWAY;
import static dev.mvc.emulators.bedrock.BedrockErrorType.CONFLICT;
import static dev.mvc.emulators.bedrock.BedrockErrorType.DEPENDENCY_FAILED;
import static dev.mvc.emulators.bedrock.BedrockErrorType.INTERNAL_SERVER;
import static dev.mvc.emulators.bedrock.BedrockErrorType.MODEL_ERROR;
import static dev.mvc.emulators.bedrock.BedrockErrorType.MODEL_NOT_READY;
import static dev.mvc.emulators.bedrock.BedrockErrorType.MODEL_STREAM_ERROR;
import static dev.mvc.emulators.bedrock.BedrockErrorType.MODEL_TIMEOUT;
import static dev.mvc.emulators.bedrock.BedrockErrorType.RESOURCE_NOT_FOUND;
import static dev.mvc.emulators.bedrock.BedrockErrorType.SERVICE_QUOTA_EXCEEDED;
import static dev.mvc.emulators.bedrock.BedrockErrorType.SERVICE_UNAVAILABLE;
import static dev.mvc.emulators.bedrock.BedrockErrorType.THROTTLING;
import static dev.mvc.emulators.bedrock.BedrockErrorType.VALIDATION;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * An operation of the Bedrock wire protocol that {@link BedrockEmulator} answers, with the errors
 * and in-stream exceptions its AWS service model declares.
 */
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
  GET_AGENT_ALIAS,
  /** {@code GET /agents/{agentId}/agentversions/{agentVersion}/} of the Agents for Bedrock control plane. */
  GET_AGENT_VERSION,
  /** {@code POST /agents/{agentId}/agentversions/{agentVersion}/actiongroups/} of the Agents for Bedrock control plane. */
  LIST_AGENT_ACTION_GROUPS,
  /**
   * {@code GET /agents/{agentId}/agentversions/{agentVersion}/actiongroups/{actionGroupId}/} of the
   * Agents for Bedrock control plane.
   */
  GET_AGENT_ACTION_GROUP,
  /** {@code GET /inference-profiles/{inferenceProfileIdentifier}} of the Bedrock control plane. */
  GET_INFERENCE_PROFILE,
  /** {@code GET /provisioned-model-throughput/{provisionedModelId}} of the Bedrock control plane. */
  GET_PROVISIONED_MODEL_THROUGHPUT,
  /** {@code GET /custom-models/{modelIdentifier}} of the Bedrock control plane. */
  GET_CUSTOM_MODEL,
  /** {@code GET /imported-models/{modelIdentifier}} of the Bedrock control plane. */
  GET_IMPORTED_MODEL,
  /** {@code GET /prompts/{promptIdentifier}/} of the Agents for Bedrock control plane (Prompt Management). */
  GET_PROMPT,
  /** {@code PUT /prompts/{promptIdentifier}/} of the Agents for Bedrock control plane: replaces the draft. */
  UPDATE_PROMPT,
  /** {@code POST /prompts/{promptIdentifier}/versions} of the Agents for Bedrock control plane, answered with 201. */
  CREATE_PROMPT_VERSION;

  /** Returns whether the operation answers with an {@code application/vnd.amazon.eventstream} body. */
  public boolean streaming() {
    return this == CONVERSE_STREAM || this == INVOKE_MODEL_WITH_RESPONSE_STREAM || this == INVOKE_AGENT;
  }

  /** Returns whether the operation belongs to a control plane and is answered from the emulator's resources, not its replies. */
  public boolean controlPlane() {
    return this == GET_FOUNDATION_MODEL || this == LIST_INGESTION_JOBS || this == GET_AGENT_ALIAS
        || this == GET_AGENT_VERSION || this == LIST_AGENT_ACTION_GROUPS || this == GET_AGENT_ACTION_GROUP
        || this == GET_INFERENCE_PROFILE || this == GET_PROVISIONED_MODEL_THROUGHPUT || this == GET_CUSTOM_MODEL
        || this == GET_IMPORTED_MODEL || this == GET_PROMPT || this == UPDATE_PROMPT
        || this == CREATE_PROMPT_VERSION;
  }

  /** Returns whether the operation belongs to Agents for Bedrock Runtime (RetrieveAndGenerate, InvokeAgent). */
  public boolean agentRuntime() {
    return this == RETRIEVE_AND_GENERATE || this == INVOKE_AGENT;
  }

  /**
   * Returns the errors the operation's AWS service model declares, the only ones the emulator
   * sends as HTTP errors for it. Control-plane operations answer from resources, not scripted
   * replies; their set is the declared one all the same.
   */
  public Set<BedrockErrorType> errors() {
    switch (this) {
      case CONVERSE:
      case CONVERSE_STREAM:
        return set(ACCESS_DENIED, THROTTLING, RESOURCE_NOT_FOUND, MODEL_TIMEOUT, INTERNAL_SERVER,
            SERVICE_UNAVAILABLE, VALIDATION, MODEL_NOT_READY, MODEL_ERROR);
      case INVOKE_MODEL:
        return set(ACCESS_DENIED, RESOURCE_NOT_FOUND, THROTTLING, MODEL_TIMEOUT, INTERNAL_SERVER,
            SERVICE_UNAVAILABLE, VALIDATION, SERVICE_QUOTA_EXCEEDED, MODEL_NOT_READY, MODEL_ERROR);
      case INVOKE_MODEL_WITH_RESPONSE_STREAM:
        return set(ACCESS_DENIED, RESOURCE_NOT_FOUND, THROTTLING, MODEL_TIMEOUT, INTERNAL_SERVER,
            SERVICE_UNAVAILABLE, MODEL_STREAM_ERROR, VALIDATION, SERVICE_QUOTA_EXCEEDED, MODEL_NOT_READY,
            MODEL_ERROR);
      case RETRIEVE_AND_GENERATE:
        return set(RESOURCE_NOT_FOUND, CONFLICT, VALIDATION, INTERNAL_SERVER, DEPENDENCY_FAILED, BAD_GATEWAY,
            THROTTLING, ACCESS_DENIED, SERVICE_QUOTA_EXCEEDED);
      case INVOKE_AGENT:
        return set(MODEL_NOT_READY, RESOURCE_NOT_FOUND, CONFLICT, VALIDATION, INTERNAL_SERVER, DEPENDENCY_FAILED,
            BAD_GATEWAY, THROTTLING, ACCESS_DENIED, SERVICE_QUOTA_EXCEEDED);
      case UPDATE_PROMPT:
      case CREATE_PROMPT_VERSION:
        return set(THROTTLING, ACCESS_DENIED, VALIDATION, INTERNAL_SERVER, RESOURCE_NOT_FOUND, CONFLICT,
            SERVICE_QUOTA_EXCEEDED);
      default:
        return set(RESOURCE_NOT_FOUND, ACCESS_DENIED, VALIDATION, INTERNAL_SERVER, THROTTLING);
    }
  }

  /**
   * Returns the exceptions the operation's event stream models, the only ones the emulator
   * sends as in-stream exception frames; empty for operations that do not stream.
   */
  public Set<BedrockErrorType> streamExceptions() {
    switch (this) {
      case CONVERSE_STREAM:
        return set(INTERNAL_SERVER, MODEL_STREAM_ERROR, VALIDATION, THROTTLING, SERVICE_UNAVAILABLE);
      case INVOKE_MODEL_WITH_RESPONSE_STREAM:
        return set(INTERNAL_SERVER, MODEL_STREAM_ERROR, VALIDATION, THROTTLING, MODEL_TIMEOUT, SERVICE_UNAVAILABLE);
      case INVOKE_AGENT:
        return set(ACCESS_DENIED, BAD_GATEWAY, CONFLICT, DEPENDENCY_FAILED, INTERNAL_SERVER, MODEL_NOT_READY,
            RESOURCE_NOT_FOUND, SERVICE_QUOTA_EXCEEDED, THROTTLING, VALIDATION);
      default:
        return Collections.emptySet();
    }
  }

  private static Set<BedrockErrorType> set(BedrockErrorType first, BedrockErrorType... rest) {
    return Collections.unmodifiableSet(EnumSet.of(first, rest));
  }
}
