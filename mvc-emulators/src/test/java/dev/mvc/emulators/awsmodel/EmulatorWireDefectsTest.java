package dev.mvc.emulators.awsmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mvc.emulators.bedrock.BedrockEmulator;
import dev.mvc.emulators.bedrock.BedrockErrorType;
import dev.mvc.emulators.bedrock.BedrockOperation;
import dev.mvc.emulators.bedrock.BedrockReply;
import dev.mvc.emulators.sagemaker.SageMakerEmulator;
import dev.mvc.emulators.sagemaker.SageMakerReply;
import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One regression test per wire defect the service-model check found in the emulators. */
class EmulatorWireDefectsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
  private static final String CONVERSE = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"Hi\"}]}]}";
  private static final String AGENT_PATH = "/agents/AGENT12345/agentAliases/TSTALIASID/sessions/s-1/text";

  private static BedrockEmulator bedrock;
  private static SageMakerEmulator sagemaker;
  private static RawHttp bedrockHttp;
  private static RawHttp sagemakerHttp;

  @BeforeAll
  static void start() {
    bedrock = BedrockEmulator.create().start();
    sagemaker = SageMakerEmulator.create().start();
    bedrockHttp = new RawHttp(bedrock.endpoint());
    sagemakerHttp = new RawHttp(sagemaker.endpoint());
  }

  @AfterAll
  static void stop() {
    bedrock.close();
    sagemaker.close();
  }

  @BeforeEach
  void reset() {
    bedrock.reset();
    sagemaker.reset();
  }

  @Test
  void getFoundationModel_modelName_fitsTheTwentyCharacterLimitOfTheBedrockModel() throws IOException {
    JsonNode haiku = json(bedrockHttp.get("/foundation-models/" + HAIKU.replace(":", "%3A")));
    JsonNode sonnet = json(bedrockHttp.get("/foundation-models/anthropic.claude-sonnet-4-5-20250929-v1%3A0"));

    assertThat(haiku.path("modelDetails").path("modelName").asText()).isEqualTo("Claude 3 Haiku");
    assertThat(sonnet.path("modelDetails").path("modelName").asText()).isEqualTo("Claude Sonnet 4 5").hasSizeLessThanOrEqualTo(20);
  }

  @Test
  void invokeAgent_modelNotReady_is424AsBedrockAgentRuntimeModelsIt_whileConverseKeeps429() {
    bedrock.enqueue("AGENT12345", BedrockReply.error(BedrockErrorType.MODEL_NOT_READY));
    bedrock.enqueue(HAIKU, BedrockReply.error(BedrockErrorType.MODEL_NOT_READY));

    WireResponse agent = bedrockHttp.post(AGENT_PATH, "{\"inputText\":\"Hi\"}");
    WireResponse converse = bedrockHttp.post("/model/" + HAIKU.replace(":", "%3A") + "/converse", CONVERSE);

    assertThat(agent.status()).isEqualTo(424);
    assertThat(agent.header("x-amzn-ErrorType")).startsWith("ModelNotReadyException:");
    assertThat(converse.status()).isEqualTo(429);
    assertThat(BedrockErrorType.MODEL_NOT_READY.statusCode(BedrockOperation.INVOKE_AGENT)).isEqualTo(424);
  }

  @Test
  void converseStream_modelNotReadyBeforeTheFirstDelta_isAnHttpErrorBeforeTheStream_notAnUnmodelledFrame() {
    bedrock.enqueue(BedrockReply.builder().deltas("a", "b").failStreamAfter(0, BedrockErrorType.MODEL_NOT_READY).build());

    WireResponse r = bedrockHttp.post("/model/" + HAIKU.replace(":", "%3A") + "/converse-stream", CONVERSE);

    assertThat(r.status()).isEqualTo(429);
    assertThat(r.header("x-amzn-ErrorType")).startsWith("ModelNotReadyException:");
    assertThat(r.header("Content-Type")).isEqualTo("application/json");
  }

  @Test
  void converseStream_accessDeniedAfterADelta_isRefusedNamingTheExceptionsTheStreamModels() {
    bedrock.enqueue(BedrockReply.builder().deltas("a", "b").failStreamAfter(1, BedrockErrorType.ACCESS_DENIED).build());

    WireResponse r = bedrockHttp.post("/model/" + HAIKU.replace(":", "%3A") + "/converse-stream", CONVERSE);

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.header("x-amzn-ErrorType")).startsWith("ValidationException:");
    assertThat(r.bodyText()).contains("ConverseStream event stream does not carry accessDeniedException")
        .contains("internalServerException").contains("modelStreamErrorException").contains("validationException")
        .contains("throttlingException").contains("serviceUnavailableException");
  }

  @Test
  void invokeModelWithResponseStream_and_invokeAgent_sendOnlyExceptionFramesTheirStreamsModel() {
    bedrock.enqueue(BedrockReply.builder().deltas("a", "b").failStreamAfter(1, BedrockErrorType.MODEL_TIMEOUT).build());
    bedrock.enqueue("AGENT12345", BedrockReply.builder().deltas("a", "b").failStreamAfter(1, BedrockErrorType.MODEL_TIMEOUT).build());

    WireResponse invoke = bedrockHttp.post("/model/" + HAIKU.replace(":", "%3A") + "/invoke-with-response-stream",
        "{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":8,\"messages\":[]}");
    WireResponse agent = bedrockHttp.post(AGENT_PATH, "{\"inputText\":\"Hi\"}");

    List<String> invokeFrames = EventStreamFrames.decode(invoke.body()).stream()
        .map(f -> f.header(":message-type") + ":" + f.header(":event-type") + f.header(":exception-type"))
        .collect(Collectors.toList());
    assertThat(invokeFrames).endsWith("exception:modelTimeoutException");
    assertThat(agent.status()).isEqualTo(400);
    assertThat(agent.bodyText()).contains("InvokeAgent event stream does not carry modelTimeoutException");
  }

  @Test
  void failStreamAfter_aTypeNoBedrockStreamCarries_isRefusedByTheScriptingApi() {
    assertThatThrownBy(() -> BedrockReply.builder().deltas("a", "b").failStreamAfter(1, BedrockErrorType.MODEL_ERROR))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no Bedrock event stream carries modelErrorException")
        .hasMessageContaining("fail before the first delta (0)");
  }

  @Test
  void agentOperations_answerBedrockAgentRuntimesOwnErrors_andRefuseRuntimeOnlyOnes() {
    bedrock.enqueue("AGENT12345", BedrockReply.error(BedrockErrorType.BAD_GATEWAY),
        BedrockReply.error(BedrockErrorType.DEPENDENCY_FAILED), BedrockReply.error(BedrockErrorType.SERVICE_UNAVAILABLE));

    WireResponse badGateway = bedrockHttp.post(AGENT_PATH, "{\"inputText\":\"Hi\"}");
    WireResponse dependency = bedrockHttp.post(AGENT_PATH, "{\"inputText\":\"Hi\"}");
    WireResponse unavailable = bedrockHttp.post(AGENT_PATH, "{\"inputText\":\"Hi\"}");

    assertThat(badGateway.status()).isEqualTo(502);
    assertThat(dependency.status()).isEqualTo(424);
    assertThat(dependency.header("x-amzn-ErrorType")).startsWith("DependencyFailedException:");
    assertThat(unavailable.status()).isEqualTo(400);
    assertThat(unavailable.bodyText()).contains("InvokeAgent does not return ServiceUnavailableException");
    assertThat(BedrockOperation.RETRIEVE_AND_GENERATE.errors())
        .doesNotContain(BedrockErrorType.MODEL_NOT_READY, BedrockErrorType.SERVICE_UNAVAILABLE, BedrockErrorType.MODEL_ERROR)
        .contains(BedrockErrorType.CONFLICT, BedrockErrorType.BAD_GATEWAY, BedrockErrorType.DEPENDENCY_FAILED);
  }

  @Test
  void listIngestionJobs_pagesWithMaxResultsAndNextToken() throws IOException {
    for (int i = 1; i <= 5; i++) {
      bedrock.completedIngestionJob("KB12345678", "DS12345678", "JOB000000" + i);
    }
    String path = "/knowledgebases/KB12345678/datasources/DS12345678/ingestionjobs/";

    JsonNode first = json(bedrockHttp.post(path, "{\"maxResults\":2}"));
    JsonNode second = json(bedrockHttp.post(path, "{\"maxResults\":2,\"nextToken\":\"" + first.path("nextToken").asText() + "\"}"));
    JsonNode last = json(bedrockHttp.post(path, "{\"maxResults\":2,\"nextToken\":\"" + second.path("nextToken").asText() + "\"}"));
    WireResponse forged = bedrockHttp.post(path, "{\"nextToken\":\"not-ours\"}");

    assertThat(ids(first)).containsExactly("JOB0000001", "JOB0000002");
    assertThat(ids(second)).containsExactly("JOB0000003", "JOB0000004");
    assertThat(ids(last)).containsExactly("JOB0000005");
    assertThat(last.has("nextToken")).isFalse();
    assertThat(forged.status()).isEqualTo(400);
  }

  @Test
  void agentAlias_withMoreThanOneVersion_isRefusedBecauseAnAliasRoutesToOneVersion() {
    assertThatThrownBy(() -> bedrock.agentAlias("AGENT12345", "PRODALIAS1", "3", "4"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exactly one version").hasMessageContaining("[3, 4]");
  }

  @Test
  void describeModelPackageGroup_reportsTheRequiredCreatedBy() throws IOException {
    control("CreateModelPackageGroup", "{\"ModelPackageGroupName\":\"support-llm\"}");

    JsonNode group = json(control("DescribeModelPackageGroup", "{\"ModelPackageGroupName\":\"support-llm\"}"));

    assertThat(group.path("CreatedBy").path("IamIdentity").path("Arn").asText())
        .isEqualTo("arn:aws:sts::123456789012:assumed-role/mvc-emulator/session");
  }

  @Test
  void describeEndpoint_whileCreating_namesTheEndpointConfigBeingDeployed() throws IOException {
    control("CreateModel", "{\"ModelName\":\"m\",\"PrimaryContainer\":{\"Image\":\"img:1\"}}");
    control("CreateEndpointConfig", "{\"EndpointConfigName\":\"m-config\",\"ProductionVariants\":[{\"VariantName\":"
        + "\"AllTraffic\",\"ModelName\":\"m\",\"InstanceType\":\"ml.g5.xlarge\",\"InitialInstanceCount\":1}]}");
    control("CreateEndpoint", "{\"EndpointName\":\"e\",\"EndpointConfigName\":\"m-config\"}");

    JsonNode creating = json(control("DescribeEndpoint", "{\"EndpointName\":\"e\"}"));

    assertThat(creating.path("EndpointStatus").asText()).isEqualTo("Creating");
    assertThat(creating.path("EndpointConfigName").asText()).isEqualTo("m-config");
    assertThat(creating.has("ProductionVariants")).as("variants (a list of at least one) only once in service").isFalse();
  }

  @Test
  void invokeEndpointWithResponseStream_modelNotReady_isRefusedAsTheStreamDoesNotDeclareIt() {
    sagemaker.enqueue(SageMakerReply.modelNotReady(), SageMakerReply.modelNotReady());

    WireResponse stream = sagemakerHttp.post("/endpoints/e/invocations-response-stream", "{\"inputs\":\"Hi\"}");
    WireResponse plain = sagemakerHttp.post("/endpoints/e/invocations", "{\"inputs\":\"Hi\"}");

    assertThat(stream.status()).isEqualTo(400);
    assertThat(stream.bodyText()).contains("InvokeEndpointWithResponseStream does not return ModelNotReadyException");
    assertThat(plain.status()).isEqualTo(429);
  }

  private static WireResponse control(String operation, String body) {
    return sagemakerHttp.post("/", body, "Content-Type", "application/x-amz-json-1.1", "X-Amz-Target", "SageMaker." + operation);
  }

  private static List<String> ids(JsonNode page) {
    return page.path("ingestionJobSummaries").findValuesAsText("ingestionJobId");
  }

  private static JsonNode json(WireResponse response) throws IOException {
    assertThat(response.status()).as(response.bodyText()).isEqualTo(200);
    return JSON.readTree(response.body());
  }
}
