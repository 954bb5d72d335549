package dev.mvc.eval;

import dev.mvc.InvocationRequest;
import dev.mvc.InvocationResponse;
import dev.mvc.LoadedManifest;
import dev.mvc.MvcException;
import dev.mvc.PinnedModelClient;
import dev.mvc.eval.spi.Scorer;
import dev.mvc.internal.Hashing;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * An evaluation of the version a {@link PinnedModelClient} serves against a golden set: every
 * case runs through the client itself (its pin, resilience policy and listeners), at most
 * {@link Builder#concurrency(int) concurrency} at a time, and each answer is graded by every
 * scorer that applies to the case. The result is an {@link EvaluationReport} bound to the digest
 * that served.
 *
 * <pre>{@code
 * EvaluationReport report = Evaluation.builder()
 *     .golden(GoldenSet.read(Path.of("golden/support-answer.jsonl")))
 *     .scorers(Scorers.contains(), Scorers.regex(), Scorers.judge(judgeClient))
 *     .concurrency(8)
 *     .minScore(0.9)
 *     .build()
 *     .run(client);
 * }</pre>
 */
public final class Evaluation {
  private final GoldenSet golden;
  private final List<Scorer> scorers;
  private final int concurrency;
  private final boolean includeText;
  private final @Nullable Double minScore;
  private final @Nullable EvaluationReport baseline;
  private final Progress progress;
  private final Clock clock;

  private Evaluation(Builder b) {
    this.golden = Objects.requireNonNull(b.golden, "golden must be set");
    if (b.scorers.isEmpty()) {
      throw new IllegalArgumentException("scorers must name at least one scorer, was none");
    }
    List<String> names = new ArrayList<>();
    for (Scorer s : b.scorers) {
      if (names.contains(s.name())) {
        throw new IllegalArgumentException("scorers must have distinct names, '" + s.name() + "' is given twice");
      }
      names.add(s.name());
    }
    this.scorers = List.copyOf(b.scorers);
    this.concurrency = b.concurrency;
    this.includeText = b.includeText;
    this.minScore = b.minScore;
    this.baseline = b.baseline;
    this.progress = b.progress;
    this.clock = b.clock;
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** An observer of an evaluation's progress; called from the evaluating threads, must not throw. */
  @FunctionalInterface
  public interface Progress {
    /** Called after each case: {@code done} of {@code total} have finished. */
    void onCase(int done, int total, CaseResult result);
  }

  /**
   * Runs every case through {@code client} and returns the report. The digest is the one serving
   * when the run starts; a reload during the run fails it, since the answers would mix versions.
   *
   * @throws MvcException when the client swapped versions during the run
   */
  public EvaluationReport run(PinnedModelClient client) {
    LoadedManifest serving = client.currentManifest();
    String digest = serving.manifest().digest();
    int total = golden.size();
    AtomicInteger done = new AtomicInteger();
    List<CaseResult> results = new ArrayList<>(total);
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(concurrency, Math.max(1, total)), r -> {
      Thread t = new Thread(r, "mvc-evaluation");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<CaseResult>> futures = new ArrayList<>(total);
      for (GoldenCase c : golden.cases()) {
        futures.add(pool.submit(() -> {
          CaseResult r = runCase(client, c, digest);
          try {
            progress.onCase(done.incrementAndGet(), total, r);
          } catch (RuntimeException e) {
            // A progress observer never fails the evaluation.
          }
          return r;
        }));
      }
      for (Future<CaseResult> f : futures) {
        results.add(f.get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MvcException("the evaluation of " + serving.manifest().name() + " was interrupted", e);
    } catch (ExecutionException e) {
      throw new MvcException("the evaluation of " + serving.manifest().name() + " failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
    return EvaluationReport.builder()
        .manifest(serving.manifest().name(), serving.manifest().version(), digest)
        .createdAt(clock.instant())
        .golden(golden.source(), golden.sha256())
        .scorers(scorers.stream().map(Scorer::name).toList())
        .minScore(minScore)
        .cases(results)
        .baseline(baseline)
        .build();
  }

  private CaseResult runCase(PinnedModelClient client, GoldenCase c, String digest) {
    InvocationResponse response;
    try {
      InvocationRequest request = c.toRequest();
      response = client.invoke(request);
    } catch (MvcException e) {
      return new CaseResult(c.id(), null, null, null, List.of(), e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    if (!response.stamp().digest().equals(digest)) {
      throw new MvcException("case " + c.id() + " was answered by " + response.stamp().digest()
          + " while the evaluation is of " + digest + "; the client reloaded during the run");
    }
    String text = response.text();
    String sha = Hashing.sha256Hex(text.getBytes(StandardCharsets.UTF_8));
    List<Score> scores = new ArrayList<>();
    String error = null;
    for (Scorer s : scorers) {
      if (!s.appliesTo(c)) {
        continue;
      }
      try {
        scores.add(Objects.requireNonNull(s.score(c, text), "score"));
      } catch (RuntimeException e) {
        error = "scorer " + s.name() + " failed: " + e.getMessage();
        break;
      }
    }
    return new CaseResult(c.id(), response.stamp().toHeaderValue(), sha, includeText ? text : null, scores, error);
  }

  /** A builder of {@link Evaluation}. */
  public static final class Builder {
    private @Nullable GoldenSet golden;
    private final List<Scorer> scorers = new ArrayList<>();
    private int concurrency = 1;
    private boolean includeText;
    private @Nullable Double minScore;
    private @Nullable EvaluationReport baseline;
    private Progress progress = (done, total, result) -> { };
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** Sets the golden set. */
    public Builder golden(GoldenSet golden) {
      this.golden = Objects.requireNonNull(golden, "golden");
      return this;
    }

    /** Adds scorers. */
    public Builder scorers(Scorer... scorers) {
      for (Scorer s : scorers) {
        this.scorers.add(Objects.requireNonNull(s, "scorer"));
      }
      return this;
    }

    /** Adds scorers. */
    public Builder scorers(List<? extends Scorer> scorers) {
      return scorers(scorers.toArray(new Scorer[0]));
    }

    /** Sets how many cases run at once, 1 to 256 (default 1). */
    public Builder concurrency(int concurrency) {
      if (concurrency < 1 || concurrency > 256) {
        throw new IllegalArgumentException("concurrency must be in [1, 256], was " + concurrency);
      }
      this.concurrency = concurrency;
      return this;
    }

    /** Keeps each answer's text in the report (default: only its SHA-256). */
    public Builder includeText(boolean includeText) {
      this.includeText = includeText;
      return this;
    }

    /** Records the threshold the report is judged against ({@link EvaluationReport#passed()}). */
    public Builder minScore(@Nullable Double minScore) {
      if (minScore != null && !(minScore >= 0 && minScore <= 1)) {
        throw new IllegalArgumentException("minScore must be in [0, 1], was " + minScore);
      }
      this.minScore = minScore;
      return this;
    }

    /** Compares the cases with an earlier report. */
    public Builder baseline(@Nullable EvaluationReport baseline) {
      this.baseline = baseline;
      return this;
    }

    /** Sets the progress observer. */
    public Builder progress(Progress progress) {
      this.progress = Objects.requireNonNull(progress, "progress");
      return this;
    }

    /** Sets the clock for the report's time. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Builds the evaluation. */
    public Evaluation build() {
      return new Evaluation(this);
    }
  }
}
