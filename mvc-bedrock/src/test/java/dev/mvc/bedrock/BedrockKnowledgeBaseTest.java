package dev.mvc.bedrock;

import static dev.mvc.bedrock.TestSetup.DS;
import static dev.mvc.bedrock.TestSetup.HAIKU;
import static dev.mvc.bedrock.TestSetup.JOB;
import static dev.mvc.bedrock.TestSetup.KB;
import static dev.mvc.bedrock.TestSetup.KB_PROMPT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mvc.BedrockTarget;
import dev.mvc.CheckFailedException;
import dev.mvc.CheckMode;
import dev.mvc.CheckWarning;
import dev.mvc.Citation;
import dev.mvc.InvocationRequest;
import dev.mvc.InvocationResponse;
import dev.mvc.ManifestException;
import dev.mvc.Message;
import dev.mvc.MvcException;
import dev.mvc.PinViolationException;
import dev.mvc.PinnedModelClient;
import dev.mvc.PromptSpec;
import dev.mvc.PromptText;
import dev.mvc.VersionManifest;
import dev.mvc.emulators.bedrock.BedrockEmulator;
import dev.mvc.emulators.bedrock.BedrockOperation;
import dev.mvc.emulators.bedrock.BedrockReply;
import dev.mvc.emulators.bedrock.RecordedBedrockRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.bedrockagentruntime.BedrockAgentRuntimeClient;

/** Knowledge-base mode: RetrieveAndGenerate through the real SDK to the emulator, and the data-source version check. */
class BedrockKnowledgeBaseTest {

