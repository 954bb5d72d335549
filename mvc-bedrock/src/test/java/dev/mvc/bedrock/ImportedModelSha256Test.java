package dev.mvc.bedrock;

import static dev.mvc.bedrock.TestSetup.IMPORTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvc.BedrockTarget;
import dev.mvc.CheckFailedException;
import dev.mvc.CheckMode;
import dev.mvc.CheckWarning;
import dev.mvc.ManifestException;
import dev.mvc.PinnedModelClient;
import dev.mvc.VersionManifest;
import dev.mvc.emulators.bedrock.BedrockEmulator;
import dev.mvc.emulators.s3.S3MockLauncher;
import dev.mvc.s3.ArtifactPinner;
import dev.mvc.s3.PinnedPrefix;
import dev.mvc.s3.S3ArtifactDigests;
import dev.mvc.s3.S3Location;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/**
 * An imported model's pinned {@code sha256} is compared at load with the model data in S3 (S3Mock),
 * read through {@link S3ArtifactDigests}: the SHA-256 of the listing of the objects under the
 * {@code modelDataUri} prefix, as {@link ArtifactPinner#pinPrefix} computes it.
 */
class ImportedModelSha256Test {
  private static BedrockEmulator bedrock;
  private static S3Client s3;
  private static String bucket;
  private final List<CheckWarning> warnings = new CopyOnWriteArrayList<>();
  private String prefix;
  private String uri;

