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
public class Exchange implements BackendStreamHandler {

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

  final Map<String, ?> variables;
  /** The caller's request, or null for {@code invoke(Map)}: history, overrides and session come from it. */
  final @Nullable InvocationRequest request;
  final long startNanos;

  LoadedManifest manifest;
  @Nullable ResolvedCall call;
  String inferenceDigest = "";
  CallEvents events = CallEvents.NONE;
  Served served = Served.PRIMARY;
  @Nullable String cacheKey;
  /** The attempt of the current backend call, from 1; reset when the call goes to the fallback. */
  int attempt;

  @Nullable BackendResponse backendResponse;
  @Nullable InvocationResponse response;
  @Nullable MvcException error;

  /** What only an asynchronous or streamed call needs; null for a synchronous one. */
  final @Nullable Pending pending;

  /** The part of an exchange that only asynchronous and streamed calls use, kept apart so a synchronous call does not carry it. */
  static final class Pending {
    private static final AtomicIntegerFieldUpdater<Pending> FINISHED =
        AtomicIntegerFieldUpdater.newUpdater(Pending.class, "finished");

    final CompletableFuture<InvocationResponse> future = new CompletableFuture<>();
    final @Nullable StreamHandler handler;
    /** The backend's future of the running attempt, cancelled when the time limit ends the call. */
    java.util.concurrent.@Nullable Future<?> attempt;
    /** The time limit of the call, cancelled when the call ends. */
    java.util.concurrent.@Nullable ScheduledFuture<?> timeLimit;
    /** The backend step of a running stream, which receives its end. */
    @Nullable BackendStep streamOwner;
    int deltas;
    long characters;
    private volatile int finished;

    Pending(@Nullable StreamHandler handler) {
      this.handler = handler;
    }

    boolean finish() {
      return FINISHED.compareAndSet(this, 0, 1);
    }

    boolean finished() {
      return finished != 0;
    }
  }

  private Exchange(Mode mode, LoadedManifest manifest, Map<String, ?> variables, @Nullable InvocationRequest request,
      @Nullable StreamHandler handler) {
    if (mode == Mode.STREAM && handler == null) {
      throw new IllegalArgumentException("a streamed call needs a handler");
    }
    this.manifest = manifest;
    this.variables = variables;
    this.request = request;
    this.pending = mode == Mode.SYNC ? null : new Pending(handler);
    this.startNanos = System.nanoTime();
  }

  /** A call whose result the caller's thread waits for. */
  public static Exchange sync(LoadedManifest manifest, Map<String, ?> variables) {
    return new Exchange(Mode.SYNC, manifest, variables, null, null);
  }

  /** A call whose result the caller's thread waits for. */
  public static Exchange sync(LoadedManifest manifest, InvocationRequest request) {
    return new Exchange(Mode.SYNC, manifest, request.variables(), request, null);
  }

  /**
   * A later round of a tool loop: the rounds before it are sent after the messages. Only these
   * calls carry the rounds, so no other call pays for the field. A streamed round also knows how
   * many deltas the earlier rounds delivered, so a failure names all the text the caller has.
   */
  public static Exchange toolRound(Mode mode, LoadedManifest manifest, InvocationRequest request,
      List<dev.mvc.spi.ToolTurn> turns, @Nullable StreamHandler handler, int deltasBefore, long charactersBefore) {
    return new ToolRound(mode, manifest, request, List.copyOf(turns), handler, deltasBefore, charactersBefore);
  }

  /** Returns the earlier rounds of the tool loop this call continues; empty outside a tool loop. */
  List<dev.mvc.spi.ToolTurn> toolTurns() {
    return List.of();
  }

  /** Returns how many text deltas earlier rounds of this call's tool loop delivered; 0 outside one. */
  int deltasBefore() {
    return 0;
  }

  /** Returns how many characters earlier rounds of this call's tool loop delivered; 0 outside one. */
  long charactersBefore() {
    return 0;
  }

  /** A call that continues a tool loop. */
  private static final class ToolRound extends Exchange {
    private final List<dev.mvc.spi.ToolTurn> turns;
    private final int deltasBefore;
    private final long charactersBefore;

    ToolRound(Mode mode, LoadedManifest manifest, InvocationRequest request, List<dev.mvc.spi.ToolTurn> turns,
        @Nullable StreamHandler handler, int deltasBefore, long charactersBefore) {
      super(mode, manifest, request.variables(), request, handler);
      this.turns = turns;
      this.deltasBefore = deltasBefore;
      this.charactersBefore = charactersBefore;
    }

