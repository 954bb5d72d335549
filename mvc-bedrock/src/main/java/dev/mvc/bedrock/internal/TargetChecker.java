package dev.mvc.bedrock.internal;

import dev.mvc.BedrockTarget;
import dev.mvc.CheckWarning;
import dev.mvc.MvcException;
import dev.mvc.spi.ArtifactDigests;
import dev.mvc.spi.RemoteCheck;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.bedrock.model.GetCustomModelResponse;
import software.amazon.awssdk.services.bedrock.model.GetImportedModelResponse;
import software.amazon.awssdk.services.bedrock.model.GetInferenceProfileResponse;
import software.amazon.awssdk.services.bedrock.model.GetProvisionedModelThroughputResponse;
import software.amazon.awssdk.services.bedrock.model.InferenceProfileModel;

/**
 * Runs the load-time check of the opaque resource a {@link BedrockTarget} goes through against
 * the Bedrock control plane: what the application inference profile routes to
 * (GetInferenceProfile), what the provisioned throughput serves (GetProvisionedModelThroughput),
 * what a custom model was made from (GetCustomModel) and where an imported model came from
 * (GetImportedModel), and, when the imported model's SHA-256 is pinned, what the model data in S3
 * hashes to (through an {@link ArtifactDigests}). Each difference from the pin is one warning
 * naming the manifest field.
 */
public final class TargetChecker {

  private static final String P = "model.bedrock.";

  private final RemoteCheck check;
  private final @Nullable ArtifactDigests artifacts;

  /**
   * Creates a checker that applies {@code check}'s mode and reads the SHA-256 of imported model
   * data through {@code artifacts} (null: a pinned SHA-256 cannot be checked, a failed lookup).
   */
  public TargetChecker(RemoteCheck check, @Nullable ArtifactDigests artifacts) {
    this.check = check;
    this.artifacts = artifacts;
  }

  /** Checks every resource the target pins; warns or throws as the mode says. Nothing to check: no call. */
  public void check(BedrockTarget target, Clients clients) {
    if (check.off()) {
      return;
    }
    if (target.inferenceProfile() != null) {
      inferenceProfile(target.inferenceProfile(), () -> clients.control(target.region()));
    }
    if (target.provisionedThroughput() != null) {
      provisionedThroughput(target.provisionedThroughput(), () -> clients.control(target.region()));
    }
    if (target.customModel() != null) {
      customModel(target.customModel(), () -> clients.control(target.region()));
    }
    if (target.importedModel() != null) {
      importedModel(target.importedModel(), () -> clients.control(target.region()));
    }
  }

  private void inferenceProfile(BedrockTarget.InferenceProfile pin, Supplier<BedrockClient> control) {
    String arn = pin.arn();
    GetInferenceProfileResponse r;
    try {
      r = control.get().getInferenceProfile(b -> b.inferenceProfileIdentifier(arn));
    } catch (RuntimeException e) {
      check.lookupFailed(arn, P + "inferenceProfile", "{arn=" + arn + ", models=" + pin.models() + "}",
          "inference profile " + arn, BedrockErrorMapper.map(e, arn));
      return;
    }
    List<CheckWarning> out = new ArrayList<>();
    expect(out, arn, P + "inferenceProfile.arn", "ACTIVE", r.statusAsString(), P + "inferenceProfile.arn " + arn
        + " has status %s, not ACTIVE");
    expect(out, arn, P + "inferenceProfile.arn", "APPLICATION", r.typeAsString(), P + "inferenceProfile.arn " + arn
        + " has type %s, not APPLICATION: only an application inference profile is pinned here");
    Set<String> found = new LinkedHashSet<>();
    for (InferenceProfileModel m : r.models()) {
      found.add(m.modelArn());
    }
    Set<String> pinned = new LinkedHashSet<>(pin.models());
    if (!found.equals(pinned)) {
      Set<String> missing = new LinkedHashSet<>(pinned);
      missing.removeAll(found);
      Set<String> extra = new LinkedHashSet<>(found);
      extra.removeAll(pinned);
      out.add(check.warning(arn, P + "inferenceProfile.models", String.join(",", pinned), String.join(",", found),
          P + "inferenceProfile.models of " + arn + " are " + pinned + " but the profile routes to " + found
              + (missing.isEmpty() ? "" : "; not routed: " + missing)
              + (extra.isEmpty() ? "" : "; routed but not pinned: " + extra)));
    }
    check.report(out);
  }

