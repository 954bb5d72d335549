package dev.mvc.internal.call;

import dev.mvc.InvocationResponse;
import dev.mvc.LoadedManifest;
import dev.mvc.PromptSpec;
import dev.mvc.TokenUsage;
import dev.mvc.ToolCall;
import dev.mvc.ToolExecutor;
import dev.mvc.ToolLoopException;
import dev.mvc.ToolResult;
import dev.mvc.spi.ToolTurn;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The tool loop: one version, pinned for the whole loop; each round is a call through the client's
 * chain; the tool calls of each answer are checked (declared, handler registered, input valid
 * against the tool's schema) before any handler of that round runs, then answered, until the
 * model stops asking or the pinned number of rounds is spent.
 */
public final class ToolLoop {
  private ToolLoop() {}

  /**
   * Runs the loop on {@code manifest}; {@code round} runs one call continuing the given turns and
   * returns its response.
   */
  public static InvocationResponse run(LoadedManifest manifest, ToolExecutor executor,
      Function<List<ToolTurn>, InvocationResponse> round) {
    Integer pinned = manifest.manifest().prompt().maxToolRounds();
    int max = pinned != null ? pinned : PromptSpec.DEFAULT_MAX_TOOL_ROUNDS;
    List<ToolTurn> turns = new ArrayList<>();
    TokenUsage usage = TokenUsage.UNKNOWN;
    for (int rounds = 1; ; rounds++) {
      InvocationResponse r = round.apply(turns);
      usage = usage.plus(r.usage());
      if (r.toolCalls().isEmpty()) {
        return r.toBuilder().usage(usage).stamp(r.stamp().withToolRounds(rounds)).build();
      }
      if (rounds >= max) {
        throw new ToolLoopException("the model still asks for tools (" + names(r.toolCalls()) + ") after "
            + rounds + " model calls, the limit prompt.maxToolRounds = " + max + " of manifest "
            + manifest.manifest().name() + " " + manifest.manifest().version(), rounds);
      }
      for (ToolCall c : r.toolCalls()) {
        String problem = manifest.toolInputProblem(c.name(), c.inputJson());
        if (problem != null) {
          throw new ToolLoopException("refused tool call " + c.id() + ": " + problem + " (manifest "
              + manifest.manifest().name() + " " + manifest.manifest().version() + ")", rounds);
        }
        if (executor.handler(c.name()) == null) {
          throw new ToolLoopException("refused tool call " + c.id() + ": tool " + c.name()
              + " has no handler in the ToolExecutor " + executor.toolNames(), rounds);
        }
      }
      List<ToolResult> results = new ArrayList<>();
      for (ToolCall c : r.toolCalls()) {
        String out;
        boolean error = false;
        try {
          out = executor.handler(c.name()).apply(c.inputJson());
          if (out == null) {
            out = "";
          }
        } catch (RuntimeException e) {
          out = "tool " + c.name() + " failed: " + e.getMessage();
          error = true;
        }
        results.add(new ToolResult(c.id(), out, error));
      }
      turns.add(new ToolTurn(r.text(), r.reasoning(), null, r.toolCalls(), results));
    }
  }

  private static String names(List<ToolCall> calls) {
    List<String> names = new ArrayList<>();
    calls.forEach(c -> names.add(c.name()));
    return String.join(", ", names);
  }
}
