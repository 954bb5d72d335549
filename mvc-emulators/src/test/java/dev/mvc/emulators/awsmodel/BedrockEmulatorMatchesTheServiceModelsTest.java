package dev.mvc.emulators.awsmodel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mvc.emulators.bedrock.BedrockEmulator;
import dev.mvc.emulators.bedrock.BedrockErrorType;
import dev.mvc.emulators.bedrock.BedrockModelLifecycle;
import dev.mvc.emulators.bedrock.BedrockOperation;
import dev.mvc.emulators.bedrock.BedrockReply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every reply the Bedrock emulator can be scripted to send, for every operation it answers,
 * read off the wire and checked against the official AWS service models: a client generated
 * from those models (in any language) must accept each of them.
 */
class BedrockEmulatorMatchesTheServiceModelsTest {

  private static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
  private static final String AGENT = "AGENT12345";
  private static final String KB = "KB12345678";
  private static final String DS = "DS12345678";
  private static final List<String> MODEL_IDS = List.of(HAIKU, "anthropic.claude-sonnet-4-5-20250929-v1:0",
      "amazon.titan-text-express-v1", "meta.llama3-70b-instruct-v1:0", "mistral.mistral-large-2407-v1:0",
      "cohere.command-r-plus-v1:0", "anthropic.claude-3-5-sonnet-20241022-v2:0");
  private static final Map<BedrockOperation, WireShapeValidator> VALIDATORS = Map.of(
      BedrockOperation.CONVERSE, runtime(), BedrockOperation.CONVERSE_STREAM, runtime(),
      BedrockOperation.INVOKE_MODEL, runtime(), BedrockOperation.INVOKE_MODEL_WITH_RESPONSE_STREAM, runtime(),
      BedrockOperation.GET_FOUNDATION_MODEL, new WireShapeValidator(AwsServiceModel.load("bedrock/2023-04-20")),
      BedrockOperation.RETRIEVE_AND_GENERATE, agentRuntime(), BedrockOperation.INVOKE_AGENT, agentRuntime(),
      BedrockOperation.LIST_INGESTION_JOBS, agent(), BedrockOperation.GET_AGENT_ALIAS, agent());

  private static WireShapeValidator runtimeValidator;
  private static WireShapeValidator agentRuntimeValidator;
  private static WireShapeValidator agentValidator;
  private static BedrockEmulator bedrock;
  private static RawHttp http;

  @BeforeAll
  static void start() {
    bedrock = BedrockEmulator.create().start();
    http = new RawHttp(bedrock.endpoint());
  }

  @AfterAll
  static void stop() {
    bedrock.close();
  }

  @BeforeEach
  void reset() {
    bedrock.reset();
  }

  @ParameterizedTest
  @EnumSource(value = BedrockOperation.class, names = {"CONVERSE", "CONVERSE_STREAM", "INVOKE_MODEL",
      "INVOKE_MODEL_WITH_RESPONSE_STREAM", "RETRIEVE_AND_GENERATE", "INVOKE_AGENT"})
  void everyScriptableReply_ofARuntimeOperation_isOneTheServiceModelAllows(BedrockOperation operation) {
    List<String> violations = new ArrayList<>();
    int checked = 0;
    for (BedrockReply reply : scriptableReplies(operation)) {
      bedrock.enqueue(keyOf(operation), reply);
      WireResponse response = call(operation);
      List<String> found = VALIDATORS.get(operation).validate(operationName(operation), response);
      found.forEach(v -> violations.add(v + "   <- scripted " + reply));
      checked++;
    }
    assertThat(checked).isGreaterThan(20);
    assertThat(violations).as("replies that differ from the service model").isEmpty();
  }

  @Test
  void getFoundationModel_forEveryLifecycleAndUnknownModels_isWhatTheBedrockModelAllows() {
    List<String> violations = new ArrayList<>();
    WireShapeValidator validator = VALIDATORS.get(BedrockOperation.GET_FOUNDATION_MODEL);
    for (String modelId : MODEL_IDS) {
      for (BedrockModelLifecycle lifecycle : BedrockModelLifecycle.values()) {
        bedrock.foundationModel(modelId, lifecycle);
        violations.addAll(validator.validate("GetFoundationModel", getFoundationModel(modelId)));
      }
      bedrock.foundationModel(modelId, BedrockModelLifecycle.LEGACY, java.time.Instant.parse("2026-06-01T00:00:00Z"),
          java.time.Instant.parse("2026-09-01T00:00:00Z"), java.time.Instant.parse("2027-01-01T00:00:00Z"));
      WireResponse dated = getFoundationModel(modelId);
      assertThat(new String(dated.body(), java.nio.charset.StandardCharsets.UTF_8)).contains("\"endOfLifeTime\":\"2027-01-01T00:00:00Z\"");
      violations.addAll(validator.validate("GetFoundationModel", dated));
      bedrock.unknownFoundationModel(modelId);
      WireResponse notFound = getFoundationModel(modelId);
      assertThat(notFound.status()).isEqualTo(404);
      violations.addAll(validator.validate("GetFoundationModel", notFound));
    }
    assertThat(violations).isEmpty();
  }

