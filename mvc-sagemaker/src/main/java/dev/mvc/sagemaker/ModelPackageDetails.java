package dev.mvc.sagemaker;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a model package version in the SageMaker Model Registry says about itself, whoever
 * registered it: its inference containers, the instance types it supports and its customer
 * metadata. {@link SageMakerModelRegistry#details(String)} returns it; importing a package
 * registered without mvc starts from it.
 *
 * @param version the package version (ARN, group, number, approval, creation time)
 * @param containers the inference containers, in order
 * @param realtimeInstanceTypes {@code SupportedRealtimeInferenceInstanceTypes}
 * @param customerMetadata {@code CustomerMetadataProperties}
 */
public record ModelPackageDetails(ModelPackageVersion version, List<Container> containers,
    List<String> realtimeInstanceTypes, Map<String, String> customerMetadata) {

  /** Validates the fields. */
  public ModelPackageDetails {
    Objects.requireNonNull(version, "version");
    containers = List.copyOf(containers);
    realtimeInstanceTypes = List.copyOf(realtimeInstanceTypes);
    customerMetadata = Map.copyOf(customerMetadata);
  }

  /**
   * One inference container of the package.
   *
   * @param image the image URI ({@code Image})
   * @param imageDigest the image digest ({@code ImageDigest}, {@code sha256:..}), or null when the package records none
   * @param modelDataUrl the model artifact ({@code ModelDataUrl}), or null when the image holds the model
   * @param environment the container environment
   */
  public record Container(String image, @Nullable String imageDigest, @Nullable String modelDataUrl,
      Map<String, String> environment) {
    /** Validates the fields. */
    public Container {
      Objects.requireNonNull(image, "image");
      environment = Map.copyOf(environment);
    }
  }
}
