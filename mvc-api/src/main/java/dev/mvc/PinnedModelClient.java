package dev.mvc;

import dev.mvc.internal.Ids;
import dev.mvc.internal.LastKnownGoodStore;
import dev.mvc.internal.WellFormedText;
import dev.mvc.spi.ApprovalRegistry;
import dev.mvc.spi.BackendResponse;
import dev.mvc.spi.BackendStreamHandler;
import dev.mvc.spi.ContentStore;
import dev.mvc.spi.FetchedManifest;
import dev.mvc.spi.InvocationListener;
import dev.mvc.spi.ManifestListener;
import dev.mvc.spi.ManifestSource;
import dev.mvc.spi.ModelBackend;
import dev.mvc.spi.ResolvedCall;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * A model client that calls a {@link ModelBackend} with exactly the model, prompt and inference
 * parameters its current {@link VersionManifest} pins, and tags every response with a
 * {@link VersionStamp}. A call that cannot honour the pin fails; it never silently uses another
 * model, template, parameter or manifest version.
 *
 * <pre>{@code
 * try (PinnedModelClient client = PinnedModelClient.builder()
 *     .manifest(ManifestSources.classpath("manifests/support-answer.json"))
 *     .backend(backend)
 *     .build()) {
 *   InvocationResponse r = client.invoke(Map.of("question", "How do I reset my password?"));
 *   log.info("{} [{}]", r.text(), r.stamp().toHeaderValue());
 * }
 * }</pre>
 *
 * <p>Thread-safe. {@link #reload()} swaps in a new manifest version atomically, and only after it
 * passed the whole load pipeline; a call always runs entirely on one version.
 */
public final class PinnedModelClient implements AutoCloseable {
  /** MDC key holding the manifest name during a call. */
  public static final String MDC_MANIFEST = "mvc.manifest";
  /** MDC key holding the manifest version during a call. */
  public static final String MDC_VERSION = "mvc.version";
  /** MDC key holding the manifest digest during a call. */
  public static final String MDC_DIGEST = "mvc.digest";

  private static final Logger LOG = LoggerFactory.getLogger(PinnedModelClient.class);

  private final ManifestSource source;
  private final ManifestLoader loader;
  private final ModelBackend backend;
  private final InvocationListener[] listeners;
  private final ManifestListener[] manifestListeners;
  private final Executor executor;
  private final @Nullable ExecutorService ownedExecutor;
  private final Clock clock;
  private final boolean closeBackend;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Object reloadLock = new Object();
  private final @Nullable LastKnownGoodStore lastKnownGood;
  private volatile LoadedManifest current;
  private final ResilientCaller primary;
  private final @Nullable ResilientCaller fallbackCaller;
  private final @Nullable LoadedManifest fallback;
  private final java.util.Set<String> fallbackOn;
  private final java.util.concurrent.@Nullable ScheduledExecutorService scheduler;
  private final com.github.benmanes.caffeine.cache.@Nullable Cache<String, BackendResponse> responseCache;
  private final java.util.function.Function<ResolvedCall, BackendResponse> backendInvoke;
  private final java.util.function.Function<ResolvedCall, CompletableFuture<BackendResponse>> backendInvokeAsync;

  private PinnedModelClient(Builder b) {
    this.source = Objects.requireNonNull(b.source, "manifest source is required: call manifest(..)");
    this.backend = Objects.requireNonNull(b.backend, "backend is required: call backend(..)");
    ManifestLoader.Builder lb = ManifestLoader.builder().policy(b.policy).clock(b.clock)
        .approvalRegistry(b.approvalRegistry);
    b.contentStores.forEach(lb::contentStore);
    this.loader = lb.build();
    this.listeners = b.listeners.toArray(new InvocationListener[0]);
    this.manifestListeners = b.manifestListeners.toArray(new ManifestListener[0]);
    this.clock = b.clock;
    this.closeBackend = b.closeBackend;
    if (b.executor != null) {
      this.executor = b.executor;
      this.ownedExecutor = null;
    } else {
      AtomicInteger n = new AtomicInteger();
      this.ownedExecutor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "mvc-client-" + n.incrementAndGet());
        t.setDaemon(true);
        return t;
      });
      this.executor = ownedExecutor;
    }
    this.lastKnownGood = b.lastKnownGood == null ? null : new LastKnownGoodStore(b.lastKnownGood);
    this.backendInvoke = backend::invoke;
    this.backendInvokeAsync = call -> backend.invokeAsync(call, executor);
    this.primary = new ResilientCaller("mvc-primary", b.resilience, listeners, this::translate);
    boolean needsScheduler = b.resilience.maxAttempts() > 1 || b.resilience.timeLimit() != null;
    this.scheduler = needsScheduler ? Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "mvc-client-retry");
      t.setDaemon(true);
      return t;
    }) : null;
    this.responseCache = b.responseCacheSize <= 0 ? null
        : com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(b.responseCacheSize).recordStats().build();
    LoadedManifest first = loadAtStart();
    if (b.fallbackSource != null) {
      this.fallback = loadAndValidate(b.fallbackSource.fetch(), ServedFrom.SOURCE, b.fallbackSource, false);
      checkFallbackVariables(first, fallback);
      this.fallbackCaller = new ResilientCaller("mvc-fallback", b.resilience, listeners, this::translate);
      this.fallbackOn = java.util.Set.copyOf(b.fallbackOn);
    } else {
      this.fallback = null;
      this.fallbackCaller = null;
      this.fallbackOn = java.util.Set.of();
    }
    this.current = first;
    for (ManifestListener l : manifestListeners) {
      safely(() -> l.onSwapped(null, first));
    }
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns the manifest serving calls now. */
  public LoadedManifest currentManifest() {
    return current;
  }

  /** Returns the source manifests are loaded from. */
  public ManifestSource source() {
    return source;
  }

  /** Invokes the model with these template variables. */
  public InvocationResponse invoke(Map<String, ?> variables) {
    // Renders straight from the caller's map: no request object, no copies.
    return invoke(variables, List.of(), null, null);
  }

  /**
   * Invokes the model: renders the pinned template with the request's variables, calls the
   * backend with the pinned values only, checks what the backend served, and stamps the response.
   *
   * @throws TemplateException for missing or unknown variables
   * @throws PinViolationException for an override the manifest does not allow
   * @throws VersionDriftException when the backend served something other than the pin
   * @throws BackendException when the backend failed
   */
  public InvocationResponse invoke(InvocationRequest request) {
    return invoke(request.variables(), request.history(), request.hasOverrides() ? request : null,
        request.sessionId());
  }

  private InvocationResponse invoke(Map<String, ?> variables, List<Message> history,
      @Nullable InvocationRequest overrides, @Nullable String sessionId) {
    ensureOpen();
    LoadedManifest m = current;
    ResolvedCall call = resolve(m, variables, history, overrides, sessionId);
    String inferenceDigest = overrides != null ? ManifestLoader.inferenceDigest(call.parameters()) : m.inferenceDigest();
    putMdc(m);
    try {
      CallEvents events = CallEvents.start(listeners, call);
      long start = System.nanoTime();
      String cacheKey = cacheKey(m, call, inferenceDigest);
      if (cacheKey != null) {
        BackendResponse hit = responseCache.getIfPresent(cacheKey);
        if (hit != null) {
          return complete(m, call, events, inferenceDigest, hit, start, Served.CACHED);
        }
      }
      BackendResponse r;
      try {
        r = primary.call(call, events, backendInvoke);
      } catch (MvcException e) {
        events.failure(e);
        if (fallbackApplies(e)) {
          return invokeFallback(events, e, variables, history, overrides, sessionId, start);
        }
        throw e;
      }
      InvocationResponse response = complete(m, call, events, inferenceDigest, r, start, Served.PRIMARY);
      if (cacheKey != null) {
        responseCache.put(cacheKey, r);
      }
      return response;
    } finally {
      clearMdc();
    }
  }

  private InvocationResponse invokeFallback(CallEvents primaryEvents, MvcException cause, Map<String, ?> variables,
      List<Message> history, @Nullable InvocationRequest overrides, @Nullable String sessionId, long start) {
    LoadedManifest fb = fallback;
    ResolvedCall call = resolve(fb, variables, history, overrides, sessionId);
    String inferenceDigest = overrides != null ? ManifestLoader.inferenceDigest(call.parameters()) : fb.inferenceDigest();
    primaryEvents.fallback(cause, call);
    CallEvents events = CallEvents.start(listeners, call);
    BackendResponse r;
    try {
      r = fallbackCaller.call(call, events, backendInvoke);
    } catch (MvcException e) {
      events.failure(e);
      throw e;
    }
    return complete(fb, call, events, inferenceDigest, r, start, Served.FALLBACK);
  }

  private boolean fallbackApplies(MvcException e) {
    if (fallback == null) {
      return false;
    }
    if (e instanceof ResilienceException) {
      return ((ResilienceException) e).kind() == ResilienceException.Kind.CIRCUIT_OPEN;
    }
    return e instanceof BackendException && ((BackendException) e).errorCode() != null
        && fallbackOn.contains(((BackendException) e).errorCode());
  }

  private @Nullable String cacheKey(LoadedManifest m, ResolvedCall call, String inferenceDigest) {
    if (responseCache == null || call.parameters().temperature() == null || call.parameters().temperature() != 0.0
        || call.sessionId() != null) {
      // A provider session carries state between calls, so its answers are never reused.
      return null;
    }
    // The digest keys the version: a new version never hits another version's entries.
    return dev.mvc.internal.ResponseCacheKey.of(m.manifest().digest(), inferenceDigest, call.systemText(),
        call.messages());
  }

  /** Returns the statistics of the response cache ({@link ResponseCacheStats#DISABLED} without one). */
  public ResponseCacheStats responseCacheStats() {
    if (responseCache == null) {
      return ResponseCacheStats.DISABLED;
    }
    com.github.benmanes.caffeine.cache.stats.CacheStats s = responseCache.stats();
    return new ResponseCacheStats(true, s.hitCount(), s.missCount(), responseCache.estimatedSize());
  }

  /** Returns the state of the primary circuit breaker ({@code DISABLED} without one). */
  public String circuitState() {
    return primary.circuitState();
  }

  /** Returns the fallback manifest, or null when none is configured. */
  public @Nullable LoadedManifest fallbackManifest() {
    return fallback;
  }

  private enum Served { PRIMARY, FALLBACK, CACHED }

  /**
   * Invokes the model asynchronously, with the same retries, circuit breaker, limits and fallback
   * as {@link #invoke(InvocationRequest)} plus the policy's time limit. The future fails with an
   * {@link MvcException}.
   */
  public CompletableFuture<InvocationResponse> invokeAsync(InvocationRequest request) {
    ensureOpen();
    LoadedManifest m;
    ResolvedCall call;
    String inferenceDigest;
    try {
      m = current;
      call = resolve(m, request);
      inferenceDigest = request.hasOverrides() ? ManifestLoader.inferenceDigest(call.parameters()) : m.inferenceDigest();
    } catch (MvcException e) {
      return CompletableFuture.failedFuture(e);
    }
    CallEvents events = CallEvents.start(listeners, call);
    long start = System.nanoTime();
    String cacheKey = cacheKey(m, call, inferenceDigest);
    if (cacheKey != null) {
      BackendResponse hit = responseCache.getIfPresent(cacheKey);
      if (hit != null) {
        try {
          return CompletableFuture.completedFuture(complete(m, call, events, inferenceDigest, hit, start,
              Served.CACHED));
        } catch (MvcException e) {
          return CompletableFuture.failedFuture(e);
        }
      }
    }
    CompletableFuture<BackendResponse> pending = scheduler != null
        ? primary.callAsync(call, events, backendInvokeAsync, scheduler)
        : primary.callAsync(call, events, backendInvokeAsync, null);
    return pending.handle((r, error) -> {
      if (error != null) {
        MvcException e = translate(unwrap(error));
        events.failure(e);
        if (fallbackApplies(e)) {
          return CompletableFuture.supplyAsync(() -> invokeFallback(events, e, request.variables(), request.history(),
              request.hasOverrides() ? request : null, request.sessionId(), start), executor);
        }
        return CompletableFuture.<InvocationResponse>failedFuture(e);
      }
      try {
        InvocationResponse response = complete(m, call, events, inferenceDigest, r, start, Served.PRIMARY);
        if (cacheKey != null) {
          responseCache.put(cacheKey, r);
        }
        return CompletableFuture.completedFuture(response);
      } catch (MvcException e) {
        return CompletableFuture.<InvocationResponse>failedFuture(e);
      }
    }).thenCompose(f -> f);
  }

  /**
   * Invokes the model and streams the answer into {@code handler}: text deltas in order, each
   * once, then the stamped response or the error. Drift is checked when the stream completes; on
   * drift the handler gets {@link VersionDriftException} instead of a response.
   *
   * @return a future of the complete response, failing as the handler's {@code onError} does
   */
  public CompletableFuture<InvocationResponse> invokeStream(InvocationRequest request, StreamHandler handler) {
    Objects.requireNonNull(handler, "handler");
    CompletableFuture<InvocationResponse> result = new CompletableFuture<>();
    LoadedManifest m;
    ResolvedCall call;
    String inferenceDigest;
    try {
      ensureOpen();
      m = current;
      call = resolve(m, request);
      inferenceDigest = request.hasOverrides() ? ManifestLoader.inferenceDigest(call.parameters()) : m.inferenceDigest();
    } catch (MvcException e) {
      handler.onError(e);
      result.completeExceptionally(e);
      return result;
    }
    CallEvents events = CallEvents.start(listeners, call);
    long start = System.nanoTime();
    AtomicBoolean done = new AtomicBoolean();
    BackendStreamHandler sink = new BackendStreamHandler() {
      @Override
      public void onText(String delta) {
        if (!done.get()) {
          handler.onText(delta);
        }
      }

      @Override
      public void onComplete(BackendResponse response) {
        if (!done.compareAndSet(false, true)) {
          return;
        }
        InvocationResponse r;
        try {
          r = complete(m, call, events, inferenceDigest, response, start, Served.PRIMARY);
        } catch (MvcException e) {
          handler.onError(e);
          result.completeExceptionally(e);
          return;
        }
        handler.onComplete(r);
        result.complete(r);
      }

      @Override
      public void onError(Throwable error) {
        if (!done.compareAndSet(false, true)) {
          return;
        }
        MvcException e = translate(unwrap(error));
        events.failure(e);
        handler.onError(e);
        result.completeExceptionally(e);
      }
    };
    try {
      backend.invokeStream(call, sink, executor);
    } catch (RuntimeException e) {
      sink.onError(e);
    }
    return result;
  }

  /**
   * Fetches the source and, if the manifest changed, runs the whole load pipeline and swaps the
   * new version in atomically. A new version that fails leaves the current one serving.
   *
   * @return whether a new version was swapped in
   * @throws ManifestException when the source is unreachable or the new version was rejected
   */
  public boolean reload() {
    ensureOpen();
    synchronized (reloadLock) {
      LoadedManifest cur = current;
      FetchedManifest fetched;
      try {
        // A copy served from last-known-good is replaced as soon as the source answers again.
        fetched = cur.servedFrom() == ServedFrom.LAST_KNOWN_GOOD ? source.fetch() : source.fetchIfChanged(cur.source());
      } catch (ManifestException e) {
        for (ManifestListener l : manifestListeners) {
          safely(() -> l.onSourceUnavailable(cur, e));
        }
        throw e;
      }
      if (fetched == null) {
        return false;
      }
      LoadedManifest next;
      try {
        next = loadAndValidate(fetched);
      } catch (ManifestException e) {
        for (ManifestListener l : manifestListeners) {
          safely(() -> l.onRejected(cur, e));
        }
        throw e;
      }
      current = next;
      LOG.info("manifest {} {} ({}) swapped in from {}, replacing {} ({})", next.manifest().name(),
          next.manifest().version(), next.manifest().digest(), next.source().pinnedUri(),
          cur.manifest().version(), cur.manifest().digest());
      for (ManifestListener l : manifestListeners) {
        safely(() -> l.onSwapped(cur, next));
      }
      return true;
    }
  }

  private LoadedManifest loadAtStart() {
    FetchedManifest fetched;
    try {
      fetched = source.fetch();
    } catch (ManifestSourceException e) {
      if (e.notFound()) {
        throw e;
      }
      if (lastKnownGood == null) {
        throw new ManifestSourceException("manifest source " + source.uri() + " is unreachable and no "
            + "last-known-good directory is configured, so the client cannot start: " + e.getMessage(), false, e);
      }
      LastKnownGoodStore.Copy saved = lastKnownGood.load();
      if (saved == null) {
        throw new ManifestSourceException("manifest source " + source.uri() + " is unreachable and the "
            + "last-known-good directory " + lastKnownGood.directory() + " holds no copy yet: " + e.getMessage(), false, e);
      }
      LOG.warn("manifest source {} is unreachable ({}); serving the {} of {}",
          source.uri(), e.getMessage(), saved.description(), saved.fetched().source().pinnedUri());
      LoadedManifest loaded = loader.loadLastKnownGood(saved.fetched(), saved.contentStore(), saved.approval(),
          saved.description());
      validateForBackend(loaded);
      return loaded;
    }
    return loadAndValidate(fetched, ServedFrom.SOURCE);
  }

  private LoadedManifest loadAndValidate(FetchedManifest fetched) {
    LoadedManifest loaded = loadAndValidate(fetched, ServedFrom.SOURCE);
    if (fallback != null) {
      checkFallbackVariables(loaded, fallback);
    }
    return loaded;
  }

  private LoadedManifest loadAndValidate(FetchedManifest fetched, ServedFrom servedFrom) {
    return loadAndValidate(fetched, servedFrom, source, true);
  }

  private static void checkFallbackVariables(LoadedManifest primary, LoadedManifest fallback) {
    if (!primary.template().variables().equals(fallback.template().variables())) {
      throw new ManifestException("fallback manifest " + fallback.manifest().name() + " " + fallback.manifest().version()
          + " must declare the same variables as " + primary.manifest().name() + " " + primary.manifest().version()
          + ": " + fallback.template().variables() + " vs " + primary.template().variables());
    }
  }

  private LoadedManifest loadAndValidate(FetchedManifest fetched, ServedFrom servedFrom, ManifestSource from,
      boolean keepCopy) {
    LoadedManifest loaded = loader.load(fetched, servedFrom, from.contentStore());
    validateForBackend(loaded);
    if (keepCopy && lastKnownGood != null && servedFrom == ServedFrom.SOURCE) {
      try {
        lastKnownGood.save(fetched, loaded);
      } catch (java.io.IOException | RuntimeException e) {
        LOG.warn("could not save the last-known-good copy to {}; serving goes on", lastKnownGood.directory(), e);
      }
    }
    return loaded;
  }

  private void validateForBackend(LoadedManifest loaded) {
    try {
      backend.validate(loaded.manifest());
    } catch (ManifestException e) {
      throw e;
    } catch (MvcException e) {
      throw new ManifestException("manifest " + loaded.manifest().name() + " " + loaded.manifest().version()
          + " cannot be served by backend " + backend.provider() + ": " + e.getMessage(), e);
    }
  }

  private ResolvedCall resolve(LoadedManifest m, InvocationRequest request) {
    return resolve(m, request.variables(), request.history(), request.hasOverrides() ? request : null,
        request.sessionId());
  }

  private ResolvedCall resolve(LoadedManifest m, Map<String, ?> variables, List<Message> history,
      @Nullable InvocationRequest overrides, @Nullable String sessionId) {
    String rendered = m.template().render(variables);
    for (int i = 0; i < history.size(); i++) {
      String problem = WellFormedText.problem(history.get(i).text());
      if (problem != null) {
        throw new TemplateException("history[" + i + "] " + problem);
      }
    }
    List<Message> messages;
    if (history.isEmpty()) {
      messages = List.of(Message.user(rendered));
    } else {
      messages = new ArrayList<>(history.size() + 1);
      messages.addAll(history);
      messages.add(Message.user(rendered));
    }
    InferenceParameters params = m.manifest().inference();
    if (overrides != null) {
      params = applyOverrides(m.manifest(), overrides);
    }
    return ResolvedCall.builder()
        .invocationId(Ids.invocationId())
        .manifest(m.manifest())
        .systemText(m.systemText())
        .messages(messages)
        .parameters(params)
        .sessionId(sessionId)
        .build();
  }

  private static InferenceParameters applyOverrides(VersionManifest manifest, InvocationRequest r) {
    InferenceParameters pinned = manifest.inference();
    InferenceParameters.Builder b = pinned.toBuilder();
    if (r.temperature() != null) {
      check(manifest, "temperature", r.temperature());
      b.temperature(r.temperature());
    }
    if (r.maxTokens() != null) {
      check(manifest, "maxTokens", r.maxTokens());
      b.maxTokens(r.maxTokens());
    }
    if (r.topP() != null) {
      check(manifest, "topP", r.topP());
      b.topP(r.topP());
    }
    return b.build();
  }

  private static void check(VersionManifest manifest, String field, Number requested) {
    OverrideBound bound = manifest.inference().overridable().get(field);
    if (bound == null) {
      throw new PinViolationException("inference." + field + " is not overridable in manifest "
          + manifest.name() + " " + manifest.version() + "; requested " + requested);
    }
    if (!bound.contains(requested.doubleValue())) {
      throw new PinViolationException("inference." + field + " override must be in " + bound
          + " by manifest " + manifest.name() + " " + manifest.version() + ", was " + requested);
    }
  }

  private InvocationResponse complete(LoadedManifest m, ResolvedCall call, CallEvents events, String inferenceDigest,
      BackendResponse r, long start, Served served) {
    try {
      checkDrift(m.manifest().model(), r);
    } catch (VersionDriftException e) {
      events.failure(e);
      throw e;
    }
    InvocationResponse response = InvocationResponse.builder()
        .text(r.text())
        .stopReason(r.stopReason())
        .usage(r.usage())
        .latency(Duration.ofNanos(System.nanoTime() - start))
        .stamp(stamp(m, inferenceDigest, r, call, served))
        .citations(r.citations())
        .sessionId(r.sessionId())
        .build();
    events.success(response);
    return response;
  }

  private VersionStamp stamp(LoadedManifest m, String inferenceDigest, BackendResponse r, ResolvedCall call, Served served) {
    java.time.Instant now = clock.instant();
    VersionStamp stamp = m.stamp(inferenceDigest, r.requestId(), call.invocationId(), now);
    switch (served) {
      case FALLBACK:
        return stamp.asFallback();
      case CACHED:
        return stamp.asCached(call.invocationId(), now);
      default:
        return stamp;
    }
  }

  private static void checkDrift(ModelTarget target, BackendResponse r) {
    target.checkServed(r.servedModel(), r.servedVariant());
  }

  private MvcException translate(Throwable error) {
    Throwable e = unwrap(error);
    if (e instanceof MvcException) {
      return (MvcException) e;
    }
    return BackendException.builder("backend " + backend.provider() + " failed: " + e)
        .cause(e).retryable(false).build();
  }

  private static Throwable unwrap(Throwable e) {
    while ((e instanceof CompletionException || e instanceof java.util.concurrent.ExecutionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  private static void putMdc(LoadedManifest m) {
    MDC.put(MDC_MANIFEST, m.manifest().name());
    MDC.put(MDC_VERSION, m.manifest().version());
    MDC.put(MDC_DIGEST, m.manifest().digest());
  }

  private static void clearMdc() {
    MDC.remove(MDC_MANIFEST);
    MDC.remove(MDC_VERSION);
    MDC.remove(MDC_DIGEST);
  }

  private static void safely(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.warn("an mvc listener threw; it was skipped", e);
    }
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new MvcException("this PinnedModelClient is closed");
    }
  }

  /** Closes the client, its own executor and, unless told otherwise, the backend. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      if (ownedExecutor != null) {
        ownedExecutor.shutdown();
      }
      if (scheduler != null) {
        scheduler.shutdownNow();
      }
      if (closeBackend) {
        backend.close();
      }
    }
  }

  @Override
  public String toString() {
    return "PinnedModelClient{" + current + ", backend=" + backend.provider() + "}";
  }

  /** A builder of {@link PinnedModelClient}. */
  public static final class Builder {
    private @Nullable ManifestSource source;
    private @Nullable ModelBackend backend;
    private PinningPolicy policy = PinningPolicy.strict();
    private final List<ContentStore> contentStores = new ArrayList<>();
    private @Nullable ApprovalRegistry approvalRegistry;
    private final List<InvocationListener> listeners = new ArrayList<>();
    private final List<ManifestListener> manifestListeners = new ArrayList<>();
    private @Nullable Executor executor;
    private Clock clock = Clock.systemUTC();
    private boolean closeBackend = true;
    private java.nio.file.@Nullable Path lastKnownGood;
    private ResiliencePolicy resilience = ResiliencePolicy.none();
    private @Nullable ManifestSource fallbackSource;
    private final java.util.Set<String> fallbackOn = new java.util.HashSet<>();
    private long responseCacheSize;

    private Builder() {}

    /** Sets the retry, circuit breaker, rate limit, bulkhead and time limit (default {@link ResiliencePolicy#none()}). */
    public Builder resilience(ResiliencePolicy resilience) {
      this.resilience = Objects.requireNonNull(resilience, "resilience");
      return this;
    }

    /**
     * Sets an explicit fallback: a second pinned manifest (for example the same model version
     * through another region's inference profile), loaded through the same pipeline and backend,
     * used only while the primary circuit is open or when a call fails with one of
     * {@code onErrorCodes} (such as {@code ServiceUnavailableException}). Its responses are stamped
     * with the fallback's version and {@code fb=1}. It must declare the same variables. Without a
     * fallback, failure is an exception, never another model.
     */
    public Builder fallback(ManifestSource source, String... onErrorCodes) {
      this.fallbackSource = Objects.requireNonNull(source, "source");
      this.fallbackOn.clear();
      this.fallbackOn.addAll(java.util.Arrays.asList(onErrorCodes));
      return this;
    }

    /**
     * Caches up to {@code maxEntries} responses of deterministic calls (effective temperature 0),
     * keyed by manifest digest, effective parameters and the exact rendered input; a new version
     * never hits another version's entries. Cached responses are stamped {@code ch=1}.
     */
    public Builder responseCache(long maxEntries) {
      if (maxEntries < 0) {
        throw new IllegalArgumentException("responseCache maxEntries must be >= 0, was " + maxEntries);
      }
      this.responseCacheSize = maxEntries;
      return this;
    }

    /**
     * Keeps the last manifest that passed the load pipeline, with its prompt blobs, in
     * {@code directory}, and starts from that copy when the source is unreachable at start.
     * Responses served from it are stamped {@code from=last-known-good}. One directory per client.
     *
     * <p>The copy keeps the manifest's detached signature and the approval decision checked at
     * load, and a start from it runs the whole load pipeline again: with
     * {@link PinningPolicy.Builder#requireSignature} the stored signature must verify against this
     * client's trusted keys, and with {@link PinningPolicy.Builder#requireApproval} the stored
     * decision must be Approved and about exactly the copy's digest. Each save is a new
     * generation made current by one atomic rename, so a crash never leaves a mixed copy. See
     * {@code docs/last-known-good.md} for who must be trusted to write {@code directory}.
     */
    public Builder lastKnownGood(java.nio.file.Path directory) {
      this.lastKnownGood = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /** Sets where the manifest is loaded from (required). */
    public Builder manifest(ManifestSource source) {
      this.source = Objects.requireNonNull(source, "source");
      return this;
    }

    /** Pins the client to one in-memory manifest. */
    public Builder manifest(VersionManifest manifest) {
      return manifest(ManifestSources.fixed(manifest));
    }

    /** Sets the backend (required). */
    public Builder backend(ModelBackend backend) {
      this.backend = Objects.requireNonNull(backend, "backend");
      return this;
    }

    /** Sets the pinning policy (default {@link PinningPolicy#strict()}). */
    public Builder policy(PinningPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** Adds a content store for blob references, consulted before the source's own store. */
    public Builder contentStore(ContentStore store) {
      this.contentStores.add(Objects.requireNonNull(store, "store"));
      return this;
    }

    /** Sets the approval registry consulted at every load. */
    public Builder approvalRegistry(@Nullable ApprovalRegistry registry) {
      this.approvalRegistry = registry;
      return this;
    }

    /** Adds an invocation listener; listeners run in the order added. */
    public Builder listener(InvocationListener listener) {
      this.listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /** Adds a manifest listener (swaps, rejections, source outages). */
    public Builder manifestListener(ManifestListener listener) {
      this.manifestListeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /** Sets the executor for async calls of blocking backends (default: a daemon pool owned by the client). */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /** Sets the clock for stamp times. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Sets whether {@link PinnedModelClient#close()} closes the backend (default true). */
    public Builder closeBackend(boolean closeBackend) {
      this.closeBackend = closeBackend;
      return this;
    }

    /**
     * Loads the manifest through the whole pipeline and builds the client.
     *
     * @throws ManifestException when the manifest cannot be fetched or fails the pipeline
     */
    public PinnedModelClient build() {
      return new PinnedModelClient(this);
    }
  }
}
