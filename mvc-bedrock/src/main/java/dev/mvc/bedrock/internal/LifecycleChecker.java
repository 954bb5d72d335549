package dev.mvc.bedrock.internal;

import dev.mvc.BedrockTarget;
import dev.mvc.CheckWarning;
import dev.mvc.bedrock.ModelLifecycle;
import dev.mvc.spi.RemoteCheck;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.bedrock.model.FoundationModelLifecycle;
import software.amazon.awssdk.services.bedrock.model.GetFoundationModelResponse;

/**
 * Runs the model lifecycle check against the Bedrock control plane: GetFoundationModel must
 * report the pinned foundation model as {@code ACTIVE} and its end of life, if announced, outside
 * the fail window; an end of life inside the warn window, and public extended access, are reported
 * (extended access refuses the load when so configured).
 */
public final class LifecycleChecker {

  private static final Logger LOG = LoggerFactory.getLogger("dev.mvc.bedrock.lifecycle");
  private static final String FIELD = "model.bedrock.modelId";

  private final RemoteCheck check;
  private final Duration warnWithin;
  private final Duration failWithin;
  private final boolean failOnExtendedAccess;
  private final Clock clock;

  /** Creates a checker that applies {@code check}'s mode with the given windows. */
  public LifecycleChecker(RemoteCheck check, Duration warnWithin, Duration failWithin, boolean failOnExtendedAccess,
      Clock clock) {
    this.check = check;
    this.warnWithin = warnWithin;
    this.failWithin = failWithin;
    this.failOnExtendedAccess = failOnExtendedAccess;
    this.clock = clock;
  }

  /**
   * Checks the target's foundation model; warns or throws as the mode says. Returns the lifecycle
   * found, or null when the check is off, the lookup failed, or the target names no foundation model.
   */
  public @Nullable ModelLifecycle check(BedrockTarget target, Clients clients) {
    if (check.off()) {
      return null;
    }
    String modelId = target.modelId();
    ModelLifecycle lifecycle;
    try {
      lifecycle = lookUp(target, clients);
    } catch (RuntimeException e) {
      check.lookupFailed(modelId, FIELD, modelId, "the lifecycle status", BedrockErrorMapper.map(e, modelId));
      return null;
    }
    if (lifecycle == null) {
      LOG.debug("lifecycle check skipped: {} is not a foundation model or inference profile", modelId);
      return null;
    }
    ModelLifecycle.Assessment a = lifecycle.assess(clock.instant(), warnWithin, failWithin, failOnExtendedAccess);
    String found = lifecycle.status() + (lifecycle.endOfLifeTime() == null ? "" : ", end of life "
        + lifecycle.endOfLifeTime());
    check.notice(warnings(a.warnings(), modelId, found));
    check.report(warnings(a.failures(), modelId, found));
    return lifecycle;
  }

  /**
   * Looks up the lifecycle of the target's foundation model, or returns null when the target
   * names none (an imported model); throws the SDK's exception when the lookup fails.
   */
  public static @Nullable ModelLifecycle lookUp(BedrockTarget target, Clients clients) {
    String foundationModelId = foundationModelId(target.modelId());
    if (foundationModelId == null) {
      return null;
    }
    GetFoundationModelResponse response = clients.control(target.region())
        .getFoundationModel(b -> b.modelIdentifier(foundationModelId));
    FoundationModelLifecycle l = response.modelDetails() == null ? null : response.modelDetails().modelLifecycle();
    if (l == null) {
      return new ModelLifecycle(foundationModelId, "UNKNOWN", null, null, null);
    }
    return new ModelLifecycle(foundationModelId, l.status() == null ? "UNKNOWN" : l.statusAsString(),
        l.legacyTime(), l.publicExtendedAccessTime(), l.endOfLifeTime());
  }

  private List<CheckWarning> warnings(List<String> messages, String modelId, String found) {
    List<CheckWarning> out = new ArrayList<>(messages.size());
    for (String m : messages) {
      out.add(check.warning(modelId, FIELD, modelId, found, m));
    }
    return out;
  }

  /** Returns the foundation model ID behind a model ID, inference profile ID or foundation-model ARN, or null. */
  static @Nullable String foundationModelId(String modelId) {
    String id = modelId;
    if (id.startsWith("arn:")) {
      int slash = id.indexOf(":foundation-model/");
      if (slash < 0) {
        int profile = id.indexOf(":inference-profile/");
        if (profile < 0) {
          return null;
        }
        id = id.substring(profile + ":inference-profile/".length());
      } else {
        return id.substring(slash + ":foundation-model/".length());
      }
    }
    String[] parts = id.split("\\.", 2);
    if (parts.length == 2 && parts[1].contains(".") && isProfilePrefix(parts[0])) {
      return parts[1];
    }
    return id;
  }

  private static boolean isProfilePrefix(String prefix) {
    switch (prefix) {
      case "us":
      case "eu":
      case "apac":
      case "global":
      case "us-gov":
      case "ca":
      case "jp":
      case "au":
        return true;
      default:
        return false;
    }
  }
}
