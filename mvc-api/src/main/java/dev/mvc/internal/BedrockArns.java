package dev.mvc.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The shapes of the Bedrock ARNs a manifest can pin, one pattern per resource type, and the
 * versioned-model-ID test the pinning rules share. The patterns say what a field can hold; whether
 * the value is pinned is the pinning policy's question.
 */
public final class BedrockArns {

  private static final String PARTITION_REGION = "arn:aws(?:-[a-z]+)*:bedrock:[a-z0-9-]+:";
  private static final String ACCOUNT = "\\d{12}:";
  private static final String PREFIX = "(?:us|eu|apac|global|us-gov|jp|au|ca|sa|me|af)\\.";
  private static final String VERSIONED_ID = "[a-z0-9-]+\\.[a-z0-9][a-z0-9-]*-v?\\d+:\\d+(?::\\d+k)?";

  /** A versioned foundation-model ID, optionally behind a cross-region prefix. */
  public static final Pattern VERSIONED_MODEL_ID = Pattern.compile("(?:" + PREFIX + ")?" + VERSIONED_ID);
  /** A foundation-model ARN (no account), around any model ID; group 1 is the model ID. */
  public static final Pattern FOUNDATION_MODEL = Pattern.compile(
      PARTITION_REGION + ":foundation-model/([A-Za-z0-9][A-Za-z0-9._:-]{0,127})");
  /** An application inference profile ARN. */
  public static final Pattern APPLICATION_PROFILE = Pattern.compile(
      PARTITION_REGION + ACCOUNT + "application-inference-profile/[a-z0-9]{1,64}");
  /** A provisioned throughput (provisioned model) ARN. */
  public static final Pattern PROVISIONED_MODEL = Pattern.compile(
      PARTITION_REGION + ACCOUNT + "provisioned-model/[a-z0-9]{1,64}");
  /** A custom (fine-tuned) model ARN. */
  public static final Pattern CUSTOM_MODEL = Pattern.compile(
      PARTITION_REGION + ACCOUNT + "custom-model/[A-Za-z0-9][A-Za-z0-9._:/-]{0,1010}");
  /** A model customization job ARN. */
  public static final Pattern CUSTOMIZATION_JOB = Pattern.compile(
      PARTITION_REGION + ACCOUNT + "model-customization-job/[A-Za-z0-9][A-Za-z0-9._:/-]{0,1010}");
  /** An imported model (Custom Model Import) ARN. */
  public static final Pattern IMPORTED_MODEL = Pattern.compile(
      PARTITION_REGION + ACCOUNT + "imported-model/[a-z0-9]{1,64}");
  /** A Prompt Management prompt ARN, with or without a version; group 1 is the version or null. */
  public static final Pattern PROMPT = Pattern.compile(
      PARTITION_REGION + ACCOUNT + "prompt/[0-9a-zA-Z]{10}(?::([0-9]{1,5}|DRAFT))?");
  /** The model a provisioned throughput serves: a foundation or a custom model. */
  public static final Pattern PROVISIONED_MODEL_TARGET = Pattern.compile(
      FOUNDATION_MODEL.pattern() + "|" + CUSTOM_MODEL.pattern());

  private static final Pattern SYSTEM_PROFILE = Pattern.compile(
      PARTITION_REGION + "(?:\\d{12})?:inference-profile/(.+)");

  private BedrockArns() {}

  /** Requires {@code value} to have the shape of {@code pattern}, naming the field and the ARN kind. */
  public static String require(String path, @Nullable String value, Pattern pattern, String kind) {
    Checks.required(path, value);
    if (!pattern.matcher(value).matches()) {
      throw Checks.fail(path, "must be " + kind, value);
    }
    return value;
  }

  /**
   * Returns the foundation-model ID a model ID stands for: the ID itself, the ID inside a
   * foundation-model or system inference-profile ARN, without any cross-region prefix; null for
   * any other ARN.
   */
  public static @Nullable String foundationModelId(String modelId) {
    String id = modelId;
    if (id.startsWith("arn:")) {
      Matcher fm = FOUNDATION_MODEL.matcher(id);
      Matcher sp = SYSTEM_PROFILE.matcher(id);
      if (fm.matches()) {
        id = fm.group(1);
      } else if (sp.matches()) {
        id = sp.group(1);
      } else {
        return null;
      }
    }
    int dot = id.indexOf('.');
    if (dot > 0 && id.indexOf('.', dot + 1) > 0 && id.substring(0, dot + 1).matches(PREFIX)) {
      return id.substring(dot + 1);
    }
    return id;
  }

  /** Returns whether {@code modelId} is a versioned foundation-model ID (prefix allowed). */
  public static boolean isVersioned(String modelId) {
    return VERSIONED_MODEL_ID.matcher(modelId).matches();
  }

  /**
   * Returns what kind of opaque Bedrock target an ARN is and where it belongs in a manifest, or
   * null for an ARN that is not one.
   */
  public static @Nullable String opaqueTargetHint(String arn) {
    String where;
    if (APPLICATION_PROFILE.matcher(arn).matches()) {
      where = "an application inference profile ARN; pin it as model.bedrock.inferenceProfile {arn, models}";
    } else if (PROVISIONED_MODEL.matcher(arn).matches()) {
      where = "a provisioned throughput ARN; pin it as model.bedrock.provisionedThroughput {arn, modelArn}";
    } else if (CUSTOM_MODEL.matcher(arn).matches()) {
      where = "a custom model ARN; pin it as model.bedrock.customModel {arn, baseModelArn, jobArn}";
    } else if (IMPORTED_MODEL.matcher(arn).matches()) {
      return "is an imported model ARN; pin it as model.bedrock.importedModel {arn, modelDataUri, sha256}"
          + " with modelId equal to that ARN";
    } else if (PROMPT.matcher(arn).matches()) {
      where = "a Prompt Management prompt ARN; pin its version as model.bedrock.prompt {arn, sha256}";
    } else {
      return null;
    }
    return "is " + where + " and set modelId to the versioned foundation model it stands for";
  }
}