  @BeforeAll
  static void start() {
    bedrock = BedrockEmulator.create().start();
    S3MockLauncher mock = S3MockLauncher.shared();
    s3 = S3Client.builder().endpointOverride(mock.endpoint()).forcePathStyle(true).region(Region.of(mock.region()))
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(mock.accessKeyId(), mock.secretAccessKey())))
        .build();
    bucket = "models-" + UUID.randomUUID().toString().substring(0, 8);
    s3.createBucket(b -> b.bucket(bucket));
    s3.putBucketVersioning(b -> b.bucket(bucket)
        .versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
  }

  @AfterAll
  static void stop() {
    bedrock.close();
    s3.close();
  }

  @BeforeEach
  void modelDirectory() {
    bedrock.reset();
    warnings.clear();
    prefix = "llama-ft/" + UUID.randomUUID().toString().substring(0, 8) + "/";
    uri = "s3://" + bucket + "/" + prefix;
    put("config.json", "{\"architectures\":[\"LlamaForCausalLM\"]}");
    put("model.safetensors", "weights v1");
    put("tokenizer.json", "{\"version\":\"1.0\"}");
    bedrock.importedModel(IMPORTED, uri);
  }

  @Test
  void pinPrefix_hashesTheSha256sumListingOfTheObjects_inByteOrderOfTheirKeys() throws Exception {
    PinnedPrefix pinned = ArtifactPinner.create(s3).pinPrefix(S3Location.parse(uri), false);
    String listing = sha("{\"architectures\":[\"LlamaForCausalLM\"]}") + "  config.json\n"
        + sha("weights v1") + "  model.safetensors\n"
        + sha("{\"version\":\"1.0\"}") + "  tokenizer.json\n";
    assertThat(pinned.sha256()).isEqualTo(sha(listing));
    assertThat(pinned.objects()).containsOnlyKeys("config.json", "model.safetensors", "tokenizer.json");
    assertThat(pinned.uri()).isEqualTo(uri);
  }

  @Test
  void importedModelData_matchingThePinnedSha256_loads() {
    String sha256 = ArtifactPinner.create(s3).pinPrefix(S3Location.parse(uri), true).sha256();
    try (PinnedModelClient client = client(sha256, b -> b)) {
      assertThat(client.currentManifest().manifest().digest()).startsWith("sha256:");
    }
    assertThat(S3ArtifactDigests.create(s3).sha256(uri)).isEqualTo(sha256);
    assertThat(warnings).isEmpty();
  }

  @Test
  void importedModelData_replacedInS3_isDriftNamingBothSha256s() {
    String pinned = ArtifactPinner.create(s3).pinPrefix(S3Location.parse(uri), true).sha256();
    put("model.safetensors", "weights v2");
    String now = ArtifactPinner.create(s3).pinPrefix(S3Location.parse(uri), true).sha256();
    assertThat(now).isNotEqualTo(pinned);

    assertThatThrownBy(() -> client(pinned, b -> b))
        .isInstanceOf(ManifestException.class)
        .cause().isInstanceOfSatisfying(CheckFailedException.class, e -> {
          assertThat(e.check()).isEqualTo(BedrockBackend.TARGET_CHECK);
          assertThat(e.getMessage()).contains("model.bedrock.importedModel.sha256 is " + pinned
              + " but the model data " + uri + " of imported model " + IMPORTED + " has SHA-256 " + now);
        });

    try (PinnedModelClient client = client(pinned, b -> b.targetCheck(CheckMode.WARN))) {
      assertThat(client.currentManifest()).isNotNull();
    }
    assertThat(warnings).singleElement().satisfies(w -> {
      assertThat(w.field()).isEqualTo("model.bedrock.importedModel.sha256");
      assertThat(w.pinned()).isEqualTo(pinned);
      assertThat(w.found()).isEqualTo(now);
    });
  }

  @Test
  void anObjectWithoutARecordedSha256_cannotBeChecked_andIsRefusedNamingItsKey() {
    String pinned = ArtifactPinner.create(s3).pinPrefix(S3Location.parse(uri), true).sha256();
    put("generation_config.json", "{}"); // uploaded by another tool, no mvc-sha256
    assertThatThrownBy(() -> client(pinned, b -> b))
        .hasStackTraceContaining("model.bedrock.importedModel.sha256 " + pinned + ": the SHA-256 of the model data "
            + uri + " could not be looked up")
        .hasStackTraceContaining("s3://" + bucket + "/" + prefix + "generation_config.json carries no SHA-256");
  }

  @Test
  void aPinnedSha256_withoutAnArtifactReader_isAFailedLookup_namingTheBuilderMethod() {
    String pinned = ArtifactPinner.create(s3).pinPrefix(S3Location.parse(uri), true).sha256();
    BedrockBackend backend = TestSetup.backend(bedrock);
    assertThatThrownBy(() -> PinnedModelClient.builder().manifest(manifest(pinned)).backend(backend).build())
        .hasStackTraceContaining("artifactDigests(S3ArtifactDigests.create(s3Client))");
    backend.close();
  }

  @Test
  void withoutAPinnedSha256_s3IsNotRead() {
    VersionManifest m = TestSetup.manifest(BedrockTarget.builder(IMPORTED).region("us-east-1")
        .importedModel(IMPORTED, uri, null).build()).build();
    try (BedrockBackend backend = backend(b -> b.artifactDigests(u -> {
      throw new AssertionError("read " + u);
    })); PinnedModelClient client = PinnedModelClient.builder().manifest(m).backend(backend).build()) {
      assertThat(client.currentManifest().manifest().model()).isInstanceOf(BedrockTarget.class);
    }
  }

  private void put(String name, String content) {
    s3.putObject(b -> b.bucket(bucket).key(prefix + name), RequestBody.fromString(content, StandardCharsets.UTF_8));
  }

  private VersionManifest manifest(String sha256) {
    return TestSetup.manifest(BedrockTarget.builder(IMPORTED).region("us-east-1")
        .importedModel(IMPORTED, uri, sha256).build()).build();
  }

  private BedrockBackend backend(UnaryOperator<BedrockBackend.Builder> options) {
    return options.apply(BedrockBackend.builder()
        .endpointOverride(bedrock.endpoint())
        .credentialsProvider(TestSetup.CREDENTIALS)
        .region("us-east-1")
        .checkListener(warnings::add)).build();
  }

  private PinnedModelClient client(String sha256, UnaryOperator<BedrockBackend.Builder> options) {
    BedrockBackend backend = backend(b -> options.apply(b.artifactDigests(S3ArtifactDigests.create(s3))));
    try {
      return PinnedModelClient.builder().manifest(manifest(sha256)).backend(backend).build();
    } catch (RuntimeException e) {
      backend.close();
      throw e;
    }
  }

  private static String sha(String text) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