  @Test
  void listIngestionJobs_everyPageFilterOrderAndUnknownDataSource_isWhatTheAgentModelAllows() {
    for (int i = 1; i <= 5; i++) {
      bedrock.ingestionJob(KB, DS, "JOB000000" + i, i == 3 ? "FAILED" : i == 5 ? "IN_PROGRESS" : "COMPLETE");
    }
    List<String> violations = new ArrayList<>();
    WireShapeValidator validator = VALIDATORS.get(BedrockOperation.LIST_INGESTION_JOBS);
    for (String body : List.of("{}", "{\"maxResults\":2}",
        "{\"maxResults\":1,\"sortBy\":{\"attribute\":\"STARTED_AT\",\"order\":\"DESCENDING\"}}",
        "{\"filters\":[{\"attribute\":\"STATUS\",\"operator\":\"EQ\",\"values\":[\"COMPLETE\"]}],\"maxResults\":1}")) {
      WireResponse page = http.post(ingestionJobsPath(KB, DS), body);
      violations.addAll(validator.validate("ListIngestionJobs", page));
    }
    violations.addAll(validator.validate("ListIngestionJobs", http.post(ingestionJobsPath(KB, "DSUNKNOWN1"), "{}")));
    assertThat(violations).isEmpty();
  }

  @Test
  void getAgentAlias_scriptedTestAndUnknownAliases_areWhatTheAgentModelAllows() {
    bedrock.agentAlias(AGENT, "PRODALIAS1", "3");
    bedrock.agentAlias(AGENT, "CANARYALIA", "DRAFT");
    List<String> violations = new ArrayList<>();
    WireShapeValidator validator = VALIDATORS.get(BedrockOperation.GET_AGENT_ALIAS);
    for (String alias : List.of("PRODALIAS1", "CANARYALIA", "TSTALIASID", "UNKNOWNALI")) {
      violations.addAll(validator.validate("GetAgentAlias", http.get("/agents/" + AGENT + "/agentaliases/" + alias + "/")));
    }
    assertThat(violations).isEmpty();
  }

  @Test
  void getAgentVersionAndItsActionGroups_scriptedPagedAndUnknown_areWhatTheAgentModelAllows() {
    String[] groups = new String[12];
    for (int i = 0; i < groups.length; i++) {
      groups[i] = "{\"actionGroupName\":\"tools-" + i + "\",\"description\":\"Order tools\","
          + "\"actionGroupExecutor\":{\"customControl\":\"RETURN_CONTROL\"},"
          + "\"functionSchema\":{\"functions\":[{\"name\":\"get_order_status\",\"description\":\"Status\","
          + "\"parameters\":{\"order_id\":{\"type\":\"string\",\"description\":\"Order\",\"required\":true}},"
          + "\"requireConfirmation\":\"DISABLED\"}]}}";
    }
    groups[11] = "{\"actionGroupName\":\"user-input\",\"parentActionSignature\":\"AMAZON.UserInput\","
        + "\"actionGroupState\":\"DISABLED\"}";
    bedrock.agentVersion(AGENT, "3", HAIKU, "You help customers with product questions about their orders.", groups);
    List<String> violations = new ArrayList<>();
    WireShapeValidator validator = agent();
    String version = "/agents/" + AGENT + "/agentversions/3/";
    violations.addAll(validator.validate("GetAgentVersion", http.get(version)));
    violations.addAll(validator.validate("GetAgentVersion", http.get("/agents/" + AGENT + "/agentversions/9/")));
    WireResponse first = http.post(version + "actiongroups/", "{}");
    assertThat(new String(first.body(), java.nio.charset.StandardCharsets.UTF_8)).contains("\"nextToken\":\"page-10\"");
    violations.addAll(validator.validate("ListAgentActionGroups", first));
    violations.addAll(validator.validate("ListAgentActionGroups",
        http.post(version + "actiongroups/", "{\"maxResults\":5,\"nextToken\":\"page-10\"}")));
    violations.addAll(validator.validate("GetAgentActionGroup", http.get(version + "actiongroups/AG00000001/")));
    violations.addAll(validator.validate("GetAgentActionGroup", http.get(version + "actiongroups/AG00000012/")));
    violations.addAll(validator.validate("GetAgentActionGroup", http.get(version + "actiongroups/NOSUCHGRP1/")));
    assertThat(violations).isEmpty();
  }

