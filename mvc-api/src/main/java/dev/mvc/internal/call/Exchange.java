package dev.mvc.internal.call;

import dev.mvc.InvocationRequest;
import dev.mvc.InvocationResponse;
import dev.mvc.LoadedManifest;
import dev.mvc.Message;
import dev.mvc.MvcException;
import dev.mvc.StreamHandler;
import dev.mvc.spi.BackendResponse;
import dev.mvc.spi.BackendStreamHandler;
import dev.mvc.spi.ResolvedCall;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.jspecify.annotations.Nullable;

/**
 * Everything about one call as it runs through the chain: what the caller asked for, the version
 * and resolved call it runs on, its listeners, and its result. Steps read and write it; it is
 * handed from step to step, never shared between calls. For a streamed call it is also the sink of
 * the backend's stream: it counts the deltas delivered to the caller, which decides whether the
 * call may still be retried or sent to the fallback.
 */
public final class Exchange implements BackendStreamHandler {

  /** How the caller waits for the result. */
  public enum Mode {
    /** The caller's thread runs the whole call. */
    SYNC,
    /** The result completes a future. */
    ASYNC,
    /** Text deltas go to a stream handler, then the result completes it and a future. */
    STREAM
  }

  /** Who produced the response. */
  public enum Served {
    /** The pinned primary version. */
    PRIMARY,
    /** The pinned fallback version. */
    FALLBACK,
    /** The response cache. */
    CACHED
  }

  private static final AtomicIntegerFieldUpdater<Exchange> FINISHED =
      AtomicIntegerFieldUpdater.newUpdater(Exchange.class, "finished");

  final Mode mode;
  final Map<String, ?> variables;
  final List<Message> history;
  final @Nullable InvocationRequest overrides;
  final @Nullable String sessionId;
  final @Nullable StreamHandler handler;
  final @Nullable CompletableFuture<InvocationResponse> future;
  final long startNanos;

  LoadedManifest manifest;
  @Nullable ResolvedCall call;
  String inferenceDigest = "";
  CallEvents events = CallEvents.NONE;
  Served served = Served.PRIMARY;
  @Nullable String cacheKey;
  /** Whether the call skips the response cache both ways. */
  boolean bypassCache;
  /** The attempt of the current backend call, from 1; reset when the call goes to the fallback. */
  int attempt;
  long attemptStartNanos;
  /** The backend's future of the running asynchronous attempt, cancelled when the time limit ends the call. */
  java.util.concurrent.@Nullable Future<?> pending;
  /** The time limit of an asynchronous call, cancelled when the call ends. */
  java.util.concurrent.@Nullable ScheduledFuture<?> timeLimit;

  @Nullable BackendResponse backendResponse;
  @Nullable InvocationResponse response;
  @Nullable MvcException error;

  /** The backend step of a running stream, which receives its end. */
  @Nullable BackendStep streamOwner;
  int deltas;
  long characters;
  private volatile int finished;

  private Exchange(Mode mode, LoadedManifest manifest, Map<String, ?> variables, List<Message> history,
      @Nullable InvocationRequest overrides, @Nullable String sessionId, @Nullable StreamHandler handler) {
    this.mode = mode;
    this.manifest = manifest;
    this.variables = variables;
    this.history = history;
    this.overrides = overrides;
    this.sessionId = sessionId;
    this.handler = handler;
    this.future = mode == Mode.SYNC ? null : new CompletableFuture<>();
    this.startNanos = System.nanoTime();
  }

  /** A call whose result the caller's thread waits for. */
  public static Exchange sync(LoadedManifest manifest, Map<String, ?> variables, List<Message> history,
      @Nullable InvocationRequest overrides, @Nullable String sessionId) {
    return new Exchange(Mode.SYNC, manifest, variables, history, overrides, sessionId, null);
  }

  /** A call whose result completes {@link #future()}. */
  public static Exchange async(LoadedManifest manifest, InvocationRequest request) {
    return new Exchange(Mode.ASYNC, manifest, request.variables(), request.history(),
        request.hasOverrides() ? request : null, request.sessionId(), null).bypassCache(request.bypassCache());
  }

  /** A streamed call: deltas go to {@code handler}, then its end; the end also completes {@link #future()}. */
  public static Exchange stream(LoadedManifest manifest, InvocationRequest request, StreamHandler handler) {
    return new Exchange(Mode.STREAM, manifest, request.variables(), request.history(),
        request.hasOverrides() ? request : null, request.sessionId(), handler).bypassCache(request.bypassCache());
  }

  /** Makes the call skip the response cache (it neither reads nor fills it); returns this exchange. */
  public Exchange bypassCache(boolean bypass) {
    this.bypassCache = bypass;
    return this;
  }

  /** Returns the future of an asynchronous or streamed call. */
  public CompletableFuture<InvocationResponse> future() {
    if (future == null) {
      throw new IllegalStateException("a synchronous call has no future");
    }
    return future;
  }

  /** Returns the response of a finished synchronous call, or throws its failure. */
  public InvocationResponse result() {
    if (error != null) {
      throw error;
    }
    if (response == null) {
      throw new IllegalStateException("the call has not finished");
    }
    return response;
  }

  void succeeded(BackendResponse r) {
    this.backendResponse = r;
    this.error = null;
  }

  void failed(MvcException e) {
    this.error = e;
    this.backendResponse = null;
    this.response = null;
  }

  boolean isFinished() {
    return finished != 0;
  }

  /** Whether no text has reached the caller yet, so the call may still be sent again. */
  boolean nothingDelivered() {
    return deltas == 0;
  }

  /** Ends the call once: completes the future and the stream handler. A second end is ignored. */
  void finish() {
    if (!FINISHED.compareAndSet(this, 0, 1)) {
      return;
    }
    if (timeLimit != null) {
      timeLimit.cancel(false);
    }
    if (mode == Mode.SYNC) {
      return;
    }
    MvcException e = error;
    if (e != null) {
      if (handler != null) {
        handler.onError(e);
      }
      future.completeExceptionally(e);
    } else {
      if (handler != null) {
        handler.onComplete(response);
      }
      future.complete(response);
    }
  }

  /** Ends the call with {@code e} at once (a time limit ran out), unless it has ended already. */
  void abandon(MvcException e) {
    if (!FINISHED.compareAndSet(this, 0, 1)) {
      return;
    }
    java.util.concurrent.Future<?> running = pending;
    if (running != null) {
      running.cancel(true);
    }
    events.failure(e);
    if (handler != null) {
      handler.onError(e);
    }
    future.completeExceptionally(e);
  }

  @Override
  public void onText(String delta) {
    if (isFinished() || delta.isEmpty()) {
      return;
    }
    synchronized (this) {
      deltas++;
      characters += delta.length();
    }
    handler.onText(delta);
  }

  @Override
  public void onComplete(BackendResponse response) {
    BackendStep owner = streamOwner;
    if (owner != null) {
      owner.streamEnded(this, response, null);
    }
  }

  @Override
  public void onError(Throwable error) {
    BackendStep owner = streamOwner;
    if (owner != null) {
      owner.streamEnded(this, null, error);
    }
  }
}
