package dev.mvc;

import dev.mvc.internal.call.CallChain;
import dev.mvc.internal.call.Exchange;
import dev.mvc.spi.ApprovalRegistry;
import dev.mvc.spi.ContentStore;
import dev.mvc.spi.InvocationListener;
import dev.mvc.spi.ManifestListener;
import dev.mvc.spi.ManifestSource;
import dev.mvc.spi.ModelBackend;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

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

  private final ServingVersion version;
  private final ModelBackend backend;
  private final CallChain chain;
  private final @Nullable ExecutorService ownedExecutor;
  private final Executor asyncExecutor;
  private final @Nullable ScheduledExecutorService scheduler;
  private final @Nullable LoadedManifest fallback;
  private final boolean closeBackend;
  private final AtomicBoolean closed = new AtomicBoolean();

  private PinnedModelClient(Builder b) {
    ManifestSource source = Objects.requireNonNull(b.source, "manifest source is required: call manifest(..)");
    this.backend = Objects.requireNonNull(b.backend, "backend is required: call backend(..)");
    ManifestLoader.Builder lb = ManifestLoader.builder().policy(b.policy).clock(b.clock)
        .approvalRegistry(b.approvalRegistry).evaluationRegistry(b.evaluationRegistry);
    b.contentStores.forEach(lb::contentStore);
    this.closeBackend = b.closeBackend;
    this.version = new ServingVersion(source, lb.build(), backend, b.manifestListeners.toArray(new ManifestListener[0]),
        b.lastKnownGood);
    this.fallback = b.fallbackSource == null ? null : version.loadFallback(b.fallbackSource);
    Executor executor = b.executor;
    this.ownedExecutor = executor == null ? Executors.newCachedThreadPool(daemon("mvc-client-")) : null;
    this.asyncExecutor = executor != null ? executor : ownedExecutor;
    boolean needsScheduler = b.resilience.maxAttempts() > 1 || b.resilience.timeLimit() != null;
    this.scheduler = needsScheduler ? Executors.newSingleThreadScheduledExecutor(daemon("mvc-client-retry-")) : null;
    this.chain = CallChain.of(new CallChain.Settings(backend, executor != null ? executor : ownedExecutor, scheduler,
        b.listeners.toArray(new InvocationListener[0]), b.clock, b.resilience, b.responseCacheSize, fallback,
        Set.copyOf(b.fallbackOn)));
    version.announce();
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns the manifest serving calls now. */
  public LoadedManifest currentManifest() {
    return version.current();
  }

  /** Returns the source manifests are loaded from. */
  public ManifestSource source() {
    return version.source();
  }

  /** Invokes the model with these template variables. */
  public InvocationResponse invoke(Map<String, ?> variables) {
    // Renders straight from the caller's map: no request object, no copies.
    ensureOpen();
    Exchange x = Exchange.sync(version.current(), variables);
    chain.run(x);
    return x.result();
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
    ensureOpen();
    Exchange x = Exchange.sync(version.current(), request);
    chain.run(x);
    return x.result();
  }

  /**
   * Runs a tool loop: invokes the model, runs the tools it asks for through {@code tools}, sends
   * the results back and continues until the model answers without asking for tools. Every round
   * is a pinned call through the same steps as {@link #invoke(InvocationRequest)}, on the version
   * current when the loop started; the final response's stamp records the number of rounds
   * ({@link VersionStamp#toolRounds()}) and its usage is the sum of all rounds.
   *
   * @throws ToolLoopException before any handler of a round runs, when the model asks for a tool
   *     the manifest does not declare or has no handler, or with input that fails the tool's
   *     {@code inputSchema}; and when {@code prompt.maxToolRounds} model calls did not end the loop
   */
  public InvocationResponse invoke(InvocationRequest request, ToolExecutor tools) {
    Objects.requireNonNull(tools, "tools");
    ensureOpen();
    return dev.mvc.internal.call.ToolLoop.run(chain, version.current(), request, tools);
  }

  /**
   * Runs a tool loop asynchronously, as {@link #invoke(InvocationRequest, ToolExecutor)} does:
   * every round is an asynchronous call through the same steps as
   * {@link #invokeAsync(InvocationRequest)} (with the policy's time limit per round), on the
   * version current when the loop started; the tool handlers run on the client's executor. The
   * future fails with an {@link MvcException}, a {@link ToolLoopException} as the synchronous loop
   * throws it.
   */
  public CompletableFuture<InvocationResponse> invokeAsync(InvocationRequest request, ToolExecutor tools) {
    Objects.requireNonNull(tools, "tools");
    if (closed.get()) {
      return CompletableFuture.failedFuture(closedException());
    }
    return dev.mvc.internal.call.ToolLoop.runAsync(chain, version.current(), request, tools, asyncExecutor);
  }

  /**
   * Runs a tool loop streamed: every round is a streamed call through the same steps as
   * {@link #invokeStream(InvocationRequest, StreamHandler)}, on the version current when the loop
   * started. The text deltas of every round reach {@code handler} in order, each once; the tool
   * calls of a round are assembled from its streamed tool-use deltas, run through {@code tools}
   * (on the client's executor) and their results sent back with the next round. The handler then
   * gets, once, the final response as {@link #invoke(InvocationRequest, ToolExecutor)} returns it
   * (the last round's text, the usage of all rounds, {@link VersionStamp#toolRounds()}), or the
   * error that ended the loop: a {@link ToolLoopException} as the synchronous loop throws it, or a
   * failed round. A round is retried under the client's policy only while none of its own deltas
   * reached the handler; once text has reached the caller, a failure names how many deltas and
   * characters all rounds delivered, and nothing delivered is sent again.
   *
   * @return a future of the final response, failing as the handler's {@code onError} does
   */
  public CompletableFuture<InvocationResponse> invokeStream(InvocationRequest request, ToolExecutor tools,
      StreamHandler handler) {
    Objects.requireNonNull(tools, "tools");
    Objects.requireNonNull(handler, "handler");
    if (closed.get()) {
      MvcException e = closedException();
      handler.onError(e);
      return CompletableFuture.failedFuture(e);
    }
    return dev.mvc.internal.call.ToolLoop.runStream(chain, version.current(), request, tools, handler, asyncExecutor);
  }

  /**
   * Invokes the model asynchronously, through the same steps as {@link #invoke(InvocationRequest)}
   * (cache, retries, circuit breaker, limits, fallback, served check, stamp) plus the policy's
   * time limit. The future fails with an {@link MvcException}.
   */
  public CompletableFuture<InvocationResponse> invokeAsync(InvocationRequest request) {
    if (closed.get()) {
      return CompletableFuture.failedFuture(closedException());
    }
    Exchange x = Exchange.async(version.current(), request);
    chain.run(x);
    return x.future();
  }

  /**
   * Invokes the model and streams the answer into {@code handler}: text deltas in order, each
   * once, then the stamped response or the error. A stream runs through the same steps as every
   * other call: it is retried under the client's policy, and may go to the fallback, only while no
   * delta has reached the handler; after the first delta a failure is reported with how much text
   * was delivered, and the circuit breaker counts it. The served version is checked when the
   * stream completes; on drift the handler gets {@link VersionDriftException} instead of a response.
   *
   * @return a future of the complete response, failing as the handler's {@code onError} does
   */
  public CompletableFuture<InvocationResponse> invokeStream(InvocationRequest request, StreamHandler handler) {
    Objects.requireNonNull(handler, "handler");
    if (closed.get()) {
      MvcException e = closedException();
      handler.onError(e);
      return CompletableFuture.failedFuture(e);
    }
    Exchange x = Exchange.stream(version.current(), request, handler);
    chain.run(x);
    return x.future();
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
    return version.reload();
  }

  /** Returns the statistics of the response cache ({@link ResponseCacheStats#DISABLED} without one). */
  public ResponseCacheStats responseCacheStats() {
    return chain.cacheStats();
  }

  /** Returns the state of the primary circuit breaker ({@code DISABLED} without one). */
  public String circuitState() {
    return chain.circuitState();
  }

  /** Returns the fallback manifest, or null when none is configured. */
  public @Nullable LoadedManifest fallbackManifest() {
    return fallback;
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw closedException();
    }
  }

  private static MvcException closedException() {
    return new MvcException("this PinnedModelClient is closed");
  }

  private static ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
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
    return "PinnedModelClient{" + version.current() + ", backend=" + backend.provider() + "}";
  }

  /** A builder of {@link PinnedModelClient}. */
  public static final class Builder {
    private @Nullable ManifestSource source;
    private @Nullable ModelBackend backend;
    private PinningPolicy policy = PinningPolicy.strict();
    private final List<ContentStore> contentStores = new ArrayList<>();
    private @Nullable ApprovalRegistry approvalRegistry;
    private dev.mvc.spi.@Nullable EvaluationRegistry evaluationRegistry;
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

    /**
     * Sets the evaluation registry the loader asks for each manifest's report when the policy
     * {@linkplain PinningPolicy.Builder#requireEvaluation requires evaluation}.
     */
    public Builder evaluationRegistry(dev.mvc.spi.@Nullable EvaluationRegistry registry) {
      this.evaluationRegistry = registry;
      return this;
    }

    /** Adds an invocation listener; listeners run in the order added. */
    public Builder listener(InvocationListener listener) {
      this.listeners.add(Objects.requireNonNull(listener, "listener"));
      if (listener instanceof ManifestListener) {
        manifestListener((ManifestListener) listener);
      }
      return this;
    }

    /**
     * Adds a manifest listener (swaps, rejections, source outages). A listener given to {@link
     * #listener(InvocationListener)} that is also a {@code ManifestListener} is added here too;
     * adding the same object again has no effect.
     */
    public Builder manifestListener(ManifestListener listener) {
      Objects.requireNonNull(listener, "listener");
      if (manifestListeners.stream().noneMatch(l -> l == listener)) {
        this.manifestListeners.add(listener);
      }
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