  @Test
  void getInferenceProfileThroughputCustomAndImportedModel_scriptedAndUnknown_areWhatTheBedrockModelAllows() {
    String account = "arn:aws:bedrock:us-east-1:123456789012:";
    String sonnet = "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0";
    String titan = "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-express-v1:0:8k";
    String profile = account + "application-inference-profile/abc123def456";
    String custom = account + "custom-model/amazon.titan-text-express-v1:0:8k/q3w8e5r2t6y1";
    String throughput = account + "provisioned-model/pt4x9q2w7e1r";
    String imported = account + "imported-model/i3m9p2o7r4t8";
    bedrock.applicationInferenceProfile(profile, sonnet,
        "arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0");
    bedrock.inferenceProfile(account + "inference-profile/us.anthropic.claude-sonnet-4-5-20250929-v1:0", "SYSTEM_DEFINED", sonnet);
    bedrock.provisionedThroughput(throughput, custom, "InService");
    bedrock.provisionedThroughput(account + "provisioned-model/pt0000000002", sonnet, "Creating");
    bedrock.customModel(custom, titan,
        account + "model-customization-job/amazon.titan-text-express-v1:0:8k/j7k2l9m4n1p5");
    bedrock.importedModel(imported, "s3://ml-models/llama-ft/2026-10-01/");
    WireShapeValidator validator = VALIDATORS.get(BedrockOperation.GET_FOUNDATION_MODEL);
    Map<String, List<String>> calls = Map.of(
        "GetInferenceProfile", List.of("/inference-profiles/" + enc(profile), "/inference-profiles/abc123def456",
            "/inference-profiles/" + enc("us.anthropic.claude-sonnet-4-5-20250929-v1:0"),
            "/inference-profiles/unknown1"),
        "GetProvisionedModelThroughput", List.of("/provisioned-model-throughput/" + enc(throughput),
            "/provisioned-model-throughput/pt0000000002", "/provisioned-model-throughput/unknown"),
        "GetCustomModel", List.of("/custom-models/" + enc(custom), "/custom-models/unknown"),
        "GetImportedModel", List.of("/imported-models/" + enc(imported), "/imported-models/i3m9p2o7r4t8",
            "/imported-models/unknown"));
    List<String> violations = new ArrayList<>();
    int found = 0;
    for (Map.Entry<String, List<String>> op : calls.entrySet()) {
      for (String path : op.getValue()) {
        WireResponse response = http.get(path);
        assertThat(response.status()).as("%s %s", op.getKey(), path).isEqualTo(path.contains("unknown") ? 404 : 200);
        found += response.status() == 200 ? 1 : 0;
        validator.validate(op.getKey(), response).forEach(v -> violations.add(v + "   <- " + path));
      }
    }
    assertThat(found).isEqualTo(8);
    assertThat(violations).isEmpty();
  }

