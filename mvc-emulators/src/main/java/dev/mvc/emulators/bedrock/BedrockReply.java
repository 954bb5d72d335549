package dev.mvc.emulators.bedrock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A scripted answer of {@link BedrockEmulator} to one call: either a model reply (text, stop
 * reason, token usage) or an error (HTTP status and {@code x-amzn-ErrorType}).
 *
 * <p>One reply is rendered in the shape of whichever operation receives it: a Converse
 * response, ConverseStream frames, an Anthropic Messages body for InvokeModel, or chunk
 * events for InvokeModelWithResponseStream, a RetrieveAndGenerate answer with its citations,
 * or InvokeAgent {@code chunk} events. A reply can also end a stream with an exception frame
 * after a number of text deltas, and can be delayed.
 *
 * <pre>{@code
 * BedrockReply.text("Hello");
 * BedrockReply.error(BedrockErrorType.THROTTLING);
 * BedrockReply.builder().deltas("Hel", "lo").failStreamAfter(1, BedrockErrorType.THROTTLING).build();
 * }</pre>
 */
public final class BedrockReply {

  /**
   * A citation that knowledge-base and agent replies carry: a passage of the reply text and the
   * sources it came from.
   *
   * @param text the cited passage; its span is where it first occurs in the reply text
   * @param sourceUris the locations of the retrieved references: {@code s3://..} or {@code https://..}
   */
  public record Citation(String text, List<String> sourceUris) {
    /** Creates a citation; the text must not be empty. */
    public Citation {
      if (text.isEmpty()) {
        throw new IllegalArgumentException("citation text must not be empty");
      }
      sourceUris = List.copyOf(sourceUris);
    }
  }

  /**
   * A tool the scripted model asks to run.
   *
   * @param id the tool-use ID
   * @param name the tool name
   * @param inputJson the input, a JSON object as text; streams send it in two fragments
   */
  public record ToolUse(String id, String name, String inputJson) {
    /** Requires every part; the input must be a JSON object. */
    public ToolUse {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(name, "name");
      if (inputJson == null || !inputJson.strip().startsWith("{")) {
        throw new IllegalArgumentException("tool-use input must be a JSON object, was " + inputJson);
      }
    }
  }

  private final @Nullable String text;
  private final List<String> deltas;
  private final List<ToolUse> toolUses;
  private final int cacheReadInputTokens;
  private final int cacheWriteInputTokens;
  private final @Nullable String reasoning;
  private final @Nullable String reasoningSignature;
  private final @Nullable String redactedReasoning;
  private final String stopReason;
  private final int inputTokens;
  private final int outputTokens;
  private final long latencyMs;
  private final @Nullable String requestId;
  private final Duration delay;
  private final @Nullable String servedModel;
  private final int streamFailureAfter;
  private final @Nullable BedrockErrorType streamFailure;
  private final int errorStatus;
  private final @Nullable String errorTypeName;
  private final @Nullable BedrockErrorType errorType;
  private final String message;
  private final boolean connectionReset;
  private final List<Citation> citations;

  private BedrockReply(Builder b) {
    this.text = b.text;
    this.deltas = List.copyOf(b.deltas);
    this.toolUses = List.copyOf(b.toolUses);
    this.cacheReadInputTokens = b.cacheReadInputTokens;
    this.cacheWriteInputTokens = b.cacheWriteInputTokens;
    this.reasoning = b.reasoning;
    this.reasoningSignature = b.reasoningSignature;
    this.redactedReasoning = b.redactedReasoning;
    this.stopReason = b.stopReason;
    this.inputTokens = b.inputTokens;
    this.outputTokens = b.outputTokens;
    this.latencyMs = b.latencyMs;
    this.requestId = b.requestId;
    this.delay = b.delay;
    this.servedModel = b.servedModel;
    this.streamFailureAfter = b.streamFailureAfter;
    this.streamFailure = b.streamFailure;
    this.errorStatus = b.errorStatus;
    this.errorTypeName = b.errorTypeName;
    this.errorType = b.errorType;
    this.message = b.message;
    this.connectionReset = b.connectionReset;
    this.citations = List.copyOf(b.citations);
  }

  /** Returns a reply that resets the connection instead of answering (a network fault). */
  public static BedrockReply connectionReset() {
    return builder().connectionReset().build();
  }

  /** Returns whether this reply resets the connection instead of answering. */
  public boolean isConnectionReset() {
    return connectionReset;
  }

  /** Returns a model reply with the given text, stop reason {@code end_turn} and default usage. */
  public static BedrockReply text(String text) {
    return builder().text(text).build();
  }

