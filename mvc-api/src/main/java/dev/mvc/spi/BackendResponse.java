package dev.mvc.spi;

import dev.mvc.Citation;
import dev.mvc.TokenUsage;
import dev.mvc.ToolCall;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a backend got back for one {@link ResolvedCall}: the text, stop reason, usage, the
 * provider's request ID, what the provider reports having served, which the client checks
 * against the pin, and for knowledge-base and agent calls the citations and the provider session.
 */
public final class BackendResponse {
  private final String text;
  private final @Nullable String stopReason;
  private final TokenUsage usage;
  private final @Nullable String requestId;
  private final @Nullable String servedModel;
  private final @Nullable String servedVariant;
  private final List<Citation> citations;
  private final @Nullable String sessionId;
  private final List<ToolCall> toolCalls;
  private final List<ReasoningBlock> reasoning;

  private BackendResponse(Builder b) {
    this.text = Objects.requireNonNull(b.text, "text");
    this.stopReason = b.stopReason;
    this.usage = b.usage;
    this.requestId = b.requestId;
    this.servedModel = b.servedModel;
    this.servedVariant = b.servedVariant;
    this.citations = List.copyOf(b.citations);
    this.sessionId = b.sessionId;
    this.toolCalls = List.copyOf(b.toolCalls);
    this.reasoning = List.copyOf(b.reasoning);
  }

  /** Returns the tools the model asked to run, in its order (empty when none). */
  public List<ToolCall> toolCalls() {
    return toolCalls;
  }

  /**
   * Returns the model's reasoning text, kept apart from {@link #text()}: the text of its
   * reasoning blocks joined (empty when none).
   */
  public String reasoning() {
    if (reasoning.isEmpty()) {
      return "";
    }
    if (reasoning.size() == 1) {
      return reasoning.get(0).text();
    }
    StringBuilder all = new StringBuilder();
    reasoning.forEach(r -> all.append(r.text()));
    return all.toString();
  }

  /** Returns the provider's signature of the last signed reasoning block, or null. */
  public @Nullable String reasoningSignature() {
    for (int i = reasoning.size() - 1; i >= 0; i--) {
      if (reasoning.get(i).signature() != null) {
        return reasoning.get(i).signature();
      }
    }
    return null;
  }

  /**
   * Returns the model's reasoning blocks as the provider sent them, in order: what a tool loop
   * sends back, unchanged, with the turn that asked for tools (empty when none).
   */
  public List<ReasoningBlock> reasoningBlocks() {
    return reasoning;
  }

  /** Returns a builder for a response with {@code text}. */
  public static Builder builder(String text) {
    return new Builder().text(text);
  }

  /** Returns the generated text. */
  public String text() {
    return text;
  }

  /** Returns the provider's stop reason, such as {@code end_turn}, or null. */
  public @Nullable String stopReason() {
    return stopReason;
  }

  /** Returns the token usage ({@link TokenUsage#UNKNOWN} when not reported). */
  public TokenUsage usage() {
    return usage;
  }

  /** Returns the provider's request ID, or null. */
  public @Nullable String requestId() {
    return requestId;
  }

  /**
   * Returns the model ID the provider reports having served, normalised by the backend to the
   * form of the pinned ID, or null when the provider does not say.
   */
  public @Nullable String servedModel() {
    return servedModel;
  }

  /** Returns the production variant the provider reports having served, or null. */
  public @Nullable String servedVariant() {
    return servedVariant;
  }

  /** Returns the citations of the answer (empty when the provider returned none). */
  public List<Citation> citations() {
    return citations;
  }

  /** Returns the provider session the call ran in (knowledge bases, agents), or null. */
  public @Nullable String sessionId() {
    return sessionId;
  }

  @Override
  public String toString() {
    return "BackendResponse{" + text.length() + " chars, stopReason=" + stopReason + ", usage="
        + usage + ", requestId=" + requestId + "}";
  }

  /** A builder of {@link BackendResponse}. */
  public static final class Builder {
    private @Nullable String text;
    private @Nullable String stopReason;
    private TokenUsage usage = TokenUsage.UNKNOWN;
    private @Nullable String requestId;
    private @Nullable String servedModel;
    private @Nullable String servedVariant;
    private List<Citation> citations = List.of();
    private @Nullable String sessionId;
    private List<ToolCall> toolCalls = List.of();
    private List<ReasoningBlock> reasoning = List.of();

    private Builder() {}

    /** Sets the tools the model asked to run. */
    public Builder toolCalls(List<ToolCall> toolCalls) {
      this.toolCalls = Objects.requireNonNull(toolCalls, "toolCalls");
      return this;
    }

    /** Sets the reasoning as one block of text with its signature (null when unsigned); empty text for none. */
    public Builder reasoning(String reasoning, @Nullable String signature) {
      Objects.requireNonNull(reasoning, "reasoning");
      this.reasoning = reasoning.isEmpty() && signature == null ? List.of() : List.of(ReasoningBlock.text(reasoning, signature));
      return this;
    }

    /** Sets the reasoning blocks, each kept as the provider sent it. */
    public Builder reasoningBlocks(List<ReasoningBlock> blocks) {
      this.reasoning = Objects.requireNonNull(blocks, "blocks");
      return this;
    }

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
      this.usage = Objects.requireNonNull(usage, "usage");
      return this;
    }

    /** Sets the provider request ID. */
    public Builder requestId(@Nullable String requestId) {
      this.requestId = requestId;
      return this;
    }

    /** Sets the model the provider reports having served. */
    public Builder servedModel(@Nullable String servedModel) {
      this.servedModel = servedModel;
      return this;
    }

    /** Sets the variant the provider reports having served. */
    public Builder servedVariant(@Nullable String servedVariant) {
      this.servedVariant = servedVariant;
      return this;
    }

    /** Sets the citations of the answer. */
    public Builder citations(List<Citation> citations) {
      this.citations = Objects.requireNonNull(citations, "citations");
      return this;
    }

    /** Sets the provider session the call ran in. */
    public Builder sessionId(@Nullable String sessionId) {
      this.sessionId = sessionId;
      return this;
    }

    /** Builds the response. */
    public BackendResponse build() {
      return new BackendResponse(this);
    }
  }
}
