package dev.mvc.sagemaker;

import dev.mvc.ApprovalStatus;
import dev.mvc.SageMakerTarget;
import dev.mvc.VersionManifest;
import dev.mvc.sagemaker.internal.ClientSettings;
import dev.mvc.sagemaker.internal.ErrorMapper;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.ContainerDefinition;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointConfigResponse;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointResponse;
import software.amazon.awssdk.services.sagemaker.model.DescribeModelPackageResponse;
import software.amazon.awssdk.services.sagemaker.model.DescribeModelResponse;
import software.amazon.awssdk.services.sagemaker.model.ModelPackageContainerDefinition;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariant;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariantSummary;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;
import software.amazon.awssdk.services.sagemaker.model.Tag;

/**
 * Moves a SageMaker endpoint to a registered model package, as operators do it by hand: create a
 * model and an endpoint configuration for the package, {@code UpdateEndpoint} with a blue/green
 * {@link DeploymentStrategy}, wait for {@code InService} with a timeout while reporting
 * {@link DeploymentProgress}, then check the running endpoint with {@link DeploymentVerifier}.
 * Nothing is deleted: earlier models and endpoint configurations stay, so any step can be
 * retraced or reversed.
 *
 * <p>{@link #rollbackToPrevious} finds the package the endpoint runs now (by the resolved image
 * digest and model data URL of its serving variant) and deploys the newest {@code Approved}
 * package older than it. {@link #deploy(DeploymentRequest)} deploys an exact package ARN, which
 * must be {@code Approved}, creating the endpoint ({@code CreateEndpoint}, then waiting for
 * {@code InService}) when it does not exist yet.
 *
 * <pre>{@code
 * try (EndpointRollback rollback = EndpointRollback.builder()
 *     .timeout(Duration.ofMinutes(30))
 *     .progressListener(p -> log.info("{} {} {}", p.stage(), p.endpointStatus(), p.elapsed()))
 *     .build()) {
 *   DeploymentResult r = rollback.rollbackToPrevious("support-llm", "support-llm-packages",
 *       DeploymentStrategy.canary(10, Duration.ofMinutes(5)).withAutoRollbackAlarms("support-llm-5xx"));
 * }
 * }</pre>
 */
public final class EndpointRollback implements AutoCloseable {
  private final SageMakerClient client;
  private final boolean ownsClient;
  private final SageMakerModelRegistry registry;
  private final DeploymentVerifier verifier;
  private final Duration pollInterval;
  private final Duration timeout;
  private final Consumer<DeploymentProgress> listener;
  private final @Nullable String executionRoleArn;

  private EndpointRollback(Builder b) {
    this.ownsClient = b.client == null;
    this.client = b.client != null ? b.client : b.settings.controlPlane();
    this.registry = SageMakerModelRegistry.builder().client(client).build();
    this.verifier = DeploymentVerifier.builder().client(client).build();
    this.pollInterval = b.pollInterval;
    this.timeout = b.timeout;
    this.listener = b.listener;
    this.executionRoleArn = b.executionRoleArn;
  }