  /** Returns an error reply of the given type with a default message. */
  public static BedrockReply error(BedrockErrorType type) {
    return builder().error(type).build();
  }

  /** Returns an error reply of the given type and message. */
  public static BedrockReply error(BedrockErrorType type, String message) {
    return builder().error(type, message).build();
  }

  /** Returns a new builder for a model reply with the default text {@code "Hello"}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder initialised with the values of this reply. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Returns whether this reply is an HTTP error rather than a model reply. */
  public boolean isError() {
    return errorTypeName != null;
  }

  /** Returns the full reply text: the text, or the concatenated deltas if only those were set. */
  public String text() {
    if (text != null) {
      return text;
    }
    return String.join("", deltas);
  }

  /**
   * Returns the text deltas a streaming operation sends: the deltas if set, otherwise the text
   * split after each space.
   */
  public List<String> deltas() {
    if (!deltas.isEmpty()) {
      return deltas;
    }
    String full = text();
    List<String> split = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < full.length(); i++) {
      if (full.charAt(i) == ' ') {
        split.add(full.substring(start, i + 1));
        start = i + 1;
      }
    }
    if (start < full.length() || split.isEmpty()) {
      split.add(full.substring(start));
    }
    return List.copyOf(split);
  }

  /** Returns the tools the scripted model asks to run (empty by default). */
  public List<ToolUse> toolUses() {
    return toolUses;
  }

  /** Returns the reported prompt-cache read tokens ({@code usage.cacheReadInputTokens}), 0 by default. */
  public int cacheReadInputTokens() {
    return cacheReadInputTokens;
  }

  /** Returns the reported prompt-cache write tokens ({@code usage.cacheWriteInputTokens}), 0 by default. */
  public int cacheWriteInputTokens() {
    return cacheWriteInputTokens;
  }

  /** Returns the reasoning text the reply carries before its answer, or null. */
  public @Nullable String reasoning() {
    return reasoning;
  }

  /** Returns the signature of the reasoning, or null. */
  public @Nullable String reasoningSignature() {
    return reasoningSignature;
  }

  /**
   * Returns the redacted reasoning the reply carries after its reasoning text, base64 as on the
   * wire ({@code reasoningContent.redactedContent}), or null.
   */
  public @Nullable String redactedReasoning() {
    return redactedReasoning;
  }

  /** Returns the citations knowledge-base and agent replies carry (empty by default). */
  public List<Citation> citations() {
    return citations;
  }

  /** Returns the stop reason, for example {@code end_turn} or {@code max_tokens}. */
  public String stopReason() {
    return stopReason;
  }

  /** Returns the reported number of input tokens. */
  public int inputTokens() {
    return inputTokens;
  }

  /** Returns the reported number of output tokens. */
  public int outputTokens() {
    return outputTokens;
  }

  /** Returns the reported model latency in milliseconds ({@code metrics.latencyMs}). */
  public long latencyMs() {
    return latencyMs;
  }

  /** Returns the {@code x-amzn-RequestId} to send, or {@code null} for a fresh random one. */
  public @Nullable String requestId() {
    return requestId;
  }

  /** Returns how long the emulator waits before it answers. */
  public Duration delay() {
    return delay;
  }

  /**
   * Returns the model name that InvokeModel replies report in {@code "model"}, or {@code null}
   * for the short name derived from the requested model ID.
   */
  public @Nullable String servedModel() {
    return servedModel;
  }

  /** Returns after how many text deltas a stream ends with an exception frame, or -1 for never. */
  public int streamFailureAfter() {
    return streamFailureAfter;
  }

  /** Returns the exception a stream ends with, or {@code null} if it completes normally. */
  public @Nullable BedrockErrorType streamFailure() {
    return streamFailure;
  }

  /** Returns the HTTP status of an error reply, or 200 for a model reply. */
  public int statusCode() {
    return isError() ? errorStatus : 200;
  }

  /** Returns the {@code x-amzn-ErrorType} name of an error reply, or {@code null}. */
  public @Nullable String errorTypeName() {
    return errorTypeName;
  }

  /**
   * Returns the type of an error reply made with {@link Builder#error(BedrockErrorType)}, or
   * {@code null} for a model reply or an error given as a raw status and name.
   */
  public @Nullable BedrockErrorType errorType() {
    return errorType;
  }

  /** Returns the message of an error reply or of the in-stream exception. */
  public String message() {
    return message;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof BedrockReply)) {
      return false;
    }
    BedrockReply that = (BedrockReply) o;
    return inputTokens == that.inputTokens
        && outputTokens == that.outputTokens
        && latencyMs == that.latencyMs
        && streamFailureAfter == that.streamFailureAfter
        && errorStatus == that.errorStatus
        && Objects.equals(text, that.text)
        && deltas.equals(that.deltas)
        && stopReason.equals(that.stopReason)
        && Objects.equals(requestId, that.requestId)
        && delay.equals(that.delay)
        && Objects.equals(servedModel, that.servedModel)
        && streamFailure == that.streamFailure
        && Objects.equals(errorTypeName, that.errorTypeName)
        && errorType == that.errorType
        && message.equals(that.message)
        && citations.equals(that.citations)
        && toolUses.equals(that.toolUses)
        && cacheReadInputTokens == that.cacheReadInputTokens
        && cacheWriteInputTokens == that.cacheWriteInputTokens
        && Objects.equals(reasoning, that.reasoning)
        && Objects.equals(reasoningSignature, that.reasoningSignature)
        && Objects.equals(redactedReasoning, that.redactedReasoning);
  }

  @Override
  public int hashCode() {
    return Objects.hash(text, deltas, stopReason, inputTokens, outputTokens, latencyMs, requestId,
        delay, servedModel, streamFailureAfter, streamFailure, errorStatus, errorTypeName, errorType, message, citations,
        toolUses, cacheReadInputTokens, cacheWriteInputTokens, reasoning, reasoningSignature, redactedReasoning);
  }

  @Override
  public String toString() {
    if (isError()) {
      return "BedrockReply{error=" + errorStatus + " " + errorTypeName + ", delay=" + delay + "}";
    }
    return "BedrockReply{textLength=" + text().length() + ", stopReason=" + stopReason
        + ", usage=" + inputTokens + "/" + outputTokens
        + (streamFailure == null ? "" : ", streamFailure=" + streamFailure + "@" + streamFailureAfter)
        + ", delay=" + delay + "}";
  }

  /** A builder of {@link BedrockReply}; the setters validate their arguments at once. */
  public static final class Builder {
    private @Nullable String text;
    private List<String> deltas = List.of();
    private String stopReason = "end_turn";
    private int inputTokens = 12;
    private int outputTokens = 9;
    private long latencyMs = 100;
    private @Nullable String requestId;
    private Duration delay = Duration.ZERO;
    private @Nullable String servedModel;
    private int streamFailureAfter = -1;
    private @Nullable BedrockErrorType streamFailure;
    private int errorStatus;
    private @Nullable String errorTypeName;
    private @Nullable BedrockErrorType errorType;
    private String message = "";
    private boolean connectionReset;
    private List<Citation> citations = List.of();
    private List<ToolUse> toolUses = List.of();
    private int cacheReadInputTokens;
    private int cacheWriteInputTokens;
    private @Nullable String reasoning;
    private @Nullable String reasoningSignature;
    private @Nullable String redactedReasoning;
    private boolean stopReasonSet;

    private Builder() {
      this.text = "Hello";
    }

    /**
     * Adds a tool the model asks to run; the stop reason becomes {@code tool_use} unless set.
     * Converse replies carry it as a {@code toolUse} content block; streams as a
     * {@code contentBlockStart} with the ID and name, then the input in two
     * {@code contentBlockDelta} fragments, then {@code contentBlockStop}.
     */
    public Builder toolUse(String id, String name, String inputJson) {
      List<ToolUse> more = new ArrayList<>(toolUses);
      more.add(new ToolUse(id, name, inputJson));
      this.toolUses = List.copyOf(more);
      if (!stopReasonSet) {
        this.stopReason = "tool_use";
      }
      return this;
    }

    /** Sets the reported prompt-cache usage. */
    public Builder cacheUsage(int readInputTokens, int writeInputTokens) {
      if (readInputTokens < 0 || writeInputTokens < 0) {
        throw new IllegalArgumentException("cache usage must be >= 0, was " + readInputTokens + "/" + writeInputTokens);
      }
      this.cacheReadInputTokens = readInputTokens;
      this.cacheWriteInputTokens = writeInputTokens;
      return this;
    }

    /**
     * Sets the reasoning the model produced before its answer, with its signature (null for none):
     * a {@code reasoningContent} block, streamed as {@code reasoningContent} deltas.
     */
    public Builder reasoning(String reasoning, @Nullable String signature) {
      if (reasoning.isEmpty()) {
        throw new IllegalArgumentException("reasoning must not be empty");
      }
      this.reasoning = reasoning;
      this.reasoningSignature = signature;
      return this;
    }

    private Builder(BedrockReply r) {
      this.text = r.text;
      this.deltas = r.deltas;
      this.stopReason = r.stopReason;
      this.inputTokens = r.inputTokens;
      this.outputTokens = r.outputTokens;
      this.latencyMs = r.latencyMs;
      this.requestId = r.requestId;
      this.delay = r.delay;
      this.servedModel = r.servedModel;
      this.streamFailureAfter = r.streamFailureAfter;
      this.streamFailure = r.streamFailure;
      this.errorStatus = r.errorStatus;
      this.errorTypeName = r.errorTypeName;
      this.errorType = r.errorType;
      this.message = r.message;
      this.connectionReset = r.connectionReset;
      this.citations = r.citations;
      this.toolUses = r.toolUses;
      this.cacheReadInputTokens = r.cacheReadInputTokens;
      this.cacheWriteInputTokens = r.cacheWriteInputTokens;
      this.reasoning = r.reasoning;
      this.reasoningSignature = r.reasoningSignature;
      this.redactedReasoning = r.redactedReasoning;
      this.stopReasonSet = true;
    }

    /**
     * Sets reasoning the model's provider redacted: a {@code reasoningContent} block with
     * {@code redactedContent} (these bytes, base64 on the wire), after the reasoning text if any,
     * streamed as one {@code reasoningContent} delta.
     */
    public Builder redactedReasoning(byte[] content) {
      if (content.length == 0) {
        throw new IllegalArgumentException("redacted reasoning must not be empty");
      }
      this.redactedReasoning = java.util.Base64.getEncoder().encodeToString(content);
      return this;
    }

    /** Adds a citation of {@code citedText} (a passage of the reply text) to the given sources. */
    public Builder citation(String citedText, String... sourceUris) {
      List<Citation> more = new ArrayList<>(citations);
      more.add(new Citation(citedText, List.of(sourceUris)));
      this.citations = List.copyOf(more);
      return this;
    }

    /** Makes the reply reset the connection (after the delay, if any) instead of answering. */
    public Builder connectionReset() {
      this.connectionReset = true;
      return this;
    }

    /** Sets the reply text and clears any deltas; streams split it after each space. */
    public Builder text(String text) {
      this.text = Objects.requireNonNull(text, "text");
      this.deltas = List.of();
      return this;
    }

    /** Sets the exact text deltas a stream sends; the reply text becomes their concatenation. */
    public Builder deltas(String... deltas) {
      return deltas(List.of(deltas));
    }

    /** Sets the exact text deltas a stream sends; the reply text becomes their concatenation. */
    public Builder deltas(List<String> deltas) {
      if (deltas.isEmpty()) {
        throw new IllegalArgumentException("deltas must not be empty");
      }
      this.deltas = List.copyOf(deltas);
      this.text = null;
      return this;
    }

    /** Sets the stop reason, for example {@code end_turn}, {@code max_tokens}, {@code stop_sequence}. */
    public Builder stopReason(String stopReason) {
      if (stopReason.isBlank()) {
        throw new IllegalArgumentException("stopReason must not be blank, was '" + stopReason + "'");
      }
      this.stopReason = stopReason;
      this.stopReasonSet = true;
      return this;
    }

    /** Sets the reported token usage. */
    public Builder usage(int inputTokens, int outputTokens) {
      if (inputTokens < 0) {
        throw new IllegalArgumentException("inputTokens must be >= 0, was " + inputTokens);
      }
      if (outputTokens < 0) {
        throw new IllegalArgumentException("outputTokens must be >= 0, was " + outputTokens);
      }
      this.inputTokens = inputTokens;
      this.outputTokens = outputTokens;
      return this;
    }

    /** Sets the model latency the reply reports, in milliseconds; it does not delay the answer. */
    public Builder latencyMs(long latencyMs) {
      if (latencyMs < 0) {
        throw new IllegalArgumentException("latencyMs must be >= 0, was " + latencyMs);
      }
      this.latencyMs = latencyMs;
      return this;
    }

    /** Sets the {@code x-amzn-RequestId} header value; by default each answer gets a random one. */
    public Builder requestId(String requestId) {
      if (requestId.isBlank()) {
        throw new IllegalArgumentException("requestId must not be blank, was '" + requestId + "'");
      }
      this.requestId = requestId;
      return this;
    }

    /** Sets how long the emulator waits before it answers. */
    public Builder delay(Duration delay) {
      if (delay.isNegative()) {
        throw new IllegalArgumentException("delay must not be negative, was " + delay);
      }
      if (delay.toMillis() > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("delay must be at most " + Integer.MAX_VALUE + " ms, was " + delay);
      }
      this.delay = delay;
      return this;
    }

    /**
     * Sets the model name InvokeModel replies report in {@code "model"}, for example to test
     * drift detection; by default the short name of the requested model ID.
     */
    public Builder servedModel(String servedModel) {
      if (servedModel.isBlank()) {
        throw new IllegalArgumentException("servedModel must not be blank, was '" + servedModel + "'");
      }
      this.servedModel = servedModel;
      return this;
    }

    /**
     * Ends streams with an exception frame of the given type after {@code deltas} text deltas.
     *
     * <p>A stream sends only the exception types its AWS service model gives it
     * ({@link BedrockOperation#streamExceptions()}). A type the stream does not model is sent as
     * an HTTP error before the stream when {@code deltas} is 0 and the operation declares the
     * error, as AWS reports a failure before the first event; otherwise the operation refuses the
     * reply with a {@code ValidationException} naming the types it models. Throws if no
     * operation's stream models the type and {@code deltas} is above 0.
     */
    public Builder failStreamAfter(int deltas, BedrockErrorType type) {
      return failStreamAfter(deltas, type, defaultMessage(type));
    }

    /** Ends streams with an exception frame of the given type and message after {@code deltas} text deltas. */
    public Builder failStreamAfter(int deltas, BedrockErrorType type, String message) {
      if (deltas < 0) {
        throw new IllegalArgumentException("failStreamAfter deltas must be >= 0, was " + deltas);
      }
      Objects.requireNonNull(type, "type");
      if (deltas > 0 && !streamedAnywhere(type)) {
        throw new IllegalArgumentException("failStreamAfter(" + deltas + ", " + type + "): no Bedrock event stream "
            + "carries " + type.streamExceptionTypeName() + "; fail before the first delta (0) to get an HTTP "
            + type.statusCode() + " " + type.errorTypeName() + ", or end the stream with one of "
            + streamedTypes());
      }
      this.streamFailureAfter = deltas;
      this.streamFailure = type;
      this.message = Objects.requireNonNull(message, "message");
      return this;
    }

    /** Makes this an error reply of the given type with a default message. */
    public Builder error(BedrockErrorType type) {
      return error(type, defaultMessage(type));
    }

    /**
     * Makes this an error reply of the given type and message, sent with the status the
     * receiving operation's service gives it ({@link BedrockErrorType#statusCode(BedrockOperation)}).
     * An operation whose service model does not declare the error refuses the reply: it answers
     * {@code ValidationException} with a message naming the errors it does declare.
     */
    public Builder error(BedrockErrorType type, String message) {
      error(type.statusCode(), type.errorTypeName(), message);
      this.errorType = type;
      return this;
    }

    /**
     * Makes this an error reply with any status and {@code x-amzn-ErrorType} name, sent exactly
     * as given to whichever operation receives it, whether or not its service model declares it
     * (for testing how code copes with errors AWS does not document).
     */
    public Builder error(int statusCode, String errorTypeName, String message) {
      if (statusCode < 400 || statusCode > 599) {
        throw new IllegalArgumentException("error statusCode must be in [400, 599], was " + statusCode);
      }
      if (errorTypeName.isBlank()) {
        throw new IllegalArgumentException("errorTypeName must not be blank, was '" + errorTypeName + "'");
      }
      this.errorStatus = statusCode;
      this.errorTypeName = errorTypeName;
      this.errorType = null;
      this.message = Objects.requireNonNull(message, "message");
      return this;
    }

    /** Returns the reply; fails if a stream failure comes after more deltas than the reply has. */
    public BedrockReply build() {
      BedrockReply reply = new BedrockReply(this);
      if (streamFailure != null && errorTypeName == null && streamFailureAfter > reply.deltas().size()) {
        throw new IllegalStateException("failStreamAfter must be <= the number of deltas ("
            + reply.deltas().size() + "), was " + streamFailureAfter);
      }
      for (Citation c : reply.citations) {
        if (!reply.text().contains(c.text())) {
          throw new IllegalStateException("citation text must be a passage of the reply text, was '" + c.text() + "'");
        }
      }
      return reply;
    }

    private static boolean streamedAnywhere(BedrockErrorType type) {
      for (BedrockOperation op : BedrockOperation.values()) {
        if (op.streamExceptions().contains(type)) {
          return true;
        }
      }
      return false;
    }

    private static java.util.Set<BedrockErrorType> streamedTypes() {
      java.util.Set<BedrockErrorType> all = java.util.EnumSet.noneOf(BedrockErrorType.class);
      for (BedrockOperation op : BedrockOperation.values()) {
        all.addAll(op.streamExceptions());
      }
      return all;
    }

    private static String defaultMessage(BedrockErrorType type) {
      return type.errorTypeName() + " from the Bedrock emulator";
    }
  }
}
