package dev.mvc.eval;

import dev.mvc.eval.internal.ReportJson;
import dev.mvc.internal.Hashing;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The result of evaluating one manifest version against a golden set, bound to the manifest
 * digest: per case the stamp, the answer's SHA-256 (and text when asked for) and each score; the
 * totals; and, against a baseline report, the per-case differences. Written as
 * {@code evaluation-results.json} ({@link #toJson()}); {@link #parse} reads it back.
 *
 * <p>The totals are always computed from the cases, never read from the file, so a report whose
 * {@code score} field was edited by hand still gates on what its cases say.
 */
public final class EvaluationReport {
  /** The format name written in the report's {@code schema} field. */
  public static final String SCHEMA = "mvc-evaluation/1";

  private final String manifestName;
  private final String manifestVersion;
  private final String digest;
  private final Instant createdAt;
  private final String goldenSource;
  private final String goldenSha256;
  private final List<String> scorers;
  private final @Nullable Double minScore;
  private final List<CaseResult> cases;
  private final @Nullable String baselineDigest;
  private final @Nullable Double baselineScore;
  private final List<CaseDifference> differences;

  private EvaluationReport(Builder b) {
    this.manifestName = req(b.manifestName, "manifestName");
    this.manifestVersion = req(b.manifestVersion, "manifestVersion");
    this.digest = req(b.digest, "digest");
    this.createdAt = req(b.createdAt, "createdAt");
    this.goldenSource = req(b.goldenSource, "golden.source");
    this.goldenSha256 = req(b.goldenSha256, "golden.sha256");
    this.scorers = List.copyOf(b.scorers);
    this.minScore = b.minScore;
    this.cases = List.copyOf(b.cases);
    this.baselineDigest = b.baselineDigest;
    this.baselineScore = b.baselineScore;
    this.differences = List.copyOf(b.differences);
  }

  private static <T> T req(@Nullable T v, String field) {
    if (v == null) {
      throw new IllegalArgumentException("evaluation report " + field + " must be set");
    }
    return v;
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Parses a report; {@code where} names it in messages.
   *
   * @throws dev.mvc.MvcException naming the field of a malformed report
   */
  public static EvaluationReport parse(byte[] json, String where) {
    return ReportJson.parse(json, where);
  }

  /** Returns the report as pretty-printed JSON. */
  public String toJson() {
    return ReportJson.write(this);
  }

  /** Returns {@code sha256:} + hex SHA-256 of {@link #toJson()} in UTF-8, as published. */
  public String sha256() {
    return "sha256:" + Hashing.sha256Hex(toJson().getBytes(StandardCharsets.UTF_8));
  }

  /** Returns the evaluated manifest's name. */
  public String manifestName() {
    return manifestName;
  }

  /** Returns the evaluated manifest's version. */
  public String manifestVersion() {
    return manifestVersion;
  }

  /** Returns the digest the report is about; it gates only that exact content. */
  public String digest() {
    return digest;
  }

  /** Returns when the evaluation ran. */
  public Instant createdAt() {
    return createdAt;
  }

  /** Returns where the golden set came from. */
  public String goldenSource() {
    return goldenSource;
  }

  /** Returns {@link GoldenSet#sha256()} of the set evaluated. */
  public String goldenSha256() {
    return goldenSha256;
  }

  /** Returns the names of the scorers used, in order. */
  public List<String> scorers() {
    return scorers;
  }

  /** Returns the threshold the evaluation was run against, or null. */
  public @Nullable Double minScore() {
    return minScore;
  }

  /** Returns the per-case results, in golden-set order. */
  public List<CaseResult> cases() {
    return cases;
  }

  /** Returns the baseline report's digest, or null when there was no baseline. */
  public @Nullable String baselineDigest() {
    return baselineDigest;
  }

  /** Returns the baseline report's score, or null. */
  public @Nullable Double baselineScore() {
    return baselineScore;
  }

  /** Returns the cases whose score or answer differ from the baseline's (empty without a baseline). */
  public List<CaseDifference> differences() {
    return differences;
  }

  /** Returns the overall score: the mean of the scored cases' scores (a failed case counts 0); 0 when none. */
  public double score() {
    double sum = 0;
    int n = 0;
    for (CaseResult c : cases) {
      if (c.scored()) {
        sum += c.score();
        n++;
      }
    }
    return n == 0 ? 0 : sum / n;
  }

  /** Returns the number of cases whose call or scorer failed. */
  public int errors() {
    int n = 0;
    for (CaseResult c : cases) {
      if (c.error() != null) {
        n++;
      }
    }
    return n;
  }

  /** Returns whether the score meets {@code threshold}. */
  public boolean meets(double threshold) {
    return score() >= threshold;
  }

  /** Returns whether the score meets {@link #minScore()}; true when none was set. */
  public boolean passed() {
    return minScore == null || meets(minScore);
  }

  /** Returns each scorer's totals, keyed by name in {@link #scorers()} order. */
  public Map<String, ScorerTotal> totals() {
    Map<String, ScorerTotal> out = new LinkedHashMap<>();
    for (String name : scorers) {
      int applied = 0;
      int passed = 0;
      double sum = 0;
      for (CaseResult c : cases) {
        Score s = c.score(name);
        if (s != null) {
          applied++;
          sum += s.value();
          if (s.passed()) {
            passed++;
          }
        }
      }
      out.put(name, new ScorerTotal(name, applied, passed, applied == 0 ? 0 : sum / applied));
    }
    return out;
  }

  /** Returns the result of case {@code id}, or null. */
  public @Nullable CaseResult result(String id) {
    for (CaseResult c : cases) {
      if (c.id().equals(id)) {
        return c;
      }
    }
    return null;
  }

  /** Returns a builder holding this report. */
  public Builder toBuilder() {
    Builder b = new Builder().manifest(manifestName, manifestVersion, digest).createdAt(createdAt)
        .golden(goldenSource, goldenSha256).scorers(scorers).minScore(minScore).cases(cases);
    b.baselineDigest = baselineDigest;
    b.baselineScore = baselineScore;
    b.differences.addAll(differences);
    return b;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof EvaluationReport && toJson().equals(((EvaluationReport) o).toJson());
  }

  @Override
  public int hashCode() {
    return toJson().hashCode();
  }

  @Override
  public String toString() {
    return "EvaluationReport{" + manifestName + " " + manifestVersion + " " + digest + ", " + cases.size()
        + " cases, score=" + String.format(java.util.Locale.ROOT, "%.4f", score()) + "}";
  }

  /** A builder of {@link EvaluationReport}. */
  public static final class Builder {
    private @Nullable String manifestName;
    private @Nullable String manifestVersion;
    private @Nullable String digest;
    private @Nullable Instant createdAt;
    private @Nullable String goldenSource;
    private @Nullable String goldenSha256;
    private final List<String> scorers = new ArrayList<>();
    private @Nullable Double minScore;
    private final List<CaseResult> cases = new ArrayList<>();
    private @Nullable String baselineDigest;
    private @Nullable Double baselineScore;
    private final List<CaseDifference> differences = new ArrayList<>();

    private Builder() {}

    /** Sets the evaluated manifest. */
    public Builder manifest(String name, String version, String digest) {
      this.manifestName = Objects.requireNonNull(name, "name");
      this.manifestVersion = Objects.requireNonNull(version, "version");
      this.digest = Objects.requireNonNull(digest, "digest");
      return this;
    }

    /** Sets when the evaluation ran. */
    public Builder createdAt(Instant createdAt) {
      this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
      return this;
    }

    /** Sets the golden set's source and SHA-256. */
    public Builder golden(String source, String sha256) {
      this.goldenSource = Objects.requireNonNull(source, "source");
      this.goldenSha256 = Objects.requireNonNull(sha256, "sha256");
      return this;
    }

    /** Sets the scorer names. */
    public Builder scorers(List<String> scorers) {
      this.scorers.clear();
      this.scorers.addAll(scorers);
      return this;
    }

    /** Sets the threshold, or null for none. */
    public Builder minScore(@Nullable Double minScore) {
      this.minScore = minScore;
      return this;
    }

    /** Sets the per-case results. */
    public Builder cases(List<CaseResult> cases) {
      this.cases.clear();
      this.cases.addAll(cases);
      return this;
    }

    /**
     * Compares the cases with {@code baseline}: keeps its digest and score, and lists each case
     * whose score or answer differ (a case the baseline lacks always differs). Call after {@link #cases}.
     */
    public Builder baseline(@Nullable EvaluationReport baseline) {
      differences.clear();
      if (baseline == null) {
        baselineDigest = null;
        baselineScore = null;
        return this;
      }
      baselineDigest = baseline.digest();
      baselineScore = baseline.score();
      for (CaseResult now : cases) {
        CaseResult then = baseline.result(now.id());
        Double thenScore = then == null ? null : then.score();
        boolean answerChanged = then == null || !Objects.equals(then.answerSha256(), now.answerSha256());
        if (then == null || answerChanged || thenScore != now.score()) {
          differences.add(new CaseDifference(now.id(), thenScore, now.score(), answerChanged));
        }
      }
      return this;
    }

    /** Sets the baseline part as read from a report file. */
    public Builder baselineAsRecorded(@Nullable String digest, @Nullable Double score, List<CaseDifference> differences) {
      this.baselineDigest = digest;
      this.baselineScore = score;
      this.differences.clear();
      this.differences.addAll(differences);
      return this;
    }

    /** Builds the report. */
    public EvaluationReport build() {
      return new EvaluationReport(this);
    }
  }
}
