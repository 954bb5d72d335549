package dev.mvc.emulators.sagemaker.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The state of the emulated SageMaker control plane: model package groups and versions, models,
 * endpoint configurations and endpoints with their status transitions. Every operation takes
 * and returns JSON 1.1 documents as the SDK sends and reads them. Thread-safe.
 */
public final class ControlPlane {
  /** The account ID of every ARN the emulator creates. */
  public static final String ACCOUNT = "123456789012";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern METADATA = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");
  private static final int PAGE = 10;

  private final Map<String, List<ObjectNode>> groups = new LinkedHashMap<>();
  private final Map<String, ObjectNode> groupInfo = new HashMap<>();
  private final Map<String, ObjectNode> packagesByArn = new HashMap<>();
  private final Map<String, ObjectNode> models = new LinkedHashMap<>();
  private final Map<String, ObjectNode> endpointConfigs = new LinkedHashMap<>();
  private final Map<String, Endpoint> endpoints = new LinkedHashMap<>();
  private final Map<String, String> imageDigests = new HashMap<>();
  private final Map<String, String> failNextUpdate = new HashMap<>();
  private int transitionDescribes = 2;
  private long clock = 1_767_225_600L; // 2026-01-01T00:00:00Z, advanced by one second per change

  /** A failed operation, rendered as a JSON 1.1 error. */
  public static final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final String type;

