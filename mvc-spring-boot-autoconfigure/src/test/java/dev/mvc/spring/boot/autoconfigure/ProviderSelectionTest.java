package dev.mvc.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mvc.InvocationResponse;
import dev.mvc.PinnedModelClient;
import dev.mvc.emulators.sagemaker.SageMakerEmulator;
import dev.mvc.emulators.sagemaker.SageMakerReply;
import dev.mvc.testkit.TestManifests;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

/** The backend follows the manifest's provider; and the generated property metadata. */
class ProviderSelectionTest {
  private static SageMakerEmulator sagemaker;

  @TempDir
  Path dir;

  @BeforeAll
  static void startEmulator() {
    sagemaker = SageMakerEmulator.create().start();
  }

  @AfterAll
  static void stopEmulator() {
    sagemaker.close();
  }

  @Test
  void sageMakerManifest_isServedByTheSageMakerBackend_overTheApplicationsRuntimeClient() throws Exception {
    Path manifest = dir.resolve("sagemaker.json");
    Files.writeString(manifest, TestManifests.sagemaker("Q: {{input}}").toJson());
    sagemaker.enqueue(SageMakerReply.text("Bonjour"));
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(MvcAutoConfiguration.class))
        .withBean(SageMakerRuntimeClient.class, () -> SageMakerRuntimeClient.builder()
            .endpointOverride(sagemaker.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
            .build())
        .withPropertyValues("mvc.clients.translate.manifest=" + manifest)
        .run(context -> {
          InvocationResponse r = context.getBean("translate", PinnedModelClient.class).invoke(Map.of("input", "Hi"));
          assertThat(r.text()).isEqualTo("Bonjour");
          assertThat(r.stamp().provider()).isEqualTo("sagemaker");
          assertThat(sagemaker.invocations()).hasSize(1);
        });
  }

  @Test
  void generatedMetadata_describesTheMvcProperties_withTheirDefaults() throws Exception {
    JsonNode metadata;
    try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
      metadata = new ObjectMapper().readTree(in);
    }
    List<String> names = new ArrayList<>();
    metadata.get("properties").forEach(p -> names.add(p.get("name").asText()));
    assertThat(names).contains("mvc.clients", "mvc.signatures.trusted-keys", "mvc.bedrock.lifecycle-check",
        "mvc.bedrock.knowledge-base-check", "mvc.bedrock.agent-alias-check", "mvc.audit.file");
    metadata.get("properties").forEach(p -> {
      if (p.get("name").asText().equals("mvc.bedrock.lifecycle-check")) {
        assertThat(p.get("defaultValue").asText()).isEqualTo("off");
        assertThat(p.get("description").asText()).contains("LEGACY");
      }
    });
  }
}
