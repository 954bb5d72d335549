package dev.mvc.bedrock.internal;

import dev.mvc.BackendException;
import dev.mvc.Citation;
import dev.mvc.MvcException;
import dev.mvc.TokenUsage;
import dev.mvc.spi.BackendResponse;
import dev.mvc.spi.BackendStreamHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Collects one streamed call, made in a single attempt, into the handler: each text delta in
 * order, then exactly one {@link BackendStreamHandler#onComplete} with the assembled
 * {@link BackendResponse} (text, usage, request ID, stop reason, served model, citations,
 * session) or one {@link BackendStreamHandler#onError} with the failure mapped by
 * {@link BedrockErrorMapper}. Nothing reaches the handler after that. Retries belong to the
 * client's resilience layer, which may retry a stream only before its first delta, and which
 * says how many deltas had reached the caller when a stream fails after them; the error keeps
 * its own {@code retryable()}, so the circuit breaker counts a retryable failure mid-stream.
 */
public final class StreamCollector {

  private final BackendStreamHandler handler;
  private final String modelId;
  private final AtomicBoolean eventSeen = new AtomicBoolean();
  private final AtomicBoolean finished = new AtomicBoolean();
  private final StringBuilder text = new StringBuilder();
  private int deltas;
  private volatile @Nullable String requestId;
  private volatile @Nullable String stopReason;
  private volatile @Nullable String servedModel;
  private volatile int inputTokens;
  private volatile int outputTokens;
  private final List<Citation> citations = new ArrayList<>();
  private volatile @Nullable String sessionId;
  private volatile int cacheRead;
  private volatile int cacheWrite;
  /** Tool-use blocks by content-block index: ID, name, and the input JSON assembled from its deltas. */
  private final java.util.Map<Integer, String[]> toolUses = new java.util.TreeMap<>();
  private final java.util.Map<Integer, StringBuilder> toolInputs = new java.util.HashMap<>();
  /** Reasoning blocks by content-block index: text assembled from deltas, signature, redacted bytes. */
  private final java.util.Map<Integer, Reasoning> reasoning = new java.util.TreeMap<>();

  /**
   * Creates the collector of one stream; {@code modelId} names the pinned model (or
   * {@code "agent ..."}) in mapped errors.
   */
  public StreamCollector(BackendStreamHandler handler, String modelId) {
    this.handler = handler;
    this.modelId = modelId;
  }

  /**
   * Starts the stream with {@code start} and reports its end to the handler when the returned
   * future completes; a failure to start is reported the same way, never thrown.
   */
  public void run(Supplier<? extends CompletableFuture<?>> start) {
    CompletableFuture<?> stream;
    try {
      stream = start.get();
    } catch (RuntimeException e) {
      fail(e);
      return;
    }
    stream.whenComplete((ignored, error) -> {
      if (error == null) {
        complete();
      } else {
        fail(error);
      }
    });
  }

  /** Records that an event of the stream arrived; a failure from now on is reported with what was delivered. */
  public void event() {
    eventSeen.set(true);
  }

  /** Delivers a text delta to the handler, in order. */
  public synchronized void text(String delta) {
    eventSeen.set(true);
    if (finished.get() || delta.isEmpty()) {
      return;
    }
    text.append(delta);
    deltas++;
    handler.onText(delta);
  }

  /** Records citations that arrived with the stream's events. */
  public synchronized void citations(List<Citation> more) {
    eventSeen.set(true);
    citations.addAll(more);
  }

  /** Records the provider session the stream runs in. */
  public void sessionId(@Nullable String sessionId) {
    if (sessionId != null) {
      this.sessionId = sessionId;
    }
  }

  /** Records the provider's request ID. */
  public void requestId(@Nullable String requestId) {
    if (requestId != null) {
      this.requestId = requestId;
    }
  }

  /** Records the stop reason. */
  public void stopReason(@Nullable String stopReason) {
    if (stopReason != null) {
      this.stopReason = stopReason;
    }
  }

  /** Records the model the provider reports, already normalised to the pinned form. */
  public void servedModel(@Nullable String servedModel) {
    if (servedModel != null) {
      this.servedModel = servedModel;
    }
  }

  /** Starts the tool-use block at {@code index}; its input arrives in deltas. */
  public synchronized void toolUseStart(int index, String id, String name) {
    toolUses.putIfAbsent(index, new String[] {id, name});
    toolInputs.putIfAbsent(index, new StringBuilder());
  }

  /** Appends a fragment of the input JSON of the tool-use block at {@code index}. */
  public synchronized void toolUseInput(int index, @Nullable String fragment) {
    if (fragment != null) {
      toolInputs.computeIfAbsent(index, i -> new StringBuilder()).append(fragment);
    }
  }

  /**
   * Adds to the reasoning block at {@code index}: a fragment of its text, its signature, or its
   * redacted bytes. Reasoning is never part of the text, and each block is kept apart, as a tool
   * loop must send it back.
   */
  public synchronized void reasoning(int index, @Nullable String fragment, @Nullable String signature,
      byte @Nullable [] redacted) {
    Reasoning r = reasoning.computeIfAbsent(index, i -> new Reasoning());
    if (fragment != null) {
      r.text.append(fragment);
    }
    if (signature != null) {
      r.signature = signature;
    }
    if (redacted != null) {
      r.redacted = redacted;
    }
  }

  /** One reasoning block as its deltas arrive. */
  private static final class Reasoning {
    final StringBuilder text = new StringBuilder();
    @Nullable String signature;
    byte @Nullable [] redacted;

    dev.mvc.spi.ReasoningBlock block() {
      return redacted != null ? dev.mvc.spi.ReasoningBlock.redacted(redacted)
          : dev.mvc.spi.ReasoningBlock.text(text.toString(), signature);
    }
  }

  /** Records the prompt-cache token counts. */
  public void cacheTokens(int read, int write) {
    this.cacheRead = read;
    this.cacheWrite = write;
  }

  /** Records the input token count when positive. */
  public void inputTokens(int tokens) {
    if (tokens > 0) {
      this.inputTokens = tokens;
    }
  }

  /** Records the output token count when positive. */
  public void outputTokens(int tokens) {
    if (tokens > 0) {
      this.outputTokens = tokens;
    }
  }

  private void complete() {
    BackendResponse response;
    synchronized (this) {
      if (!finished.compareAndSet(false, true)) {
        return;
      }
      java.util.List<dev.mvc.ToolCall> calls = new java.util.ArrayList<>();
      for (java.util.Map.Entry<Integer, String[]> e : toolUses.entrySet()) {
        String input = toolInputs.get(e.getKey()).toString();
        calls.add(new dev.mvc.ToolCall(e.getValue()[0], e.getValue()[1], input.isEmpty() ? "{}" : input));
      }
      response = BackendResponse.builder(text.toString())
          .stopReason(stopReason)
          .usage(inputTokens == 0 && outputTokens == 0 ? TokenUsage.UNKNOWN
              : TokenUsage.of(inputTokens, outputTokens).withCache(cacheRead, cacheWrite))
          .toolCalls(calls)
          .reasoningBlocks(reasoningBlocks())
          .requestId(requestId)
          .servedModel(servedModel)
          .citations(citations)
          .sessionId(sessionId)
          .build();
    }
    handler.onComplete(response);
  }

  private List<dev.mvc.spi.ReasoningBlock> reasoningBlocks() {
    List<dev.mvc.spi.ReasoningBlock> blocks = new ArrayList<>(reasoning.size());
    reasoning.values().forEach(r -> blocks.add(r.block()));
    return blocks;
  }

  /** Reports {@code error}, mapped, as the end of the stream, unless the stream already ended. */
  public void fail(Throwable error) {
    MvcException mapped = BedrockErrorMapper.map(error, modelId);
    MvcException reported;
    synchronized (this) {
      if (!finished.compareAndSet(false, true)) {
        return;
      }
      reported = mapped;
    }
    handler.onError(reported);
  }
}
