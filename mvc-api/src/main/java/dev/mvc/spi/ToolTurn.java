package dev.mvc.spi;

import dev.mvc.ToolCall;
import dev.mvc.ToolResult;
import java.util.List;

/**
 * One round of a tool loop as the next request carries it: the assistant turn that asked for
 * tools (its text and tool calls, and its reasoning when the provider signs it) and the user turn
 * that answers each call with its result.
 *
 * @param assistantText the text the model produced beside its tool calls (may be empty)
 * @param reasoning the reasoning text the model produced in that turn (may be empty)
 * @param reasoningSignature the provider's signature of that reasoning, or null
 * @param calls the tool calls, in the model's order
 * @param results one result per call, in the same order
 */
public record ToolTurn(String assistantText, String reasoning, @org.jspecify.annotations.Nullable String reasoningSignature,
    List<ToolCall> calls, List<ToolResult> results) {
  /** Copies the lists; there must be one result per call. */
  public ToolTurn {
    calls = List.copyOf(calls);
    results = List.copyOf(results);
    if (calls.size() != results.size() || calls.isEmpty()) {
      throw new IllegalArgumentException("a tool turn needs one result per call, was " + calls.size()
          + " calls and " + results.size() + " results");
    }
  }
}
