package dev.mvc.sagemaker;

import dev.mvc.ApprovalStatus;
import dev.mvc.ManifestIntegrityException;
import dev.mvc.ManifestSourceException;
import dev.mvc.MvcException;
import dev.mvc.Provenance;
import dev.mvc.SageMakerTarget;
import dev.mvc.SourceRef;
import dev.mvc.VersionManifest;
import dev.mvc.eval.EvaluationReport;
import dev.mvc.sagemaker.internal.ClientSettings;
import dev.mvc.sagemaker.internal.ErrorMapper;
import dev.mvc.sagemaker.internal.RegistryMetadata;
import dev.mvc.spi.ApprovalRegistry;
import dev.mvc.spi.FetchedManifest;
import dev.mvc.spi.ManifestSource;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.CreateModelPackageRequest;
import software.amazon.awssdk.services.sagemaker.model.DescribeModelPackageResponse;
import software.amazon.awssdk.services.sagemaker.model.InferenceSpecification;
import software.amazon.awssdk.services.sagemaker.model.MetricsSource;
import software.amazon.awssdk.services.sagemaker.model.ModelApprovalStatus;
import software.amazon.awssdk.services.sagemaker.model.ModelMetrics;
import software.amazon.awssdk.services.sagemaker.model.ModelPackageContainerDefinition;
import software.amazon.awssdk.services.sagemaker.model.ModelPackageSortBy;
import software.amazon.awssdk.services.sagemaker.model.ModelPackageSummary;
import software.amazon.awssdk.services.sagemaker.model.ModelPackageType;
import software.amazon.awssdk.services.sagemaker.model.ModelQuality;
import software.amazon.awssdk.services.sagemaker.model.SortOrder;

/**
 * The SageMaker Model Registry as a home for manifests: each registered manifest becomes a new
 * model package version in a group, holding the container image with its digest, the model data
 * URL and the environment from the manifest, provenance in {@code CustomerMetadataProperties}
 * ({@code mvc:manifestDigest}, {@code mvc:gitSha}, {@code mvc:trainingDate},
 * {@code mvc:metric.<name>}, ...) and the manifest itself, so that a package resolves back to
 * exactly the registered manifest (same digest).
 *
 * <p>Packages start as {@code PendingManualApproval}; {@link #approve} and {@link #reject}
 * record the decision with a description. {@link #approvalRegistry(String)} reads those
 * decisions for the client's approval gate, bound to the manifest digest, and
 * {@link #latestApprovedSource(String)} serves the latest approved manifest as a
 * {@link ManifestSource}.
 *
 * <pre>{@code
 * SageMakerModelRegistry registry = SageMakerModelRegistry.create();
 * registry.createGroup("support-llm", "Support assistant releases");
 * ModelPackageVersion v = registry.register("support-llm", manifest);
 * registry.approve(v.arn(), "eval accuracy 0.93 >= 0.90, reviewed by ops");
 * PinnedModelClient client = PinnedModelClient.builder()
 *     .manifest(registry.latestApprovedSource("support-llm"))
 *     .approvalRegistry(registry.approvalRegistry("support-llm"))
 *     .backend(SageMakerEndpointBackend.create())
 *     .build();
 * }</pre>
 */
public final class SageMakerModelRegistry implements AutoCloseable {
  private static final Pattern PACKAGE_ARN = Pattern.compile("arn:aws[a-z-]*:sagemaker:[a-z0-9-]+:\\d{12}:model-package/.+");

  private final SageMakerClient client;
  private final boolean ownsClient;

  private SageMakerModelRegistry(Builder b) {
    this.ownsClient = b.client == null;
    this.client = b.client != null ? b.client : b.settings.controlPlane();
  }

