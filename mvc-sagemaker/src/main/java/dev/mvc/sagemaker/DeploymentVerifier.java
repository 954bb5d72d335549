package dev.mvc.sagemaker;

import dev.mvc.CheckWarning;
import dev.mvc.MvcException;
import dev.mvc.SageMakerTarget;
import dev.mvc.VersionManifest;
import dev.mvc.sagemaker.internal.ClientSettings;
import dev.mvc.sagemaker.internal.ErrorMapper;
import dev.mvc.sagemaker.internal.Redaction;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.ContainerDefinition;
import software.amazon.awssdk.services.sagemaker.model.DeployedImage;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointConfigResponse;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointResponse;
import software.amazon.awssdk.services.sagemaker.model.DescribeModelPackageResponse;
import software.amazon.awssdk.services.sagemaker.model.DescribeModelResponse;
import software.amazon.awssdk.services.sagemaker.model.ModelPackageContainerDefinition;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariant;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariantSummary;

/**
 * A check that a SageMaker endpoint runs exactly what a manifest pins. It reads
 * {@code DescribeEndpoint} → {@code DescribeEndpointConfig} → {@code DescribeModel} (and
 * {@code DescribeModelPackage} for models created from a package) and compares, per serving
 * variant: the resolved image digest ({@code DeployedImages[].ResolvedImage}) and repository, the
 * model data URL, the instance type, the environment, the model package and, when configured,
 * the variant weights.
 *
 * <p>Which variants are compared: the pinned variant; without one, every variant that receives
 * traffic, since any of them may serve a call. Manifests pinned to an inference component are
 * refused, because their containers are described by another API.
 *
 * <pre>{@code
 * DeploymentReport report = DeploymentVerifier.create().verify(manifest);
 * if (!report.matches()) { log.error("{}", report); }
 * }</pre>
 *
 * <p>Each difference is a {@link CheckWarning} of the check {@value SageMakerEndpointBackend#DEPLOYMENT_CHECK}
 * whose subject is {@code endpoint/variant} (the endpoint alone for its status). To run the
 * comparison at client start and on every reload, set
 * {@link SageMakerEndpointBackend.Builder#deploymentCheck(dev.mvc.CheckMode)} to {@code WARN} or
 * {@code FAIL}, and hand this verifier to
 * {@link SageMakerEndpointBackend.Builder#deploymentVerifier(DeploymentVerifier)} when it needs its
 * own client or expected weights.
 */
public final class DeploymentVerifier implements AutoCloseable {
  private static final Set<String> SERVING = Set.of("InService", "Updating", "SystemUpdating", "RollingBack");

  private final SageMakerClient client;
  private final boolean ownsClient;
  private final Map<String, Double> expectedWeights;

  private DeploymentVerifier(Builder b) {
    this(b.client, b.settings, b.weights);
  }

  private DeploymentVerifier(@Nullable SageMakerClient client, ClientSettings settings, Map<String, Double> weights) {
    this.ownsClient = client == null;
    this.client = client != null ? client : settings.controlPlane();
    this.expectedWeights = Map.copyOf(weights);
  }

  /** Returns a verifier whose client the settings build, for a backend that was given no verifier. */
  static DeploymentVerifier of(ClientSettings settings) {
    return new DeploymentVerifier(null, settings, Map.of());
  }

