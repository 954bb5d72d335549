package dev.mvc.testkit.contract;

import dev.mvc.ToolCall;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One model reply the contract's tool, cache and reasoning tests script: the answer text, the
 * tools the model asks to run, its reasoning (kept apart from the text) and the prompt-cache usage
 * the provider reports. A backend module turns it into its provider's reply shape.
 *
 * @param text the answer text (may be empty when the model only asks for tools)
 * @param toolCalls the tools the model asks to run, in order
 * @param reasoning the reasoning text, or empty for none
 * @param reasoningSignature the provider's signature of the reasoning, or null
 * @param cacheReadInputTokens the reported prompt-cache read tokens
 * @param cacheWriteInputTokens the reported prompt-cache write tokens
 */
public record ScriptedReply(String text, List<ToolCall> toolCalls, String reasoning,
    @Nullable String reasoningSignature, int cacheReadInputTokens, int cacheWriteInputTokens) {
  /** Copies the list and requires the text and reasoning. */
  public ScriptedReply {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(reasoning, "reasoning");
    toolCalls = List.copyOf(toolCalls);
  }

  /** Returns a reply with only {@code text}. */
  public static ScriptedReply text(String text) {
    return new ScriptedReply(text, List.of(), "", null, 0, 0);
  }

  /** Returns this reply asking to run {@code call} as well. */
  public ScriptedReply withToolCall(ToolCall call) {
    List<ToolCall> more = new java.util.ArrayList<>(toolCalls);
    more.add(call);
    return new ScriptedReply(text, more, reasoning, reasoningSignature, cacheReadInputTokens, cacheWriteInputTokens);
  }

  /** Returns this reply with reasoning {@code text} signed by {@code signature}. */
  public ScriptedReply withReasoning(String text, @Nullable String signature) {
    return new ScriptedReply(this.text, toolCalls, text, signature, cacheReadInputTokens, cacheWriteInputTokens);
  }

  /** Returns this reply reporting the given prompt-cache usage. */
  public ScriptedReply withCacheUsage(int read, int write) {
    return new ScriptedReply(text, toolCalls, reasoning, reasoningSignature, read, write);
  }
}
