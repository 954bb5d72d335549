package dev.mvc;

import dev.mvc.internal.Checks;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A pinned SageMaker deployment: the endpoint and production variant (or inference component)
 * that serve calls, and everything that makes up the deployed version: model package, artifact
 * with its S3 version and SHA-256, container image with its digest, instance type, serving
 * environment, pre/post-processing script hashes and the payload format.
 */
public final class SageMakerTarget implements ModelTarget {
  /** Payload formats mvc knows how to build. */
  public static final Set<String> PAYLOAD_FORMATS = Set.of("tgi", "openai-chat", "json");
  /** Keys allowed in {@link #payloadMapping()} for the {@code json} format. */
  public static final Set<String> MAPPING_KEYS = Set.of("prompt", "system", "temperature",
      "maxTokens", "topP", "stopSequences", "output");

  private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}");
  private static final Pattern ARN = Pattern.compile("arn:aws[a-z-]*:sagemaker:[a-z0-9-]+:\\d{12}:[a-z-]+/\\S+");
  private static final Pattern IMAGE = Pattern.compile("[a-z0-9.-]+(:\\d+)?/[A-Za-z0-9._/-]+(:[A-Za-z0-9._-]+)?(@sha256:[0-9a-f]{64})?");
  private static final Pattern INSTANCE = Pattern.compile("ml\\.[a-z0-9]+\\.[a-z0-9]+");

  private final String endpointName;
  private final @Nullable String variant;
  private final @Nullable String inferenceComponent;
  private final @Nullable String modelPackageArn;
  private final @Nullable String artifactUri;
  private final @Nullable String artifactVersionId;
  private final @Nullable String artifactSha256;
  private final @Nullable String imageUri;
  private final @Nullable String imageDigest;
  private final @Nullable String instanceType;
  private final Map<String, String> environment;
  private final @Nullable String preprocessScriptSha256;
  private final @Nullable String postprocessScriptSha256;
  private final String payloadFormat;
  private final Map<String, String> payloadMapping;

  private SageMakerTarget(Builder b) {
    String p = "model.sagemaker.";
    this.endpointName = matches(p + "endpointName", Checks.required(p + "endpointName", b.endpointName), NAME);
    this.variant = b.variant == null ? null : matches(p + "variant", b.variant, NAME);
    this.inferenceComponent = b.inferenceComponent == null ? null
        : matches(p + "inferenceComponent", b.inferenceComponent, NAME);
    if (variant != null && inferenceComponent != null) {
      throw Checks.fail(p + "variant", "and inferenceComponent are exclusive; pin one");
    }
    this.modelPackageArn = b.modelPackageArn == null ? null
        : matches(p + "modelPackageArn", b.modelPackageArn, ARN);
    this.artifactUri = Checks.s3Uri(p + "artifact.uri", b.artifactUri);
    this.artifactVersionId = Checks.optionalText(p + "artifact.versionId", b.artifactVersionId, 1024);
    this.artifactSha256 = Checks.sha256(p + "artifact.sha256", b.artifactSha256);
    if (artifactUri == null && (artifactVersionId != null || artifactSha256 != null)) {
      throw Checks.fail(p + "artifact.uri", "is required with a versionId or sha256");
    }
    this.imageUri = b.imageUri == null ? null : matches(p + "image.uri", b.imageUri, IMAGE);
    this.imageDigest = Checks.imageDigest(p + "image.digest", b.imageDigest);
    if (imageUri == null && imageDigest != null) {
      throw Checks.fail(p + "image.uri", "is required with a digest");
    }
    if (imageUri != null && imageDigest != null && imageUri.contains("@sha256:")
        && !imageUri.endsWith("@" + imageDigest)) {
      throw Checks.fail(p + "image.digest", "differs from the digest in image.uri", imageDigest);
    }
    this.instanceType = b.instanceType == null ? null : matches(p + "instanceType", b.instanceType, INSTANCE);
    Map<String, String> env = new TreeMap<>();
    b.environment.forEach((k, v) -> {
      Checks.text(p + "environment", k, 1024);
      env.put(k, Checks.required(p + "environment." + k, v));
    });
    this.environment = Collections.unmodifiableMap(env);
    this.preprocessScriptSha256 = Checks.sha256(p + "scripts.preprocessSha256", b.preprocessScriptSha256);
    this.postprocessScriptSha256 = Checks.sha256(p + "scripts.postprocessSha256", b.postprocessScriptSha256);
    String format = Checks.required(p + "payloadFormat", b.payloadFormat);
    if (!PAYLOAD_FORMATS.contains(format)) {
      throw Checks.fail(p + "payloadFormat", "must be one of json, openai-chat, tgi", format);
    }
    this.payloadFormat = format;
    Map<String, String> mapping = new TreeMap<>();
    b.payloadMapping.forEach((k, v) -> {
      if (!MAPPING_KEYS.contains(k)) {
        throw Checks.fail(p + "payloadMapping." + k,
            "is not a mapping key; use " + new java.util.TreeSet<>(MAPPING_KEYS), k);
      }
      if (v == null || !(v.isEmpty() || v.startsWith("/"))) {
        throw Checks.fail(p + "payloadMapping." + k, "must be a JSON pointer starting with /", v);
      }
      mapping.put(k, v);
    });
    if (format.equals("json") && (!mapping.containsKey("prompt") || !mapping.containsKey("output"))) {
      throw Checks.fail(p + "payloadMapping", "needs prompt and output pointers for payloadFormat json");
    }
    if (!format.equals("json") && !mapping.isEmpty()) {
      throw Checks.fail(p + "payloadMapping", "is only allowed with payloadFormat json");
    }
    this.payloadMapping = Collections.unmodifiableMap(mapping);
  }

  private static String matches(String path, String value, Pattern pattern) {
    if (!pattern.matcher(value).matches()) {
      throw Checks.fail(path, "must match " + pattern.pattern(), value);
    }
    return value;
  }

  /** The variant or inference component that answered must be the pinned one, when one is pinned. */
  @Override
  public void checkServed(@Nullable String servedModel, @Nullable String servedVariant) {
    String pinned = variant != null ? variant : inferenceComponent;
    if (pinned != null && servedVariant != null && !servedVariant.equals(pinned)) {
      throw new VersionDriftException(variant != null ? "model.sagemaker.variant"
          : "model.sagemaker.inferenceComponent", pinned, servedVariant);
    }
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
    b.artifactUri = artifactUri;
    b.artifactVersionId = artifactVersionId;
    b.artifactSha256 = artifactSha256;
    b.imageUri = imageUri;
    b.imageDigest = imageDigest;
    b.instanceType = instanceType;
    b.environment.putAll(environment);
    b.preprocessScriptSha256 = preprocessScriptSha256;
    b.postprocessScriptSha256 = postprocessScriptSha256;
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

  /** Returns the endpoint name. */
  public String endpointName() {
    return endpointName;
  }

  /** Returns the pinned production variant, or null. */
  public @Nullable String variant() {
    return variant;
  }

  /** Returns the pinned inference component, or null. */
  public @Nullable String inferenceComponent() {
    return inferenceComponent;
  }

  /** Returns the model package ARN, or null. */
  public @Nullable String modelPackageArn() {
    return modelPackageArn;
  }

  /** Returns the model artifact's S3 URI, or null. */
  public @Nullable String artifactUri() {
    return artifactUri;
  }

  /** Returns the artifact's S3 version ID, or null. */
  public @Nullable String artifactVersionId() {
    return artifactVersionId;
  }

  /** Returns the artifact's SHA-256 (hex), or null. */
  public @Nullable String artifactSha256() {
    return artifactSha256;
  }

  /** Returns the container image URI, or null. */
  public @Nullable String imageUri() {
    return imageUri;
  }

  /** Returns the container image digest ({@code sha256:...}), or null. */
  public @Nullable String imageDigest() {
    return imageDigest;
  }

  /** Returns the instance type, or null. */
  public @Nullable String instanceType() {
    return instanceType;
  }

  /** Returns the serving environment (sorted, unmodifiable). */
  public Map<String, String> environment() {
    return environment;
  }

  /** Returns the SHA-256 of the pre-processing script, or null. */
  public @Nullable String preprocessScriptSha256() {
    return preprocessScriptSha256;
  }

  /** Returns the SHA-256 of the post-processing script, or null. */
  public @Nullable String postprocessScriptSha256() {
    return postprocessScriptSha256;
  }

  /** Returns the payload format: {@code tgi}, {@code openai-chat} or {@code json}. */
  public String payloadFormat() {
    return payloadFormat;
  }

  /** Returns the JSON pointers of the {@code json} payload format by key (sorted). */
  public Map<String, String> payloadMapping() {
    return payloadMapping;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof SageMakerTarget)) {
      return false;
    }
    SageMakerTarget t = (SageMakerTarget) o;
    return endpointName.equals(t.endpointName) && Objects.equals(variant, t.variant)
        && Objects.equals(inferenceComponent, t.inferenceComponent)
        && Objects.equals(modelPackageArn, t.modelPackageArn)
        && Objects.equals(artifactUri, t.artifactUri)
        && Objects.equals(artifactVersionId, t.artifactVersionId)
        && Objects.equals(artifactSha256, t.artifactSha256)
        && Objects.equals(imageUri, t.imageUri) && Objects.equals(imageDigest, t.imageDigest)
        && Objects.equals(instanceType, t.instanceType) && environment.equals(t.environment)
        && Objects.equals(preprocessScriptSha256, t.preprocessScriptSha256)
        && Objects.equals(postprocessScriptSha256, t.postprocessScriptSha256)
        && payloadFormat.equals(t.payloadFormat) && payloadMapping.equals(t.payloadMapping);
  }

  @Override
  public int hashCode() {
    return Objects.hash(endpointName, variant, inferenceComponent, modelPackageArn, artifactUri,
        artifactVersionId, artifactSha256, imageUri, imageDigest, instanceType, environment,
        preprocessScriptSha256, postprocessScriptSha256, payloadFormat, payloadMapping);
  }

  @Override
  public String toString() {
    // The environment may hold secrets: only its keys are printed.
    return "SageMakerTarget{endpoint=" + describe() + ", modelPackage=" + modelPackageArn
        + ", image=" + imageDigest + ", instanceType=" + instanceType
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

    /** Sets the artifact S3 URI, S3 version ID and SHA-256. */
    public Builder artifact(@Nullable String uri, @Nullable String versionId, @Nullable String sha256) {
      this.artifactUri = uri;
      this.artifactVersionId = versionId;
      this.artifactSha256 = sha256;
      return this;
    }

    /** Sets the container image URI and digest. */
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
      return new SageMakerTarget(this);
    }
  }
}
