package dev.mvc.sagemaker;

import dev.mvc.CheckWarning;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The result of comparing a running endpoint with a manifest, field by field: which endpoint
 * configuration and variants were checked, and every mismatch found.
 *
 * @param manifestLabel the manifest's name, version and digest
 * @param endpointName the endpoint checked
 * @param endpointConfigName the endpoint configuration it runs
 * @param endpointStatus its status, such as {@code InService}
 * @param variants the production variants compared with the manifest
 * @param mismatches every difference found (empty when the endpoint matches), as warnings of the
 *     check {@value SageMakerEndpointBackend#DEPLOYMENT_CHECK}; environment values are shown as a
 *     short SHA-256 prefix, never in clear, because they may hold secrets
 */
public record DeploymentReport(String manifestLabel, String endpointName, String endpointConfigName,
    String endpointStatus, List<String> variants, List<CheckWarning> mismatches) {

  /** Creates a report; the lists are copied. */
  public DeploymentReport {
    variants = List.copyOf(variants);
    mismatches = List.copyOf(mismatches);
  }

  /** Returns whether the endpoint runs exactly what the manifest pins. */
  public boolean matches() {
    return mismatches.isEmpty();
  }

  /** Returns this report when it matches; throws {@link DeploymentMismatchException} listing every mismatch otherwise. */
  public DeploymentReport requireMatch() {
    if (!matches()) {
      throw new DeploymentMismatchException(this);
    }
    return this;
  }

  @Override
  public String toString() {
    String head = "endpoint " + endpointName + " (" + endpointConfigName + ", " + endpointStatus + ", variants "
        + variants + ") vs manifest " + manifestLabel;
    return matches() ? head + ": matches"
        : head + ": " + mismatches.size() + " mismatch(es)\n  "
            + mismatches.stream().map(CheckWarning::message).collect(Collectors.joining("\n  "));
  }
}
