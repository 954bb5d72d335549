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
  GET_FOUNDATION_MODEL;

  /** Returns whether the operation answers with an {@code application/vnd.amazon.eventstream} body. */
  public boolean streaming() {
    return this == CONVERSE_STREAM || this == INVOKE_MODEL_WITH_RESPONSE_STREAM;
  }
}
