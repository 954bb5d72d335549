package dev.mvc.bedrock;

import dev.mvc.LifecycleFacts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The lifecycle of a Bedrock foundation model as GetFoundationModel reports it: its status
 * ({@code ACTIVE} or {@code LEGACY}) and the dates Bedrock has announced, when it enters legacy,
 * when public extended access (billed higher) begins, and its end of life, after which calls fail.
 *
 * @param modelId the foundation model ID
 * @param status the lifecycle status, {@code ACTIVE}, {@code LEGACY} or {@code UNKNOWN}
 * @param legacyTime when the model enters legacy, or null when not announced
 * @param publicExtendedAccessTime when public extended access begins, or null when not announced
 * @param endOfLifeTime when the model reaches its end of life, or null when not announced
 */
public record ModelLifecycle(String modelId, String status, @Nullable Instant legacyTime,
    @Nullable Instant publicExtendedAccessTime, @Nullable Instant endOfLifeTime) {

  /** The default window before the end of life in which a load is warned about: 90 days. */
  public static final Duration DEFAULT_WARN_WITHIN = Duration.ofDays(90);
  /** The default window before the end of life in which the lifecycle check fails a load: 14 days. */
  public static final Duration DEFAULT_FAIL_WITHIN = Duration.ofDays(14);

  /** Requires the model ID and the status. */
  public ModelLifecycle {
    Objects.requireNonNull(modelId, "modelId");
    Objects.requireNonNull(status, "status");
  }

  /**
   * Returns the whole days from {@code now} to the end of life, rounded down (negative once it has
   * passed), or null when no end of life is announced.
   */
  public @Nullable Long daysToEndOfLife(Instant now) {
    return endOfLifeTime == null ? null : Math.floorDiv(Duration.between(now, endOfLifeTime).getSeconds(), 86_400L);
  }

  /** Returns these dates as the provider-neutral facts a {@link dev.mvc.LoadedManifest} carries. */
  public LifecycleFacts toFacts() {
    return new LifecycleFacts(modelId, status, legacyTime, publicExtendedAccessTime, endOfLifeTime);
  }

  /** Returns whether the model is in public extended access at {@code now}. */
  public boolean inExtendedAccess(Instant now) {
    return publicExtendedAccessTime != null && !now.isBefore(publicExtendedAccessTime);
  }

  /**
   * Assesses the lifecycle at {@code now}: a status other than {@code ACTIVE}, an end of life
   * within {@code failWithin} (or past), and extended access when {@code failOnExtendedAccess} are
   * failures; an end of life within {@code warnWithin} and extended access otherwise are warnings.
   */
  public Assessment assess(Instant now, Duration warnWithin, Duration failWithin, boolean failOnExtendedAccess) {
    String field = "model.bedrock.modelId " + modelId;
    List<String> failures = new ArrayList<>(1);
    List<String> warnings = new ArrayList<>(1);
    if (!"ACTIVE".equals(status)) {
      failures.add(field + " is " + status + " on Bedrock, not ACTIVE: plan a move to a current model version"
          + (endOfLifeTime == null ? "" : " (end of life " + endOfLifeTime + ")"));
    }
    Long days = daysToEndOfLife(now);
    if (days != null) {
      String when = days < 0 ? " reached its end of life on " + endOfLifeTime
          : " reaches its end of life on " + endOfLifeTime + ", in " + days + " day" + (days == 1 ? "" : "s");
      if (!now.plus(failWithin).isBefore(endOfLifeTime)) {
        failures.add(field + when + " (fail window " + failWithin.toDays() + " days)");
      } else if (!now.plus(warnWithin).isBefore(endOfLifeTime)) {
        warnings.add(field + when + " (warn window " + warnWithin.toDays() + " days)");
      }
    }
    if (inExtendedAccess(now)) {
      String message = field + " is in public extended access since " + publicExtendedAccessTime
          + ", billed at a higher price";
      (failOnExtendedAccess ? failures : warnings).add(message);
    }
    return new Assessment(failures, warnings);
  }

  /**
   * What {@link #assess} found.
   *
   * @param failures what refuses a load under the lifecycle check's {@code FAIL} mode
   * @param warnings what is only reported
   */
  public record Assessment(List<String> failures, List<String> warnings) {
    /** Copies both lists. */
    public Assessment {
      failures = List.copyOf(failures);
      warnings = List.copyOf(warnings);
    }

    /** Returns {@code ok}, {@code warn} or {@code fail}: the most severe finding. */
    public String verdict() {
      return !failures.isEmpty() ? "fail" : !warnings.isEmpty() ? "warn" : "ok";
    }
  }
}