  /** Returns a rollback with a client from the SDK's default chains, polling every 30 s for up to 1 h. */
  public static EndpointRollback create() {
    return builder().build();
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Rolls {@code endpointName} back to the newest {@code Approved} package of {@code group} that
   * is older than the package it runs now.
   *
   * @throws DeploymentException when the current package cannot be identified, no older approved
   *     package exists, or the deployment fails or times out
   * @throws DeploymentMismatchException when the endpoint does not match the package afterwards
   */
  public DeploymentResult rollbackToPrevious(String endpointName, String group, DeploymentStrategy strategy) {
    ModelPackageVersion current = currentPackage(endpointName, group);
    ModelPackageVersion previous = registry.approvedVersions(group).stream()
        .filter(v -> v.version() < current.version()).findFirst()
        .orElseThrow(() -> new DeploymentException(endpointName, "model package group " + group
            + " has no Approved version older than v" + current.version() + " (" + current.arn()
            + "), which endpoint " + endpointName + " runs; nothing to roll back to", null));
    return deploy(DeploymentRequest.builder(endpointName, previous.arn()).strategy(strategy).build(), current);
  }

  /**
   * Deploys package {@code packageArn} (which must be {@code Approved}) to {@code endpointName}.
   *
   * @throws DeploymentException when the package is not approved or the deployment fails or times out
   * @throws DeploymentMismatchException when the endpoint does not match the package afterwards
   */
  public DeploymentResult deploy(String endpointName, String packageArn, DeploymentStrategy strategy) {
    return deploy(DeploymentRequest.builder(endpointName, packageArn).strategy(strategy).build(), null);
  }

  /**
   * Deploys {@link DeploymentRequest#packageArn()} (which must be {@code Approved}) to the
   * request's endpoint: a new model and endpoint configuration, then {@code UpdateEndpoint} when
   * the endpoint exists, or {@code CreateEndpoint} when it does not (which needs
   * {@link Builder#executionRoleArn}); then waits for {@code InService} and verifies the endpoint
   * against the package's manifest.
   *
   * @throws DeploymentException when the package is not approved, the request does not fit it, or
   *     the deployment fails or times out
   * @throws DeploymentMismatchException when the endpoint does not match the package afterwards
   */
  public DeploymentResult deploy(DeploymentRequest request) {
    return deploy(request, null);
  }

  /** Returns the package of {@code group} that {@code endpointName} runs now. */
  public ModelPackageVersion currentPackage(String endpointName, String group) {
    DescribeEndpointResponse endpoint = describeEndpoint(endpointName);
    ProductionVariantSummary serving = endpoint.productionVariants().stream()
        .filter(v -> v.currentWeight() == null || v.currentWeight() > 0).findFirst()
        .orElseThrow(() -> new DeploymentException(endpointName, "endpoint " + endpointName
            + " has no variant receiving traffic", null));
    String resolved = serving.deployedImages().stream().map(i -> i.resolvedImage()).filter(Objects::nonNull)
        .findFirst().orElse(null);
    String digest = resolved == null ? null : DeploymentVerifier.digestOf(resolved);
    ContainerDefinition container = runningContainer(endpoint.endpointConfigName(), serving.variantName());
    for (ModelPackageVersion v : registry.versions(group)) {
      DescribeModelPackageResponse p = registry.describePackage(v.arn());
      if (p.inferenceSpecification() == null || p.inferenceSpecification().containers().isEmpty()) {
        continue;
      }
      ModelPackageContainerDefinition c = p.inferenceSpecification().containers().get(0);
      if (Objects.equals(container.modelPackageName(), v.arn())
          || (c.imageDigest() != null && c.imageDigest().equals(digest)
              && Objects.equals(c.modelDataUrl(), container.modelDataUrl()))) {
        return v;
      }
    }
    throw new DeploymentException(endpointName, "endpoint " + endpointName + " runs image digest " + digest
        + " with model data " + container.modelDataUrl() + " on variant " + serving.variantName()
        + ", which no package of group " + group + " holds; deploy an exact package ARN instead", null);
  }

  private DeploymentResult deploy(DeploymentRequest request, @Nullable ModelPackageVersion from) {
    String endpointName = request.endpointName();
    String packageArn = request.packageArn();
    DeploymentStrategy strategy = request.strategy();
    long start = System.nanoTime();
    RegisteredManifest target = registry.resolve(packageArn);
    if (target.modelPackage().approval() != ApprovalStatus.APPROVED) {
      throw new DeploymentException(endpointName, "model package " + packageArn + " is "
          + target.modelPackage().approval().wireName() + "; only Approved packages are deployed", null);
    }
    VersionManifest manifest = target.manifest();
    SageMakerTarget t = (SageMakerTarget) manifest.model();
    if (!t.endpointName().equals(endpointName)) {
      throw new DeploymentException(endpointName, "model package " + packageArn + " pins endpoint "
          + t.endpointName() + ", not " + endpointName, null);
    }
    if (request.instanceType() != null && t.instanceType() != null && !request.instanceType().equals(t.instanceType())) {
      throw new DeploymentException(endpointName, "instance type " + request.instanceType() + " was asked for, but "
          + "model package " + packageArn + " pins instanceType " + t.instanceType(), null);
    }
    progress(endpointName, DeploymentProgress.Stage.TARGET_CHOSEN, "", start,
        packageArn + " (" + manifest.name() + " " + manifest.version() + ")");
    DescribeEndpointResponse endpoint = describeEndpointIfExists(endpointName);
    String previousConfig = null;
    String variantName;
    String instanceType;
    int instanceCount;
    String role = executionRoleArn;
    if (endpoint == null) {
      if (strategy.isCanary()) {
        throw new DeploymentException(endpointName, "endpoint " + endpointName + " does not exist, so there is no "
            + "traffic for a canary to shift; create it all at once", null);
      }
      if (role == null) {
        throw new DeploymentException(endpointName, "endpoint " + endpointName + " does not exist; creating it "
            + "needs the execution role of its model (executionRoleArn)", null);
      }
      instanceType = request.instanceType() != null ? request.instanceType() : t.instanceType();
      if (instanceType == null) {
        throw new DeploymentException(endpointName, "endpoint " + endpointName + " does not exist and model package "
            + packageArn + " pins no instanceType; name the instance type to create it with", null);
      }
      variantName = t.variant() != null ? t.variant() : "AllTraffic";
      instanceCount = request.instanceCount() != null ? request.instanceCount() : 1;
    } else {
      if (!"InService".equals(endpoint.endpointStatusAsString())) {
        throw new DeploymentException(endpointName, "endpoint " + endpointName + " is "
            + endpoint.endpointStatusAsString() + "; a deployment starts only from InService", null);
      }
      String oldConfigName = endpoint.endpointConfigName();
      previousConfig = oldConfigName;
      DescribeEndpointConfigResponse oldConfig = call("DescribeEndpointConfig", oldConfigName,
          () -> client.describeEndpointConfig(r -> r.endpointConfigName(oldConfigName)));
      ProductionVariant old = oldConfig.productionVariants().stream()
          .filter(v -> t.variant() == null || t.variant().equals(v.variantName())).findFirst()
          .orElse(oldConfig.productionVariants().get(0));
      variantName = t.variant() != null ? t.variant() : old.variantName();
      if (role == null) {
        String oldModel = old.modelName();
        role = call("DescribeModel", oldModel, () -> client.describeModel(r -> r.modelName(oldModel)))
            .executionRoleArn();
      }
      instanceType = request.instanceType() != null ? request.instanceType()
          : t.instanceType() != null ? t.instanceType() : old.instanceTypeAsString();
      instanceCount = request.instanceCount() != null ? request.instanceCount()
          : old.initialInstanceCount() != null ? old.initialInstanceCount() : 1;
    }
    String name = resourceName(endpointName, target.modelPackage().version());
    String image = t.imageDigest() == null ? t.imageUri()
        : DeploymentVerifier.repository(Objects.requireNonNull(t.imageUri())) + "@" + t.imageDigest();
    ContainerDefinition.Builder container = ContainerDefinition.builder().image(image).modelDataUrl(t.artifactUri());
    if (!t.environment().isEmpty()) {
      container.environment(t.environment());
    }
    String executionRole = role;
    List<Tag> tags = List.of(Tag.builder().key("mvc:modelPackageArn").value(packageArn).build(),
        Tag.builder().key("mvc:manifestDigest").value(manifest.digest()).build());
    call("CreateModel", name, () -> client.createModel(r -> r.modelName(name).primaryContainer(container.build())
        .executionRoleArn(executionRole).tags(tags)));
    progress(endpointName, DeploymentProgress.Stage.MODEL_CREATED, "", start, name);
    ProductionVariant variant = ProductionVariant.builder()
        .variantName(variantName)
        .modelName(name)
        .instanceType(instanceType)
        .initialInstanceCount(instanceCount)
        .initialVariantWeight(1.0f)
        .build();
    call("CreateEndpointConfig", name, () -> client.createEndpointConfig(r -> r.endpointConfigName(name)
        .productionVariants(variant).tags(tags)));
    progress(endpointName, DeploymentProgress.Stage.ENDPOINT_CONFIG_CREATED, "", start, name);
    String operation;
    if (endpoint == null) {
      operation = "CreateEndpoint";
      call(operation, endpointName, () -> client.createEndpoint(r -> r.endpointName(endpointName)
          .endpointConfigName(name).tags(tags)));
      progress(endpointName, DeploymentProgress.Stage.CREATE_STARTED, "Creating", start,
          variantName + " " + instanceCount + " x " + instanceType);
    } else {
      operation = "UpdateEndpoint";
      call(operation, endpointName, () -> client.updateEndpoint(r -> r.endpointName(endpointName)
          .endpointConfigName(name).deploymentConfig(strategy.toDeploymentConfig())));
      progress(endpointName, DeploymentProgress.Stage.UPDATE_STARTED, "Updating", start, strategy.toString());
    }
    awaitInService(endpointName, name, operation, start);
    DeploymentReport report = verifier.verify(manifest);
    report.requireMatch();
    progress(endpointName, DeploymentProgress.Stage.VERIFIED, "InService", start, report.toString());
    return new DeploymentResult(endpointName, from, target.modelPackage(), name, name, previousConfig,
        instanceType, instanceCount, Duration.ofNanos(System.nanoTime() - start), report);
  }

  /** Returns the endpoint, or null when SageMaker has no endpoint of that name. */
  private @Nullable DescribeEndpointResponse describeEndpointIfExists(String endpointName) {
    try {
      return client.describeEndpoint(r -> r.endpointName(endpointName));
    } catch (SageMakerException e) {
      // SageMaker answers a missing endpoint with ValidationException "Could not find endpoint ...".
      if (e.awsErrorDetails() != null && "ValidationException".equals(e.awsErrorDetails().errorCode())
          && e.awsErrorDetails().errorMessage() != null
          && e.awsErrorDetails().errorMessage().startsWith("Could not find endpoint")) {
        return null;
      }
      throw ErrorMapper.operation(e, "DescribeEndpoint", endpointName);
    } catch (SdkException e) {
      throw ErrorMapper.operation(e, "DescribeEndpoint", endpointName);
    }
  }

  private void awaitInService(String endpointName, String config, String operation, long start) {
    long deadline = start + timeout.toNanos();
    while (true) {
      DescribeEndpointResponse e = describeEndpoint(endpointName);
      String status = e.endpointStatusAsString();
      progress(endpointName, DeploymentProgress.Stage.POLLED, status, start, e.endpointConfigName());
      if ("InService".equals(status)) {
        if (config.equals(e.endpointConfigName())) {
          progress(endpointName, DeploymentProgress.Stage.IN_SERVICE, status, start, config);
          return;
        }
        throw new DeploymentException(endpointName, "endpoint " + endpointName + " is InService on "
            + e.endpointConfigName() + ", not on " + config + ": SageMaker rolled the update back ("
            + e.failureReason() + ")", null);
      }
      if ("Failed".equals(status) || "OutOfService".equals(status) || "UpdateRollbackFailed".equals(status)) {
        throw new DeploymentException(endpointName, "endpoint " + endpointName + " is " + status + " after "
            + operation + " to " + config + ": " + e.failureReason(), null);
      }
      if (System.nanoTime() - deadline >= 0) {
        throw new DeploymentException(endpointName, "endpoint " + endpointName + " is still " + status
            + " after " + timeout.toSeconds() + " s waiting for " + config + " to be InService; the "
            + operation + " goes on in SageMaker", null);
      }
      try {
        Thread.sleep(pollInterval.toMillis());
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        throw new DeploymentException(endpointName, "interrupted while waiting for endpoint " + endpointName, ie);
      }
    }
  }

  private ContainerDefinition runningContainer(String configName, String variantName) {
    DescribeEndpointConfigResponse config = call("DescribeEndpointConfig", configName,
        () -> client.describeEndpointConfig(r -> r.endpointConfigName(configName)));
    String modelName = config.productionVariants().stream().filter(v -> variantName.equals(v.variantName()))
        .map(ProductionVariant::modelName).findFirst().orElse(config.productionVariants().get(0).modelName());
    DescribeModelResponse model = call("DescribeModel", modelName, () -> client.describeModel(r -> r.modelName(modelName)));
    return model.primaryContainer() != null ? model.primaryContainer() : model.containers().get(0);
  }

  private DescribeEndpointResponse describeEndpoint(String endpointName) {
    return call("DescribeEndpoint", endpointName, () -> client.describeEndpoint(r -> r.endpointName(endpointName)));
  }

  private void progress(String endpoint, DeploymentProgress.Stage stage, String status, long start, String detail) {
    try {
      listener.accept(new DeploymentProgress(endpoint, stage, status, Duration.ofNanos(System.nanoTime() - start),
          detail));
    } catch (RuntimeException ignored) {
      // Progress listeners observe; a failing one must not break a deployment half-way.
    }
  }

  /** Returns a unique SageMaker resource name (at most 63 characters) for a package version on an endpoint. */
  static String resourceName(String endpoint, int version) {
    String suffix = "-v" + version + "-" + Long.toString(System.currentTimeMillis(), 36);
    String base = endpoint.toLowerCase(Locale.ROOT);
    if (base.length() + suffix.length() > 63) {
      base = base.substring(0, 63 - suffix.length());
    }
    while (base.endsWith("-")) {
      base = base.substring(0, base.length() - 1);
    }
    return base + suffix;
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

  /** A builder of {@link EndpointRollback}. */
  public static final class Builder {
    private final ClientSettings settings = new ClientSettings();
    private @Nullable SageMakerClient client;
    private Duration pollInterval = Duration.ofSeconds(30);
    private Duration timeout = Duration.ofHours(1);
    private Consumer<DeploymentProgress> listener = p -> {};
    private @Nullable String executionRoleArn;

    private Builder() {}

    /** Uses {@code client} (not closed by the rollback). */
    public Builder client(SageMakerClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /** Sets the region of the client the rollback builds. */
    public Builder region(Region region) {
      settings.region(region);
      return this;
    }

    /** Sets the endpoint URI of the client the rollback builds. */
    public Builder endpointOverride(URI endpoint) {
      settings.endpointOverride(endpoint);
      return this;
    }

    /** Sets the credentials of the client the rollback builds. */
    public Builder credentialsProvider(AwsCredentialsProvider credentials) {
      settings.credentials(credentials);
      return this;
    }

    /** Sets how often the endpoint status is polled (default 30 s). */
    public Builder pollInterval(Duration interval) {
      if (interval.isNegative()) {
        throw new IllegalArgumentException("pollInterval must be >= 0, was " + interval);
      }
      this.pollInterval = interval;
      return this;
    }

    /** Sets how long to wait for InService (default 1 h). */
    public Builder timeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be > 0, was " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /** Receives every {@link DeploymentProgress}; it must be fast and is not allowed to affect the deployment. */
    public Builder progressListener(Consumer<DeploymentProgress> listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** Sets the execution role of created models (default: the role of the model the endpoint runs now). */
    public Builder executionRoleArn(String roleArn) {
      this.executionRoleArn = Objects.requireNonNull(roleArn, "roleArn");
      return this;
    }

    /** Builds the rollback. */
    public EndpointRollback build() {
      return new EndpointRollback(this);
    }
  }
}
