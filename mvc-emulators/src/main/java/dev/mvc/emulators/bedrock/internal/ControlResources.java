package dev.mvc.emulators.bedrock.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A renderer of the Bedrock control-plane resources a test scripts (application inference
 * profiles, provisioned throughputs, custom and imported models) into the bodies of their Get
 * operations, in the shapes of the Bedrock service model.
 */
public final class ControlResources {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CREATED = "2026-01-01T00:00:00Z";
  private static final Pattern ARN = Pattern.compile("arn:(aws[a-z-]*):bedrock:([a-z0-9-]+):(\\d{12}):[a-z-]+/(.+)");
  private static final Pattern CUSTOM_BASE = Pattern.compile("([^/]+)/[^/]+");

  private ControlResources() {}

  /** Returns the GetInferenceProfile body of an {@code ACTIVE} profile of the given type. */
  public static byte[] inferenceProfile(String arn, String type, List<String> modelArns) {
    String id = part(arn, 4);
    ObjectNode root = JSON.createObjectNode();
    root.put("inferenceProfileName", "profile-" + id.replaceAll("[^0-9a-zA-Z]", ""));
    root.put("description", "Scripted in the Bedrock emulator");
    root.put("createdAt", CREATED);
    root.put("updatedAt", CREATED);
    root.put("inferenceProfileArn", arn);
    ArrayNode models = root.putArray("models");
    modelArns.forEach(m -> models.addObject().put("modelArn", m));
    root.put("inferenceProfileId", id);
    root.put("status", "ACTIVE");
    root.put("type", type);
    return bytes(root);
  }

  /** Returns the GetProvisionedModelThroughput body of a throughput serving {@code modelArn}. */
  public static byte[] provisionedThroughput(String arn, String modelArn, String status) {
    ObjectNode root = JSON.createObjectNode();
    root.put("modelUnits", 1);
    root.put("desiredModelUnits", 1);
    root.put("provisionedModelName", "throughput-" + part(arn, 4));
    root.put("provisionedModelArn", arn);
    root.put("modelArn", modelArn);
    root.put("desiredModelArn", modelArn);
    root.put("foundationModelArn", foundationModelOf(modelArn));
    root.put("status", status);
    root.put("creationTime", CREATED);
    root.put("lastModifiedTime", CREATED);
    return bytes(root);
  }

  /** Returns the GetCustomModel body of an {@code Active} fine-tuned model. */
  public static byte[] customModel(String arn, String baseModelArn, String jobArn) {
    ObjectNode root = JSON.createObjectNode();
    root.put("modelArn", arn);
    root.put("modelName", "custom-" + last(arn));
    root.put("jobName", "job-" + last(jobArn));
    root.put("jobArn", jobArn);
    root.put("baseModelArn", baseModelArn);
    root.put("customizationType", "FINE_TUNING");
    root.put("creationTime", CREATED);
    root.put("modelStatus", "Active");
    return bytes(root);
  }

  /** Returns the GetImportedModel body of a model imported from {@code modelDataUri}. */
  public static byte[] importedModel(String arn, String modelDataUri) {
    String id = part(arn, 4);
    ObjectNode root = JSON.createObjectNode();
    root.put("modelArn", arn);
    root.put("modelName", "imported-" + id);
    root.put("jobName", "import-" + id);
    root.put("jobArn", "arn:" + part(arn, 1) + ":bedrock:" + part(arn, 2) + ":" + part(arn, 3)
        + ":model-import-job/" + id);
    root.putObject("modelDataSource").putObject("s3DataSource").put("s3Uri", modelDataUri);
    root.put("creationTime", CREATED);
    root.put("modelArchitecture", "llama3");
    root.put("instructSupported", true);
    return bytes(root);
  }

  /** Returns the foundation model behind a foundation-model or custom-model ARN. */
  private static String foundationModelOf(String modelArn) {
    if (modelArn.contains(":foundation-model/")) {
      return modelArn;
    }
    Matcher base = CUSTOM_BASE.matcher(part(modelArn, 4));
    String model = base.matches() ? base.group(1) : part(modelArn, 4);
    return "arn:" + part(modelArn, 1) + ":bedrock:" + part(modelArn, 2) + "::foundation-model/" + model;
  }

  private static String part(String arn, int group) {
    Matcher m = ARN.matcher(arn);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a Bedrock resource ARN with an account: " + arn);
    }
    return m.group(group);
  }

  private static String last(String arn) {
    return arn.substring(arn.lastIndexOf('/') + 1).replaceAll("[^0-9a-zA-Z]", "");
  }

  private static byte[] bytes(ObjectNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
