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
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * One streamed call that never hands the handler duplicated text: the SDK's own retries are
 * off for the stream, and this run retries a retryable failure only while no event of the
 * stream has arrived. After the first event, a failure is reported together with how much
 * text was already delivered.
 */
public final class StreamRun {

  /** Starts one attempt of the stream, reporting into the given run; the future completes when the stream ends. */
  @FunctionalInterface
  public interface Attempt {
    /** Starts the attempt. */
    CompletableFuture<?> start(StreamRun run);
  }

  private final Attempt attempt;
  private final BackendStreamHandler handler;
  private final String modelId;
  private final int maxAttempts;
  private final long backoffMillis;
  private final Executor executor;
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

  private StreamRun(Attempt attempt, BackendStreamHandler handler, String modelId, int maxAttempts,
      long backoffMillis, Executor executor) {
    this.attempt = attempt;
    this.handler = handler;
    this.modelId = modelId;
    this.maxAttempts = maxAttempts;
    this.backoffMillis = backoffMillis;
    this.executor = executor;
  }

  /** Starts a stream that makes at most {@code maxAttempts} attempts before its first event. */
  public static void start(Attempt attempt, BackendStreamHandler handler, String modelId, int maxAttempts,
      long backoffMillis, Executor executor) {
    new StreamRun(attempt, handler, modelId, maxAttempts, backoffMillis, executor).attempt(1);
  }

  /** Records that an event of the stream arrived; from now on the run no longer retries. */
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

  private void attempt(int number) {
    CompletableFuture<?> future;
    try {
      future = attempt.start(this);
    } catch (RuntimeException e) {
      future = CompletableFuture.failedFuture(e);
    }
    future.whenComplete((ignored, error) -> {
      if (error == null) {
        complete();
      } else {
        fail(number, error);
      }
    });
  }

  private void complete() {
    BackendResponse response;
    synchronized (this) {
      if (!finished.compareAndSet(false, true)) {
        return;
      }
      response = BackendResponse.builder(text.toString())
          .stopReason(stopReason)
          .usage(inputTokens == 0 && outputTokens == 0 ? TokenUsage.UNKNOWN : TokenUsage.of(inputTokens, outputTokens))
          .requestId(requestId)
          .servedModel(servedModel)
          .citations(citations)
          .sessionId(sessionId)
          .build();
    }
    handler.onComplete(response);
  }

  private void fail(int number, Throwable error) {
    MvcException mapped = BedrockErrorMapper.map(error, modelId);
    if (!eventSeen.get() && number < maxAttempts && mapped instanceof BackendException
        && ((BackendException) mapped).retryable()) {
      long delay = backoffMillis * (1L << Math.min(number - 1, 10));
      long jittered = delay / 2 + ThreadLocalRandom.current().nextLong(delay / 2 + 1);
      CompletableFuture.delayedExecutor(jittered, TimeUnit.MILLISECONDS, executor)
          .execute(() -> attempt(number + 1));
      return;
    }
    MvcException reported;
    synchronized (this) {
      if (!finished.compareAndSet(false, true)) {
        return;
      }
      reported = eventSeen.get() ? afterEvents(mapped) : mapped;
    }
    handler.onError(reported);
  }

  private MvcException afterEvents(MvcException mapped) {
    BackendException.Builder b = BackendException.builder("Bedrock stream for "
            + (modelId.startsWith("agent ") ? modelId : "model " + modelId)
            + " failed after " + deltas + " text deltas (" + text.length()
            + " characters) had been delivered; not retried, to avoid duplicated text: " + mapped.getMessage())
        .cause(mapped.getCause() != null ? mapped.getCause() : mapped)
        .retryable(false);
    if (mapped instanceof BackendException) {
      BackendException be = (BackendException) mapped;
      b.statusCode(be.statusCode()).requestId(be.requestId() != null ? be.requestId() : requestId).errorCode(be.errorCode());
    } else {
      b.requestId(requestId);
    }
    return b.build();
  }
}
