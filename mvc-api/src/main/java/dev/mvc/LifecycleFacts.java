package dev.mvc;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The lifecycle of the model a loaded manifest pins, as the provider reported it while the
 * manifest was loaded (Amazon Bedrock's GetFoundationModel): its status and the dates the provider
 * has announced. A backend reports it from {@link dev.mvc.spi.ModelBackend#validateAtLoad}; it is
 * then {@link LoadedManifest#modelLifecycle()}, which {@link dev.mvc.spi.ManifestListener}s see on
 * every swap.
 *
 * @param modelId the model whose lifecycle this is, such as the foundation model behind an
 *     inference profile
 * @param status the lifecycle status, such as {@code ACTIVE}, {@code LEGACY} or {@code UNKNOWN}
 * @param legacyTime when the model enters legacy, or null when not announced
 * @param publicExtendedAccessTime when public extended access (billed higher) begins, or null
 * @param endOfLifeTime when the model reaches its end of life, or null when not announced
 */
public record LifecycleFacts(String modelId, String status, @Nullable Instant legacyTime,
    @Nullable Instant publicExtendedAccessTime, @Nullable Instant endOfLifeTime) {

  private static final double SECONDS_PER_DAY = 86_400.0;

  /** Requires the model ID and the status. */
  public LifecycleFacts {
    Objects.requireNonNull(modelId, "modelId");
    Objects.requireNonNull(status, "status");
  }

  /**
   * Returns the days from {@code now} to the end of life, with their fraction (negative once it has
   * passed), or {@link Double#NaN} when no end of life is announced.
   */
  public double daysToEndOfLife(Instant now) {
    if (endOfLifeTime == null) {
      return Double.NaN;
    }
    Duration left = Duration.between(now, endOfLifeTime);
    return left.getSeconds() / SECONDS_PER_DAY + left.getNano() / (SECONDS_PER_DAY * 1e9);
  }
}
