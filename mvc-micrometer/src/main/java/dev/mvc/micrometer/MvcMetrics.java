package dev.mvc.micrometer;

import dev.mvc.BackendException;
import dev.mvc.InvocationResponse;
import dev.mvc.MvcException;
import dev.mvc.TokenUsage;
import dev.mvc.VersionManifest;
import dev.mvc.spi.CallListener;
import dev.mvc.spi.InvocationListener;
import dev.mvc.spi.ResolvedCall;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An {@link InvocationListener} that records Micrometer metrics for every invocation:
 *
 * <ul>
 *   <li>{@value #INVOCATIONS} — a counter of completed calls;
 *   <li>{@value #DURATION} — a timer of their latency (successes and failures);
 *   <li>{@value #TOKENS} — distribution summaries of input and output tokens per successful call,
 *       told apart by the {@value #TAG_TOKEN_TYPE} tag ({@code input}, {@code output}).
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
 * PinnedModelClient client = PinnedModelClient.builder()
 *     .manifest(source).backend(backend)
 *     .listener(MvcMetrics.create(meterRegistry))
 *     .build();
 * }</pre>
 *
 * <p>The start time of a call is kept by the call's own {@link CallListener}, so nothing is held
 * for calls in progress. Thread-safe; never throws into the call.
 */
public final class MvcMetrics implements InvocationListener {
  /** The name of the invocation counter. */
  public static final String INVOCATIONS = "mvc.invocations";
  /** The name of the latency timer. */
  public static final String DURATION = "mvc.invocation.duration";
  /** The name of the token distribution summaries. */
  public static final String TOKENS = "mvc.invocation.tokens";
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
