package dev.mvc.s3;

import dev.mvc.Provenance;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The metadata names model artifacts carry in S3 ({@code x-amz-meta-*}) and SageMaker model
 * packages carry as {@code CustomerMetadataProperties}, as the common model-versioning recipe
 * writes them ({@code git-sha}, {@code training-date}, {@code base-model},
 * {@code eval-<metric>}, {@code training-dataset-version}), and their mapping to and from a
 * manifest's {@link Provenance}.
 */
public final class ArtifactMetadata {
  /** The commit the artifact was built from: {@value}. */
  public static final String GIT_SHA = "git-sha";
  /** When the model was trained, an ISO-8601 date: {@value}. */
  public static final String TRAINING_DATE = "training-date";
  /** The model it was trained or tuned from: {@value}. */
  public static final String BASE_MODEL = "base-model";
  /** The version of the training data: {@value}. */
  public static final String TRAINING_DATASET_VERSION = "training-dataset-version";
  /** The prefix of evaluation results, such as {@code eval-accuracy}: {@value}. */
  public static final String EVAL_PREFIX = "eval-";

  private static final Pattern FULL_SHA = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");

  private ArtifactMetadata() {}

  /** Returns the metadata entries {@code provenance} gives, in the order above. */
  public static Map<String, String> fromProvenance(Provenance provenance) {
    Objects.requireNonNull(provenance, "provenance");
    Map<String, String> m = new LinkedHashMap<>();
    if (provenance.gitSha() != null) {
      m.put(GIT_SHA, provenance.gitSha());
    }
    if (provenance.trainingDate() != null) {
      m.put(TRAINING_DATE, provenance.trainingDate().toString());
    }
    if (provenance.baseModel() != null) {
      m.put(BASE_MODEL, provenance.baseModel());
    }
    provenance.evaluationMetrics().forEach((k, v) -> m.put(EVAL_PREFIX + k, String.valueOf(v)));
    if (provenance.trainingDataVersion() != null) {
      m.put(TRAINING_DATASET_VERSION, provenance.trainingDataVersion());
    }
    return m;
  }

  /**
   * Maps the recognised entries of {@code metadata} into provenance. Entries whose value does
   * not fit the provenance field (a short git SHA, a date that is not ISO-8601, a metric that
   * is not a number) are left out and listed with the reason; other names are ignored.
   */
  public static Mapping toProvenance(Map<String, String> metadata) {
    Provenance.Builder p = Provenance.builder();
    Map<String, String> skipped = new LinkedHashMap<>();
    metadata.forEach((name, value) -> {
      String key = name.toLowerCase(java.util.Locale.ROOT);
      switch (key) {
        case GIT_SHA -> {
          if (FULL_SHA.matcher(value).matches()) {
            p.gitSha(value);
          } else {
            skipped.put(name, "provenance.gitSha must be 40 or 64 lowercase hex digits, was " + value);
          }
        }
        case TRAINING_DATE -> {
          try {
            p.trainingDate(LocalDate.parse(value.length() > 10 && value.charAt(10) == 'T' ? value.substring(0, 10) : value));
          } catch (DateTimeParseException e) {
            skipped.put(name, "provenance.trainingDate must be an ISO-8601 date, was " + value);
          }
        }
        case BASE_MODEL -> p.baseModel(value);
        case TRAINING_DATASET_VERSION -> p.trainingDataVersion(value);
        default -> {
          if (key.startsWith(EVAL_PREFIX) && key.length() > EVAL_PREFIX.length()) {
            try {
              double v = Double.parseDouble(value);
              if (Double.isFinite(v)) {
                p.evaluationMetric(key.substring(EVAL_PREFIX.length()), v);
              } else {
                skipped.put(name, "provenance.evaluationMetrics values must be finite numbers, was " + value);
              }
            } catch (NumberFormatException e) {
              skipped.put(name, "provenance.evaluationMetrics values must be numbers, was " + value);
            }
          }
        }
      }
    });
    return new Mapping(p.build(), Collections.unmodifiableMap(skipped));
  }

  /**
   * The provenance recognised metadata maps to, and the entries left out.
   *
   * @param provenance the provenance
   * @param skipped recognised names whose values could not be mapped, with the reason
   */
  public record Mapping(Provenance provenance, Map<String, String> skipped) {
    /** Validates the fields. */
    public Mapping {
      Objects.requireNonNull(provenance, "provenance");
      skipped = Map.copyOf(skipped);
    }
  }
}
