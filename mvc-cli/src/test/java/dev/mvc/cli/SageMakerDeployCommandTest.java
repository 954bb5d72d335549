package dev.mvc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mvc.emulators.sagemaker.SageMakerEmulator;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code mvc sagemaker deploy}: an Approved package version onto an endpoint, created when it does
 * not exist and updated when it does, on the SageMaker emulator through the real SDK.
 */
class SageMakerDeployCommandTest {
  private static final String V1 = "classpath:manifests/sagemaker/support-llm-1.0.0.json";
  private static final String V2 = "classpath:manifests/sagemaker/support-llm-1.1.0.json";
  private static final String ROLE = "arn:aws:iam::" + SageMakerEmulator.ACCOUNT_ID + ":role/sagemaker-execution";

  SageMakerEmulator emulator;

  @BeforeEach
  void start() {
    System.setProperty("aws.accessKeyId", "AKIDEXAMPLE");
    System.setProperty("aws.secretAccessKey", "example");
    emulator = SageMakerEmulator.create().start();
    for (String uri : List.of(V1, V2)) {
      JsonNode image = json(uri).path("model").path("sagemaker").path("image");
      emulator.imageDigest(image.path("uri").asText(), image.path("digest").asText());
    }
  }

  @AfterEach
  void stop() {
    emulator.close();
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }

  private Cli.Result sagemaker(String... args) {
    List<String> all = new ArrayList<>(List.of("sagemaker"));
    all.addAll(List.of(args));
    all.addAll(List.of("--endpoint-url", emulator.endpoint().toString(), "--region", "us-east-1"));
    return Cli.run(all.toArray(new String[0]));
  }

  private String registered(String uri, boolean approve) {
    Cli.Result r = sagemaker("register", uri, "--group", "support-llm", "--create-group");
    assertThat(r.exitCode()).as(r.err()).isZero();
    String arn = r.out().strip();
    if (approve) {
      assertThat(sagemaker("approve", arn, "--reason", "accuracy 0.93").exitCode()).isZero();
    }
    return arn;
  }

  @Test
  void deploy_ofAnApprovedPackage_createsTheEndpointThenUpdatesIt_andSaysWhatItDid() throws IOException {
    String arn1 = registered(V1, true);
    String arn2 = registered(V2, true);

    Cli.Result created = sagemaker("deploy", "support-llm", "--package", arn1, "--execution-role-arn", ROLE,
        "--instance-count", "2", "--poll-interval-ms", "10", "--timeout", "30");

    assertThat(created.exitCode()).as(created.err()).isZero();
    assertThat(created.out()).startsWith("created support-llm with " + arn1)
        .contains("(new endpoint)").contains("capacity: 2 x ml.g5.2xlarge").contains("verified: support-llm 1.0.0");
    assertThat(created.err()).contains("CREATE_STARTED").contains("IN_SERVICE");
    assertThat(emulator.endpointConfigOf("support-llm")).isNotNull();
    assertThat(sagemaker("verify-endpoint", V1).exitCode()).isZero();

    Cli.Result updated = sagemaker("deploy", "support-llm", "--package", arn2, "--poll-interval-ms", "10", "--json");

    assertThat(updated.exitCode()).as(updated.err()).isZero();
    JsonNode r = new ObjectMapper().readTree(updated.out());
    assertThat(r.path("action").asText()).isEqualTo("updated");
    assertThat(r.path("package").path("arn").asText()).isEqualTo(arn2);
    assertThat(r.path("instanceCount").asInt()).isEqualTo(2);
    assertThat(r.path("previousEndpointConfig").asText()).isNotEmpty().isNotEqualTo(r.path("endpointConfig").asText());
    assertThat(r.path("verification").path("matches").asBoolean()).isTrue();
    assertThat(emulator.requests("CreateEndpoint")).hasSize(1);
    assertThat(emulator.requests("UpdateEndpoint")).hasSize(1);
    assertThat(sagemaker("verify-endpoint", V2).exitCode()).isZero();
  }

  @Test
  void deploy_ofAPackageThatIsNotApproved_isRefusedNamingItsStatus() {
    String arn = registered(V1, false);

    Cli.Result r = sagemaker("deploy", "support-llm", "--package", arn, "--execution-role-arn", ROLE);

    assertThat(r.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(r.err()).contains("model package " + arn + " is PendingManualApproval; only Approved packages are deployed");
    assertThat(emulator.requests("CreateModel")).isEmpty();
  }

  @Test
  void deploy_thatIsNotInServiceWithinTheTimeout_failsSayingTheCreationGoesOn() {
    String arn = registered(V1, true);
    emulator.transitionDescribes(100_000);

    Cli.Result r = sagemaker("deploy", "support-llm", "--package", arn, "--execution-role-arn", ROLE,
        "--timeout", "1", "--poll-interval-ms", "20");

    assertThat(r.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(r.err()).contains("endpoint support-llm is still Creating after 1 s")
        .contains("the CreateEndpoint goes on in SageMaker");
  }

  @Test
  void deploy_withAnInstanceCountBelowOne_isAUsageErrorNamingTheValue() {
    Cli.Result r = sagemaker("deploy", "support-llm", "--package",
        "arn:aws:sagemaker:us-east-1:123456789012:model-package/support-llm/1", "--instance-count", "0");

    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("instanceCount must be >= 1, was 0");
  }

  private static JsonNode json(String uri) {
    try (InputStream in = SageMakerDeployCommandTest.class.getClassLoader()
        .getResourceAsStream(uri.substring("classpath:".length()))) {
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
