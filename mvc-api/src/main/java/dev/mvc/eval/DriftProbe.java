package dev.mvc.eval;

import dev.mvc.InvocationRequest;
import dev.mvc.InvocationResponse;
import dev.mvc.LoadedManifest;
import dev.mvc.MvcException;
import dev.mvc.PinnedModelClient;
import dev.mvc.eval.spi.Scorer;
import dev.mvc.internal.Hashing;
import dev.mvc.spi.EvaluationRegistry;
import dev.mvc.spi.ManifestListener;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A behaviour probe: every so often it replays a sample of a golden set against the version a
 * client serves, at temperature 0 and bypassing the response cache, and compares the answers
 * with the baseline report captured when that version was evaluated. A case agrees when its
 * answer is the baseline's (same SHA-256) or the scorers grade it at least as well as the
 * baseline did. When the share of agreeing cases drops below the threshold, the probe reports
 * {@link ManifestListener#onBehaviourDrift} to its listeners, to its metric hook and to the log:
 * the signal that a provider changed a model under the same ID.
 *
 * <pre>{@code
 * DriftProbe probe = DriftProbe.builder(client)
 *     .golden(GoldenSet.read(Path.of("golden/support-answer.jsonl")))
 *     .baselines(EvaluationRegistries.directory(Path.of("evaluations")))
 *     .scorers(Scorers.expectations())
 *     .sample(20).every(Duration.ofHours(1)).threshold(0.9)
 *     .listener(alerts)
 *     .start();
 * }</pre>
 *
 * <p>The baseline must be about the digest that serves: after a reload to a version without a
 * baseline the probe skips its runs (and logs it once per digest) instead of comparing versions.
 */
public final class DriftProbe implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DriftProbe.class);

  private final PinnedModelClient client;
  private final GoldenSet golden;
  private final @Nullable EvaluationReport baseline;
  private final @Nullable EvaluationRegistry baselines;
  private final List<Scorer> scorers;
  private final int sample;
  private final Duration every;
  private final double threshold;
  private final List<ManifestListener> listeners;
  private final Metrics metrics;
  private final Clock clock;
  private final AtomicLong runs = new AtomicLong();
  private volatile @Nullable String skippedDigest;
  private @Nullable ScheduledExecutorService scheduler;

  private DriftProbe(Builder b) {
    this.client = b.client;
    this.golden = Objects.requireNonNull(b.golden, "golden must be set");
    if (b.baseline == null && b.baselines == null) {
      throw new IllegalArgumentException("baseline or baselines must be set: the probe compares with the baseline "
          + "captured when the version was evaluated");
    }
    this.baseline = b.baseline;
    this.baselines = b.baselines;
    this.scorers = b.scorers.isEmpty() ? Scorers.expectations() : List.copyOf(b.scorers);
    this.sample = b.sample;
    this.every = b.every;
    this.threshold = b.threshold;
    this.listeners = List.copyOf(b.listeners);
    this.metrics = b.metrics;
    this.clock = b.clock;
  }

  /** Returns a builder of a probe of {@code client}. */
  public static Builder builder(PinnedModelClient client) {
    return new Builder(Objects.requireNonNull(client, "client"));
  }

  /** A metric hook: called after every completed run with the agreement found. Must not throw. */
  @FunctionalInterface
  public interface Metrics {
    /** Records the agreement of one run of the probe of {@code manifestName} at {@code digest}. */
    void agreement(String manifestName, String digest, double agreement);
  }

  /**
   * The outcome of one run.
   *
   * @param digest the digest that served
   * @param agreement the share of sampled cases that agreed (1 when the run was skipped)
   * @param sampled the cases replayed (0 when the run was skipped for want of a baseline)
   * @param disagreeing the ids of the cases that did not agree
   * @param drift the drift reported, or null when agreement met the threshold or the run was skipped
   */
  public record Run(String digest, double agreement, int sampled, List<String> disagreeing,
      @Nullable BehaviourDrift drift) {}

  /** Starts running every {@link Builder#every interval}, the first run after one interval; returns this probe. */
  public synchronized DriftProbe start() {
    if (scheduler != null) {
      throw new IllegalStateException("the probe has already started");
    }
    ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "mvc-drift-probe");
      t.setDaemon(true);
      return t;
    });
    long millis = Math.max(1, every.toMillis());
    s.scheduleWithFixedDelay(() -> {
      try {
        runOnce();
      } catch (RuntimeException e) {
        LOG.warn("behaviour probe of {} failed: {}", client.currentManifest().manifest().name(), e.toString());
      }
    }, millis, millis, TimeUnit.MILLISECONDS);
    scheduler = s;
    return this;
  }

  /** Returns how many runs have completed. */
  public long runs() {
    return runs.get();
  }

  /**
   * Runs the probe once now: replays the sample, compares and reports.
   *
   * @throws MvcException when the serving version pins a temperature other than 0 and does not
   *     allow overriding it to 0
   */
  public Run runOnce() {
    LoadedManifest serving = client.currentManifest();
    String digest = serving.manifest().digest();
    EvaluationReport base = baselineFor(serving);
    if (base == null) {
      if (!digest.equals(skippedDigest)) {
        skippedDigest = digest;
        LOG.info("behaviour probe of {} skipped: no baseline for {}", serving.manifest().name(), digest);
      }
      runs.incrementAndGet();
      return new Run(digest, 1, 0, List.of(), null);
    }
    Double pinned = serving.manifest().inference().temperature();
    boolean override = pinned == null || pinned != 0.0;
    // The sample changes from run to run, so over time every case is replayed.
    GoldenSet picked = golden.sample(sample, runs.get() * 7919 + 17);
    List<String> disagreeing = new ArrayList<>();
    int compared = 0;
    for (GoldenCase c : picked.cases()) {
      CaseResult then = base.result(c.id());
      if (then == null || then.error() != null) {
        continue;
      }
      InvocationRequest.Builder request = c.toRequest().toBuilder().bypassCache(true);
      if (override) {
        request.overrideTemperature(0);
      }
      compared++;
      InvocationResponse r;
      try {
        r = client.invoke(request.build());
      } catch (dev.mvc.PinViolationException e) {
        throw new MvcException("the behaviour probe replays at temperature 0, but " + serving.manifest().name()
            + " pins inference.temperature " + pinned + " and does not allow overriding it to 0: " + e.getMessage(), e);
      } catch (MvcException e) {
        disagreeing.add(c.id());
        continue;
      }
      String sha = Hashing.sha256Hex(r.text().getBytes(StandardCharsets.UTF_8));
      if (sha.equals(then.answerSha256())) {
        continue;
      }
      double now = score(c, r.text());
      if (now < then.score()) {
        disagreeing.add(c.id());
      }
    }
    double agreement = compared == 0 ? 1 : (compared - disagreeing.size()) / (double) compared;
    runs.incrementAndGet();
    try {
      metrics.agreement(serving.manifest().name(), digest, agreement);
    } catch (RuntimeException e) {
      LOG.warn("behaviour probe metric hook failed: {}", e.toString());
    }
    BehaviourDrift drift = null;
    if (agreement < threshold) {
      drift = new BehaviourDrift(serving.manifest().name(), digest, agreement, threshold, compared, disagreeing,
          clock.instant());
      LOG.warn("behaviour drift of {} {}: {} of {} sampled golden cases agree with the baseline ({} < {}); "
          + "disagreeing: {}", serving.manifest().name(), digest, compared - disagreeing.size(), compared,
          agreement, threshold, disagreeing);
      for (ManifestListener l : listeners) {
        try {
          l.onBehaviourDrift(drift);
        } catch (RuntimeException e) {
          LOG.warn("manifest listener {} failed on behaviour drift: {}", l, e.toString());
        }
      }
    }
    return new Run(digest, agreement, compared, disagreeing, drift);
  }

  private double score(GoldenCase c, String answer) {
    List<Score> scores = new ArrayList<>();
    for (Scorer s : scorers) {
      if (s.appliesTo(c)) {
        scores.add(s.score(c, answer));
      }
    }
    return new CaseResult(c.id(), null, null, null, scores, null).score();
  }

  private @Nullable EvaluationReport baselineFor(LoadedManifest serving) {
    String digest = serving.manifest().digest();
    if (baseline != null && baseline.digest().equals(digest)) {
      return baseline;
    }
    return baselines == null ? null : baselines.report(serving.source(), digest);
  }

  /** Stops the probe; a run in progress finishes. */
  @Override
  public synchronized void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }

  /** A builder of {@link DriftProbe}. */
  public static final class Builder {
    private final PinnedModelClient client;
    private @Nullable GoldenSet golden;
    private @Nullable EvaluationReport baseline;
    private @Nullable EvaluationRegistry baselines;
    private final List<Scorer> scorers = new ArrayList<>();
    private int sample = 20;
    private Duration every = Duration.ofHours(1);
    private double threshold = 0.9;
    private final List<ManifestListener> listeners = new ArrayList<>();
    private Metrics metrics = (name, digest, agreement) -> { };
    private Clock clock = Clock.systemUTC();

    private Builder(PinnedModelClient client) {
      this.client = client;
    }

    /** Sets the golden set to sample from. */
    public Builder golden(GoldenSet golden) {
      this.golden = Objects.requireNonNull(golden, "golden");
      return this;
    }

    /** Sets the baseline: the report captured when the serving version was evaluated. */
    public Builder baseline(EvaluationReport baseline) {
      this.baseline = Objects.requireNonNull(baseline, "baseline");
      return this;
    }

    /** Looks the baseline up by the serving digest, so the probe follows reloads. */
    public Builder baselines(EvaluationRegistry baselines) {
      this.baselines = Objects.requireNonNull(baselines, "baselines");
      return this;
    }

    /** Sets the scorers that grade replayed answers (default: every expectation scorer). */
    public Builder scorers(List<? extends Scorer> scorers) {
      this.scorers.clear();
      this.scorers.addAll(scorers);
      return this;
    }

    /** Sets how many cases each run replays (default 20). */
    public Builder sample(int sample) {
      if (sample < 1) {
        throw new IllegalArgumentException("sample must be at least 1, was " + sample);
      }
      this.sample = sample;
      return this;
    }

    /** Sets the interval between runs (default one hour). */
    public Builder every(Duration every) {
      if (every.isZero() || every.isNegative()) {
        throw new IllegalArgumentException("every must be positive, was " + every);
      }
      this.every = every;
      return this;
    }

    /** Sets the share of agreeing cases below which drift is reported, in [0, 1] (default 0.9). */
    public Builder threshold(double threshold) {
      if (!(threshold >= 0 && threshold <= 1)) {
        throw new IllegalArgumentException("threshold must be in [0, 1], was " + threshold);
      }
      this.threshold = threshold;
      return this;
    }

    /** Adds a listener told of drift. */
    public Builder listener(ManifestListener listener) {
      this.listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /** Sets the metric hook called with each run's agreement. */
    public Builder metrics(Metrics metrics) {
      this.metrics = Objects.requireNonNull(metrics, "metrics");
      return this;
    }

    /** Sets the clock for drift times. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Builds the probe without starting it. */
    public DriftProbe build() {
      return new DriftProbe(this);
    }

    /** Builds and starts the probe. */
    public DriftProbe start() {
      return build().start();
    }
  }
}
