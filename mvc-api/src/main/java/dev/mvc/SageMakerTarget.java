package dev.mvc;

import dev.mvc.internal.Checks;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A pinned SageMaker deployment: the endpoint and production variant (or inference component)
 * that serve calls, and everything that makes up the deployed version: model package, artifact
 * with its S3 version and SHA-256, container image with its digest, instance type, serving
 * environment, pre/post-processing script hashes and the payload format. Every component is
 * validated when the target is built, and a failure names the manifest field and the value.
 *
 * @param endpointName the endpoint name
 * @param variant the pinned production variant, or null
 * @param inferenceComponent the pinned inference component, or null
 * @param modelPackageArn the model package ARN, or null
 * @param artifact the model artifact, or null
 * @param image the container image, or null
 * @param instanceType the instance type, or null
 * @param environment the serving environment (sorted, unmodifiable)
 * @param scripts the hashes of the pre- and post-processing scripts, or null
 * @param payloadFormat the payload format: {@code tgi}, {@code openai-chat} or {@code json}
 * @param payloadMapping the JSON pointers of the {@code json} payload format by key (sorted, unmodifiable)
 */
public record SageMakerTarget(String endpointName, @Nullable String variant,
    @Nullable String inferenceComponent, @Nullable String modelPackageArn,
    @Nullable Artifact artifact, @Nullable Image image, @Nullable String instanceType,
    Map<String, String> environment, @Nullable Scripts scripts, String payloadFormat,
    Map<String, String> payloadMapping) implements ModelTarget {

  /** Payload formats mvc knows how to build. */
  public static final Set<String> PAYLOAD_FORMATS = Set.of("tgi", "openai-chat", "json");
  /** Keys allowed in {@link #payloadMapping()} for the {@code json} format. */
  public static final Set<String> MAPPING_KEYS = Set.of("prompt", "system", "temperature",
      "maxTokens", "topP", "stopSequences", "output");

  private static final String P = "model.sagemaker.";
  private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}");
  private static final Pattern ARN = Pattern.compile("arn:aws[a-z-]*:sagemaker:[a-z0-9-]+:\\d{12}:[a-z-]+/\\S+");
  private static final Pattern IMAGE = Pattern.compile("[a-z0-9.-]+(:\\d+)?/[A-Za-z0-9._/-]+(:[A-Za-z0-9._-]+)?(@sha256:[0-9a-f]{64})?");
  private static final Pattern INSTANCE = Pattern.compile("ml\\.[a-z0-9]+\\.[a-z0-9]+");

  /** Validates every component, naming the first invalid {@code model.sagemaker} field. */
  public SageMakerTarget {
    matches(P + "endpointName", Checks.required(P + "endpointName", endpointName), NAME);
    if (variant != null) {
      matches(P + "variant", variant, NAME);
    }
    if (inferenceComponent != null) {
      matches(P + "inferenceComponent", inferenceComponent, NAME);
    }
    if (variant != null && inferenceComponent != null) {
      throw Checks.fail(P + "variant", "and inferenceComponent are exclusive; pin one");
    }
    if (modelPackageArn != null) {
      matches(P + "modelPackageArn", modelPackageArn, ARN);
    }
    if (instanceType != null) {
      matches(P + "instanceType", instanceType, INSTANCE);
    }
    Map<String, String> env = new TreeMap<>();
    Checks.required(P + "environment", environment).forEach((k, v) -> {
      Checks.text(P + "environment", k, 1024);
      env.put(k, Checks.required(P + "environment." + k, v));
    });
    environment = Collections.unmodifiableMap(env);
    String format = Checks.required(P + "payloadFormat", payloadFormat);
    if (!PAYLOAD_FORMATS.contains(format)) {
      throw Checks.fail(P + "payloadFormat", "must be one of json, openai-chat, tgi", format);
    }
    Map<String, String> mapping = new TreeMap<>();
    Checks.required(P + "payloadMapping", payloadMapping).forEach((k, v) -> {
      if (!MAPPING_KEYS.contains(k)) {
        throw Checks.fail(P + "payloadMapping." + k, "is not a mapping key; use " + new TreeSet<>(MAPPING_KEYS), k);
      }
      if (v == null || !(v.isEmpty() || v.startsWith("/"))) {
        throw Checks.fail(P + "payloadMapping." + k, "must be a JSON pointer starting with /", v);
      }
      mapping.put(k, v);
    });
    if (format.equals("json") && (!mapping.containsKey("prompt") || !mapping.containsKey("output"))) {
      throw Checks.fail(P + "payloadMapping", "needs prompt and output pointers for payloadFormat json");
    }
    if (!format.equals("json") && !mapping.isEmpty()) {
      throw Checks.fail(P + "payloadMapping", "is only allowed with payloadFormat json");
    }
    payloadMapping = Collections.unmodifiableMap(mapping);
  }

  /**
   * The model artifact ({@code model.sagemaker.artifact}): its S3 URI, pinned by S3 version ID,
   * SHA-256 or both.
   *
   * @param uri the artifact's S3 URI
   * @param versionId the artifact's S3 version ID, or null
   * @param sha256 the artifact's SHA-256 (hex), or null
   */
  public record Artifact(String uri, @Nullable String versionId, @Nullable String sha256) {
    /** Requires an S3 URI; the version ID and SHA-256 must be well formed when present. */
    public Artifact {
      if (uri == null) {
        throw Checks.fail(P + "artifact.uri", versionId != null || sha256 != null
            ? "is required with a versionId or sha256" : "is required");
      }
      Checks.s3Uri(P + "artifact.uri", uri);
      Checks.optionalText(P + "artifact.versionId", versionId, 1024);
      Checks.sha256(P + "artifact.sha256", sha256);
    }
  }

  /**
   * The container image ({@code model.sagemaker.image}): its URI and {@code sha256:} digest.
   *
   * @param uri the image URI, possibly with {@code @sha256:...}
   * @param digest the image digest ({@code sha256:...}), or null
   */
  public record Image(String uri, @Nullable String digest) {
    /** Requires the URI; a digest must agree with one inside the URI. */
    public Image {
      if (uri == null) {
        throw Checks.fail(P + "image.uri", digest != null ? "is required with a digest" : "is required");
      }
      matches(P + "image.uri", uri, IMAGE);
      Checks.imageDigest(P + "image.digest", digest);
      if (digest != null && uri.contains("@sha256:") && !uri.endsWith("@" + digest)) {
        throw Checks.fail(P + "image.digest", "differs from the digest in image.uri", digest);
      }
    }

    /** Returns whether the image is pinned by digest, in {@code digest} or inside the URI. */
    public boolean pinnedByDigest() {
      return digest != null || uri.contains("@sha256:");
    }
  }

  /**
   * The hashes of the pre- and post-processing scripts ({@code model.sagemaker.scripts}).
   *
   * @param preprocessSha256 the SHA-256 of the pre-processing script, or null
   * @param postprocessSha256 the SHA-256 of the post-processing script, or null
   */
  public record Scripts(@Nullable String preprocessSha256, @Nullable String postprocessSha256) {
    /** Requires each hash present to be a SHA-256. */
    public Scripts {
      Checks.sha256(P + "scripts.preprocessSha256", preprocessSha256);
      Checks.sha256(P + "scripts.postprocessSha256", postprocessSha256);
    }
  }

  private static String matches(String path, String value, Pattern pattern) {
    if (!pattern.matcher(value).matches()) {
      throw Checks.fail(path, "must match " + pattern.pattern(), value);
    }
    return value;
  }

  /** Returns a builder for a target on {@code endpointName} with {@code payloadFormat}. */
  public static Builder builder(String endpointName, String payloadFormat) {
    return new Builder().endpointName(endpointName).payloadFormat(payloadFormat);
  }

  /** Returns a builder holding this value's fields. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.endpointName = endpointName;
    b.variant = variant;
    b.inferenceComponent = inferenceComponent;
    b.modelPackageArn = modelPackageArn;
    b.artifact(artifactUri(), artifactVersionId(), artifactSha256());
    b.image(imageUri(), imageDigest());
    b.instanceType = instanceType;
    b.environment.putAll(environment);
    b.scripts(preprocessScriptSha256(), postprocessScriptSha256());
    b.payloadFormat = payloadFormat;
    b.payloadMapping.putAll(payloadMapping);
    return b;
  }

  @Override
  public String provider() {
    return "sagemaker";
  }

  @Override
  public String describe() {
    return endpointName + "/" + (variant != null ? variant
        : inferenceComponent != null ? inferenceComponent : "*");
  }

  /** Returns the pinned variant, else the pinned inference component, else null. */
  public @Nullable String servingUnit() {
    return variant != null ? variant : inferenceComponent;
  }

  @Override
  public TargetStamp stampFields() {
    return new TargetStamp(provider(), null, endpointName, servingUnit(), null, null, null, null, null);
  }

  /**
   * Checks {@link PinningRule#SAGEMAKER_IMAGE_DIGEST}, {@link PinningRule#SAGEMAKER_ARTIFACT_PINNED}
   * and {@link PinningRule#SAGEMAKER_VARIANT_PINNED}.
   */
  @Override
  public List<PolicyViolation> pinningViolations(Set<PinningRule> rules) {
    List<PolicyViolation> out = new ArrayList<>(0);
    if (rules.contains(PinningRule.SAGEMAKER_IMAGE_DIGEST) && (image == null || !image.pinnedByDigest())) {
      out.add(new PolicyViolation(PinningRule.SAGEMAKER_IMAGE_DIGEST, P + "image.digest",
          "is required: the container image must be pinned by sha256 digest, image was "
              + (image == null ? "not set" : "\"" + image.uri() + "\"")));
    }
    if (rules.contains(PinningRule.SAGEMAKER_ARTIFACT_PINNED)
        && (artifact == null || (artifact.versionId() == null && artifact.sha256() == null))) {
      out.add(new PolicyViolation(PinningRule.SAGEMAKER_ARTIFACT_PINNED, P + "artifact",
          "must name the model artifact with an S3 versionId or sha256"));
    }
    if (rules.contains(PinningRule.SAGEMAKER_VARIANT_PINNED) && servingUnit() == null) {
      out.add(new PolicyViolation(PinningRule.SAGEMAKER_VARIANT_PINNED, P + "variant",
          "is required: name the production variant (or inference component) that must serve calls"));
    }
    return out;
  }

  @Override
  public Map<String, Object> manifestFields() {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("endpointName", endpointName);
    put(o, "variant", variant);
    put(o, "inferenceComponent", inferenceComponent);
    put(o, "modelPackageArn", modelPackageArn);
    if (artifact != null) {
      Map<String, Object> a = new LinkedHashMap<>();
      a.put("uri", artifact.uri());
      put(a, "versionId", artifact.versionId());
      put(a, "sha256", artifact.sha256());
      o.put("artifact", a);
    }
    if (image != null) {
      Map<String, Object> i = new LinkedHashMap<>();
      i.put("uri", image.uri());
      put(i, "digest", image.digest());
      o.put("image", i);
    }
    put(o, "instanceType", instanceType);
    if (!environment.isEmpty()) {
      o.put("environment", new LinkedHashMap<>(environment));
    }
    if (scripts != null && (scripts.preprocessSha256() != null || scripts.postprocessSha256() != null)) {
      Map<String, Object> s = new LinkedHashMap<>();
      put(s, "preprocessSha256", scripts.preprocessSha256());
      put(s, "postprocessSha256", scripts.postprocessSha256());
      o.put("scripts", s);
    }
    o.put("payloadFormat", payloadFormat);
    if (!payloadMapping.isEmpty()) {
      o.put("payloadMapping", new LinkedHashMap<>(payloadMapping));
    }
    return Collections.unmodifiableMap(o);
  }

  private static void put(Map<String, Object> o, String key, @Nullable Object value) {
    if (value != null) {
      o.put(key, value);
    }
  }

  /** The variant or inference component that answered must be the pinned one, when one is pinned. */
  @Override
  public void checkServed(@Nullable String servedModel, @Nullable String servedVariant) {
    String pinned = servingUnit();
    if (pinned != null && servedVariant != null && !servedVariant.equals(pinned)) {
      throw new VersionDriftException(variant != null ? P + "variant" : P + "inferenceComponent",
          pinned, servedVariant);
    }
  }

  /** Returns the model artifact's S3 URI, or null. */
  public @Nullable String artifactUri() {
    return artifact == null ? null : artifact.uri();
  }

  /** Returns the artifact's S3 version ID, or null. */
  public @Nullable String artifactVersionId() {
    return artifact == null ? null : artifact.versionId();
  }

  /** Returns the artifact's SHA-256 (hex), or null. */
  public @Nullable String artifactSha256() {
    return artifact == null ? null : artifact.sha256();
  }

  /** Returns the container image URI, or null. */
  public @Nullable String imageUri() {
    return image == null ? null : image.uri();
  }

  /** Returns the container image digest ({@code sha256:...}), or null. */
  public @Nullable String imageDigest() {
    return image == null ? null : image.digest();
  }

  /** Returns the SHA-256 of the pre-processing script, or null. */
  public @Nullable String preprocessScriptSha256() {
    return scripts == null ? null : scripts.preprocessSha256();
  }

  /** Returns the SHA-256 of the post-processing script, or null. */
  public @Nullable String postprocessScriptSha256() {
    return scripts == null ? null : scripts.postprocessSha256();
  }

  @Override
  public String toString() {
    // The environment may hold secrets: only its keys are printed.
    return "SageMakerTarget{endpoint=" + describe() + ", modelPackage=" + modelPackageArn
        + ", image=" + imageDigest() + ", instanceType=" + instanceType
        + ", environmentKeys=" + environment.keySet() + ", payloadFormat=" + payloadFormat + "}";
  }

  /** A builder of {@link SageMakerTarget}. */
  public static final class Builder {
    private @Nullable String endpointName;
    private @Nullable String variant;
    private @Nullable String inferenceComponent;
    private @Nullable String modelPackageArn;
    private @Nullable String artifactUri;
    private @Nullable String artifactVersionId;
    private @Nullable String artifactSha256;
    private @Nullable String imageUri;
    private @Nullable String imageDigest;
    private @Nullable String instanceType;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private @Nullable String preprocessScriptSha256;
    private @Nullable String postprocessScriptSha256;
    private @Nullable String payloadFormat;
    private final Map<String, String> payloadMapping = new LinkedHashMap<>();

    private Builder() {}

    /** Sets the endpoint name. */
    public Builder endpointName(@Nullable String endpointName) {
      this.endpointName = endpointName;
      return this;
    }

    /** Sets the production variant. */
    public Builder variant(@Nullable String variant) {
      this.variant = variant;
      return this;
    }

    /** Sets the inference component. */
    public Builder inferenceComponent(@Nullable String inferenceComponent) {
      this.inferenceComponent = inferenceComponent;
      return this;
    }

    /** Sets the model package ARN. */
    public Builder modelPackageArn(@Nullable String arn) {
      this.modelPackageArn = arn;
      return this;
    }

    /** Sets the artifact S3 URI, S3 version ID and SHA-256 (all null: no artifact). */
    public Builder artifact(@Nullable String uri, @Nullable String versionId, @Nullable String sha256) {
      this.artifactUri = uri;
      this.artifactVersionId = versionId;
      this.artifactSha256 = sha256;
      return this;
    }

    /** Sets the container image URI and digest (both null: no image). */
    public Builder image(@Nullable String uri, @Nullable String digest) {
      this.imageUri = uri;
      this.imageDigest = digest;
      return this;
    }

    /** Sets the instance type. */
    public Builder instanceType(@Nullable String instanceType) {
      this.instanceType = instanceType;
      return this;
    }

    /** Adds an environment variable. */
    public Builder environment(String key, String value) {
      this.environment.put(key, value);
      return this;
    }

    /** Replaces the environment. */
    public Builder environment(Map<String, String> environment) {
      this.environment.clear();
      this.environment.putAll(environment);
      return this;
    }

    /** Sets the SHA-256 of the pre- and post-processing scripts. */
    public Builder scripts(@Nullable String preprocessSha256, @Nullable String postprocessSha256) {
      this.preprocessScriptSha256 = preprocessSha256;
      this.postprocessScriptSha256 = postprocessSha256;
      return this;
    }

    /** Sets the payload format. */
    public Builder payloadFormat(@Nullable String payloadFormat) {
      this.payloadFormat = payloadFormat;
      return this;
    }

    /** Sets one JSON pointer of the {@code json} payload format. */
    public Builder payloadMapping(String key, String pointer) {
      this.payloadMapping.put(key, pointer);
      return this;
    }

    /** Builds the target, failing with the path and value of the first invalid field. */
    public SageMakerTarget build() {
      // The endpoint comes first in the manifest, so it is checked before the parts.
      matches(P + "endpointName", Checks.required(P + "endpointName", endpointName), NAME);
      Artifact a = artifactUri == null && artifactVersionId == null && artifactSha256 == null ? null
          : new Artifact(artifactUri, artifactVersionId, artifactSha256);
      Image i = imageUri == null && imageDigest == null ? null : new Image(imageUri, imageDigest);
      Scripts s = preprocessScriptSha256 == null && postprocessScriptSha256 == null ? null
          : new Scripts(preprocessScriptSha256, postprocessScriptSha256);
      return new SageMakerTarget(endpointName, variant, inferenceComponent, modelPackageArn, a, i,
          instanceType, environment, s, payloadFormat, payloadMapping);
    }
  }
}
