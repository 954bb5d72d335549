package dev.mvc;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The answer to one call: the generated text, stop reason, token usage, latency, and the
 * {@link VersionStamp} of everything that produced it; for knowledge-base and agent calls also
 * the {@link Citation}s and the provider session ID.
 */
public final class InvocationResponse {
  private final String text;
  private final @Nullable String stopReason;
  private final TokenUsage usage;
  private final long latencyNanos;
  private final VersionStamp stamp;
  private final List<Citation> citations;
  private final @Nullable String sessionId;
  private final List<ToolCall> toolCalls;
  private final String reasoning;

  private InvocationResponse(Builder b) {
    this(b.text, b.stopReason, b.usage, Objects.requireNonNull(b.latency, "latency").toNanos(), b.stamp, b.citations,
        b.sessionId, b.toolCalls, b.reasoning);
  }

  private InvocationResponse(@Nullable String text, @Nullable String stopReason, TokenUsage usage, long latencyNanos,
      @Nullable VersionStamp stamp, List<Citation> citations, @Nullable String sessionId, List<ToolCall> toolCalls,
      String reasoning) {
    this.text = Objects.requireNonNull(text, "text");
    this.stopReason = stopReason;
    this.usage = Objects.requireNonNull(usage, "usage");
    this.latencyNanos = latencyNanos;
    this.stamp = Objects.requireNonNull(stamp, "stamp");
    this.citations = List.copyOf(citations);
    this.sessionId = sessionId;
    this.toolCalls = List.copyOf(toolCalls);
    this.reasoning = Objects.requireNonNull(reasoning, "reasoning");
  }

  /**
   * Returns the response a backend's answer becomes: its text, stop reason, usage, citations,
   * session, tool calls and reasoning, with the client's {@code stamp} and the latency it
   * measured, in nanoseconds.
   */
  public static InvocationResponse of(dev.mvc.spi.BackendResponse answer, VersionStamp stamp, long latencyNanos) {
    return new InvocationResponse(answer.text(), answer.stopReason(), answer.usage(), latencyNanos, stamp,
        answer.citations(), answer.sessionId(), answer.toolCalls(), answer.reasoning());
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder holding this response's fields. */
  public Builder toBuilder() {
    return new Builder().text(text).stopReason(stopReason).usage(usage).latency(latency()).stamp(stamp)
        .citations(citations).sessionId(sessionId).toolCalls(toolCalls).reasoning(reasoning);
  }

  /**
   * Returns the tools the model asked to run (id, name, input JSON), in its order; empty when it
   * asked for none, and empty after a tool loop that ran to the model's answer.
   */
  public List<ToolCall> toolCalls() {
    return toolCalls;
  }

  /** Returns the model's reasoning, kept apart from {@link #text()}; empty when it returned none. */
  public String reasoning() {
    return reasoning;
  }

  /** Returns the generated text. */
  public String text() {
    return text;
  }

  /** Returns the stop reason, or null. */
  public @Nullable String stopReason() {
    return stopReason;
  }

  /** Returns the token usage. */
  public TokenUsage usage() {
    return usage;
  }

  /** Returns the time from the call's start to its response, as measured by the client. */
  public Duration latency() {
    return Duration.ofNanos(latencyNanos);
  }

  /** Returns the version stamp. */
  public VersionStamp stamp() {
    return stamp;
  }

  /** Returns the citations of the answer: empty unless the provider attributes it to retrieved sources. */
  public List<Citation> citations() {
    return citations;
  }

  /**
   * Returns the provider session the call ran in, or null: the session ID a Bedrock
   * knowledge-base call returns (pass it to {@link InvocationRequest.Builder#sessionId} to go
   * on with the conversation), or the agent session used.
   */
  public @Nullable String sessionId() {
    return sessionId;
  }

  @Override
  public String toString() {
    return "InvocationResponse{" + text.length() + " chars, stopReason=" + stopReason + ", usage="
        + usage + ", latency=" + latencyNanos / 1_000_000 + "ms, " + stamp.manifestName() + " "
        + stamp.manifestVersion() + "}";
  }

  /** A builder of {@link InvocationResponse}. */
  public static final class Builder {
    private @Nullable String text;
    private @Nullable String stopReason;
    private TokenUsage usage = TokenUsage.UNKNOWN;
    private Duration latency = Duration.ZERO;
    private @Nullable VersionStamp stamp;
    private List<Citation> citations = List.of();
    private @Nullable String sessionId;
    private List<ToolCall> toolCalls = List.of();
    private String reasoning = "";

    private Builder() {}

    /** Sets the text. */
    public Builder text(String text) {
      this.text = text;
      return this;
    }

    /** Sets the stop reason. */
    public Builder stopReason(@Nullable String stopReason) {
      this.stopReason = stopReason;
      return this;
    }

    /** Sets the usage. */
    public Builder usage(TokenUsage usage) {
      this.usage = usage;
      return this;
    }

    /** Sets the latency. */
    public Builder latency(Duration latency) {
      this.latency = latency;
      return this;
    }

    /** Sets the stamp. */
    public Builder stamp(VersionStamp stamp) {
      this.stamp = stamp;
      return this;
    }

    /** Sets the citations. */
    public Builder citations(List<Citation> citations) {
      this.citations = Objects.requireNonNull(citations, "citations");
      return this;
    }

    /** Sets the provider session ID. */
    public Builder sessionId(@Nullable String sessionId) {
      this.sessionId = sessionId;
      return this;
    }

    /** Sets the tool calls. */
    public Builder toolCalls(List<ToolCall> toolCalls) {
      this.toolCalls = Objects.requireNonNull(toolCalls, "toolCalls");
      return this;
    }

    /** Sets the reasoning text. */
    public Builder reasoning(String reasoning) {
      this.reasoning = Objects.requireNonNull(reasoning, "reasoning");
      return this;
    }

    /** Builds the response. */
    public InvocationResponse build() {
      return new InvocationResponse(this);
    }
  }
}