  private static final ObjectMapper JSON = new ObjectMapper();
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
    bedrock.completedIngestionJob(KB, DS, JOB);
  }

  @Test
  void invoke_sendsEveryPinnedFieldOnTheWire() throws Exception {
    try (PinnedModelClient client = client(TestSetup.knowledgeBase(), backend().build())) {
      client.invoke(NAME);
    }
    RecordedBedrockRequest sent = bedrock.requests(BedrockOperation.RETRIEVE_AND_GENERATE).get(0);
    assertThat(sent.path()).isEqualTo("/retrieveAndGenerate");
    JsonNode body = JSON.readTree(sent.body());
    assertThat(body.path("input").path("text").asText()).isEqualTo("Say hello to Ada.");
    assertThat(body.has("sessionId")).isFalse();
    JsonNode config = body.path("retrieveAndGenerateConfiguration");
    assertThat(config.path("type").asText()).isEqualTo("KNOWLEDGE_BASE");
    JsonNode kb = config.path("knowledgeBaseConfiguration");
    assertThat(kb.path("knowledgeBaseId").asText()).isEqualTo(KB);
    assertThat(kb.path("modelArn").asText()).isEqualTo("arn:aws:bedrock:us-east-1::foundation-model/" + HAIKU);
    JsonNode generation = kb.path("generationConfiguration");
    assertThat(generation.path("promptTemplate").path("textPromptTemplate").asText()).isEqualTo(KB_PROMPT);
    JsonNode inference = generation.path("inferenceConfig").path("textInferenceConfig");
    assertThat(inference.path("temperature").floatValue()).isEqualTo(0.2f);
    assertThat(inference.path("maxTokens").asInt()).isEqualTo(64);
    assertThat(inference.path("topP").floatValue()).isEqualTo(0.9f);
    assertThat(inference.path("stopSequences").get(0).asText()).isEqualTo("END");
    assertThat(generation.path("additionalModelRequestFields").path("top_k").asInt()).isEqualTo(50);
    assertThat(generation.path("guardrailConfiguration").path("guardrailId").asText()).isEqualTo("gr-123");
    assertThat(generation.path("guardrailConfiguration").path("guardrailVersion").asText()).isEqualTo("3");
  }

  @Test
  void invoke_returnsCitationsTheSessionAndAStampWithTheKnowledgeBase() {
    bedrock.enqueue(HAIKU, BedrockReply.builder().text("Hello Ada, refunds take 5 days.")
        .citation("refunds take 5 days", "s3://kb-docs/refunds.pdf", "https://example.com/faq").build());
    InvocationResponse r;
    try (PinnedModelClient client = client(TestSetup.knowledgeBase(), backend().build())) {
      r = client.invoke(NAME);
    }
    assertThat(r.text()).isEqualTo("Hello Ada, refunds take 5 days.");
    assertThat(r.citations()).containsExactly(
        new Citation("refunds take 5 days", 11, 29, List.of("s3://kb-docs/refunds.pdf", "https://example.com/faq")));
    assertThat(r.sessionId()).isNotBlank();
    assertThat(r.stamp().knowledgeBaseId()).isEqualTo(KB);
    assertThat(r.stamp().dataSourceVersion()).isEqualTo(JOB);
    assertThat(r.stamp().modelId()).isEqualTo(HAIKU);
  }

  @Test
  void sessionIdOfTheRequest_continuesTheKnowledgeBaseSession() throws Exception {
    InvocationResponse r;
    try (PinnedModelClient client = client(TestSetup.knowledgeBase(), backend().build())) {
      r = client.invokeAsync(InvocationRequest.builder().variables(NAME).sessionId("kb-session-7").build())
          .get(30, TimeUnit.SECONDS);
    }
    assertThat(JSON.readTree(bedrock.lastRequest().body()).path("sessionId").asText()).isEqualTo("kb-session-7");
    assertThat(r.sessionId()).isEqualTo("kb-session-7");
  }

  @Test
  void pinnedModelArn_isSentUnchanged() throws Exception {
    String arn = "arn:aws:bedrock:us-west-2::foundation-model/" + HAIKU;
    VersionManifest m = withTarget(t -> t.modelId(arn).region(null));
    try (PinnedModelClient client = client(m, backend().build())) {
      client.invoke(NAME);
    }
    assertThat(bedrock.lastRequest().modelId()).isEqualTo(HAIKU);
    assertThat(JSON.readTree(bedrock.lastRequest().body()).path("retrieveAndGenerateConfiguration")
        .path("knowledgeBaseConfiguration").path("modelArn").asText()).isEqualTo(arn);
  }

  @Test
  void systemPromptWithoutSearchResults_isRefusedAtLoadNamingTheField() {
    VersionManifest m = TestSetup.knowledgeBase().toBuilder()
        .prompt(PromptSpec.builder(PromptText.inline("Say hello to {{name}}."))
            .system(PromptText.inline("Be brief.")).variables("name").build())
        .build();
    assertThatThrownBy(() -> client(m, backend().build()))
        .isInstanceOf(ManifestException.class)
        .hasMessageContaining("prompt.system must contain $search_results$");
  }

  @Test
  void conversationHistory_isRefusedBeforeAnythingIsSent() {
    try (PinnedModelClient client = client(TestSetup.knowledgeBase(), backend().build())) {
      assertThatThrownBy(() -> client.invoke(InvocationRequest.builder().variables(NAME)
          .history(List.of(Message.user("Hi"), Message.assistant("Hello"))).build()))
          .isInstanceOf(MvcException.class)
          .hasMessageContaining("InvocationRequest.history must be empty")
          .hasMessageContaining("had 2 messages");
    }
    assertThat(bedrock.requests(BedrockOperation.RETRIEVE_AND_GENERATE)).isEmpty();
  }

  @Test
  void dataSourceReingested_raisesADriftWarningAndStillLoads() {
    bedrock.completedIngestionJob(KB, DS, "JOB0000002");
    List<CheckWarning> warnings = new CopyOnWriteArrayList<>();
    try (PinnedModelClient client = client(TestSetup.knowledgeBase(),
        backend().knowledgeBaseCheck(CheckMode.WARN).checkListener(warnings::add).build())) {
      assertThat(client.invoke(NAME).text()).isNotEmpty();
    }
    assertThat(warnings).singleElement().satisfies(w -> {
      assertThat(w.field()).isEqualTo("model.bedrock.knowledgeBase.dataSourceVersion");
      assertThat(w.pinned()).isEqualTo(JOB);
      assertThat(w.found()).isEqualTo("JOB0000002");
      assertThat(w.message()).contains(KB).contains(DS);
    });
    RecordedBedrockRequest lookup = bedrock.requests(BedrockOperation.LIST_INGESTION_JOBS).get(0);
    assertThat(lookup.path()).isEqualTo("/knowledgebases/" + KB + "/datasources/" + DS + "/ingestionjobs/");
    assertThat(lookup.body()).contains("\"STATUS\"").contains("\"COMPLETE\"").contains("\"STARTED_AT\"")
        .contains("\"DESCENDING\"");
  }

  @Test
  void dataSourceReingestedLater_isDetectedWhenTheNextVersionLoads(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path file = dir.resolve("kb.json");
    java.nio.file.Files.writeString(file, TestSetup.knowledgeBase().toJson());
    List<CheckWarning> warnings = new CopyOnWriteArrayList<>();
    try (PinnedModelClient client = PinnedModelClient.builder()
        .manifest(dev.mvc.ManifestSources.file(file))
        .backend(backend().checkListener(warnings::add).build())
        .build()) {
      assertThat(warnings).isEmpty();
      bedrock.completedIngestionJob(KB, DS, "JOB0000002");
      java.nio.file.Files.writeString(file, TestSetup.knowledgeBase().toBuilder().version("1.0.1").build().toJson());
      assertThat(client.reload()).isTrue();
      assertThat(client.currentManifest().manifest().version()).isEqualTo("1.0.1");
    }
    assertThat(warnings).extracting(CheckWarning::found).containsExactly("JOB0000002");
    assertThat(bedrock.requests(BedrockOperation.LIST_INGESTION_JOBS)).hasSize(2);
  }

  @Test
  void dataSourceReingested_failsTheLoadWhenTheCheckIsFail() {
    bedrock.completedIngestionJob(KB, DS, "JOB0000002");
    assertThatThrownBy(() -> client(TestSetup.knowledgeBase(),
        backend().knowledgeBaseCheck(CheckMode.FAIL).build()))
        .isInstanceOf(ManifestException.class)
        .hasCauseInstanceOf(CheckFailedException.class)
        .hasMessageContaining("model.bedrock.knowledgeBase.dataSourceVersion")
        .hasMessageContaining(JOB)
        .hasMessageContaining("JOB0000002");
    assertThat(bedrock.requests(BedrockOperation.RETRIEVE_AND_GENERATE)).isEmpty();
  }

  @Test
  void ingestionStillRunningOrFailed_isNotADrift() {
    bedrock.ingestionJob(KB, DS, "JOB0000002", "IN_PROGRESS");
    bedrock.ingestionJob(KB, DS, "JOB0000003", "FAILED");
    List<CheckWarning> warnings = new CopyOnWriteArrayList<>();
    try (PinnedModelClient client = client(TestSetup.knowledgeBase(),
        backend().knowledgeBaseCheck(CheckMode.FAIL).checkListener(warnings::add).build())) {
      assertThat(client.currentManifest().manifest().model()).isEqualTo(TestSetup.knowledgeBase().model());
    }
    assertThat(warnings).isEmpty();
  }

  @Test
  void dataSourceThatCannotBeLookedUp_warnsOrFailsAsConfigured() {
    bedrock.reset();
    List<CheckWarning> warnings = new CopyOnWriteArrayList<>();
    try (PinnedModelClient client = client(TestSetup.knowledgeBase(),
        backend().checkListener(warnings::add).build())) {
      assertThat(client.currentManifest()).isNotNull();
    }
    assertThat(warnings).singleElement().satisfies(w -> {
      assertThat(w.found()).isEqualTo("UNKNOWN");
      assertThat(w.message()).contains("could not be looked up").contains("ResourceNotFoundException");
    });
    assertThatThrownBy(() -> client(TestSetup.knowledgeBase(), backend().knowledgeBaseCheck(CheckMode.FAIL).build()))
        .isInstanceOf(ManifestException.class)
        .hasMessageContaining("could not be looked up");
  }

  @Test
  void guard_catchesAnInterceptorThatRewritesTheKnowledgeBaseId() {
    ExecutionInterceptor rogue = new ExecutionInterceptor() {
      @Override
      public java.util.Optional<RequestBody> modifyHttpContent(Context.ModifyHttpRequest context,
          ExecutionAttributes attributes) {
        String body = read(context.requestBody().orElseThrow());
        return java.util.Optional.of(RequestBody.fromString(body.replace(KB, "KBOTHER000")));
      }
    };
    try (BedrockAgentRuntimeClient agentClient = TestSetup.userAgentClient(bedrock)
            .overrideConfiguration(o -> o.addExecutionInterceptor(rogue)).build();
        PinnedModelClient client = client(TestSetup.knowledgeBase(), backend().agentRuntimeClient(agentClient).build())) {
      assertThatThrownBy(() -> client.invoke(NAME))
          .isInstanceOf(PinViolationException.class)
          .hasMessageContaining("body.retrieveAndGenerateConfiguration.knowledgeBaseConfiguration.knowledgeBaseId"
              + " is \"KBOTHER000\", pinned \"" + KB + "\"");
    }
    assertThat(bedrock.requests(BedrockOperation.RETRIEVE_AND_GENERATE)).isEmpty();
  }

  @Test
  void guard_fullComparison_acceptsTheUnmodifiedKnowledgeBaseRequest() {
    ExecutionInterceptor rewrap = new ExecutionInterceptor() {
      @Override
      public java.util.Optional<RequestBody> modifyHttpContent(Context.ModifyHttpRequest context,
          ExecutionAttributes attributes) {
        return java.util.Optional.of(RequestBody.fromString(read(context.requestBody().orElseThrow())));
      }
    };
    try (BedrockAgentRuntimeClient agentClient = TestSetup.userAgentClient(bedrock)
            .overrideConfiguration(o -> o.addExecutionInterceptor(rewrap)).build();
        PinnedModelClient client = client(TestSetup.knowledgeBase(), backend().agentRuntimeClient(agentClient).build())) {
      assertThat(client.invoke(NAME).text()).isNotEmpty();
    }
    assertThat(bedrock.requests(BedrockOperation.RETRIEVE_AND_GENERATE)).hasSize(1);
  }

  private static VersionManifest withRetrieval() {
    Map<String, Object> filter = Map.of("andAll", List.of(
        Map.of("equals", Map.of("key", "team", "value", "support")),
        Map.of("greaterThan", Map.of("key", "year", "value", 2024))));
    return withTarget(t -> t.retrieval(new BedrockTarget.Retrieval(8, "HYBRID",
        new BedrockTarget.Reranking("arn:aws:bedrock:us-west-2::foundation-model/amazon.rerank-v1:0", 4), filter)));
  }

  @Test
  void retrievalSettings_areSentFromThePin_asVectorSearchConfiguration() throws Exception {
    try (PinnedModelClient client = client(withRetrieval(), backend().build())) {
      client.invoke(NAME);
    }
    JsonNode v = JSON.readTree(bedrock.requests(BedrockOperation.RETRIEVE_AND_GENERATE).get(0).body())
        .path("retrieveAndGenerateConfiguration").path("knowledgeBaseConfiguration")
        .path("retrievalConfiguration").path("vectorSearchConfiguration");
    assertThat(v.path("numberOfResults").asInt()).isEqualTo(8);
    assertThat(v.path("overrideSearchType").asText()).isEqualTo("HYBRID");
    assertThat(v.path("filter")).isEqualTo(JSON.readTree("{\"andAll\":[{\"equals\":{\"key\":\"team\",\"value\":"
        + "\"support\"}},{\"greaterThan\":{\"key\":\"year\",\"value\":2024}}]}"));
    assertThat(v.path("rerankingConfiguration")).isEqualTo(JSON.readTree("{\"type\":\"BEDROCK_RERANKING_MODEL\","
        + "\"bedrockRerankingConfiguration\":{\"numberOfRerankedResults\":4,\"modelConfiguration\":{\"modelArn\":"
        + "\"arn:aws:bedrock:us-west-2::foundation-model/amazon.rerank-v1:0\"}}}"));
  }

  @Test
  void guard_catchesAnInterceptorThatRewritesTheNumberOfResults_andPassesTheUntouchedSettings() {
    ExecutionInterceptor rogue = new ExecutionInterceptor() {
      @Override
      public java.util.Optional<RequestBody> modifyHttpContent(Context.ModifyHttpRequest context,
          ExecutionAttributes attributes) {
        String body = read(context.requestBody().orElseThrow());
        return java.util.Optional.of(RequestBody.fromString(body.replace("\"numberOfResults\":8", "\"numberOfResults\":50")));
      }
    };
    ExecutionInterceptor rewrap = new ExecutionInterceptor() {
      @Override
      public java.util.Optional<RequestBody> modifyHttpContent(Context.ModifyHttpRequest context,
          ExecutionAttributes attributes) {
        return java.util.Optional.of(RequestBody.fromString(read(context.requestBody().orElseThrow())));
      }
    };
    try (BedrockAgentRuntimeClient agentClient = TestSetup.userAgentClient(bedrock)
            .overrideConfiguration(o -> o.addExecutionInterceptor(rogue)).build();
        PinnedModelClient client = client(withRetrieval(), backend().agentRuntimeClient(agentClient).build())) {
      assertThatThrownBy(() -> client.invoke(NAME))
          .isInstanceOf(PinViolationException.class)
          .hasMessageContaining("retrievalConfiguration.vectorSearchConfiguration.numberOfResults is 50, pinned 8");
    }
    assertThat(bedrock.requests(BedrockOperation.RETRIEVE_AND_GENERATE)).isEmpty();
    try (BedrockAgentRuntimeClient agentClient = TestSetup.userAgentClient(bedrock)
            .overrideConfiguration(o -> o.addExecutionInterceptor(rewrap)).build();
        PinnedModelClient client = client(withRetrieval(), backend().agentRuntimeClient(agentClient).build())) {
      assertThat(client.invoke(NAME).text()).isNotEmpty();
    }
    assertThat(bedrock.requests(BedrockOperation.RETRIEVE_AND_GENERATE)).hasSize(1);
  }

  private static String read(RequestBody body) {
    try (java.io.InputStream in = body.contentStreamProvider().newStream()) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static VersionManifest withTarget(java.util.function.UnaryOperator<BedrockTarget.Builder> change) {
    VersionManifest m = TestSetup.knowledgeBase();
    return m.toBuilder().model(change.apply(((BedrockTarget) m.model()).toBuilder()).build()).build();
  }

  private static BedrockBackend.Builder backend() {
    return BedrockBackend.builder()
        .endpointOverride(bedrock.endpoint())
        .credentialsProvider(TestSetup.CREDENTIALS)
        .region("us-east-1");
  }

  private static PinnedModelClient client(VersionManifest manifest, BedrockBackend backend) {
    return PinnedModelClient.builder().manifest(manifest).backend(backend).build();
  }
}
