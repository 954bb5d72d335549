package dev.mvc.bedrock.internal;

import dev.mvc.BedrockTarget;
import dev.mvc.MvcException;
import dev.mvc.bedrock.BedrockLifecycleCheck;
import dev.mvc.bedrock.BedrockLifecycleWarning;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.bedrock.model.FoundationModelLifecycleStatus;
import software.amazon.awssdk.services.bedrock.model.GetFoundationModelResponse;

/** Runs the optional model lifecycle check against the Bedrock control plane. */
public final class LifecycleChecker {

  private static final Logger LOG = LoggerFactory.getLogger("dev.mvc.bedrock.lifecycle");

  private final BedrockLifecycleCheck mode;
  private final Consumer<BedrockLifecycleWarning> listener;

  /** Creates a checker with the given mode and warning listener. */
  public LifecycleChecker(BedrockLifecycleCheck mode, Consumer<BedrockLifecycleWarning> listener) {
    this.mode = mode;
    this.listener = listener;
  }

  /** Checks the target's foundation model; warns or throws as the mode says. */
  public void check(BedrockTarget target, Clients clients) {
    if (mode == BedrockLifecycleCheck.OFF) {
      return;
    }
    String foundationModelId = foundationModelId(target.modelId());
    if (foundationModelId == null) {
      LOG.debug("lifecycle check skipped: {} is not a foundation model or inference profile", target.modelId());
      return;
    }
    BedrockClient control = clients.control(target.region());
    String status;
    try {
      GetFoundationModelResponse response = control.getFoundationModel(b -> b.modelIdentifier(foundationModelId));
      FoundationModelLifecycleStatus lifecycle = response.modelDetails().modelLifecycle() == null
          ? null : response.modelDetails().modelLifecycle().status();
      status = lifecycle == null ? "UNKNOWN" : response.modelDetails().modelLifecycle().statusAsString();
    } catch (RuntimeException e) {
      MvcException mapped = BedrockErrorMapper.map(e, target.modelId());
      String message = "model.bedrock.modelId " + target.modelId() + ": lifecycle status could not be looked up: "
          + mapped.getMessage();
      if (mode == BedrockLifecycleCheck.FAIL) {
        throw new MvcException(message, mapped);
      }
      warn(new BedrockLifecycleWarning(target.modelId(), "UNKNOWN", message));
      return;
    }
    if ("ACTIVE".equals(status)) {
      return;
    }
    String message = "model.bedrock.modelId " + target.modelId() + " is " + status
        + " on Bedrock: plan a move to a current model version";
    if (mode == BedrockLifecycleCheck.FAIL) {
      throw new MvcException(message + " (lifecycle check is FAIL)");
    }
    warn(new BedrockLifecycleWarning(target.modelId(), status, message));
  }

  private void warn(BedrockLifecycleWarning warning) {
    LOG.warn(warning.message());
    try {
      listener.accept(warning);
    } catch (RuntimeException e) {
      LOG.warn("lifecycle warning listener failed", e);
    }
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
