package dev.mvc.bedrock;

import dev.mvc.BedrockApi;
import dev.mvc.BedrockTarget;
import dev.mvc.InferenceParameters;
import dev.mvc.PromptSpec;
import dev.mvc.PromptText;
import dev.mvc.VersionManifest;
import dev.mvc.emulators.bedrock.BedrockEmulator;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockagent.BedrockAgentClient;
import software.amazon.awssdk.services.bedrockagentruntime.BedrockAgentRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockagentruntime.BedrockAgentRuntimeAsyncClientBuilder;
import software.amazon.awssdk.services.bedrockagentruntime.BedrockAgentRuntimeClient;
import software.amazon.awssdk.services.bedrockagentruntime.BedrockAgentRuntimeClientBuilder;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClientBuilder;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClientBuilder;

/** Manifests and clients shared by the Bedrock backend tests. */
final class TestSetup {

  static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
  static final String KB = "KB12345678";
  static final String DS = "DS12345678";
  static final String JOB = "JOB0000001";
  static final String AGENT = "AGENT12345";
  static final String ALIAS = "PRODALIAS1";
  static final String KB_PROMPT = "Answer from these passages only:\n$search_results$\nBe brief.";
  static final String ACCOUNT = "arn:aws:bedrock:us-east-1:123456789012:";
  static final String HAIKU_EAST = "arn:aws:bedrock:us-east-1::foundation-model/" + HAIKU;
  static final String HAIKU_WEST = "arn:aws:bedrock:us-west-2::foundation-model/" + HAIKU;
  static final String SONNET_EAST =
      "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0";
  static final String PROFILE = ACCOUNT + "application-inference-profile/abc123def456";
  static final String THROUGHPUT = ACCOUNT + "provisioned-model/pt4x9q2w7e1r";
  static final String CUSTOM = ACCOUNT + "custom-model/anthropic.claude-3-haiku-20240307-v1:0/q3w8e5r2t6y1";
  static final String CUSTOMIZATION_JOB =
      ACCOUNT + "model-customization-job/anthropic.claude-3-haiku-20240307-v1:0/j7k2l9m4n1p5";
  static final String IMPORTED = ACCOUNT + "imported-model/i3m9p2o7r4t8";
  static final String MODEL_DATA = "s3://ml-models/llama-ft/2026-10-01/";
  static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "not-a-secret"));

  private TestSetup() {}

  static VersionManifest.Builder manifest(BedrockTarget target) {
    return VersionManifest.builder()
        .name("greeter")
        .version("1.0.0")
        .createdAt(Instant.parse("2026-01-01T00:00:00Z"))
        .model(target)
        .prompt(PromptSpec.builder(PromptText.inline("Say hello to {{name}}."))
            .system(PromptText.inline("Be brief."))
            .variables("name")
            .build())
        .inference(InferenceParameters.builder()
            .temperature(0.2)
            .maxTokens(64)
            .topP(0.9)
            .stopSequences(List.of("END"))
            .additionalModelField("top_k", 50)
            .build());
  }

  static VersionManifest converse() {
    return manifest(BedrockTarget.builder(HAIKU).region("us-east-1").guardrail("gr-123", "3").build()).build();
  }

  static VersionManifest invokeModel() {
    return manifest(BedrockTarget.builder(HAIKU).region("us-east-1")
        .api(BedrockApi.INVOKE_MODEL).bodyFormat("anthropic-messages").build()).build();
  }

  /** A knowledge-base manifest pinning {@link #KB}, data source {@link #DS} at ingestion job {@link #JOB}. */
  static VersionManifest knowledgeBase() {
    return manifest(BedrockTarget.builder(HAIKU).region("us-east-1").guardrail("gr-123", "3")
        .api(BedrockApi.RETRIEVE_AND_GENERATE).knowledgeBase(KB, DS, JOB).build())
        .prompt(PromptSpec.builder(PromptText.inline("Say hello to {{name}}."))
            .system(PromptText.inline(KB_PROMPT))
            .variables("name")
            .build())
        .build();
  }

  /** An agent manifest pinning {@link #AGENT} through alias {@code aliasId}. */
  static VersionManifest agent(String aliasId) {
    return manifest(BedrockTarget.builder(HAIKU).region("us-east-1")
        .api(BedrockApi.INVOKE_AGENT).agent(AGENT, aliasId).build())
        .prompt(PromptSpec.builder(PromptText.inline("Say hello to {{name}}.")).variables("name").build())
        .build();
  }

  /** A manifest of {@link #HAIKU} called through the application inference profile {@link #PROFILE}. */
  static VersionManifest inferenceProfile() {
    return manifest(BedrockTarget.builder(HAIKU).region("us-east-1")
        .inferenceProfile(PROFILE, List.of(HAIKU_EAST)).build()).build();
  }

  /** A manifest of {@link #HAIKU} called through the provisioned throughput {@link #THROUGHPUT}. */
  static VersionManifest provisionedThroughput() {
    return manifest(BedrockTarget.builder(HAIKU).region("us-east-1")
        .provisionedThroughput(THROUGHPUT, HAIKU_EAST).build()).build();
  }

  /** A manifest of the custom model {@link #CUSTOM}, fine-tuned from {@link #HAIKU}, called on demand. */
  static VersionManifest customModel() {
    return manifest(BedrockTarget.builder(HAIKU).region("us-east-1")
        .customModel(CUSTOM, HAIKU_EAST, CUSTOMIZATION_JOB).build()).build();
  }

  /** A manifest of the imported model {@link #IMPORTED}. */
  static VersionManifest importedModel() {
    return manifest(BedrockTarget.builder(IMPORTED).region("us-east-1")
        .importedModel(IMPORTED, MODEL_DATA, null).build()).build();
  }

  /** A backend whose clients mvc builds, pointed at the emulator. */
  static BedrockBackend backend(BedrockEmulator emulator) {
    return BedrockBackend.builder()
        .endpointOverride(emulator.endpoint())
        .credentialsProvider(CREDENTIALS)
        .region("us-east-1")
        .build();
  }

  static BedrockAgentRuntimeClientBuilder userAgentClient(BedrockEmulator emulator) {
    return BedrockAgentRuntimeClient.builder()
        .endpointOverride(emulator.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(CREDENTIALS);
  }

  static BedrockAgentRuntimeAsyncClientBuilder userAgentAsyncClient(BedrockEmulator emulator) {
    return BedrockAgentRuntimeAsyncClient.builder()
        .endpointOverride(emulator.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(CREDENTIALS);
  }

  static BedrockAgentClient agentControlClient(BedrockEmulator emulator) {
    return BedrockAgentClient.builder()
        .endpointOverride(emulator.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(CREDENTIALS)
        .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
        .build();
  }

  static BedrockRuntimeClientBuilder userClient(BedrockEmulator emulator) {
    return BedrockRuntimeClient.builder()
        .endpointOverride(emulator.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(CREDENTIALS);
  }

  static BedrockRuntimeAsyncClientBuilder userAsyncClient(BedrockEmulator emulator) {
    return BedrockRuntimeAsyncClient.builder()
        .endpointOverride(emulator.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(CREDENTIALS);
  }
}
