package dev.mvc.bedrock;

import static dev.mvc.bedrock.TestSetup.CUSTOM;
import static dev.mvc.bedrock.TestSetup.CUSTOMIZATION_JOB;
import static dev.mvc.bedrock.TestSetup.HAIKU;
import static dev.mvc.bedrock.TestSetup.HAIKU_EAST;
import static dev.mvc.bedrock.TestSetup.IMPORTED;
import static dev.mvc.bedrock.TestSetup.MODEL_DATA;
import static dev.mvc.bedrock.TestSetup.PROFILE;
import static dev.mvc.bedrock.TestSetup.THROUGHPUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvc.BedrockApi;
import dev.mvc.BedrockTarget;
import dev.mvc.InvocationRequest;
import dev.mvc.InvocationResponse;
import dev.mvc.ManifestException;
import dev.mvc.PinnedModelClient;
import dev.mvc.VersionManifest;
import dev.mvc.VersionStamp;
import dev.mvc.emulators.bedrock.BedrockEmulator;
import dev.mvc.emulators.bedrock.BedrockOperation;
import dev.mvc.emulators.bedrock.BedrockReply;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A target that goes through an application inference profile, a provisioned throughput, or a
 * custom or imported model is checked at load (FAIL by default), calls that resource's ARN through
 * the real SDK (sync, async, stream, Converse and InvokeModel) with the request guard passing it,
 * and every response's stamp names both the model and the ARN.
 */
class BedrockTargetCallsTest {

  private static final Map<String, String> NAME = Map.of("name", "Ada");
  private static BedrockEmulator bedrock;

  @BeforeAll
  static void start() {
    bedrock = BedrockEmulator.create().start();
  }

  @AfterAll
  static void stop() {
    bedrock.close();
  }

  @BeforeEach
  void reset() {
    bedrock.reset();
  }

  static Stream<Arguments> kinds() {
    Consumer<BedrockEmulator> profile = e -> e.applicationInferenceProfile(PROFILE, HAIKU_EAST);
    Consumer<BedrockEmulator> throughput = e -> e.provisionedThroughput(THROUGHPUT, HAIKU_EAST, "InService");
    Consumer<BedrockEmulator> custom = e -> e.customModel(CUSTOM, HAIKU_EAST, CUSTOMIZATION_JOB);
    Consumer<BedrockEmulator> imported = e -> e.importedModel(IMPORTED, MODEL_DATA);
    return Stream.of(
        Arguments.of("inference profile", TestSetup.inferenceProfile(), profile, PROFILE, HAIKU,
            List.of(BedrockOperation.GET_INFERENCE_PROFILE)),
        Arguments.of("provisioned throughput", TestSetup.provisionedThroughput(), throughput, THROUGHPUT, HAIKU,
            List.of(BedrockOperation.GET_PROVISIONED_MODEL_THROUGHPUT)),
        Arguments.of("custom model on demand", TestSetup.customModel(), custom, CUSTOM, HAIKU,
            List.of(BedrockOperation.GET_CUSTOM_MODEL)),
        Arguments.of("custom model on provisioned throughput", customOnThroughput(),
            custom.andThen(e -> e.provisionedThroughput(THROUGHPUT, CUSTOM, "InService")), THROUGHPUT, HAIKU,
            List.of(BedrockOperation.GET_PROVISIONED_MODEL_THROUGHPUT, BedrockOperation.GET_CUSTOM_MODEL)),
        Arguments.of("imported model", TestSetup.importedModel(), imported, IMPORTED, IMPORTED,
            List.of(BedrockOperation.GET_IMPORTED_MODEL)));
  }