    ApiError(int status, String type, String message) {
      super(message);
      this.status = status;
      this.type = type;
    }
  }

  private static final class Endpoint {
    /** The endpoint document DescribeEndpoint returns; ProductionVariants only once it has served. */
    final ObjectNode node;
    @Nullable String pendingConfig;
    int describesLeft;
    @Nullable String failure;

    Endpoint(ObjectNode node) {
      this.node = node;
    }
  }

  /** Sets how many DescribeEndpoint calls report Creating or Updating before InService. */
  public synchronized void transitionDescribes(int n) {
    this.transitionDescribes = n;
  }

  /** Registers the digest that image {@code uri} (a tag) resolves to. */
  public synchronized void imageDigest(String uri, String digest) {
    imageDigests.put(uri, digest);
  }

  /** Makes the next UpdateEndpoint of {@code endpoint} fail and roll back with {@code reason}. */
  public synchronized void failNextUpdate(String endpoint, String reason) {
    failNextUpdate.put(endpoint, reason);
  }

  /** Returns the current endpoint configuration of {@code endpoint}, or null when it does not exist. */
  public synchronized @Nullable String endpointConfigOf(String endpoint) {
    Endpoint e = endpoints.get(endpoint);
    return e == null ? null : e.node.path("EndpointConfigName").asText();
  }

  /** Returns the variants serving {@code endpoint} with their weights, or null when it is unknown. */
  public synchronized @Nullable Map<String, Double> variantsOf(String endpoint) {
    Endpoint e = endpoints.get(endpoint);
    if (e == null) {
      return null;
    }
    Map<String, Double> out = new LinkedHashMap<>();
    for (JsonNode v : e.node.path("ProductionVariants")) {
      out.put(v.path("VariantName").asText(), v.path("CurrentWeight").asDouble());
    }
    return out;
  }

  /** Forgets everything. */
  public synchronized void reset() {
    groups.clear();
    groupInfo.clear();
    packagesByArn.clear();
    models.clear();
    endpointConfigs.clear();
    endpoints.clear();
    imageDigests.clear();
    failNextUpdate.clear();
    transitionDescribes = 2;
  }

  /** Performs operation {@code op} on {@code request} and returns the response document. */
  public synchronized ObjectNode handle(String op, JsonNode request, String region) {
    switch (op) {
      case "CreateModelPackageGroup":
        return createGroup(request, region);
      case "DescribeModelPackageGroup":
        return describeGroup(request, region);
      case "CreateModelPackage":
        return createPackage(request, region);
      case "DescribeModelPackage":
        return describePackage(request);
      case "ListModelPackages":
        return listPackages(request);
      case "UpdateModelPackage":
        return updatePackage(request);
      case "CreateModel":
        return createModel(request, region);
      case "DescribeModel":
        return find(models, required(request, "ModelName"), "Could not find model");
      case "CreateEndpointConfig":
        return createEndpointConfig(request, region);
      case "DescribeEndpointConfig":
        return find(endpointConfigs, required(request, "EndpointConfigName"), "Could not find endpoint configuration");
      case "CreateEndpoint":
        return createEndpoint(request, region);
      case "DescribeEndpoint":
        return describeEndpoint(request);
      case "UpdateEndpoint":
        return updateEndpoint(request);
      default:
        throw new ApiError(400, "UnknownOperationException", "The emulator does not support SageMaker." + op);
    }
  }

  private ObjectNode createGroup(JsonNode r, String region) {
    String name = required(r, "ModelPackageGroupName");
    if (groups.containsKey(name)) {
      throw validation("Model Package Group already exists: " + arn(region, "model-package-group", name));
    }
    groups.put(name, new ArrayList<>());
    groupInfo.put(name, JSON.createObjectNode().put("ModelPackageGroupName", name)
        .put("ModelPackageGroupArn", arn(region, "model-package-group", name.toLowerCase(Locale.ROOT)))
        .put("ModelPackageGroupDescription", r.path("ModelPackageGroupDescription").asText(""))
        .put("CreationTime", tick()).put("ModelPackageGroupStatus", "Completed"));
    groupInfo.get(name).set("CreatedBy", createdBy());
    return JSON.createObjectNode().put("ModelPackageGroupArn", arn(region, "model-package-group",
        name.toLowerCase(Locale.ROOT)));
  }

  private ObjectNode describeGroup(JsonNode r, String region) {
    String name = required(r, "ModelPackageGroupName");
    ObjectNode g = groupInfo.get(name);
    if (g == null) {
      throw validation("ModelPackageGroup " + name + " does not exist.");
    }
    return g.deepCopy();
  }

  private ObjectNode createPackage(JsonNode r, String region) {
    String group = required(r, "ModelPackageGroupName");
    checkMetadata(r.path("CustomerMetadataProperties"));
    List<ObjectNode> versions = groups.get(group);
    if (versions == null) {
      throw validation("Model Package Group " + group + " does not exist.");
    }
    int version = versions.size() + 1;
    String arn = arn(region, "model-package", group.toLowerCase(Locale.ROOT) + "/" + version);
    ObjectNode p = JSON.createObjectNode();
    p.put("ModelPackageName", group);
    p.put("ModelPackageGroupName", group);
    p.put("ModelPackageVersion", version);
    p.put("ModelPackageArn", arn);
    copy(r, p, "ModelPackageDescription");
    p.put("CreationTime", tick());
    if (r.has("InferenceSpecification")) {
      p.set("InferenceSpecification", r.get("InferenceSpecification").deepCopy());
    }
    p.put("ModelPackageStatus", "Completed");
    ObjectNode details = p.putObject("ModelPackageStatusDetails");
    details.putArray("ValidationStatuses");
    details.putArray("ImageScanStatuses");
    p.put("CertifyForMarketplace", false);
    p.put("ModelApprovalStatus", r.path("ModelApprovalStatus").asText("PendingManualApproval"));
    copy(r, p, "ModelMetrics");
    copy(r, p, "Domain");
    copy(r, p, "Task");
    p.set("CustomerMetadataProperties", r.has("CustomerMetadataProperties")
        ? r.get("CustomerMetadataProperties").deepCopy() : JSON.createObjectNode());
    versions.add(p);
    packagesByArn.put(arn, p);
    return JSON.createObjectNode().put("ModelPackageArn", arn);
  }

  private ObjectNode describePackage(JsonNode r) {
    return findPackage(required(r, "ModelPackageName")).deepCopy();
  }

  private ObjectNode findPackage(String arn) {
    ObjectNode p = packagesByArn.get(arn);
    if (p == null) {
      throw validation("ModelPackage " + arn + " does not exist.");
    }
    return p;
  }

  private ObjectNode listPackages(JsonNode r) {
    String group = r.path("ModelPackageGroupName").asText(null);
    String status = r.path("ModelApprovalStatus").asText(null);
    boolean descending = "Descending".equals(r.path("SortOrder").asText("Ascending"));
    int max = r.path("MaxResults").asInt(PAGE);
    int start = r.path("NextToken").asInt(0);
    List<ObjectNode> all = new ArrayList<>();
    for (Map.Entry<String, List<ObjectNode>> g : groups.entrySet()) {
      if (group == null || g.getKey().equals(group)) {
        all.addAll(g.getValue());
      }
    }
    all.removeIf(p -> status != null && !status.equals(p.path("ModelApprovalStatus").asText()));
    all.sort((a, b) -> {
      int c = Long.compare(a.path("CreationTime").asLong(), b.path("CreationTime").asLong());
      return descending ? -c : c;
    });
    ObjectNode out = JSON.createObjectNode();
    ArrayNode list = out.putArray("ModelPackageSummaryList");
    for (int i = start; i < Math.min(all.size(), start + max); i++) {
      ObjectNode p = all.get(i);
      ObjectNode s = list.addObject();
      for (String f : List.of("ModelPackageName", "ModelPackageGroupName", "ModelPackageVersion",
          "ModelPackageArn", "ModelPackageDescription", "CreationTime", "ModelPackageStatus",
          "ModelApprovalStatus")) {
        copy(p, s, f);
      }
    }
    if (start + max < all.size()) {
      out.put("NextToken", String.valueOf(start + max));
    }
    return out;
  }

  private ObjectNode updatePackage(JsonNode r) {
    ObjectNode p = findPackage(required(r, "ModelPackageArn"));
    if (r.has("ModelApprovalStatus")) {
      String s = r.get("ModelApprovalStatus").asText();
      if (!List.of("Approved", "Rejected", "PendingManualApproval").contains(s)) {
        throw validation("1 validation error detected: Value '" + s + "' at 'modelApprovalStatus' failed to "
            + "satisfy constraint: Member must satisfy enum value set: [Approved, Rejected, PendingManualApproval]");
      }
      p.put("ModelApprovalStatus", s);
    }
    copy(r, p, "ApprovalDescription");
    if (r.has("CustomerMetadataProperties")) {
      checkMetadata(r.get("CustomerMetadataProperties"));
      ((ObjectNode) p.get("CustomerMetadataProperties")).setAll((ObjectNode) r.get("CustomerMetadataProperties"));
    }
    for (JsonNode k : r.path("CustomerMetadataPropertiesToRemove")) {
      ((ObjectNode) p.get("CustomerMetadataProperties")).remove(k.asText());
    }
    p.put("LastModifiedTime", tick());
    return JSON.createObjectNode().put("ModelPackageArn", p.get("ModelPackageArn").asText());
  }

  private ObjectNode createModel(JsonNode r, String region) {
    String name = required(r, "ModelName");
    if (models.containsKey(name)) {
      throw validation("Cannot create already existing model \"" + arn(region, "model", name.toLowerCase(Locale.ROOT)) + "\".");
    }
    JsonNode container = r.has("PrimaryContainer") ? r.get("PrimaryContainer") : r.path("Containers").path(0);
    if (container.isMissingNode()) {
      throw validation("PrimaryContainer or Containers is required");
    }
    ObjectNode m = JSON.createObjectNode();
    m.put("ModelName", name);
    m.set("PrimaryContainer", container.deepCopy());
    copy(r, m, "ExecutionRoleArn");
    m.put("CreationTime", tick());
    String arn = arn(region, "model", name.toLowerCase(Locale.ROOT));
    m.put("ModelArn", arn);
    models.put(name, m);
    return JSON.createObjectNode().put("ModelArn", arn);
  }

  private ObjectNode createEndpointConfig(JsonNode r, String region) {
    String name = required(r, "EndpointConfigName");
    if (endpointConfigs.containsKey(name)) {
      throw validation("Cannot create already existing endpoint configuration \""
          + arn(region, "endpoint-config", name.toLowerCase(Locale.ROOT)) + "\".");
    }
    if (!r.path("ProductionVariants").isArray() || r.path("ProductionVariants").isEmpty()) {
      throw validation("ProductionVariants must hold at least one variant");
    }
    for (JsonNode v : r.get("ProductionVariants")) {
      String model = v.path("ModelName").asText(null);
      if (model == null || !models.containsKey(model)) {
        throw validation("Could not find model \"" + model + "\".");
      }
    }
    ObjectNode c = JSON.createObjectNode();
    c.put("EndpointConfigName", name);
    String arn = arn(region, "endpoint-config", name.toLowerCase(Locale.ROOT));
    c.put("EndpointConfigArn", arn);
    c.set("ProductionVariants", r.get("ProductionVariants").deepCopy());
    c.put("CreationTime", tick());
    endpointConfigs.put(name, c);
    return JSON.createObjectNode().put("EndpointConfigArn", arn);
  }

  private ObjectNode createEndpoint(JsonNode r, String region) {
    String name = required(r, "EndpointName");
    String config = required(r, "EndpointConfigName");
    if (endpoints.containsKey(name)) {
      throw validation("Cannot create already existing endpoint \"" + arn(region, "endpoint", name) + "\".");
    }
    find(endpointConfigs, config, "Could not find endpoint configuration");
    ObjectNode n = JSON.createObjectNode();
    n.put("EndpointName", name);
    String arn = arn(region, "endpoint", name.toLowerCase(Locale.ROOT));
    n.put("EndpointArn", arn);
    // While Creating, SageMaker already names the configuration being deployed; the variants
    // (a list of at least one) appear once the endpoint is in service.
    n.put("EndpointConfigName", config);
    n.put("EndpointStatus", "Creating");
    n.put("CreationTime", tick());
    n.put("LastModifiedTime", clock);
    Endpoint e = new Endpoint(n);
    e.pendingConfig = config;
    e.describesLeft = transitionDescribes;
    endpoints.put(name, e);
    if (transitionDescribes == 0) {
      settle(e);
    }
    return JSON.createObjectNode().put("EndpointArn", arn);
  }

  private ObjectNode describeEndpoint(JsonNode r) {
    String name = required(r, "EndpointName");
    Endpoint e = endpoints.get(name);
    if (e == null) {
      throw validation("Could not find endpoint \"" + name + "\".");
    }
    if (e.pendingConfig != null) {
      if (e.describesLeft <= 0) {
        settle(e);
      } else {
        e.describesLeft--;
      }
    }
    return e.node.deepCopy();
  }

  private ObjectNode updateEndpoint(JsonNode r) {
    String name = required(r, "EndpointName");
    String config = required(r, "EndpointConfigName");
    Endpoint e = endpoints.get(name);
    if (e == null) {
      throw validation("Could not find endpoint \"" + name + "\".");
    }
    if (!"InService".equals(e.node.path("EndpointStatus").asText())) {
      throw validation("Cannot update in-progress endpoint \"" + e.node.get("EndpointArn").asText() + "\".");
    }
    find(endpointConfigs, config, "Could not find endpoint configuration");
    e.node.put("EndpointStatus", "Updating");
    e.node.remove("FailureReason");
    e.node.put("LastModifiedTime", tick());
    if (r.has("DeploymentConfig")) {
      e.node.set("LastDeploymentConfig", r.get("DeploymentConfig").deepCopy());
    }
    e.pendingConfig = config;
    e.describesLeft = transitionDescribes;
    e.failure = failNextUpdate.remove(name);
    if (transitionDescribes == 0) {
      settle(e);
    }
    return JSON.createObjectNode().put("EndpointArn", e.node.get("EndpointArn").asText());
  }

  private void settle(Endpoint e) {
    String config = e.pendingConfig;
    e.pendingConfig = null;
    e.node.put("LastModifiedTime", tick());
    if (e.failure != null) {
      // A failed blue/green update leaves the old fleet serving, as SageMaker does.
      e.node.put("EndpointStatus", e.node.has("ProductionVariants") ? "InService" : "Failed");
      e.node.put("FailureReason", e.failure);
      e.failure = null;
      return;
    }
    ObjectNode c = endpointConfigs.get(config);
    e.node.put("EndpointConfigName", config);
    e.node.put("EndpointStatus", "InService");
    ArrayNode variants = e.node.putArray("ProductionVariants");
    for (JsonNode v : c.get("ProductionVariants")) {
      ObjectNode out = variants.addObject();
      out.put("VariantName", v.path("VariantName").asText());
      ArrayNode images = out.putArray("DeployedImages");
      JsonNode model = models.get(v.path("ModelName").asText());
      if (model != null) {
        String image = model.path("PrimaryContainer").path("Image").asText(null);
        if (image != null) {
          images.addObject().put("SpecifiedImage", image).put("ResolvedImage", resolve(image))
              .put("ResolutionTime", clock);
        }
      }
      double weight = v.path("InitialVariantWeight").asDouble(1.0);
      out.put("CurrentWeight", weight);
      out.put("DesiredWeight", weight);
      int count = v.path("InitialInstanceCount").asInt(1);
      out.put("CurrentInstanceCount", count);
      out.put("DesiredInstanceCount", count);
    }
  }

  private String resolve(String image) {
    int at = image.indexOf("@sha256:");
    if (at >= 0) {
      return image;
    }
    String repo = image;
    int slash = image.lastIndexOf('/');
    int colon = image.lastIndexOf(':');
    if (colon > slash) {
      repo = image.substring(0, colon);
    }
    String digest = imageDigests.get(image);
    if (digest == null) {
      digest = "sha256:" + sha256(image);
    }
    return repo + "@" + digest;
  }

  private ObjectNode find(Map<String, ObjectNode> map, String name, String message) {
    ObjectNode n = map.get(name);
    if (n == null) {
      throw validation(message + " \"" + name + "\".");
    }
    return n.deepCopy();
  }

  private static void checkMetadata(JsonNode metadata) {
    if (metadata.isMissingNode() || metadata.isNull()) {
      return;
    }
    if (metadata.size() > 50) {
      throw validation("CustomerMetadataProperties must hold at most 50 entries, had " + metadata.size());
    }
    Iterator<Map.Entry<String, JsonNode>> it = metadata.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String k = e.getKey();
      String v = e.getValue().asText();
      if (k.isEmpty() || k.length() > 128 || !METADATA.matcher(k).matches()) {
        throw validation("CustomerMetadataProperties key '" + k + "' must be 1-128 characters of "
            + METADATA.pattern());
      }
      if (v.length() > 256 || !METADATA.matcher(v).matches()) {
        throw validation("CustomerMetadataProperties value of '" + k + "' must be at most 256 characters of "
            + METADATA.pattern());
      }
    }
  }

  /** Returns the {@code CreatedBy} user context SageMaker records with a resource: the emulator's caller. */
  private static ObjectNode createdBy() {
    ObjectNode user = JSON.createObjectNode();
    user.putObject("IamIdentity")
        .put("Arn", "arn:aws:sts::" + ACCOUNT + ":assumed-role/mvc-emulator/session")
        .put("PrincipalId", "AROAMVCEMULATOR:session");
    return user;
  }

  private long tick() {
    return ++clock;
  }

  private static void copy(JsonNode from, ObjectNode to, String field) {
    if (from.has(field)) {
      to.set(field, from.get(field).deepCopy());
    }
  }

  private static String required(JsonNode r, String field) {
    JsonNode n = r.get(field);
    if (n == null || !n.isTextual() || n.asText().isEmpty()) {
      throw validation("1 validation error detected: Value null at '" + field + "' failed to satisfy "
          + "constraint: Member must not be null");
    }
    return n.asText();
  }

  private static String arn(String region, String type, String name) {
    return "arn:aws:sagemaker:" + region + ":" + ACCOUNT + ":" + type + "/" + name;
  }

  private static ApiError validation(String message) {
    return new ApiError(400, "ValidationException", message);
  }

  static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