  @Test
  void getUpdateAndVersionAPrompt_andConverseThroughIt_areWhatTheAgentAndRuntimeModelsAllow() {
    String prompt = "arn:aws:bedrock:us-east-1:123456789012:prompt/PROMPT1234";
    String variant = "{\"name\":\"main\",\"templateType\":\"TEXT\",\"modelId\":\"" + HAIKU + "\","
        + "\"templateConfiguration\":{\"text\":{\"text\":\"Answer: {{question}}\","
        + "\"inputVariables\":[{\"name\":\"question\"}]}},"
        + "\"inferenceConfiguration\":{\"text\":{\"temperature\":0.2,\"maxTokens\":512,\"stopSequences\":[\"END\"]}},"
        + "\"additionalModelRequestFields\":{\"top_k\":50}}";
    bedrock.promptDraft(prompt, "support", variant);
    bedrock.promptVersion(prompt, 3, "support", variant);
    List<String> violations = new ArrayList<>();
    WireShapeValidator agentModel = agent();
    for (String path : List.of("/prompts/PROMPT1234/", "/prompts/PROMPT1234/?promptVersion=3",
        "/prompts/" + enc(prompt) + "/?promptVersion=3", "/prompts/PROMPT1234/?promptVersion=9",
        "/prompts/UNKNOWN123/")) {
      violations.addAll(agentModel.validate("GetPrompt", http.get(path)));
    }
    String update = "{\"name\":\"support\",\"defaultVariant\":\"main\",\"variants\":[" + variant + "]}";
    WireResponse updated = http.put("/prompts/PROMPT1234/", update);
    assertThat(updated.status()).isEqualTo(200);
    violations.addAll(agentModel.validate("UpdatePrompt", updated));
    violations.addAll(agentModel.validate("UpdatePrompt", http.put("/prompts/PROMPT1234/", "{\"name\":\"bad name!\"}")));
    String token = "{\"clientToken\":\"" + "a1".repeat(32) + "\"}";
    WireResponse created = http.post("/prompts/PROMPT1234/versions", token);
    assertThat(created.status()).isEqualTo(201);
    assertThat(new String(created.body(), java.nio.charset.StandardCharsets.UTF_8)).contains("\"version\":\"4\"");
    WireResponse again = http.post("/prompts/PROMPT1234/versions", token);
    assertThat(new String(again.body(), java.nio.charset.StandardCharsets.UTF_8)).contains("\"version\":\"4\"");
    violations.addAll(agentModel.validate("CreatePromptVersion", created));
    violations.addAll(agentModel.validate("CreatePromptVersion", again));
    violations.addAll(agentModel.validate("CreatePromptVersion", http.post("/prompts/PROMPT1234/versions",
        "{\"clientToken\":\"short\"}")));
    WireShapeValidator runtimeModel = runtime();
    String converse = "/model/" + enc(prompt + ":3") + "/converse";
    WireResponse answered = http.post(converse, "{\"promptVariables\":{\"question\":{\"text\":\"Why?\"}}}");
    assertThat(new String(answered.body(), java.nio.charset.StandardCharsets.UTF_8)).contains("Answer: Why?");
    violations.addAll(runtimeModel.validate("Converse", answered));
    WireResponse refused = http.post(converse, "{\"promptVariables\":{\"question\":{\"text\":\"Why?\"}},"
        + "\"inferenceConfig\":{\"temperature\":0.9}}");
    assertThat(refused.status()).isEqualTo(400);
    violations.addAll(runtimeModel.validate("Converse", refused));
    WireResponse unknown = http.post("/model/" + enc(prompt + ":77") + "/converse", "{}");
    assertThat(unknown.status()).isEqualTo(404);
    violations.addAll(runtimeModel.validate("Converse", unknown));
    assertThat(violations).isEmpty();
  }

