package dev.mvc;

import dev.mvc.internal.Checks;
import dev.mvc.internal.JsonValues;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The provenance of a model version: where its configuration came from (git commit and
 * repository), what it was trained on and how it was evaluated. All fields are optional.
 */
public final class Provenance {
  private static final Pattern GIT_SHA = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");

  private final @Nullable String gitSha;
  private final @Nullable String repository;
  private final boolean dirty;
  private final @Nullable LocalDate trainingDate;
  private final @Nullable String baseModel;
  private final @Nullable String trainingDataVersion;
  private final Map<String, Double> evaluationMetrics;
  private final @Nullable String evaluationReportUri;

  private Provenance(Builder b) {
    if (b.gitSha != null && !GIT_SHA.matcher(b.gitSha).matches()) {
      throw Checks.fail("provenance.gitSha", "must be 40 or 64 lowercase hex digits", b.gitSha);
    }
    this.gitSha = b.gitSha;
    this.repository = Checks.optionalText("provenance.repository", b.repository, 2048);
    this.dirty = b.dirty;
    this.trainingDate = b.trainingDate;
    this.baseModel = Checks.optionalText("provenance.baseModel", b.baseModel, 512);
    this.trainingDataVersion =
        Checks.optionalText("provenance.trainingDataVersion", b.trainingDataVersion, 512);
    Map<String, Double> metrics = new TreeMap<>();
    b.evaluationMetrics.forEach(
        (k, v) -> {
          String path = "provenance.evaluationMetrics." + k;
          Checks.text("provenance.evaluationMetrics", k, 128);
          if (v == null) {
            throw Checks.fail(path, "must be a finite number", v);
          }
          JsonValues.number(path, v);
          metrics.put(k, v);
        });
    this.evaluationMetrics = java.util.Collections.unmodifiableMap(metrics);
    this.evaluationReportUri =
        Checks.optionalText("provenance.evaluationReportUri", b.evaluationReportUri, 2048);
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder holding this value's fields. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.gitSha = gitSha;
    b.repository = repository;
    b.dirty = dirty;
    b.trainingDate = trainingDate;
    b.baseModel = baseModel;
    b.trainingDataVersion = trainingDataVersion;
    b.evaluationMetrics.putAll(evaluationMetrics);
    b.evaluationReportUri = evaluationReportUri;
    return b;
  }

  /** Returns the git commit of the configuration repository, or null. */
  public @Nullable String gitSha() {
    return gitSha;
  }

  /** Returns the configuration repository (URL or name), or null. */
  public @Nullable String repository() {
    return repository;
  }

  /** Returns whether the manifest was built from a work tree with uncommitted changes. */
  public boolean dirty() {
    return dirty;
  }

  /** Returns the training date, or null. */
  public @Nullable LocalDate trainingDate() {
    return trainingDate;
  }

  /** Returns the base model the version was trained from, or null. */
  public @Nullable String baseModel() {
    return baseModel;
  }

  /** Returns the version of the training data, or null. */
  public @Nullable String trainingDataVersion() {
    return trainingDataVersion;
  }

  /** Returns the evaluation metrics by name (sorted, unmodifiable). */
  public Map<String, Double> evaluationMetrics() {
    return evaluationMetrics;
  }

  /** Returns the URI of the evaluation report, or null. */
  public @Nullable String evaluationReportUri() {
    return evaluationReportUri;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Provenance)) {
      return false;
    }
    Provenance p = (Provenance) o;
    return dirty == p.dirty
        && Objects.equals(gitSha, p.gitSha)
        && Objects.equals(repository, p.repository)
        && Objects.equals(trainingDate, p.trainingDate)
        && Objects.equals(baseModel, p.baseModel)
        && Objects.equals(trainingDataVersion, p.trainingDataVersion)
        && evaluationMetrics.equals(p.evaluationMetrics)
        && Objects.equals(evaluationReportUri, p.evaluationReportUri);
  }

  @Override
  public int hashCode() {
    return Objects.hash(gitSha, repository, dirty, trainingDate, baseModel, trainingDataVersion,
        evaluationMetrics, evaluationReportUri);
  }

  @Override
  public String toString() {
    return "Provenance{gitSha=" + gitSha + ", dirty=" + dirty + ", baseModel=" + baseModel
        + ", trainingDataVersion=" + trainingDataVersion + ", metrics=" + evaluationMetrics + "}";
  }

  /** A builder of {@link Provenance}. */
  public static final class Builder {
    private @Nullable String gitSha;
    private @Nullable String repository;
    private boolean dirty;
    private @Nullable LocalDate trainingDate;
    private @Nullable String baseModel;
    private @Nullable String trainingDataVersion;
    private final Map<String, Double> evaluationMetrics = new LinkedHashMap<>();
    private @Nullable String evaluationReportUri;

    private Builder() {}

    /** Sets the git commit (40 or 64 lowercase hex). */
    public Builder gitSha(@Nullable String gitSha) {
      this.gitSha = gitSha;
      return this;
    }

    /** Sets the configuration repository. */
    public Builder repository(@Nullable String repository) {
      this.repository = repository;
      return this;
    }

    /** Marks a manifest built from a dirty work tree. */
    public Builder dirty(boolean dirty) {
      this.dirty = dirty;
      return this;
    }

    /** Sets the training date. */
    public Builder trainingDate(@Nullable LocalDate trainingDate) {
      this.trainingDate = trainingDate;
      return this;
    }

    /** Sets the base model. */
    public Builder baseModel(@Nullable String baseModel) {
      this.baseModel = baseModel;
      return this;
    }

    /** Sets the training-data version. */
    public Builder trainingDataVersion(@Nullable String trainingDataVersion) {
      this.trainingDataVersion = trainingDataVersion;
      return this;
    }

    /** Adds an evaluation metric. */
    public Builder evaluationMetric(String name, double value) {
      this.evaluationMetrics.put(name, value);
      return this;
    }

    /** Replaces the evaluation metrics. */
    public Builder evaluationMetrics(Map<String, Double> metrics) {
      this.evaluationMetrics.clear();
      this.evaluationMetrics.putAll(metrics);
      return this;
    }

    /** Sets the evaluation report URI. */
    public Builder evaluationReportUri(@Nullable String uri) {
      this.evaluationReportUri = uri;
      return this;
    }

    /** Builds the value, failing with the path and value of the first invalid field. */
    public Provenance build() {
      return new Provenance(this);
    }
  }
}
