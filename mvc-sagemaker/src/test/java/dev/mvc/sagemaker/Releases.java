package dev.mvc.sagemaker;

import dev.mvc.Provenance;
import dev.mvc.SageMakerTarget;
import dev.mvc.VersionManifest;
import dev.mvc.emulators.sagemaker.SageMakerEmulator;
import dev.mvc.testkit.TestManifests;
import java.time.LocalDate;
import java.util.HexFormat;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;

/** Numbered releases of one SageMaker model and an endpoint set up the way operators create it. */
final class Releases {
  static final String ENDPOINT = TestManifests.ENDPOINT;
  static final String REPO = "763104351884.dkr.ecr.us-east-1.amazonaws.com/huggingface-pytorch-tgi-inference";
  static final String ROLE = "arn:aws:iam::123456789012:role/sagemaker-execution";
  static final String TEMPLATE = "Answer briefly: {{question}}";

  private Releases() {}

  static String tag(int n) {
    return REPO + ":2." + n + ".0";
  }

  static String digest(int n) {
    return "sha256:" + HexFormat.of().formatHex(new byte[] {(byte) n}).repeat(32);
  }

  static String artifact(int n) {
    return "s3://models-bucket/support-llm/v" + n + "/model.tar.gz";
  }

  /** Release {@code n}: its own image digest, artifact, environment and evaluation. */
  static VersionManifest release(int n) {
    VersionManifest base = TestManifests.sagemaker(TEMPLATE);
    SageMakerTarget t = ((SageMakerTarget) base.model()).toBuilder()
        .modelPackageArn(null)
        .image(tag(n), digest(n))
        .artifact(artifact(n), "v" + n, HexFormat.of().formatHex(new byte[] {(byte) (n + 100)}).repeat(32))
        .environment("HF_MODEL_ID", "/opt/ml/model")
        .environment("MAX_INPUT_LENGTH", String.valueOf(1000 + n))
        .build();
    return base.toBuilder().version("1." + n + ".0").model(t)
        .provenance(Provenance.builder().gitSha(String.format("%040x", n))
            .trainingDate(LocalDate.of(2026, 1, n)).evaluationMetric("accuracy", 0.9 + n / 100.0)
            .evaluationReportUri("s3://models-bucket/support-llm/v" + n + "/evaluation.json").build())
        .build();
  }

  /**
   * Creates model, endpoint configuration and endpoint running release {@code n} with the image
   * by tag (resolved by the emulator to the release's digest), and waits until InService.
   */
  static void createEndpoint(SageMakerClient c, SageMakerEmulator emulator, int n) {
    emulator.imageDigest(tag(n), digest(n));
    SageMakerTarget t = (SageMakerTarget) release(n).model();
    String name = "support-llm-initial-" + n;
    c.createModel(r -> r.modelName(name).executionRoleArn(ROLE).primaryContainer(p -> p.image(tag(n))
        .modelDataUrl(artifact(n)).environment(t.environment())));
    c.createEndpointConfig(r -> r.endpointConfigName(name).productionVariants(v -> v.variantName(t.variant())
        .modelName(name).instanceType(t.instanceType()).initialInstanceCount(2).initialVariantWeight(1f)));
    c.createEndpoint(r -> r.endpointName(ENDPOINT).endpointConfigName(name));
    // The emulator settles an endpoint after a few DescribeEndpoint calls, as SageMaker does after minutes.
    for (int i = 0; i < 10; i++) {
      if ("InService".equals(c.describeEndpoint(r -> r.endpointName(ENDPOINT)).endpointStatusAsString())) {
        return;
      }
    }
    throw new IllegalStateException("endpoint " + ENDPOINT + " did not reach InService");
  }
}