  private static String enc(String identifier) {
    return java.net.URLEncoder.encode(identifier, java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Every kind of reply the typed scripting API offers, applied to one operation. */
  private static List<BedrockReply> scriptableReplies(BedrockOperation operation) {
    List<BedrockReply> replies = new ArrayList<>();
    replies.add(BedrockReply.text("Hello"));
    replies.add(BedrockReply.builder().text("Refunds take 5 days.").citation("5 days", "s3://kb/refunds.pdf",
        "https://example.com/faq").build());
    replies.add(BedrockReply.builder().deltas("Your order ", "ships today.").usage(0, 0).latencyMs(0).build());
    for (String stop : List.of("end_turn", "max_tokens", "stop_sequence")) {
      replies.add(BedrockReply.builder().text("Stopped.").stopReason(stop).build());
    }
    replies.add(BedrockReply.builder().text("Hi").requestId("req-fixed-1").build());
    // Tool use, prompt-cache usage and reasoning, alone and together, in every operation's shape.
    replies.add(BedrockReply.builder().text("").toolUse("tu-1", "get_weather", "{\"city\":\"Paris\"}").build());
    replies.add(BedrockReply.builder().text("Let me check.").toolUse("tu-1", "get_weather", "{\"city\":\"Paris\"}")
        .toolUse("tu-2", "get_time", "{\"zone\":\"CET\",\"precise\":true,\"n\":[1,2.5]}").build());
    replies.add(BedrockReply.builder().text("Cached.").cacheUsage(1024, 0).build());
    replies.add(BedrockReply.builder().text("Written.").cacheUsage(0, 2048).build());
    replies.add(BedrockReply.builder().text("42.").reasoning("Six times seven.", "sig-abc").build());
    replies.add(BedrockReply.builder().text("42.").reasoning("Unsigned thought.", null)
        .toolUse("tu-3", "calc", "{\"expr\":\"6*7\"}").cacheUsage(10, 20).build());
    replies.add(BedrockReply.builder().text("").reasoning("Signed thought.", "sig-def")
        .redactedReasoning(new byte[] {1, 2, 3, (byte) 0xff}).toolUse("tu-4", "calc", "{\"expr\":\"1\"}").build());
    for (BedrockErrorType type : BedrockErrorType.values()) {
      replies.add(BedrockReply.error(type));
      replies.add(BedrockReply.error(type, "scripted " + type));
    }
    if (operation.streaming()) {
      for (BedrockErrorType type : BedrockErrorType.values()) {
        for (int after = 0; after <= 2; after++) {
          try {
            replies.add(BedrockReply.builder().deltas("a", "b").failStreamAfter(after, type).build());
          } catch (IllegalArgumentException refusedByTheScriptingApi) {
            assertThat(refusedByTheScriptingApi).hasMessageContaining(type.streamExceptionTypeName());
          }
        }
      }
    }
    return replies;
  }

  private static String keyOf(BedrockOperation operation) {
    return operation == BedrockOperation.INVOKE_AGENT ? AGENT : HAIKU;
  }

  private static WireResponse call(BedrockOperation operation) {
    String model = "/model/" + HAIKU.replace(":", "%3A");
    String anthropic = "{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":64,"
        + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Hi\"}]}]}";
    String converse = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"Hi\"}]}]}";
    switch (operation) {
      case CONVERSE:
        return http.post(model + "/converse", converse);
      case CONVERSE_STREAM:
        return http.post(model + "/converse-stream", converse);
      case INVOKE_MODEL:
        return http.post(model + "/invoke", anthropic);
      case INVOKE_MODEL_WITH_RESPONSE_STREAM:
        return http.post(model + "/invoke-with-response-stream", anthropic);
      case RETRIEVE_AND_GENERATE:
        return http.post("/retrieveAndGenerate", "{\"input\":{\"text\":\"How long?\"},"
            + "\"retrieveAndGenerateConfiguration\":{\"type\":\"KNOWLEDGE_BASE\",\"knowledgeBaseConfiguration\":"
            + "{\"knowledgeBaseId\":\"" + KB + "\",\"modelArn\":\"arn:aws:bedrock:us-east-1::foundation-model/"
            + HAIKU + "\"}}}");
      case INVOKE_AGENT:
        return http.post("/agents/" + AGENT + "/agentAliases/TSTALIASID/sessions/session-1/text",
            "{\"inputText\":\"Where is my order?\"}");
      default:
        throw new IllegalArgumentException("not a runtime operation: " + operation);
    }
  }

  private static WireResponse getFoundationModel(String modelId) {
    return http.get("/foundation-models/" + modelId.replace(":", "%3A"));
  }

  private static String ingestionJobsPath(String kb, String ds) {
    return "/knowledgebases/" + kb + "/datasources/" + ds + "/ingestionjobs/";
  }

  private static String operationName(BedrockOperation operation) {
    switch (operation) {
      case CONVERSE:
        return "Converse";
      case CONVERSE_STREAM:
        return "ConverseStream";
      case INVOKE_MODEL:
        return "InvokeModel";
      case INVOKE_MODEL_WITH_RESPONSE_STREAM:
        return "InvokeModelWithResponseStream";
      case RETRIEVE_AND_GENERATE:
        return "RetrieveAndGenerate";
      case INVOKE_AGENT:
        return "InvokeAgent";
      default:
        throw new IllegalArgumentException(operation.name());
    }
  }

  private static synchronized WireShapeValidator runtime() {
    if (runtimeValidator == null) {
      runtimeValidator = new WireShapeValidator(AwsServiceModel.load("bedrock-runtime/2023-09-30"));
    }
    return runtimeValidator;
  }

  private static synchronized WireShapeValidator agentRuntime() {
    if (agentRuntimeValidator == null) {
      agentRuntimeValidator = new WireShapeValidator(AwsServiceModel.load("bedrock-agent-runtime/2023-07-26"));
    }
    return agentRuntimeValidator;
  }

  private static synchronized WireShapeValidator agent() {
    if (agentValidator == null) {
      agentValidator = new WireShapeValidator(AwsServiceModel.load("bedrock-agent/2023-06-05"));
    }
    return agentValidator;
  }
}
