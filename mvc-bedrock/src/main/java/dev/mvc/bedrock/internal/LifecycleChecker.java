package dev.mvc.bedrock.internal;

import dev.mvc.BedrockTarget;
import dev.mvc.spi.RemoteCheck;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.bedrock.model.GetFoundationModelResponse;

/**
 * Runs the model lifecycle check against the Bedrock control plane: GetFoundationModel must
 * report the pinned foundation model as {@code ACTIVE}.
 */
public final class LifecycleChecker {

  private static final Logger LOG = LoggerFactory.getLogger("dev.mvc.bedrock.lifecycle");
  private static final String FIELD = "model.bedrock.modelId";

  private final RemoteCheck check;

  /** Creates a checker that applies {@code check}'s mode. */
  public LifecycleChecker(RemoteCheck check) {
    this.check = check;
  }

  /** Checks the target's foundation model; warns or throws as the mode says. */
  public void check(BedrockTarget target, Clients clients) {
    if (check.off()) {
      return;
    }
    String modelId = target.modelId();
    String foundationModelId = foundationModelId(modelId);
    if (foundationModelId == null) {
      LOG.debug("lifecycle check skipped: {} is not a foundation model or inference profile", modelId);
      return;
    }
    String status;
    try {
      GetFoundationModelResponse response = clients.control(target.region())
          .getFoundationModel(b -> b.modelIdentifier(foundationModelId));
      status = response.modelDetails().modelLifecycle() == null
          || response.modelDetails().modelLifecycle().status() == null
          ? "UNKNOWN" : response.modelDetails().modelLifecycle().statusAsString();
    } catch (RuntimeException e) {
      check.lookupFailed(modelId, FIELD, modelId, "the lifecycle status", BedrockErrorMapper.map(e, modelId));
      return;
    }
    if ("ACTIVE".equals(status)) {
      return;
    }
    check.report(List.of(check.warning(modelId, FIELD, modelId, status, FIELD + " " + modelId + " is " + status
        + " on Bedrock, not ACTIVE: plan a move to a current model version")));
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