  /** Returns a verifier with a client from the SDK's default region and credential chains. */
  public static DeploymentVerifier create() {
    return builder().build();
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Compares the endpoint that {@code manifest} pins with the manifest.
   *
   * @throws MvcException when the manifest is not a SageMaker endpoint manifest or pins an
   *     inference component
   * @throws SageMakerApiException when the endpoint cannot be described (for example, it does not exist)
   */
  public DeploymentReport verify(VersionManifest manifest) {
    if (!(manifest.model() instanceof SageMakerTarget)) {
      throw new MvcException("DeploymentVerifier checks SageMaker manifests; " + manifest.name() + " "
          + manifest.version() + " pins a " + manifest.model().provider() + " target");
    }
    SageMakerTarget t = (SageMakerTarget) manifest.model();
    if (t.inferenceComponent() != null) {
      throw new MvcException("DeploymentVerifier cannot verify model.sagemaker.inferenceComponent "
          + t.inferenceComponent() + ": only production variants are verified");
    }
    String label = manifest.name() + " " + manifest.version() + " " + manifest.digest();
    String endpointName = t.endpointName();
    DescribeEndpointResponse endpoint = call("DescribeEndpoint", endpointName,
        () -> client.describeEndpoint(r -> r.endpointName(endpointName)));
    List<CheckWarning> mismatches = new ArrayList<>();
    String status = endpoint.endpointStatusAsString();
    if (!SERVING.contains(status)) {
      mismatches.add(mismatch(endpointName, "endpointStatus", null, "InService", status));
    }
    Map<String, ProductionVariantSummary> running = new LinkedHashMap<>();
    for (ProductionVariantSummary v : endpoint.productionVariants()) {
      running.put(v.variantName(), v);
    }
    for (Map.Entry<String, Double> w : expectedWeights.entrySet()) {
      ProductionVariantSummary v = running.get(w.getKey());
      String actual = v == null ? "no such variant" : String.valueOf(v.currentWeight());
      if (v == null || v.currentWeight() == null || Math.abs(v.currentWeight() - w.getValue()) > 1e-6) {
        mismatches.add(mismatch(endpointName, "variantWeight", w.getKey(), String.valueOf(w.getValue()), actual));
      }
    }
    List<String> checked = new ArrayList<>();
    if (t.variant() != null) {
      if (!running.containsKey(t.variant())) {
        mismatches.add(mismatch(endpointName, "model.sagemaker.variant", t.variant(), t.variant(),
            "variants " + running.keySet()));
      } else {
        checked.add(t.variant());
      }
    } else {
      running.values().stream().filter(v -> v.currentWeight() == null || v.currentWeight() > 0)
          .forEach(v -> checked.add(v.variantName()));
    }
    String configName = endpoint.endpointConfigName();
    if (!checked.isEmpty()) {
      DescribeEndpointConfigResponse config = call("DescribeEndpointConfig", configName,
          () -> client.describeEndpointConfig(r -> r.endpointConfigName(configName)));
      for (String variant : checked) {
        compareVariant(t, variant, running.get(variant), config, mismatches);
      }
    }
    return new DeploymentReport(label, endpointName, configName, status, checked, mismatches);
  }

  private void compareVariant(SageMakerTarget t, String variant, ProductionVariantSummary summary,
      DescribeEndpointConfigResponse config, List<CheckWarning> out) {
    String e = t.endpointName();
    String resolved = summary.deployedImages().stream().map(DeployedImage::resolvedImage)
        .filter(Objects::nonNull).findFirst().orElse(null);
    if (t.imageDigest() != null) {
      String digest = resolved == null ? null : digestOf(resolved);
      if (!t.imageDigest().equals(digest)) {
        out.add(mismatch(e, "model.sagemaker.image.digest", variant, t.imageDigest(),
            resolved == null ? "no resolved image" : String.valueOf(digest)));
      }
    }
    if (t.imageUri() != null && resolved != null && !repository(t.imageUri()).equals(repository(resolved))) {
      out.add(mismatch(e, "model.sagemaker.image.uri", variant, repository(t.imageUri()),
          repository(resolved)));
    }
    ProductionVariant configured = config.productionVariants().stream()
        .filter(v -> variant.equals(v.variantName())).findFirst().orElse(null);
    if (configured == null) {
      out.add(mismatch(e, "model.sagemaker.variant", variant, variant,
          "absent from endpoint configuration " + config.endpointConfigName()));
      return;
    }
    if (t.instanceType() != null && !t.instanceType().equals(configured.instanceTypeAsString())) {
      out.add(mismatch(e, "model.sagemaker.instanceType", variant, t.instanceType(),
          configured.instanceType() == null ? "serverless" : configured.instanceTypeAsString()));
    }
    String modelName = configured.modelName();
    DescribeModelResponse model = call("DescribeModel", modelName, () -> client.describeModel(r -> r.modelName(modelName)));
    ContainerDefinition c = model.primaryContainer() != null ? model.primaryContainer()
        : model.containers().isEmpty() ? null : model.containers().get(0);
    if (c == null) {
      out.add(mismatch(e, "model.sagemaker.image.uri", variant, String.valueOf(t.imageUri()),
          "model " + modelName + " without containers"));
      return;
    }
    String modelDataUrl = c.modelDataUrl();
    Map<String, String> environment = c.environment();
    if (c.modelPackageName() != null) {
      if (t.modelPackageArn() != null && !t.modelPackageArn().equals(c.modelPackageName())) {
        out.add(mismatch(e, "model.sagemaker.modelPackageArn", variant, t.modelPackageArn(),
            c.modelPackageName()));
      }
      if (modelDataUrl == null) {
        String packageName = c.modelPackageName();
        DescribeModelPackageResponse p = call("DescribeModelPackage", packageName,
            () -> client.describeModelPackage(r -> r.modelPackageName(packageName)));
        if (p.inferenceSpecification() != null && !p.inferenceSpecification().containers().isEmpty()) {
          ModelPackageContainerDefinition pc = p.inferenceSpecification().containers().get(0);
          modelDataUrl = pc.modelDataUrl();
          Map<String, String> merged = new LinkedHashMap<>(pc.environment());
          merged.putAll(environment);
          environment = merged;
        }
      }
    }
    if (t.artifactUri() != null && !t.artifactUri().equals(modelDataUrl)) {
      out.add(mismatch(e, "model.sagemaker.artifact.uri", variant, t.artifactUri(),
          String.valueOf(modelDataUrl)));
    }
    Set<String> keys = new TreeSet<>(t.environment().keySet());
    keys.addAll(environment.keySet());
    for (String key : keys) {
      String want = t.environment().get(key);
      String have = environment.get(key);
      if (!Objects.equals(want, have)) {
        out.add(mismatch(e, "model.sagemaker.environment." + key, variant, Redaction.show(want),
            Redaction.show(have)));
      }
    }
  }

  /** Returns one difference, with a message that names the pinned and the running value. */
  private static CheckWarning mismatch(String endpoint, String field, @Nullable String variant, String pinned,
      String running) {
    String subject = variant == null ? endpoint : endpoint + "/" + variant;
    return new CheckWarning(SageMakerEndpointBackend.DEPLOYMENT_CHECK, subject, field, pinned, running,
        field + " on " + (variant == null ? "endpoint " + endpoint : "variant " + variant + " of endpoint " + endpoint)
            + ": manifest pins " + pinned + " but the endpoint runs " + running);
  }

  /** Returns the {@code sha256:..} part of an image reference, or null. */
  static @Nullable String digestOf(String image) {
    int at = image.indexOf('@');
    return at < 0 ? null : image.substring(at + 1);
  }

  /** Returns an image reference without its digest and tag. */
  static String repository(String image) {
    String s = image;
    int at = s.indexOf('@');
    if (at >= 0) {
      s = s.substring(0, at);
    }
    int slash = s.lastIndexOf('/');
    int colon = s.lastIndexOf(':');
    return colon > slash ? s.substring(0, colon) : s;
  }

  private static <T> T call(String operation, String subject, Supplier<T> call) {
    try {
      return call.get();
    } catch (SdkException e) {
      throw ErrorMapper.operation(e, operation, subject);
    }
  }

  @Override
  public void close() {
    if (ownsClient) {
      client.close();
    }
  }

  /** A builder of {@link DeploymentVerifier}. */
  public static final class Builder {
    private final ClientSettings settings = new ClientSettings();
    private @Nullable SageMakerClient client;
    private final Map<String, Double> weights = new LinkedHashMap<>();

    private Builder() {}

    /** Uses {@code client} (not closed by the verifier). */
    public Builder client(SageMakerClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /** Sets the region of the client the verifier builds. */
    public Builder region(Region region) {
      settings.region(region);
      return this;
    }

    /** Sets the endpoint URI of the client the verifier builds. */
    public Builder endpointOverride(URI endpoint) {
      settings.endpointOverride(endpoint);
      return this;
    }

    /** Sets the credentials of the client the verifier builds. */
    public Builder credentialsProvider(AwsCredentialsProvider credentials) {
      settings.credentials(credentials);
      return this;
    }

    /** Expects {@code variant} to run with the current weight {@code weight}. */
    public Builder expectWeight(String variant, double weight) {
      if (weight < 0 || Double.isNaN(weight)) {
        throw new IllegalArgumentException("weight of variant " + variant + " must be >= 0, was " + weight);
      }
      weights.put(Objects.requireNonNull(variant, "variant"), weight);
      return this;
    }

    /** Builds the verifier. */
    public DeploymentVerifier build() {
      return new DeploymentVerifier(this);
    }
  }
}
