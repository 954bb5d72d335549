package dev.mvc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mvc.SageMakerTarget;
import dev.mvc.VersionManifest;
import dev.mvc.emulators.sagemaker.SageMakerEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.ModelPackageContainerDefinition;

/**
 * {@code mvc import sagemaker-package}: a package registered as the common recipe registers it
 * ({@code create_model_package} with an S3 artifact and customer metadata), made into a pinned
 * manifest, on the SageMaker emulator and S3Mock through the real SDK.
 */
class ImportSageMakerPackageTest extends S3CliTestBase {
  static final String IMAGE = "763104351884.dkr.ecr.us-east-1.amazonaws.com/huggingface-pytorch-tgi-inference:2.4.0";
  static final String DIGEST = "sha256:0f6a1c3c0c8f2a7f1b9e4d5c6b7a8f9e0d1c2b3a4f5e6d7c8b9a0f1e2d3c4b5a";
  static final String SHA = "4f2a9c1e0b7d3a5c6e8f9a0b1c2d3e4f5a6b7c8d";

  @TempDir
  Path tmp;
  SageMakerEmulator emulator;
  SageMakerClient sagemaker;
  String bucket;

  @BeforeEach
  void start() {
    emulator = SageMakerEmulator.create().start();
    sagemaker = SageMakerClient.builder().endpointOverride(emulator.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(AnonymousCredentialsProvider.create()).build();
    sagemaker.createModelPackageGroup(b -> b.modelPackageGroupName("support-llm"));
    bucket = newVersionedBucket("import-");
  }

  @AfterEach
  void stop() {
    sagemaker.close();
    emulator.close();
  }

  private String register(String image, String digest, String modelDataUrl) {
    ModelPackageContainerDefinition.Builder c = ModelPackageContainerDefinition.builder().image(image)
        .modelDataUrl(modelDataUrl).environment(Map.of("HF_MODEL_ID", "/opt/ml/model"));
    if (digest != null) {
      c.imageDigest(digest);
    }
    return sagemaker.createModelPackage(b -> b.modelPackageGroupName("support-llm")
        .inferenceSpecification(i -> i.containers(c.build()).supportedContentTypes("application/json")
            .supportedResponseMIMETypes("application/json").supportedRealtimeInferenceInstanceTypesWithStrings("ml.g5.xlarge"))
        .customerMetadataProperties(Map.of("git-sha", SHA, "training-date", "2026-11-20",
            "eval-accuracy", "0.913", "base-model", "llama-3.1-8b"))).modelPackageArn();
  }

  private byte[] uploadArtifact(String b, String key) {
    byte[] data = new byte[300_000];
    new Random(3).nextBytes(data);
    client.putObject(r -> r.bucket(b).key(key).metadata(Map.of("training-dataset-version", "tickets-2026-11")),
        RequestBody.fromBytes(data));
    return data;
  }

  private Cli.Result importPackage(String arn, String... more) throws Exception {
    Path template = Files.writeString(tmp.resolve("template.txt"), "Summarise: {{ticket}}");
    List<String> args = new ArrayList<>(List.of("import", "sagemaker-package", arn, "--endpoint-name", "support-llm",
        "--template", template.toString(), "--payload-format", "tgi",
        "--endpoint-url", emulator.endpoint().toString(), "--s3-endpoint-url", s3.endpoint().toString(),
        "--region", "us-east-1"));
    args.addAll(List.of(more));
    return Cli.run(args.toArray(new String[0]));
  }

  @Test
  void importSageMakerPackage_registeredLikeTheRecipe_buildsAManifestPinningImageArtifactAndProvenance() throws Exception {
    byte[] data = uploadArtifact(bucket, "models/support-llm/model.tar.gz");
    String versionId = client.headObject(r -> r.bucket(bucket).key("models/support-llm/model.tar.gz")).versionId();
    String arn = register(IMAGE, DIGEST, "s3://" + bucket + "/models/support-llm/model.tar.gz");
    Path out = tmp.resolve("manifest.json");

    Cli.Result r = importPackage(arn, "-o", out.toString(), "--variant", "blue", "--temperature", "0.2",
        "--max-tokens", "512", "--top-p", "0.9");

    assertThat(r.exitCode()).as(r.err()).isZero();
    VersionManifest m = VersionManifest.parse(Files.readAllBytes(out));
    SageMakerTarget t = (SageMakerTarget) m.model();
    assertThat(t.modelPackageArn()).isEqualTo(arn);
    assertThat(t.imageUri()).isEqualTo(IMAGE);
    assertThat(t.imageDigest()).isEqualTo(DIGEST);
    assertThat(t.artifactUri()).isEqualTo("s3://" + bucket + "/models/support-llm/model.tar.gz");
    assertThat(t.artifactVersionId()).isEqualTo(versionId);
    assertThat(t.artifactSha256()).isEqualTo(ArticleS3LayoutTest.sha256(data));
    assertThat(t.instanceType()).isEqualTo("ml.g5.xlarge");
    assertThat(t.environment()).containsEntry("HF_MODEL_ID", "/opt/ml/model");
    assertThat(m.name()).isEqualTo("support-llm");
    assertThat(m.version()).isEqualTo("1");
    assertThat(m.provenance().gitSha()).isEqualTo(SHA);
    assertThat(m.provenance().trainingDate()).isEqualTo(LocalDate.of(2026, 11, 20));
    assertThat(m.provenance().baseModel()).isEqualTo("llama-3.1-8b");
    assertThat(m.provenance().evaluationMetrics()).containsEntry("accuracy", 0.913);
    assertThat(m.provenance().trainingDataVersion()).as("from the artifact's S3 metadata").isEqualTo("tickets-2026-11");
    assertThat(r.out()).contains("imported " + arn).contains("image:    " + IMAGE + "@" + DIGEST);
    Cli.Result validate = Cli.run("validate", out.toString());
    assertThat(validate.exitCode()).as("passes the strict policy: %s %s", validate.out(), validate.err()).isZero();
  }

  @Test
  void importSageMakerPackage_withAnImageWithoutDigest_isRefusedNamingTheImage() throws Exception {
    uploadArtifact(bucket, "models/m.tar.gz");
    String arn = register(IMAGE, null, "s3://" + bucket + "/models/m.tar.gz");

    Cli.Result r = importPackage(arn, "-o", tmp.resolve("m.json").toString());

    assertThat(r.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(r.err()).contains("container image " + IMAGE + " has no ImageDigest");
    assertThat(tmp.resolve("m.json")).doesNotExist();
  }

  @Test
  void importSageMakerPackage_withTheArtifactInABucketWithoutVersioning_isRefusedNamingTheBucket() throws Exception {
    String plain = "plain-" + UUID.randomUUID().toString().substring(0, 8);
    client.createBucket(b -> b.bucket(plain));
    uploadArtifact(plain, "models/m.tar.gz");
    String arn = register(IMAGE, DIGEST, "s3://" + plain + "/models/m.tar.gz");

    Cli.Result r = importPackage(arn, "-o", tmp.resolve("m.json").toString());

    assertThat(r.exitCode()).isNotZero();
    assertThat(r.err()).contains("bucket " + plain + " does not version objects");
    assertThat(tmp.resolve("m.json")).doesNotExist();
  }
}
