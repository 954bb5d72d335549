package dev.mvc.samples.sagemaker;

import dev.mvc.CheckMode;
import dev.mvc.InvocationResponse;
import dev.mvc.PinnedModelClient;
import dev.mvc.PinningPolicy;
import dev.mvc.SageMakerTarget;
import dev.mvc.VersionManifest;
import dev.mvc.VersionStamp;
import dev.mvc.emulators.sagemaker.SageMakerEmulator;
import dev.mvc.emulators.sagemaker.SageMakerReply;
import dev.mvc.sagemaker.DeploymentResult;
import dev.mvc.sagemaker.DeploymentStrategy;
import dev.mvc.sagemaker.DeploymentVerifier;
import dev.mvc.sagemaker.EndpointRollback;
import dev.mvc.sagemaker.ModelPackageVersion;
import dev.mvc.sagemaker.SageMakerEndpointBackend;
import dev.mvc.sagemaker.SageMakerModelRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;

/**
 * The SageMaker workflow end to end, on the emulator (no AWS account, no network): register two
 * releases in the Model Registry and approve them, deploy the newer one with a canary, serve it
 * from a client that verifies the endpoint at start, then reject it and roll the endpoint back
 * to the previous approved package, and serve that. Against AWS, drop the emulator and the
 * {@code endpointOverride}/credentials lines: everything else stays the same.
 */
public final class SageMakerWorkflow {
  static final String GROUP = "support-llm";
  static final String ENDPOINT = "support-llm";

  private SageMakerWorkflow() {}

  /** Runs the workflow. */
  public static void main(String[] args) {
    try (SageMakerEmulator emulator = SageMakerEmulator.create().start()) {
      emulator.respondWith(SageMakerReply.text("Refunds reach the original card within 5 business days."));
      StaticCredentialsProvider credentials =
          StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "example"));
      try (SageMakerClient control = SageMakerClient.builder().endpointOverride(emulator.endpoint())
              .region(Region.US_EAST_1).credentialsProvider(credentials).build();
          SageMakerModelRegistry registry = SageMakerModelRegistry.builder().client(control).build();
          DeploymentVerifier verifier = DeploymentVerifier.builder().client(control).build();
          EndpointRollback rollback = EndpointRollback.builder().client(control)
              .pollInterval(Duration.ofMillis(20)).timeout(Duration.ofSeconds(30))
              .progressListener(p -> System.out.println("  " + p.stage() + " " + p.endpointStatus()))
              .build()) {
        VersionManifest v1 = load("manifests/sagemaker/support-llm-1.0.0.json");
        VersionManifest v2 = load("manifests/sagemaker/support-llm-1.1.0.json");

        // 1. Register both releases; each becomes a package version pending approval.
        registry.createGroup(GROUP, "Support assistant releases");
        ModelPackageVersion p1 = registry.register(GROUP, v1);
        ModelPackageVersion p2 = registry.register(GROUP, v2);
        System.out.println("registered: " + p1.arn() + " " + p1.approval().wireName());
        System.out.println("registered: " + p2.arn() + " " + p2.approval().wireName());

        // 2. Approve them after review; the decision is bound to each manifest digest.
        registry.approve(p1.arn(), "accuracy 0.91, reviewed by support-ops");
        registry.approve(p2.arn(), "accuracy 0.93, reviewed by support-ops");
        System.out.println("approved:   v" + p1.version() + ", v" + p2.version());

        // 3. The endpoint exists and runs 1.0.0 (created by the infrastructure pipeline).
        createEndpointRunning(control, emulator, v1);
        System.out.println("verify 1.0.0: " + verifier.verify(v1).matches());

        // 4. Deploy 1.1.0 with a canary and an alarm that lets SageMaker roll back on its own.
        DeploymentResult deployed = rollback.deploy(ENDPOINT, p2.arn(),
            DeploymentStrategy.canary(10, Duration.ofMinutes(5)).withAutoRollbackAlarms("support-llm-5xx"));
        System.out.println("deployed:   v" + deployed.to().version() + " on " + deployed.endpointConfigName());

        // 5. Serve the latest approved manifest; the endpoint is verified before it is served.
        try (PinnedModelClient client = client(registry, verifier, emulator, credentials)) {
          print("serving", client.invoke(Map.of("question", "How long does a refund take?")));

          // 6. 1.1.0 misbehaves: reject it and roll the endpoint back to the previous approved package.
          registry.reject(p2.arn(), "refund answers regressed in production");
          DeploymentResult back = rollback.rollbackToPrevious(ENDPOINT, GROUP, DeploymentStrategy.allAtOnce());
          System.out.println("rolled back: v" + back.from().version() + " -> v" + back.to().version()
              + " (previous configuration " + back.previousEndpointConfigName() + " kept)");
          System.out.println("verify 1.0.0: " + verifier.verify(v1).matches());

          // 7. Reload: the latest approved package is 1.0.0 again, verified, then served.
          client.reload();
          print("serving", client.invoke(Map.of("question", "How long does a refund take?")));
        }
      }
    }
  }

  private static PinnedModelClient client(SageMakerModelRegistry registry, DeploymentVerifier verifier,
      SageMakerEmulator emulator, StaticCredentialsProvider credentials) {
    return PinnedModelClient.builder()
        .manifest(registry.latestApprovedSource(GROUP))
        .policy(PinningPolicy.builder().requireApproval(true).build())
        .approvalRegistry(registry.approvalRegistry(GROUP))
        .backend(SageMakerEndpointBackend.builder()
            .endpointOverride(emulator.endpoint()).region(Region.US_EAST_1).credentialsProvider(credentials)
            .deploymentCheck(CheckMode.FAIL).deploymentVerifier(verifier)
            .build())
        .build();
  }

  private static void print(String what, InvocationResponse response) {
    VersionStamp s = response.stamp();
    System.out.println(what + ":    " + s.manifestName() + " " + s.manifestVersion() + " from " + s.sourceVersionId());
    System.out.println("  answer: " + response.text());
    System.out.println("  stamp:  " + s.toHeaderValue());
  }

  /** Creates model, endpoint configuration and endpoint the way an infrastructure pipeline would. */
  private static void createEndpointRunning(SageMakerClient control, SageMakerEmulator emulator, VersionManifest m) {
    SageMakerTarget t = (SageMakerTarget) m.model();
    emulator.imageDigest(t.imageUri(), t.imageDigest());
    control.createModel(r -> r.modelName("support-llm-initial")
        .executionRoleArn("arn:aws:iam::" + SageMakerEmulator.ACCOUNT_ID + ":role/sagemaker-execution")
        .primaryContainer(c -> c.image(t.imageUri()).modelDataUrl(t.artifactUri()).environment(t.environment())));
    control.createEndpointConfig(r -> r.endpointConfigName("support-llm-initial")
        .productionVariants(v -> v.variantName(t.variant()).modelName("support-llm-initial")
            .instanceType(t.instanceType()).initialInstanceCount(2).initialVariantWeight(1f)));
    control.createEndpoint(r -> r.endpointName(ENDPOINT).endpointConfigName("support-llm-initial"));
    for (int i = 0; i < 10; i++) {
      if ("InService".equals(control.describeEndpoint(r -> r.endpointName(ENDPOINT)).endpointStatusAsString())) {
        return;
      }
    }
    throw new IllegalStateException("endpoint " + ENDPOINT + " did not reach InService");
  }

  private static VersionManifest load(String resource) {
    try (InputStream in = SageMakerWorkflow.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      return VersionManifest.parse(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
