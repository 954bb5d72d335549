package dev.mvc.eval;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A behaviour drift found by a {@link DriftProbe}: replayed at temperature 0, fewer of the sampled
 * golden cases agreed with the baseline than the threshold requires, while the pinned version
 * (digest, model ID) stayed the same.
 *
 * @param manifestName the serving manifest's name
 * @param digest the serving manifest's digest, which the baseline is about too
 * @param agreement the share of sampled cases that agreed, in [0, 1]
 * @param threshold the share the probe requires
 * @param sampled how many cases were replayed
 * @param disagreeing the ids of the cases that did not agree
 * @param time when the probe ran
 */
public record BehaviourDrift(String manifestName, String digest, double agreement, double threshold, int sampled,
    List<String> disagreeing, Instant time) {
  /** Copies the list. */
  public BehaviourDrift {
    Objects.requireNonNull(manifestName, "manifestName");
    Objects.requireNonNull(digest, "digest");
    disagreeing = List.copyOf(disagreeing);
  }
}