    @Override
    List<dev.mvc.spi.ToolTurn> toolTurns() {
      return turns;
    }

    @Override
    int deltasBefore() {
      return deltasBefore;
    }

    @Override
    long charactersBefore() {
      return charactersBefore;
    }
  }

  /** Returns the backend's answer the response was made from; null before the call succeeded. */
  @Nullable BackendResponse backendResponse() {
    return backendResponse;
  }

  /** Returns how many text deltas this call delivered to its handler. */
  int deltasDelivered() {
    return pending == null ? 0 : pending.deltas;
  }

  /** Returns how many characters this call delivered to its handler. */
  long charactersDelivered() {
    return pending == null ? 0 : pending.characters;
  }

  /** A call whose result completes {@link #future()}. */
  public static Exchange async(LoadedManifest manifest, InvocationRequest request) {
    return new Exchange(Mode.ASYNC, manifest, request.variables(), request, null);
  }

  /** A streamed call: deltas go to {@code handler}, then its end; the end also completes {@link #future()}. */
  public static Exchange stream(LoadedManifest manifest, InvocationRequest request, StreamHandler handler) {
    return new Exchange(Mode.STREAM, manifest, request.variables(), request, handler);
  }

  /** Returns how the caller waits for the result. */
  Mode mode() {
    Pending p = pending;
    return p == null ? Mode.SYNC : p.handler != null ? Mode.STREAM : Mode.ASYNC;
  }

  /** Returns the future of an asynchronous or streamed call. */
  public CompletableFuture<InvocationResponse> future() {
    if (pending == null) {
      throw new IllegalStateException("a synchronous call has no future");
    }
    return pending.future;
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
    return pending != null && pending.finished();
  }

  /** Returns the caller's history (empty for {@code invoke(Map)}). */
  List<Message> history() {
    return request == null ? List.of() : request.history();
  }

  /** Returns the caller's request if it overrides parameters, else null. */
  @Nullable InvocationRequest overrides() {
    return request != null && request.hasOverrides() ? request : null;
  }

  /** Whether the call skips the response cache both ways (it neither reads nor fills it). */
  boolean bypassCache() {
    return request != null && request.bypassCache();
  }

  /** Returns the provider session the caller named, or null. */
  @Nullable String sessionId() {
    return request == null ? null : request.sessionId();
  }

  /** Whether no text has reached the caller yet, so the call may still be sent again. */
  boolean nothingDelivered() {
    return pending == null || pending.deltas == 0;
  }

  /** Ends the call once: completes the future and the stream handler. A second end is ignored. */
  void finish() {
    Pending p = pending;
    if (p == null || !p.finish()) {
      return;
    }
    if (p.timeLimit != null) {
      p.timeLimit.cancel(false);
    }
    MvcException e = error;
    if (e != null) {
      if (p.handler != null) {
        p.handler.onError(e);
      }
      p.future.completeExceptionally(e);
    } else {
      if (p.handler != null) {
        p.handler.onComplete(response);
      }
      p.future.complete(response);
    }
  }

  /** Ends an asynchronous call with {@code e} at once (its time limit ran out), unless it has ended already. */
  void abandon(MvcException e) {
    Pending p = pending;
    if (p == null || !p.finish()) {
      return;
    }
    java.util.concurrent.Future<?> running = p.attempt;
    if (running != null) {
      running.cancel(true);
    }
    events.failure(e);
    if (p.handler != null) {
      p.handler.onError(e);
    }
    p.future.completeExceptionally(e);
  }

  @Override
  public void onText(String delta) {
    Pending p = pending;
    if (p == null || p.finished() || delta.isEmpty()) {
      return;
    }
    synchronized (p) {
      p.deltas++;
      p.characters += delta.length();
    }
    p.handler.onText(delta);
  }

  @Override
  public void onComplete(BackendResponse response) {
    BackendStep owner = pending == null ? null : pending.streamOwner;
    if (owner != null) {
      owner.streamEnded(this, response, null);
    }
  }

  @Override
  public void onError(Throwable error) {
    BackendStep owner = pending == null ? null : pending.streamOwner;
    if (owner != null) {
      owner.streamEnded(this, null, error);
    }
  }
}
