package dev.mvc.bedrock.internal;

import dev.mvc.BedrockTarget;
import dev.mvc.CheckWarning;
import dev.mvc.VersionManifest;
import dev.mvc.bedrock.BedrockPromptDefinition;
import dev.mvc.spi.RemoteCheck;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.bedrockagent.model.GetPromptResponse;

/**
 * Runs the load-time check of a Prompt Management prompt version a target goes through
 * (GetPrompt with the pinned version): the SHA-256 of its content
 * ({@link BedrockPromptDefinition}) must be the pinned {@code model.bedrock.prompt.sha256}; its
 * default variant must call the pinned {@code model.bedrock.modelId}; and its input variables must
 * be the manifest's {@code prompt.variables}, the ones the template checks at every call. Each
 * difference is one warning naming the field, under the mode of the shared target check.
 */
public final class PromptChecker {

  private static final String P = "model.bedrock.prompt";

  private final RemoteCheck check;

  /** Creates a checker that applies {@code check}'s mode. */
  public PromptChecker(RemoteCheck check) {
    this.check = check;
  }

  /** Checks the prompt version the manifest's target goes through; no call when it goes through none. */
  public void check(VersionManifest manifest, Clients clients) {
    BedrockTarget target = (BedrockTarget) manifest.model();
    BedrockTarget.Prompt pin = target.prompt();
    if (check.off() || pin == null) {
      return;
    }
    String arn = pin.arn();
    GetPromptResponse r;
    try {
      String id = arn.substring(arn.lastIndexOf('/') + 1, arn.lastIndexOf(':'));
      r = clients.agentControl(target.region()).getPrompt(b -> b.promptIdentifier(id).promptVersion(pin.version()));
    } catch (RuntimeException e) {
      check.lookupFailed(arn, P, "{arn=" + arn + ", sha256=" + pin.sha256() + "}", "prompt version " + arn,
          BedrockErrorMapper.map(e, arn));
      return;
    }
    Map<String, Object> content = PromptWire.of(r);
    List<CheckWarning> out = new ArrayList<>();
    String found;
    try {
      found = BedrockPromptDefinition.sha256(content);
    } catch (IllegalArgumentException e) {
      // Content that cannot be hashed faithfully (a lone surrogate, a value of another kind) cannot be the pinned one.
      found = "unhashable (" + e.getMessage() + ")";
    }
    if (!found.equals(pin.sha256())) {
      out.add(check.warning(arn, P + ".sha256", pin.sha256(), found, P + ".sha256 is " + pin.sha256()
          + " but prompt version " + arn + " hashes to " + found + ": its template, model or inference"
          + " configuration changed, or the pin was made from other content"));
    }
    Map<?, ?> variant = defaultVariant(content);
    String model = variant == null ? null : (String) variant.get("modelId");
    if (model == null || !sameModel(model, target.modelId())) {
      String shown = model == null ? "none" : model;
      out.add(check.warning(arn, "model.bedrock.modelId", target.modelId(), shown, "model.bedrock.modelId is "
          + target.modelId() + " but prompt version " + arn + " calls " + shown
          + ": a prompt must call the versioned model the manifest pins"));
    }
    Set<String> variables = variables(variant);
    Set<String> declared = new LinkedHashSet<>(manifest.prompt().variables());
    if (!variables.equals(declared)) {
      out.add(check.warning(arn, "prompt.variables", String.join(",", declared), String.join(",", variables),
          "prompt.variables are " + declared + " but prompt version " + arn + " takes " + variables));
    }
    check.report(out);
  }

  /** Returns the variant named by {@code defaultVariant}, else the only one, or null. */
  static @Nullable Map<?, ?> defaultVariant(Map<String, ?> content) {
    if (!(content.get("variants") instanceof List<?> variants) || variants.isEmpty()) {
      return null;
    }
    Object name = content.get("defaultVariant");
    for (Object v : variants) {
      if (v instanceof Map<?, ?> m && (name == null || name.equals(m.get("name")))) {
        return m;
      }
    }
    return variants.get(0) instanceof Map<?, ?> m ? m : null;
  }

  /** Returns the names of a variant's input variables. */
  static Set<String> variables(@Nullable Map<?, ?> variant) {
    Set<String> out = new LinkedHashSet<>();
    if (variant != null && variant.get("templateConfiguration") instanceof Map<?, ?> config) {
      for (Object kind : config.values()) {
        if (kind instanceof Map<?, ?> k && k.get("inputVariables") instanceof List<?> list) {
          for (Object v : list) {
            if (v instanceof Map<?, ?> m && m.get("name") != null) {
              out.add(String.valueOf(m.get("name")));
            }
          }
        }
      }
    }
    return out;
  }

  /** Returns whether a prompt's model ID names the pinned model: the ID itself or its foundation-model ARN. */
  static boolean sameModel(String promptModel, String pinned) {
    return foundationModelId(promptModel).equals(foundationModelId(pinned));
  }

  private static String foundationModelId(String modelId) {
    int at = modelId.indexOf(":foundation-model/");
    return modelId.startsWith("arn:") && at > 0 ? modelId.substring(at + ":foundation-model/".length()) : modelId;
  }
}