  private void provisionedThroughput(BedrockTarget.ProvisionedThroughput pin, Supplier<BedrockClient> control) {
    String arn = pin.arn();
    GetProvisionedModelThroughputResponse r;
    try {
      r = control.get().getProvisionedModelThroughput(b -> b.provisionedModelId(arn));
    } catch (RuntimeException e) {
      check.lookupFailed(arn, P + "provisionedThroughput", "{arn=" + arn + ", modelArn=" + pin.modelArn() + "}",
          "provisioned throughput " + arn, BedrockErrorMapper.map(e, arn));
      return;
    }
    List<CheckWarning> out = new ArrayList<>();
    expect(out, arn, P + "provisionedThroughput.arn", "InService", r.statusAsString(),
        P + "provisionedThroughput.arn " + arn + " has status %s, not InService");
    expect(out, arn, P + "provisionedThroughput.modelArn", pin.modelArn(), r.modelArn(),
        P + "provisionedThroughput.modelArn is " + pin.modelArn() + " but provisioned throughput " + arn
            + " serves %s");
    check.report(out);
  }

  private void customModel(BedrockTarget.CustomModel pin, Supplier<BedrockClient> control) {
    String arn = pin.arn();
    GetCustomModelResponse r;
    try {
      r = control.get().getCustomModel(b -> b.modelIdentifier(arn));
    } catch (RuntimeException e) {
      check.lookupFailed(arn, P + "customModel", "{arn=" + arn + ", baseModelArn=" + pin.baseModelArn() + ", jobArn="
          + pin.jobArn() + "}", "custom model " + arn, BedrockErrorMapper.map(e, arn));
      return;
    }
    List<CheckWarning> out = new ArrayList<>();
    expect(out, arn, P + "customModel.arn", arn, r.modelArn(),
        P + "customModel.arn " + arn + " is reported as %s");
    expect(out, arn, P + "customModel.baseModelArn", pin.baseModelArn(), r.baseModelArn(),
        P + "customModel.baseModelArn is " + pin.baseModelArn() + " but custom model " + arn
            + " was made from %s");
    expect(out, arn, P + "customModel.jobArn", pin.jobArn(), r.jobArn(),
        P + "customModel.jobArn is " + pin.jobArn() + " but custom model " + arn + " was made by %s");
    if (r.modelStatus() != null) {
      expect(out, arn, P + "customModel.arn", "Active", r.modelStatusAsString(),
          P + "customModel.arn " + arn + " has status %s, not Active");
    }
    check.report(out);
  }

  private void importedModel(BedrockTarget.ImportedModel pin, Supplier<BedrockClient> control) {
    String arn = pin.arn();
    GetImportedModelResponse r;
    try {
      r = control.get().getImportedModel(b -> b.modelIdentifier(arn));
    } catch (RuntimeException e) {
      check.lookupFailed(arn, P + "importedModel", "{arn=" + arn + ", modelDataUri=" + pin.modelDataUri() + "}",
          "imported model " + arn, BedrockErrorMapper.map(e, arn));
      return;
    }
    String uri = r.modelDataSource() == null || r.modelDataSource().s3DataSource() == null
        ? null : r.modelDataSource().s3DataSource().s3Uri();
    List<CheckWarning> out = new ArrayList<>();
    expect(out, arn, P + "importedModel.arn", arn, r.modelArn(), P + "importedModel.arn " + arn
        + " is reported as %s");
    expect(out, arn, P + "importedModel.modelDataUri", pin.modelDataUri(), uri,
        P + "importedModel.modelDataUri is " + pin.modelDataUri() + " but imported model " + arn
            + " was imported from %s");
    check.report(out);
    if (pin.sha256() != null) {
      importedModelSha256(arn, pin.modelDataUri(), pin.sha256());
    }
  }

  /** Compares the pinned SHA-256 of an imported model's data with the one the store holds. */
  private void importedModelSha256(String arn, String uri, String pinned) {
    String field = P + "importedModel.sha256";
    String what = "the SHA-256 of the model data " + uri;
    if (artifacts == null) {
      check.lookupFailed(arn, field, pinned, what, new MvcException("no artifact reader is configured; give "
          + "BedrockBackend.builder().artifactDigests(S3ArtifactDigests.create(s3Client)) from mvc-s3"));
      return;
    }
    String found;
    try {
      found = artifacts.sha256(uri);
    } catch (MvcException e) {
      check.lookupFailed(arn, field, pinned, what, e);
      return;
    } catch (RuntimeException e) {
      check.lookupFailed(arn, field, pinned, what, new MvcException(e.getMessage(), e));
      return;
    }
    if (!pinned.equals(found)) {
      check.report(List.of(check.warning(arn, field, pinned, found, field + " is " + pinned + " but the model data "
          + uri + " of imported model " + arn + " has SHA-256 " + found)));
    }
  }

  /** Adds a warning when {@code found} is not {@code pinned}; {@code message} has one {@code %s} for the found value. */
  private void expect(List<CheckWarning> out, String subject, String field, String pinned, @Nullable String found,
      String message) {
    if (!Objects.equals(pinned, found)) {
      String shown = found == null ? "none" : found;
      out.add(check.warning(subject, field, pinned, shown, message.replace("%s", shown)));
    }
  }
}
