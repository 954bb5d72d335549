package dev.mvc.emulators.sagemaker;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A scripted answer of the {@link SageMakerEmulator} to one endpoint invocation: generated text
 * (rendered in the payload format of the request), a raw JSON body, or an error.
 *
 * <p>Text replies are rendered after the request's shape: a body with {@code messages} gets an
 * OpenAI chat completion ({@code choices[0].message.content} with {@code usage}), a body with
 * {@code inputs} gets a Hugging Face TGI array ({@code [{"generated_text": ..}]}), any other body
 * gets {@code {"generated_text": ..}}. Use {@link #json(String)} for other response shapes.
 * Instances are immutable; the {@code with..} methods return copies.
 */
public final class SageMakerReply {
  private final @Nullable String text;
  private final @Nullable String body;
  private final int status;
  private final @Nullable String errorCode;
  private final String message;
  private final int originalStatusCode;
  private final @Nullable String originalMessage;
  private final @Nullable String requestId;
  private final @Nullable String servedVariant;
  private final boolean variantHeader;
  private final String finishReason;
  private final int inputTokens;
  private final int outputTokens;
  private final Duration delay;
  private final int streamFailureAfter;

  private SageMakerReply(@Nullable String text, @Nullable String body, int status, @Nullable String errorCode,
      String message, int originalStatusCode, @Nullable String originalMessage, @Nullable String requestId, @Nullable String servedVariant,
      boolean variantHeader, String finishReason, int inputTokens, int outputTokens, Duration delay,
      int streamFailureAfter) {
    this.text = text;
    this.body = body;
    this.status = status;
    this.errorCode = errorCode;
    this.message = message;
    this.originalStatusCode = originalStatusCode;
    this.originalMessage = originalMessage;
    this.requestId = requestId;
    this.servedVariant = servedVariant;
    this.variantHeader = variantHeader;
    this.finishReason = finishReason;
    this.inputTokens = inputTokens;
    this.outputTokens = outputTokens;
    this.delay = delay;
    this.streamFailureAfter = streamFailureAfter;
  }

  /** Returns a reply generating {@code text}, rendered in the request's payload format. */
  public static SageMakerReply text(String text) {
    return new SageMakerReply(Objects.requireNonNull(text, "text"), null, 200, null, "", 0, null, null, null,
        true, "stop", 10, Math.max(1, text.length() / 4), Duration.ZERO, -1);
  }

  /** Returns a reply whose body is {@code json}, sent unchanged with status 200. */
  public static SageMakerReply json(String json) {
    return new SageMakerReply(null, Objects.requireNonNull(json, "json"), 200, null, "", 0, null, null, null,
        true, "stop", 0, 0, Duration.ZERO, -1);
  }

  /**
   * Returns a {@code ModelError} (HTTP 424): the model container answered
   * {@code originalStatusCode} with {@code originalMessage}.
   */
  public static SageMakerReply modelError(int originalStatusCode, String originalMessage) {
    return new SageMakerReply(null, null, 424, "ModelError",
        "Received client error (" + originalStatusCode + ") from primary with message \""
            + originalMessage + "\"", originalStatusCode, originalMessage, null, null, true, "stop", 0, 0,
        Duration.ZERO, -1);
  }

  /** Returns a {@code ValidationError} (HTTP 400) with {@code message}. */
  public static SageMakerReply validationError(String message) {
    return error(400, "ValidationError", message);
  }

  /** Returns a throttling error (HTTP 429 {@code ThrottlingException}). */
  public static SageMakerReply throttled() {
    return error(429, "ThrottlingException", "Rate exceeded");
  }

  /**
   * Returns a {@code ModelNotReadyException} (HTTP 429). Only InvokeEndpoint declares it; a
   * streamed invocation refuses it with a {@code ValidationError} naming the errors it declares.
   */
  public static SageMakerReply modelNotReady() {
    return error(429, "ModelNotReadyException", "Model is not ready to serve requests");
  }

  /** Returns a {@code ServiceUnavailable} error (HTTP 503). */
  public static SageMakerReply serviceUnavailable() {
    return error(503, "ServiceUnavailable", "Service is unavailable, try again later");
  }

  /** Returns an {@code InternalFailure} error (HTTP 500). */
  public static SageMakerReply internalFailure() {
    return error(500, "InternalFailure", "An internal failure occurred");
  }

  /** Returns an error of HTTP {@code status} with the error code {@code errorCode}. */
  public static SageMakerReply error(int status, String errorCode, String message) {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("status must be in [400, 599], was " + status);
    }
    return new SageMakerReply(null, null, status, Objects.requireNonNull(errorCode, "errorCode"),
        Objects.requireNonNull(message, "message"), 0, null, null, null, true, "stop", 0, 0, Duration.ZERO, -1);
  }

  private SageMakerReply copy(@Nullable String requestId, @Nullable String servedVariant, boolean variantHeader,
      String finishReason, int inputTokens, int outputTokens, Duration delay) {
    return copy(requestId, servedVariant, variantHeader, finishReason, inputTokens, outputTokens, delay,
        streamFailureAfter);
  }

  private SageMakerReply copy(@Nullable String requestId, @Nullable String servedVariant, boolean variantHeader,
      String finishReason, int inputTokens, int outputTokens, Duration delay, int streamFailureAfter) {
    return new SageMakerReply(text, body, status, errorCode, message, originalStatusCode, originalMessage,
        requestId, servedVariant, variantHeader, finishReason, inputTokens, outputTokens, delay,
        streamFailureAfter);
  }

  /** Returns a copy answered with the request ID {@code requestId} ({@code x-amzn-RequestId}). */
  public SageMakerReply withRequestId(String requestId) {
    return copy(requestId, servedVariant, variantHeader, finishReason, inputTokens, outputTokens, delay);
  }

  /**
   * Returns a copy that reports {@code variant} in {@code x-Amzn-Invoked-Production-Variant}
   * whatever was requested, to test drift detection.
   */
  public SageMakerReply withServedVariant(String variant) {
    return copy(requestId, variant, true, finishReason, inputTokens, outputTokens, delay);
  }

  /** Returns a copy sent without the {@code x-Amzn-Invoked-Production-Variant} header. */
  public SageMakerReply withoutVariantHeader() {
    return copy(requestId, null, false, finishReason, inputTokens, outputTokens, delay);
  }

  /** Returns a copy with the finish reason {@code reason} (text replies). */
  public SageMakerReply withFinishReason(String reason) {
    return copy(requestId, servedVariant, variantHeader, reason, inputTokens, outputTokens, delay);
  }

  /** Returns a copy reporting the token usage (OpenAI chat replies). */
  public SageMakerReply withUsage(int inputTokens, int outputTokens) {
    return copy(requestId, servedVariant, variantHeader, finishReason, inputTokens, outputTokens, delay);
  }

  /** Returns a copy answered after {@code delay}. */
  public SageMakerReply withDelay(Duration delay) {
    return copy(requestId, servedVariant, variantHeader, finishReason, inputTokens, outputTokens,
        Objects.requireNonNull(delay, "delay"));
  }

  /**
   * Returns a copy that, when streamed, fails with a {@code ModelStreamError} event after
   * {@code parts} payload parts (HTTP status stays 200, as on the wire).
   */
  public SageMakerReply withStreamFailureAfter(int parts) {
    if (parts < 0) {
      throw new IllegalArgumentException("parts must be >= 0, was " + parts);
    }
    return copy(requestId, servedVariant, variantHeader, finishReason, inputTokens, outputTokens, delay, parts);
  }

  /** Returns after how many streamed payload parts the stream fails, or -1 when it does not. */
  public int streamFailureAfter() {
    return streamFailureAfter;
  }

  /** Returns the generated text, or null for JSON and error replies. */
  public @Nullable String text() {
    return text;
  }

  /** Returns the raw JSON body, or null. */
  public @Nullable String body() {
    return body;
  }

  /** Returns the HTTP status. */
  public int status() {
    return status;
  }

  /** Returns the error code, or null for a successful reply. */
  public @Nullable String errorCode() {
    return errorCode;
  }

  /** Returns the error message (empty for a successful reply). */
  public String message() {
    return message;
  }

  /** Returns the container's status code of a {@code ModelError}, or 0. */
  public int originalStatusCode() {
    return originalStatusCode;
  }

  /** Returns the container's message of a {@code ModelError}, or null. */
  public @Nullable String originalMessage() {
    return originalMessage;
  }

  /** Returns the scripted request ID, or null for a generated one. */
  public @Nullable String requestId() {
    return requestId;
  }

  /** Returns the variant reported as served instead of the routed one, or null. */
  public @Nullable String servedVariant() {
    return servedVariant;
  }

  /** Returns whether the reply carries {@code x-Amzn-Invoked-Production-Variant}. */
  public boolean variantHeader() {
    return variantHeader;
  }

  /** Returns the finish reason of a text reply. */
  public String finishReason() {
    return finishReason;
  }

  /** Returns the reported input tokens. */
  public int inputTokens() {
    return inputTokens;
  }

  /** Returns the reported output tokens. */
  public int outputTokens() {
    return outputTokens;
  }

  /** Returns the delay before the reply is sent. */
  public Duration delay() {
    return delay;
  }

  @Override
  public String toString() {
    return errorCode != null ? "SageMakerReply{" + status + " " + errorCode + "}"
        : "SageMakerReply{" + (text != null ? text.length() + " chars" : "json") + "}";
  }
}
