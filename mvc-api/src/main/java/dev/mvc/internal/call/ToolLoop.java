package dev.mvc.internal.call;

import dev.mvc.InvocationRequest;
import dev.mvc.InvocationResponse;
import dev.mvc.LoadedManifest;
import dev.mvc.MvcException;
import dev.mvc.PromptSpec;
import dev.mvc.StreamHandler;
import dev.mvc.TokenUsage;
import dev.mvc.ToolCall;
import dev.mvc.ToolExecutor;
import dev.mvc.ToolLoopException;
import dev.mvc.ToolResult;
import dev.mvc.spi.BackendResponse;
import dev.mvc.spi.ReasoningBlock;
import dev.mvc.spi.ToolTurn;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * The tool loop: one version, pinned for the whole loop; each round is a call through the client's
 * chain in the caller's mode (synchronous, asynchronous or streamed); the tool calls of each answer
 * are checked (declared, handler registered, input valid against the tool's schema) before any
 * handler of that round runs, then answered, until the model stops asking or the pinned number of
 * rounds is spent. The reasoning blocks of a turn that asked for tools go back with it unchanged,
 * as providers require with extended thinking.
 *
 * <p>A streamed loop passes the text deltas of every round to the caller's handler in order, and
 * ends it once: with the final response, or with the error that ended the loop.
 */
public final class ToolLoop {
  private final CallChain chain;
  private final LoadedManifest manifest;
  private final InvocationRequest request;
  private final ToolExecutor executor;
  private final int max;
  private final List<ToolTurn> turns = new ArrayList<>();
  private TokenUsage usage = TokenUsage.UNKNOWN;
  private int rounds;
  /** Text delivered to a streaming caller by the rounds so far. */
  private int deltas;
  private long characters;

  private ToolLoop(CallChain chain, LoadedManifest manifest, InvocationRequest request, ToolExecutor executor) {
    this.chain = chain;
    this.manifest = manifest;
    this.request = request;
    this.executor = executor;
    Integer pinned = manifest.manifest().prompt().maxToolRounds();
    this.max = pinned != null ? pinned : PromptSpec.DEFAULT_MAX_TOOL_ROUNDS;
  }

  /** Runs the loop on {@code manifest} with the caller's thread waiting for every round. */
  public static InvocationResponse run(CallChain chain, LoadedManifest manifest, InvocationRequest request,
      ToolExecutor executor) {
    ToolLoop loop = new ToolLoop(chain, manifest, request, executor);
    while (true) {
      Exchange x = loop.exchange(Exchange.Mode.SYNC, null);
      chain.run(x);
      x.result();
      InvocationResponse done = loop.answered(x);
      if (done != null) {
        return done;
      }
    }
  }

  /**
   * Runs the loop asynchronously: each round is an asynchronous call (with the policy's time
   * limit), and the tool handlers run on {@code handlers}, never on the provider client's threads.
   */
  public static CompletableFuture<InvocationResponse> runAsync(CallChain chain, LoadedManifest manifest,
      InvocationRequest request, ToolExecutor executor, Executor handlers) {
    return new ToolLoop(chain, manifest, request, executor).next(null, handlers)
        .exceptionallyCompose(error -> CompletableFuture.failedFuture(mvc(error)));
  }

  /**
   * Runs the loop streamed: each round is a streamed call whose text deltas reach {@code handler}
   * in order; the handler's end comes once, after the last round.
   */
  public static CompletableFuture<InvocationResponse> runStream(CallChain chain, LoadedManifest manifest,
      InvocationRequest request, ToolExecutor executor, StreamHandler handler, Executor handlers) {
    ToolLoop loop = new ToolLoop(chain, manifest, request, executor);
    CompletableFuture<InvocationResponse> out = loop.next(new RoundHandler(handler), handlers)
        .exceptionallyCompose(error -> CompletableFuture.failedFuture(mvc(error)));
    return out.whenComplete((r, error) -> {
      if (error != null) {
        handler.onError(mvc(error));
      } else {
        handler.onComplete(r);
      }
    });
  }

  private CompletableFuture<InvocationResponse> next(@Nullable RoundHandler stream, Executor handlers) {
    Exchange x = exchange(stream == null ? Exchange.Mode.ASYNC : Exchange.Mode.STREAM, stream);
    chain.run(x);
    return x.future().handleAsync((r, error) -> {
      if (error != null) {
        return CompletableFuture.<InvocationResponse>failedFuture(mvc(error));
      }
      deltas += x.deltasDelivered();
      characters += x.charactersDelivered();
      InvocationResponse done;
      try {
        done = answered(x);
      } catch (MvcException e) {
        return CompletableFuture.<InvocationResponse>failedFuture(e);
      }
      return done != null ? CompletableFuture.completedFuture(done) : next(stream, handlers);
    }, handlers).thenCompose(f -> f);
  }

  private Exchange exchange(Exchange.Mode mode, @Nullable StreamHandler handler) {
    if (turns.isEmpty()) {
      return switch (mode) {
        case SYNC -> Exchange.sync(manifest, request);
        case ASYNC -> Exchange.async(manifest, request);
        case STREAM -> Exchange.stream(manifest, request, handler);
      };
    }
    return Exchange.toolRound(mode, manifest, request, turns, handler, deltas, characters);
  }

  /**
   * Takes the answer of the round {@code x} ran: returns the final response when the model asked
   * for no tools, or runs the tools it asked for and returns null for the next round.
   *
   * @throws ToolLoopException when a call is refused or the rounds are spent
   */
  private @Nullable InvocationResponse answered(Exchange x) {
    InvocationResponse r = x.result();
    rounds++;
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
    BackendResponse raw = x.backendResponse();
    List<ReasoningBlock> reasoning = raw == null ? List.of() : raw.reasoningBlocks();
    turns.add(new ToolTurn(r.text(), reasoning, r.toolCalls(), results));
    return null;
  }

  private static MvcException mvc(Throwable error) {
    Throwable e = error;
    while (e instanceof CompletionException && e.getCause() != null) {
      e = e.getCause();
    }
    return e instanceof MvcException ? (MvcException) e : new MvcException("tool loop failed: " + e, e);
  }

  private static String names(List<ToolCall> calls) {
    List<String> names = new ArrayList<>();
    calls.forEach(c -> names.add(c.name()));
    return String.join(", ", names);
  }

  /**
   * The handler of each streamed round: passes its deltas on to the caller's handler, and keeps
   * the round's end to itself, since the loop ends the caller's handler once, after the last round.
   */
  private static final class RoundHandler implements StreamHandler {
    private final StreamHandler caller;

    RoundHandler(StreamHandler caller) {
      this.caller = caller;
    }

    @Override
    public void onText(String delta) {
      caller.onText(delta);
    }

    @Override
    public void onComplete(InvocationResponse response) {}

    @Override
    public void onError(MvcException error) {}
  }
}
