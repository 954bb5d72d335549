package dev.mvc.micrometer;

import dev.mvc.BackendException;
import dev.mvc.InvocationResponse;
import dev.mvc.LifecycleFacts;
import dev.mvc.LoadedManifest;
import dev.mvc.MvcException;
import dev.mvc.TokenUsage;
import dev.mvc.VersionManifest;
import dev.mvc.spi.CallListener;
import dev.mvc.spi.InvocationListener;
import dev.mvc.spi.ManifestListener;
import dev.mvc.spi.ResolvedCall;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * An {@link InvocationListener} that records Micrometer metrics for every invocation, and a
 * {@link ManifestListener} that keeps a gauge of the pinned model's end of life:
 *
 * <ul>
 *   <li>{@value #INVOCATIONS} — a counter of completed calls;
 *   <li>{@value #DURATION} — a timer of their latency (successes and failures);
 *   <li>{@value #TOKENS} — distribution summaries of input and output tokens per successful call,
 *       told apart by the {@value #TAG_TOKEN_TYPE} tag ({@code input}, {@code output});
 *   <li>{@value #DAYS_TO_END_OF_LIFE} — a gauge, one per manifest name, of the days (with their
 *       fraction, negative once passed) from now to the end of life the provider announced for the
 *       serving version's model, as the backend reported it at load
 *       ({@link LoadedManifest#modelLifecycle()}; for Bedrock, when the lifecycle check is not
 *       {@code OFF}). It is read against the registry's clock, so it falls day by day between
 *       loads, and takes the new dates on every swap (start and each reload that swaps in a new
 *       version). {@link Double#NaN} when the model has no announced end of life, or the last
 *       swapped-in version's lookup reported nothing; no gauge until a version with lifecycle facts
 *       is loaded. Tagged {@value #TAG_MANIFEST}, {@value #TAG_PROVIDER} and {@value #TAG_MODEL}
 *       (the model whose lifecycle it is, such as the foundation model behind an inference
 *       profile), not the version, so that one series follows the manifest across versions; when a
 *       new version pins another model, the old model's gauge is removed.
 * </ul>
 *
 * <p>Every meter is tagged with {@value #TAG_MANIFEST} (manifest name), {@value #TAG_VERSION}
 * (manifest version label) and {@value #TAG_PROVIDER} ({@code bedrock}, {@code sagemaker});
 * the counter and the timer also with {@value #TAG_OUTCOME}: {@code success}, or the error type
 * (the provider's error code such as {@code ThrottlingException}, else the exception's simple
 * class name such as {@code VersionDriftException}). Tags stay low in cardinality: digests,
 * invocation IDs, request IDs and prompt content are never tags.
 *
 * <pre>{@code
 * MvcMetrics metrics = MvcMetrics.create(meterRegistry);
 * PinnedModelClient client = PinnedModelClient.builder()
 *     .manifest(source).backend(backend)
 *     .listener(metrics)          // also hears manifest swaps, for mvc.model.days_to_end_of_life
 *     .build();
 * }</pre>
 *
 * <p>The start time of a call is kept by the call's own {@link CallListener}, so nothing is held
 * for calls in progress. Thread-safe; never throws into the call.
 */
public final class MvcMetrics implements InvocationListener, ManifestListener {
  /** The name of the invocation counter. */
  public static final String INVOCATIONS = "mvc.invocations";
  /** The name of the latency timer. */
  public static final String DURATION = "mvc.invocation.duration";
  /** The name of the token distribution summaries. */
  public static final String TOKENS = "mvc.invocation.tokens";
  /** The name of the gauge of days to the serving model's end of life. */
  public static final String DAYS_TO_END_OF_LIFE = "mvc.model.days_to_end_of_life";
  /** The tag holding the model whose lifecycle the end-of-life gauge follows. */
  public static final String TAG_MODEL = "model";
  /** The tag holding the manifest name. */
  public static final String TAG_MANIFEST = "manifest";
  /** The tag holding the manifest version label. */
  public static final String TAG_VERSION = "version";
  /** The tag holding the provider. */
  public static final String TAG_PROVIDER = "provider";
  /** The tag holding {@code success} or the error type. */
  public static final String TAG_OUTCOME = "outcome";
  /** The tag telling input from output tokens. */
  public static final String TAG_TOKEN_TYPE = "type";
  /** The outcome of a successful call. */
  public static final String SUCCESS = "success";

  private static final System.Logger LOG = System.getLogger(MvcMetrics.class.getName());

  private final MeterRegistry registry;
  private final Tags commonTags;
  private final boolean percentileHistogram;
  private final AtomicBoolean warned = new AtomicBoolean();
  /** The end-of-life gauge of each manifest name; swaps are rare, so one lock guards it. */
  private final Map<String, EndOfLife> endOfLife = new HashMap<>();

  private MvcMetrics(Builder b) {
    this.registry = b.registry;
    this.commonTags = b.tags;
    this.percentileHistogram = b.percentileHistogram;
  }

  /** Returns a listener that records into {@code registry} with default settings. */
  public static MvcMetrics create(MeterRegistry registry) {
    return builder(registry).build();
  }

  /** Returns a builder of a listener that records into {@code registry}. */
  public static Builder builder(MeterRegistry registry) {
    return new Builder(registry);
  }

  /** Starts a call: it is counted when it ends, a failure timed from now. */
  @Override
  public CallListener newCall(ResolvedCall call) {
    long start;
    try {
      start = registry.config().clock().monotonicTime();
    } catch (RuntimeException e) {
      warnOnce(e);
      return CallListener.NONE;
    }
    return new CallListener() {
      @Override
      public void onSuccess(InvocationResponse response) {
        succeeded(call, response);
      }

      @Override
      public void onFailure(MvcException error) {
        failed(call, error, start);
      }
    };
  }

  private void succeeded(ResolvedCall call, InvocationResponse response) {
    try {
      Tags tags = tags(call);
      Tags outcome = tags.and(TAG_OUTCOME, SUCCESS);
      counter(outcome).increment();
      timer(outcome).record(response.latency());
      TokenUsage usage = response.usage();
      if (!usage.equals(TokenUsage.UNKNOWN)) {
        tokens(tags.and(TAG_TOKEN_TYPE, "input")).record(usage.inputTokens());
        tokens(tags.and(TAG_TOKEN_TYPE, "output")).record(usage.outputTokens());
        if (usage.cacheReadInputTokens() > 0 || usage.cacheWriteInputTokens() > 0) {
          tokens(tags.and(TAG_TOKEN_TYPE, "cache_read")).record(usage.cacheReadInputTokens());
          tokens(tags.and(TAG_TOKEN_TYPE, "cache_write")).record(usage.cacheWriteInputTokens());
        }
      }
    } catch (RuntimeException e) {
      warnOnce(e);
    }
  }

  private void failed(ResolvedCall call, MvcException error, long start) {
    try {
      Tags outcome = tags(call).and(TAG_OUTCOME, errorType(error));
      counter(outcome).increment();
      long elapsed = registry.config().clock().monotonicTime() - start;
      timer(outcome).record(Duration.ofNanos(Math.max(0, elapsed)));
    } catch (RuntimeException e) {
      warnOnce(e);
    }
  }

  /**
   * Keeps the end-of-life gauge of {@code current}'s manifest name on the dates its backend
   * reported at load: registers it on the first version with lifecycle facts, and moves it when a
   * version pins another model.
   */
  @Override
  public void onSwapped(@Nullable LoadedManifest previous, LoadedManifest current) {
    try {
      lifecycle(current);
    } catch (RuntimeException e) {
      warnOnce(e);
    }
  }

  private synchronized void lifecycle(LoadedManifest current) {
    VersionManifest m = current.manifest();
    LifecycleFacts facts = current.modelLifecycle();
    EndOfLife gauge = endOfLife.get(m.name());
    if (gauge != null && (facts == null || gauge.model.equals(facts.modelId()))) {
      gauge.facts = facts;
      return;
    }
    if (facts == null) {
      return;
    }
    if (gauge != null && gauge.gauge != null) {
      registry.remove(gauge.gauge);
    }
    EndOfLife next = new EndOfLife(facts);
    next.gauge = Gauge.builder(DAYS_TO_END_OF_LIFE, next, this::daysToEndOfLife)
        .description("days from now to the end of life announced for the serving version's model")
        .baseUnit("days")
        .tags(commonTags.and(TAG_MANIFEST, m.name()).and(TAG_PROVIDER, m.model().provider())
            .and(TAG_MODEL, facts.modelId()))
        .strongReference(true)
        .register(registry);
    endOfLife.put(m.name(), next);
  }

  private double daysToEndOfLife(EndOfLife gauge) {
    LifecycleFacts facts = gauge.facts;
    return facts == null ? Double.NaN
        : facts.daysToEndOfLife(Instant.ofEpochMilli(registry.config().clock().wallTime()));
  }

  /** The state behind one manifest's end-of-life gauge. */
  private static final class EndOfLife {
    final String model;
    volatile @Nullable LifecycleFacts facts;
    @Nullable Gauge gauge;

    EndOfLife(LifecycleFacts facts) {
      this.model = facts.modelId();
      this.facts = facts;
    }
  }

  /**
   * Returns the outcome tag of {@code error}: a backend's provider error code when it has one,
   * else the exception's simple class name.
   */
  static String errorType(MvcException error) {
    if (error instanceof BackendException) {
      String code = ((BackendException) error).errorCode();
      if (code != null && !code.isEmpty()) {
        return code;
      }
    }
    return error.getClass().getSimpleName();
  }

  private Tags tags(ResolvedCall call) {
    VersionManifest m = call.manifest();
    return commonTags.and(TAG_MANIFEST, m.name()).and(TAG_VERSION, m.version())
        .and(TAG_PROVIDER, m.model().provider());
  }

  private Counter counter(Tags tags) {
    return Counter.builder(INVOCATIONS).description("mvc model invocations").tags(tags).register(registry);
  }

  private Timer timer(Tags tags) {
    return Timer.builder(DURATION).description("latency of mvc model invocations")
        .publishPercentileHistogram(percentileHistogram).tags(tags).register(registry);
  }

  private DistributionSummary tokens(Tags tags) {
    return DistributionSummary.builder(TOKENS).description("tokens per mvc model invocation")
        .baseUnit("tokens").publishPercentileHistogram(percentileHistogram).tags(tags).register(registry);
  }

  private void warnOnce(RuntimeException e) {
    if (warned.compareAndSet(false, true)) {
      LOG.log(System.Logger.Level.WARNING, "mvc metrics failed to record an invocation; calls go on", e);
    }
  }

  @Override
  public String toString() {
    return "MvcMetrics{" + registry.getClass().getSimpleName() + ", tags=" + commonTags + "}";
  }

  /** A builder of {@link MvcMetrics}. */
  public static final class Builder {
    private final MeterRegistry registry;
    private Tags tags = Tags.empty();
    private boolean percentileHistogram;

    private Builder(MeterRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** Adds tags to every meter, such as the application or region; keep them low in cardinality. */
    public Builder tags(Iterable<Tag> tags) {
      this.tags = this.tags.and(Objects.requireNonNull(tags, "tags"));
      return this;
    }

    /** Publishes percentile histograms of latency and tokens, for backends that aggregate them. */
    public Builder percentileHistogram(boolean percentileHistogram) {
      this.percentileHistogram = percentileHistogram;
      return this;
    }

    /** Builds the listener. */
    public MvcMetrics build() {
      return new MvcMetrics(this);
    }
  }
}
