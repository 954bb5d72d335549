package dev.mvc.spi;

import dev.mvc.ToolCall;
import dev.mvc.ToolResult;
import java.util.List;

/**
 * One round of a tool loop as the next request carries it: the assistant turn that asked for
 * tools (its reasoning blocks, text and tool calls) and the user turn that answers each call with
 * its result. With extended thinking the provider requires the reasoning blocks back unchanged,
 * before the tool calls, so a backend sends them first and exactly as it received them.
 *
 * @param assistantText the text the model produced beside its tool calls (may be empty)
 * @param reasoning the reasoning blocks the model produced in that turn, as the provider sent them (may be empty)
 * @param calls the tool calls, in the model's order
 * @param results one result per call, in the same order
 */
public record ToolTurn(String assistantText, List<ReasoningBlock> reasoning, List<ToolCall> calls,
    List<ToolResult> results) {
  /** Copies the lists; there must be one result per call. */
  public ToolTurn {
    reasoning = List.copyOf(reasoning);
    calls = List.copyOf(calls);
    results = List.copyOf(results);
    if (calls.size() != results.size() || calls.isEmpty()) {
      throw new IllegalArgumentException("a tool turn needs one result per call, was " + calls.size()
          + " calls and " + results.size() + " results");
    }
  }
}
