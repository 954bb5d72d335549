package dev.mvc;

import dev.mvc.internal.BedrockArns;
import dev.mvc.internal.Checks;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import org.jspecify.annotations.Nullable;

/**
 * The pinning rules of the opaque resources a {@link BedrockTarget} can go through: each accepts
 * its resource only in the form that says exactly which model it stands for.
 */
final class BedrockTargetRules {
  private static final String P = "model.bedrock.";

  private BedrockTargetRules() {}

  static void check(BedrockTarget t, Set<PinningRule> rules, List<PolicyViolation> out) {
    String model = BedrockArns.foundationModelId(t.modelId());
    if (t.inferenceProfile() != null && rules.contains(PinningRule.BEDROCK_INFERENCE_PROFILE_PINNED)) {
      List<String> models = t.inferenceProfile().models();
      for (int i = 0; i < models.size(); i++) {
        foundationModel(PinningRule.BEDROCK_INFERENCE_PROFILE_PINNED, P + "inferenceProfile.models[" + i + "]",
            models.get(i), model, out);
      }
    }
    if (t.provisionedThroughput() != null && rules.contains(PinningRule.BEDROCK_PROVISIONED_THROUGHPUT_PINNED)) {
      String served = t.provisionedThroughput().modelArn();
      String path = P + "provisionedThroughput.modelArn";
      if (BedrockArns.CUSTOM_MODEL.matcher(served).matches()) {
        if (t.customModel() == null || !t.customModel().arn().equals(served)) {
          out.add(new PolicyViolation(PinningRule.BEDROCK_PROVISIONED_THROUGHPUT_PINNED, path,
              "names a custom model, which must be pinned as model.bedrock.customModel with the same arn, was \""
                  + served + "\""));
        }
      } else {
        foundationModel(PinningRule.BEDROCK_PROVISIONED_THROUGHPUT_PINNED, path, served, model, out);
      }
    }
    if (t.customModel() != null && rules.contains(PinningRule.BEDROCK_CUSTOM_MODEL_PINNED)) {
      foundationModel(PinningRule.BEDROCK_CUSTOM_MODEL_PINNED, P + "customModel.baseModelArn",
          t.customModel().baseModelArn(), model, out);
    }
    if (t.importedModel() != null && rules.contains(PinningRule.BEDROCK_IMPORTED_MODEL_PINNED)
        && !t.importedModel().arn().equals(t.modelId())) {
      out.add(new PolicyViolation(PinningRule.BEDROCK_IMPORTED_MODEL_PINNED, P + "modelId",
          "must be the imported model's ARN " + t.importedModel().arn() + " (an imported model has no foundation"
              + " model), was \"" + t.modelId() + "\""));
    }
    if (t.prompt() != null && rules.contains(PinningRule.BEDROCK_PROMPT_VERSIONED)) {
      String version = t.prompt().version();
      if (version == null || "DRAFT".equals(version)) {
        out.add(new PolicyViolation(PinningRule.BEDROCK_PROMPT_VERSIONED, P + "prompt.arn",
            "must name a numbered prompt version (...:prompt/<id>:<version>), not "
                + (version == null ? "the unversioned prompt, which is its working draft" : "DRAFT")
                + ", was \"" + t.prompt().arn() + "\""));
      }
    }
  }

  /**
   * Refuses what a manifest cannot pin beside the Prompt Management prompt its target goes through: Converse refuses
   * {@code inferenceConfig}, {@code system}, {@code toolConfig} and
   * {@code additionalModelRequestFields} on a call through a prompt, whose version defines them,
   * and conversation history is not sent through one.
   *
   * @throws ManifestParseException naming the first field that is set
   */
  static void checkPromptManifest(PromptSpec prompt, InferenceParameters inference) {
    String why = "must be absent when model.bedrock.prompt is set: the prompt version defines it, and Converse"
        + " refuses %s on a call through a prompt";
    if (prompt.system() != null) {
      throw Checks.fail("prompt.system", String.format(why, "system"));
    }
    if (prompt.tools() != null) {
      throw Checks.fail("prompt.tools", String.format(why, "toolConfig"));
    }
    if (!prompt.cachePoints().isEmpty()) {
      throw Checks.fail("prompt.cachePoints", "must be absent when model.bedrock.prompt is set:"
          + " the prompt version places its own cache points, and no history is sent through a prompt");
    }
    Object[][] fields = {{"temperature", inference.temperature()}, {"maxTokens", inference.maxTokens()},
        {"topP", inference.topP()}};
    for (Object[] f : fields) {
      if (f[1] != null) {
        throw Checks.fail("inference." + f[0], String.format(why, "inferenceConfig"), f[1]);
      }
    }
    if (!inference.stopSequences().isEmpty()) {
      throw Checks.fail("inference.stopSequences",
          String.format(why, "inferenceConfig"), inference.stopSequences());
    }
    if (!inference.additionalModelFields().isEmpty()) {
      throw Checks.fail("inference.additionalModelFields",
          String.format(why, "additionalModelRequestFields"), inference.additionalModelFields().keySet());
    }
    if (!inference.overridable().isEmpty()) {
      throw Checks.fail("inference.overridable", "must be absent when model.bedrock.prompt is set:"
          + " the prompt version's inference configuration cannot be overridden by a call",
          inference.overridable().keySet());
    }
  }

  /**
   * Requires a foundation-model ARN around a versioned ID that is the model {@code modelId}
   * stands for.
   */
  private static void foundationModel(PinningRule rule, String path, String arn, @Nullable String model,
      List<PolicyViolation> out) {
    Matcher m = BedrockArns.FOUNDATION_MODEL.matcher(arn);
    String id = m.matches() ? m.group(1) : null;
    if (id == null || !BedrockArns.isVersioned(id)) {
      out.add(new PolicyViolation(rule, path, "must be a foundation-model ARN around a versioned model ID, was \""
          + arn + "\""));
    } else if (!Objects.equals(id, model)) {
      out.add(new PolicyViolation(rule, path, "names " + id + " but model.bedrock.modelId stands for " + model
          + ": the target must stand for the model the manifest names, was \"" + arn + "\""));
    }
  }
}