  /** Returns a registry with a client from the SDK's default region and credential chains. */
  public static SageMakerModelRegistry create() {
    return builder().build();
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Creates the model package group {@code group} unless it exists; returns its ARN. Packages
   * can only be registered into an existing group.
   */
  public String createGroup(String group, String description) {
    try {
      return client.describeModelPackageGroup(r -> r.modelPackageGroupName(group)).modelPackageGroupArn();
    } catch (SdkException e) {
      if (!(e instanceof AwsServiceException) || ((AwsServiceException) e).statusCode() != 400) {
        throw ErrorMapper.operation(e, "DescribeModelPackageGroup", group);
      }
    }
    return call("CreateModelPackageGroup", group, () -> client.createModelPackageGroup(r -> r
        .modelPackageGroupName(group).modelPackageGroupDescription(description))).modelPackageGroupArn();
  }

  /** Registers {@code manifest} as a new version in {@code group}, described by its name, version and digest. */
  public ModelPackageVersion register(String group, VersionManifest manifest) {
    return register(group, manifest, manifest.name() + " " + manifest.version() + " " + manifest.digest());
  }

  /**
   * Registers {@code manifest} as a new version in {@code group}, status
   * {@code PendingManualApproval}.
   *
   * @throws MvcException when the manifest is not a SageMaker manifest, has no image, already
   *     names a model package, or is too large for the package's metadata
   */
  public ModelPackageVersion register(String group, VersionManifest manifest, String description) {
    return register(group, manifest, description, null);
  }

  /**
   * Registers {@code manifest} as a new version in {@code group}, status
   * {@code PendingManualApproval}, with the scores of {@code evaluation} in the package's
   * customer metadata: the overall score as {@code eval-accuracy}, each scorer's mean as
   * {@code eval-<scorer>} (metrics the manifest's provenance records, such as {@code f1}, go
   * there too as {@code eval-f1}), and the report's SHA-256 as {@code mvc:evaluationSha256}. The
   * report must be about exactly this manifest's digest.
   *
   * @param evaluation the evaluation report of this manifest, or null for none
   * @throws MvcException when the manifest is not a SageMaker manifest, has no image, already
   *     names a model package, is too large for the package's metadata, or the report is about
   *     another digest
   */
  public ModelPackageVersion register(String group, VersionManifest manifest, String description,
      @Nullable EvaluationReport evaluation) {
    if (!(manifest.model() instanceof SageMakerTarget)) {
      throw new MvcException("only SageMaker manifests can be registered; " + manifest.name() + " "
          + manifest.version() + " pins a " + manifest.model().provider() + " target");
    }
    SageMakerTarget t = (SageMakerTarget) manifest.model();
    if (t.imageUri() == null) {
      throw new MvcException("model.sagemaker.image.uri is required to register " + manifest.name() + " "
          + manifest.version() + " as a model package");
    }
    if (t.modelPackageArn() != null) {
      throw new MvcException("model.sagemaker.modelPackageArn must be unset in a manifest being registered "
          + "(the registry assigns the package), was " + t.modelPackageArn());
    }
    Map<String, String> metadata = RegistryMetadata.encode(manifest, evaluation);
    ModelPackageContainerDefinition.Builder container = ModelPackageContainerDefinition.builder()
        .image(t.imageUri())
        .imageDigest(t.imageDigest())
        .modelDataUrl(t.artifactUri());
    if (!t.environment().isEmpty()) {
      container.environment(t.environment());
    }
    InferenceSpecification.Builder spec = InferenceSpecification.builder()
        .containers(container.build())
        .supportedContentTypes("application/json")
        .supportedResponseMIMETypes("application/json");
    if (t.instanceType() != null) {
      spec.supportedRealtimeInferenceInstanceTypesWithStrings(t.instanceType());
    }
    CreateModelPackageRequest.Builder request = CreateModelPackageRequest.builder()
        .modelPackageGroupName(group)
        .modelPackageDescription(description)
        .inferenceSpecification(spec.build())
        .modelApprovalStatus(ModelApprovalStatus.PENDING_MANUAL_APPROVAL)
        .customerMetadataProperties(metadata);
    Provenance p = manifest.provenance();
    if (p != null && p.evaluationReportUri() != null && p.evaluationReportUri().startsWith("s3://")) {
      request.modelMetrics(ModelMetrics.builder().modelQuality(ModelQuality.builder().statistics(
          MetricsSource.builder().contentType("application/json").s3Uri(p.evaluationReportUri()).build())
          .build()).build());
    }
    String arn = call("CreateModelPackage", group, () -> client.createModelPackage(request.build())).modelPackageArn();
    return describe(arn);
  }

  /** Marks the package {@code Approved} with {@code description} (who decided and why). */
  public ModelPackageVersion approve(String packageArn, String description) {
    return decide(packageArn, ModelApprovalStatus.APPROVED, description);
  }

  /** Marks the package {@code Rejected} with {@code description}. */
  public ModelPackageVersion reject(String packageArn, String description) {
    return decide(packageArn, ModelApprovalStatus.REJECTED, description);
  }

  private ModelPackageVersion decide(String packageArn, ModelApprovalStatus status, String description) {
    requireArn(packageArn);
    Objects.requireNonNull(description, "description");
    call("UpdateModelPackage", packageArn, () -> client.updateModelPackage(r -> r.modelPackageArn(packageArn)
        .modelApprovalStatus(status).approvalDescription(description)));
    return describe(packageArn);
  }

  /** Returns the versions of {@code group}, newest first. */
  public List<ModelPackageVersion> versions(String group) {
    return list(group, null);
  }

  /** Returns the approved versions of {@code group}, newest first. */
  public List<ModelPackageVersion> approvedVersions(String group) {
    return list(group, ModelApprovalStatus.APPROVED);
  }

  private List<ModelPackageVersion> list(String group, @Nullable ModelApprovalStatus status) {
    List<ModelPackageVersion> out = new ArrayList<>();
    call("ListModelPackages", group, () -> {
      client.listModelPackagesPaginator(r -> r.modelPackageGroupName(group).modelApprovalStatus(status)
          .modelPackageType(ModelPackageType.VERSIONED).sortBy(ModelPackageSortBy.CREATION_TIME)
          .sortOrder(SortOrder.DESCENDING))
          .modelPackageSummaryList().forEach(s -> out.add(summary(s)));
      return out;
    });
    return out;
  }

  /** Returns the package version {@code packageArn}. */
  public ModelPackageVersion describe(String packageArn) {
    return version(describePackage(packageArn));
  }

  /**
   * Returns what package {@code packageArn} records (containers, instance types, customer
   * metadata), whoever registered it.
   */
  public ModelPackageDetails details(String packageArn) {
    DescribeModelPackageResponse p = describePackage(packageArn);
    List<ModelPackageDetails.Container> containers = new java.util.ArrayList<>();
    List<String> instanceTypes = List.of();
    if (p.inferenceSpecification() != null) {
      for (ModelPackageContainerDefinition c : p.inferenceSpecification().containers()) {
        containers.add(new ModelPackageDetails.Container(c.image(), c.imageDigest(), c.modelDataUrl(), c.environment()));
      }
      instanceTypes = p.inferenceSpecification().supportedRealtimeInferenceInstanceTypesAsStrings();
    }
    return new ModelPackageDetails(version(p), containers, instanceTypes, p.customerMetadataProperties());
  }

  /**
   * Resolves package {@code packageArn} into the manifest registered with it, after checking
   * the manifest against its digest and against the package's container (image, digest, model
   * data URL, environment).
   *
   * @throws ManifestIntegrityException when the stored manifest does not match its digest or the package
   * @throws MvcException when the package was not registered by mvc
   */
  public RegisteredManifest resolve(String packageArn) {
    DescribeModelPackageResponse p = describePackage(packageArn);
    return new RegisteredManifest(version(p), manifestOf(p));
  }

  /**
   * Resolves the newest {@code Approved} version of {@code group}.
   *
   * @throws ManifestSourceException (not found) when the group has no approved version
   */
  public RegisteredManifest resolveLatestApproved(String group) {
    List<ModelPackageVersion> approved = approvedVersions(group);
    if (approved.isEmpty()) {
      throw new ManifestSourceException("model package group " + group + " has no Approved version", true, null);
    }
    return resolve(approved.get(0).arn());
  }

  /**
   * Returns a manifest source that serves the newest {@code Approved} version of {@code group};
   * its {@link SourceRef} names the package ARN as version, so stamps show which package served.
   */
  public ManifestSource latestApprovedSource(String group) {
    return new RegistrySource(sourceUri(group), () -> resolveLatestApproved(group));
  }

  /** Returns a manifest source that always serves package {@code packageArn}. */
  public ManifestSource packageSource(String packageArn) {
    requireArn(packageArn);
    String group = packageArn.substring(packageArn.indexOf(":model-package/") + ":model-package/".length(),
        packageArn.lastIndexOf('/'));
    return new RegistrySource(sourceUri(group), () -> resolve(packageArn));
  }

  /**
   * Returns an {@link ApprovalRegistry} reading {@code ModelApprovalStatus} in {@code group}: a
   * digest's status is that of the newest package whose stored manifest has that digest
   * ({@link ApprovalStatus#UNKNOWN} when there is none). For manifests from
   * {@link #latestApprovedSource} or {@link #packageSource}, the package named by the source is
   * read directly.
   */
  public ApprovalRegistry approvalRegistry(String group) {
    return (source, digest) -> {
      String versionId = source.versionId();
      if (versionId != null && PACKAGE_ARN.matcher(versionId).matches()) {
        DescribeModelPackageResponse p = describePackage(versionId);
        return digest.equals(p.customerMetadataProperties().get(RegistryMetadata.DIGEST)) ? status(p)
            : ApprovalStatus.UNKNOWN;
      }
      for (ModelPackageVersion v : versions(group)) {
        DescribeModelPackageResponse p = describePackage(v.arn());
        if (digest.equals(p.customerMetadataProperties().get(RegistryMetadata.DIGEST))) {
          return status(p);
        }
      }
      return ApprovalStatus.UNKNOWN;
    };
  }

  /** Returns the source URI of manifests from {@code group}. */
  static String sourceUri(String group) {
    return "sagemaker-model-registry:" + group;
  }

  DescribeModelPackageResponse describePackage(String packageArn) {
    requireArn(packageArn);
    return call("DescribeModelPackage", packageArn, () -> client.describeModelPackage(r -> r.modelPackageName(packageArn)));
  }

  static VersionManifest manifestOf(DescribeModelPackageResponse p) {
    String where = "model package " + p.modelPackageArn();
    Map<String, String> metadata = p.customerMetadataProperties();
    byte[] bytes = RegistryMetadata.manifestBytes(metadata, where);
    if (bytes == null) {
      throw new MvcException(where + " holds no mvc manifest (no mvc:manifestChunks metadata); it was not "
          + "registered by SageMakerModelRegistry");
    }
    VersionManifest manifest = VersionManifest.parse(bytes);
    String digest = metadata.get(RegistryMetadata.DIGEST);
    if (!manifest.digest().equals(digest)) {
      throw new ManifestIntegrityException(where + ": the stored manifest has digest " + manifest.digest()
          + " but mvc:manifestDigest is " + digest);
    }
    SageMakerTarget t = (SageMakerTarget) manifest.model();
    ModelPackageContainerDefinition c = p.inferenceSpecification() == null
        || p.inferenceSpecification().containers().isEmpty() ? null : p.inferenceSpecification().containers().get(0);
    if (c == null) {
      throw new ManifestIntegrityException(where + " has no inference container");
    }
    same(where, "model.sagemaker.image.uri", t.imageUri(), c.image());
    if (t.imageDigest() != null) {
      same(where, "model.sagemaker.image.digest", t.imageDigest(), c.imageDigest());
    }
    same(where, "model.sagemaker.artifact.uri", t.artifactUri(), c.modelDataUrl());
    if (!t.environment().equals(c.environment())) {
      throw new ManifestIntegrityException(where + ": model.sagemaker.environment keys " + t.environment().keySet()
          + " differ from the package container's " + c.environment().keySet() + " or their values");
    }
    return manifest;
  }

  private static void same(String where, String field, @Nullable String manifest, @Nullable String pkg) {
    if (!Objects.equals(manifest, pkg)) {
      throw new ManifestIntegrityException(where + ": " + field + " is " + manifest + " in the stored manifest but "
          + pkg + " in the package container");
    }
  }

  private static ModelPackageVersion summary(ModelPackageSummary s) {
    return new ModelPackageVersion(s.modelPackageArn(), s.modelPackageGroupName(),
        s.modelPackageVersion() == null ? 0 : s.modelPackageVersion(), approval(s.modelApprovalStatusAsString()),
        s.creationTime() == null ? Instant.EPOCH : s.creationTime(), s.modelPackageDescription());
  }

  private static ModelPackageVersion version(DescribeModelPackageResponse p) {
    return new ModelPackageVersion(p.modelPackageArn(), p.modelPackageGroupName(),
        p.modelPackageVersion() == null ? 0 : p.modelPackageVersion(), status(p),
        p.creationTime() == null ? Instant.EPOCH : p.creationTime(), p.modelPackageDescription());
  }

  private static ApprovalStatus status(DescribeModelPackageResponse p) {
    return approval(p.modelApprovalStatusAsString());
  }

  private static ApprovalStatus approval(@Nullable String wire) {
    if (wire == null) {
      return ApprovalStatus.UNKNOWN;
    }
    try {
      return ApprovalStatus.fromWireName(wire);
    } catch (IllegalArgumentException e) {
      return ApprovalStatus.UNKNOWN;
    }
  }

  private static void requireArn(String arn) {
    if (arn == null || !PACKAGE_ARN.matcher(arn).matches()) {
      throw new IllegalArgumentException("model package ARN must match " + PACKAGE_ARN.pattern() + ", was " + arn);
    }
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

  /** A manifest source over the registry. */
  private static final class RegistrySource implements ManifestSource {
    private final String uri;
    private final Supplier<RegisteredManifest> resolve;

    RegistrySource(String uri, Supplier<RegisteredManifest> resolve) {
      this.uri = uri;
      this.resolve = resolve;
    }

    @Override
    public String uri() {
      return uri;
    }

    @Override
    public FetchedManifest fetch() {
      RegisteredManifest r;
      try {
        r = resolve.get();
      } catch (SageMakerApiException e) {
        throw new ManifestSourceException("manifest source " + uri + " is unreachable: " + e.getMessage(),
            false, e);
      }
      return FetchedManifest.of(r.manifest().toCanonicalJson().getBytes(StandardCharsets.UTF_8),
          new SourceRef(uri, r.modelPackage().arn(), r.manifest().digest()));
    }

    @Override
    public String toString() {
      return "RegistrySource{" + uri + "}";
    }
  }

  /** A builder of {@link SageMakerModelRegistry}. */
  public static final class Builder {
    private final ClientSettings settings = new ClientSettings();
    private @Nullable SageMakerClient client;

    private Builder() {}

    /** Uses {@code client} (not closed by the registry). */
    public Builder client(SageMakerClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /** Sets the region of the client the registry builds. */
    public Builder region(Region region) {
      settings.region(region);
      return this;
    }

    /** Sets the endpoint URI of the client the registry builds. */
    public Builder endpointOverride(URI endpoint) {
      settings.endpointOverride(endpoint);
      return this;
    }

    /** Sets the credentials of the client the registry builds. */
    public Builder credentialsProvider(AwsCredentialsProvider credentials) {
      settings.credentials(credentials);
      return this;
    }

    /** Builds the registry. */
    public SageMakerModelRegistry build() {
      return new SageMakerModelRegistry(this);
    }
  }
}
