package dev.mvc.opentelemetry;

import io.opentelemetry.api.common.AttributeKey;
import java.util.List;

/**
 * The span attributes {@link MvcTracing} sets: the OpenTelemetry GenAI semantic conventions
 * ({@code gen_ai.*}, {@code error.type}, {@code aws.bedrock.*}) and mvc's own ({@code mvc.*}).
 * Prompt text and variable values are never among them.
 */
public final class MvcAttributes {
  /** The provider, such as {@code aws.bedrock} or {@code aws.sagemaker}. */
  public static final AttributeKey<String> GEN_AI_PROVIDER_NAME = AttributeKey.stringKey("gen_ai.provider.name");
  /** The operation: {@code chat}. */
  public static final AttributeKey<String> GEN_AI_OPERATION_NAME = AttributeKey.stringKey("gen_ai.operation.name");
  /** The pinned model ID, or {@code endpoint/variant} for SageMaker. */
  public static final AttributeKey<String> GEN_AI_REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
  /** The effective temperature (pin plus allowed override). */
  public static final AttributeKey<Double> GEN_AI_REQUEST_TEMPERATURE =
      AttributeKey.doubleKey("gen_ai.request.temperature");
  /** The effective maximum number of output tokens. */
  public static final AttributeKey<Long> GEN_AI_REQUEST_MAX_TOKENS = AttributeKey.longKey("gen_ai.request.max_tokens");
  /** The effective top-p. */
  public static final AttributeKey<Double> GEN_AI_REQUEST_TOP_P = AttributeKey.doubleKey("gen_ai.request.top_p");
  /** The pinned stop sequences. */
  public static final AttributeKey<List<String>> GEN_AI_REQUEST_STOP_SEQUENCES =
      AttributeKey.stringArrayKey("gen_ai.request.stop_sequences");
  /** The provider's stop reason, as a one-element array. */
  public static final AttributeKey<List<String>> GEN_AI_RESPONSE_FINISH_REASONS =
      AttributeKey.stringArrayKey("gen_ai.response.finish_reasons");
  /** The provider's request ID. */
  public static final AttributeKey<String> GEN_AI_RESPONSE_ID = AttributeKey.stringKey("gen_ai.response.id");
  /** Input (prompt) tokens reported by the provider. */
  public static final AttributeKey<Long> GEN_AI_USAGE_INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
  /** Output tokens reported by the provider. */
  public static final AttributeKey<Long> GEN_AI_USAGE_OUTPUT_TOKENS =
      AttributeKey.longKey("gen_ai.usage.output_tokens");
  /** Prompt tokens read from the provider's prompt cache. */
  public static final AttributeKey<Long> GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS =
      AttributeKey.longKey("gen_ai.usage.cache_read.input_tokens");
  /** Prompt tokens written to the provider's prompt cache. */
  public static final AttributeKey<Long> GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS =
      AttributeKey.longKey("gen_ai.usage.cache_creation.input_tokens");
  /** The manifest name. */
  public static final AttributeKey<String> GEN_AI_PROMPT_NAME = AttributeKey.stringKey("gen_ai.prompt.name");
  /** The manifest version label. */
  public static final AttributeKey<String> GEN_AI_PROMPT_VERSION = AttributeKey.stringKey("gen_ai.prompt.version");
  /**
   * The error type of a failed call: the provider's error code (such as
   * {@code ThrottlingException}) when known, else the exception's class name.
   */
  public static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  /** The pinned Bedrock guardrail ID. */
  public static final AttributeKey<String> AWS_BEDROCK_GUARDRAIL_ID = AttributeKey.stringKey("aws.bedrock.guardrail.id");
  /** The pinned Bedrock knowledge base ID. */
  public static final AttributeKey<String> AWS_BEDROCK_KNOWLEDGE_BASE_ID =
      AttributeKey.stringKey("aws.bedrock.knowledge_base.id");
  /** The manifest digest ({@code sha256:...}). */
  public static final AttributeKey<String> MVC_MANIFEST_DIGEST = AttributeKey.stringKey("mvc.manifest.digest");
  /** The invocation ID, also in the response's stamp. */
  public static final AttributeKey<String> MVC_INVOCATION_ID = AttributeKey.stringKey("mvc.invocation.id");
  /** Where the manifest was loaded from ({@code source} or {@code last-known-good}). */
  public static final AttributeKey<String> MVC_SERVED_FROM = AttributeKey.stringKey("mvc.served_from");
  /** On drift: the pinned value the backend did not serve. */
  public static final AttributeKey<String> MVC_DRIFT_PINNED = AttributeKey.stringKey("mvc.drift.pinned");
  /** On drift: what the backend reported serving instead. */
  public static final AttributeKey<String> MVC_DRIFT_SERVED = AttributeKey.stringKey("mvc.drift.served");

  /** The value of {@link #GEN_AI_OPERATION_NAME}. */
  public static final String OPERATION_CHAT = "chat";
  /** The value of {@link #ERROR_TYPE} for a span ended because its call never reported an outcome. */
  public static final String ERROR_TYPE_OTHER = "_OTHER";

  private MvcAttributes() {}
}