  private static VersionManifest customOnThroughput() {
    return TestSetup.manifest(BedrockTarget.builder(HAIKU).region("us-east-1")
        .provisionedThroughput(THROUGHPUT, CUSTOM).customModel(CUSTOM, HAIKU_EAST, CUSTOMIZATION_JOB).build()).build();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void eachTargetKind_isCheckedAtLoad_callsItsArn_andTheStampNamesTheModelAndTheArn(String kind,
      VersionManifest manifest, Consumer<BedrockEmulator> script, String arn, String model,
      List<BedrockOperation> lookups) throws Exception {
    script.accept(bedrock);
    try (PinnedModelClient client = client(manifest)) {
      for (BedrockOperation lookup : lookups) {
        assertThat(bedrock.requests(lookup)).as("%s at load", lookup).hasSize(1);
      }
      bedrock.enqueue(BedrockReply.builder().text("Hi Ada").requestId("req-sync").build());
      InvocationResponse sync = client.invoke(NAME);
      InvocationResponse async = client.invokeAsync(InvocationRequest.of(NAME)).get(10, TimeUnit.SECONDS);
      InvocationResponse stream = client.invokeStream(InvocationRequest.of(NAME), new BedrockBackendTest.RecordingHandler())
          .get(10, TimeUnit.SECONDS);

      assertThat(bedrock.requests(BedrockOperation.CONVERSE)).extracting(r -> r.modelId()).containsExactly(arn, arn);
      assertThat(bedrock.requests(BedrockOperation.CONVERSE_STREAM)).extracting(r -> r.modelId()).containsExactly(arn);
      assertThat(sync.text()).isEqualTo("Hi Ada");
      for (InvocationResponse r : List.of(sync, async, stream)) {
        assertThat(r.stamp().modelId()).isEqualTo(model);
        assertThat(r.stamp().targetArn()).isEqualTo(arn.equals(model) ? null : arn);
      }
      VersionStamp parsed = VersionStamp.parse(sync.stamp().toHeaderValue());
      assertThat(parsed.targetArn()).isEqualTo(sync.stamp().targetArn());
      assertThat(parsed.modelId()).isEqualTo(model);
    }
  }

  @Test
  void invokeModel_throughAProfile_postsToTheProfileArn() {
    bedrock.applicationInferenceProfile(PROFILE, HAIKU_EAST);
    VersionManifest m = TestSetup.manifest(BedrockTarget.builder(HAIKU).region("us-east-1")
        .api(BedrockApi.INVOKE_MODEL).bodyFormat("anthropic-messages")
        .inferenceProfile(PROFILE, List.of(HAIKU_EAST)).build()).build();
    try (PinnedModelClient client = client(m)) {
      InvocationResponse r = client.invoke(NAME);
      assertThat(bedrock.lastRequest().operation()).isEqualTo(BedrockOperation.INVOKE_MODEL);
      assertThat(bedrock.lastRequest().modelId()).isEqualTo(PROFILE);
      assertThat(r.stamp().targetArn()).isEqualTo(PROFILE);
    }
  }

  @Test
  void byDefault_aProfileThatRoutesToAnotherModel_refusesTheManifest_andNoCallIsMade() {
    bedrock.applicationInferenceProfile(PROFILE, TestSetup.SONNET_EAST);
    assertThatThrownBy(() -> client(TestSetup.inferenceProfile()))
        .isInstanceOf(ManifestException.class)
        .hasStackTraceContaining("model.bedrock.inferenceProfile.models of " + PROFILE)
        .hasStackTraceContaining("routed but not pinned: [" + TestSetup.SONNET_EAST + "]")
        .hasStackTraceContaining("not routed: [" + HAIKU_EAST + "]");
    assertThat(bedrock.requests(BedrockOperation.CONVERSE)).isEmpty();
  }

  @Test
  void byDefault_aThroughputThatIsNotInService_refusesTheManifest() {
    bedrock.provisionedThroughput(THROUGHPUT, HAIKU_EAST, "Updating");
    assertThatThrownBy(() -> client(TestSetup.provisionedThroughput()))
        .isInstanceOf(ManifestException.class)
        .hasStackTraceContaining("model.bedrock.provisionedThroughput.arn " + THROUGHPUT
            + " has status Updating, not InService");
  }

  private static PinnedModelClient client(VersionManifest manifest) {
    BedrockBackend backend = TestSetup.backend(bedrock);
    try {
      return PinnedModelClient.builder().manifest(manifest).backend(backend).build();
    } catch (RuntimeException e) {
      backend.close();
      throw e;
    }
  }
}
