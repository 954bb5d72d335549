package dev.mvc.emulators.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.bedrockagent.BedrockAgentClient;
import software.amazon.awssdk.services.bedrockagent.model.AgentAlias;
import software.amazon.awssdk.services.bedrockagent.model.IngestionJobFilterAttribute;
import software.amazon.awssdk.services.bedrockagent.model.IngestionJobFilterOperator;
import software.amazon.awssdk.services.bedrockagent.model.IngestionJobSortByAttribute;
import software.amazon.awssdk.services.bedrockagent.model.IngestionJobSummary;
import software.amazon.awssdk.services.bedrockagent.model.SortOrder;
import software.amazon.awssdk.services.bedrockagentruntime.BedrockAgentRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockagentruntime.BedrockAgentRuntimeClient;
import software.amazon.awssdk.services.bedrockagentruntime.model.Citation;
import software.amazon.awssdk.services.bedrockagentruntime.model.InvokeAgentResponseHandler;
import software.amazon.awssdk.services.bedrockagentruntime.model.PayloadPart;
import software.amazon.awssdk.services.bedrockagentruntime.model.RetrieveAndGenerateResponse;
import software.amazon.awssdk.services.bedrockagentruntime.model.RetrieveAndGenerateType;
import software.amazon.awssdk.services.bedrockagentruntime.model.ThrottlingException;
import software.amazon.awssdk.services.bedrockagentruntime.model.ValidationException;

/** The Agents for Bedrock operations of the emulator, read back by the real AWS SDK. */
class BedrockEmulatorAgentsTest {

  private static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
  private static BedrockEmulator bedrock;
  private static BedrockAgentRuntimeClient runtime;
  private static BedrockAgentRuntimeAsyncClient asyncRuntime;
  private static BedrockAgentClient control;

  @BeforeAll
  static void startEmulator() {
    bedrock = BedrockEmulator.create().start();
    runtime = SdkClients.agentRuntime(bedrock.endpoint());
    asyncRuntime = SdkClients.agentRuntimeAsync(bedrock.endpoint());
    control = SdkClients.agentControl(bedrock.endpoint());
  }

  @AfterAll
  static void stopEmulator() {
    runtime.close();
    asyncRuntime.close();
    control.close();
    bedrock.close();
  }

  @BeforeEach
  void reset() {
    bedrock.reset();
  }

  @Test
  void retrieveAndGenerate_answersWithTextCitationsAndTheRequestedSession() {
    bedrock.enqueue(HAIKU, BedrockReply.builder().text("Refunds take 5 days.")
        .citation("5 days", "s3://kb/refunds.pdf", "https://example.com/faq").build());
    RetrieveAndGenerateResponse r = runtime.retrieveAndGenerate(b -> b
        .input(i -> i.text("How long?"))
        .sessionId("kb-session-1")
        .retrieveAndGenerateConfiguration(c -> c.type(RetrieveAndGenerateType.KNOWLEDGE_BASE)
            .knowledgeBaseConfiguration(k -> k.knowledgeBaseId("KB12345678")
                .modelArn("arn:aws:bedrock:us-east-1::foundation-model/" + HAIKU))));
    assertThat(r.output().text()).isEqualTo("Refunds take 5 days.");
    assertThat(r.sessionId()).isEqualTo("kb-session-1");
    Citation c = r.citations().get(0);
    assertThat(c.generatedResponsePart().textResponsePart().text()).isEqualTo("5 days");
    assertThat(c.generatedResponsePart().textResponsePart().span().start()).isEqualTo(13);
    assertThat(c.generatedResponsePart().textResponsePart().span().end()).isEqualTo(18);
    assertThat(c.retrievedReferences().get(0).location().s3Location().uri()).isEqualTo("s3://kb/refunds.pdf");
    assertThat(c.retrievedReferences().get(1).location().webLocation().url()).isEqualTo("https://example.com/faq");
    RecordedBedrockRequest sent = bedrock.lastRequest();
    assertThat(sent.operation()).isEqualTo(BedrockOperation.RETRIEVE_AND_GENERATE);
    assertThat(sent.modelId()).isEqualTo(HAIKU);
    assertThat(bedrock.pendingReplies()).isZero();
  }

  @Test
  void retrieveAndGenerateWithoutAModelArn_isAValidationExceptionThatConsumesNoReply() {
    bedrock.enqueue(BedrockReply.text("unused"));
    assertThatThrownBy(() -> runtime.retrieveAndGenerate(b -> b
        .input(i -> i.text("How long?"))
        .retrieveAndGenerateConfiguration(c -> c.type(RetrieveAndGenerateType.KNOWLEDGE_BASE)
            .knowledgeBaseConfiguration(k -> k.knowledgeBaseId("KB12345678")))))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("modelArn");
    assertThat(bedrock.pendingReplies()).isEqualTo(1);
  }

  @Test
  void invokeAgent_streamsChunksWithTheAttributionOnTheLastOne() throws Exception {
    bedrock.enqueue("AGENT12345", BedrockReply.builder().deltas("Ships ", "today.")
        .citation("today", "s3://kb/shipping.pdf").build());
    List<PayloadPart> chunks = new CopyOnWriteArrayList<>();
    List<String> sessions = new CopyOnWriteArrayList<>();
    asyncRuntime.invokeAgent(b -> b.agentId("AGENT12345").agentAliasId("PRODALIAS1").sessionId("s-1").inputText("Where?"),
        InvokeAgentResponseHandler.builder()
            .onResponse(r -> sessions.add(r.sessionId()))
            .subscriber(InvokeAgentResponseHandler.Visitor.builder().onChunk(chunks::add).build())
            .build()).get(30, TimeUnit.SECONDS);
    assertThat(chunks).extracting(p -> p.bytes().asUtf8String()).containsExactly("Ships ", "today.");
    assertThat(chunks.get(0).attribution()).isNull();
    assertThat(chunks.get(1).attribution().citations().get(0).retrievedReferences().get(0).location().s3Location().uri())
        .isEqualTo("s3://kb/shipping.pdf");
    assertThat(sessions).containsExactly("s-1");
    assertThat(bedrock.lastRequest().path()).isEqualTo("/agents/AGENT12345/agentAliases/PRODALIAS1/sessions/s-1/text");
    assertThat(bedrock.lastRequest().body()).isEqualTo("{\"inputText\":\"Where?\"}");
  }

  @Test
  void invokeAgent_endsWithAnExceptionFrameAfterTheScriptedChunks() {
    bedrock.enqueue("AGENT12345", BedrockReply.builder().deltas("a", "b").failStreamAfter(1, BedrockErrorType.THROTTLING).build());
    List<String> texts = new CopyOnWriteArrayList<>();
    assertThatThrownBy(() -> asyncRuntime.invokeAgent(
            b -> b.agentId("AGENT12345").agentAliasId("PRODALIAS1").sessionId("s-1").inputText("Where?"),
            InvokeAgentResponseHandler.builder()
                .subscriber(InvokeAgentResponseHandler.Visitor.builder()
                    .onChunk(p -> texts.add(p.bytes().asUtf8String())).build())
                .build()).join())
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(ThrottlingException.class);
    assertThat(texts).containsExactly("a");
  }

  @Test
  void listIngestionJobs_honoursTheStatusFilterTheOrderAndMaxResults() {
    bedrock.completedIngestionJob("KB12345678", "DS12345678", "JOB1")
        .ingestionJob("KB12345678", "DS12345678", "JOB2", "FAILED")
        .completedIngestionJob("KB12345678", "DS12345678", "JOB3")
        .ingestionJob("KB12345678", "DS12345678", "JOB4", "IN_PROGRESS");
    List<IngestionJobSummary> latest = control.listIngestionJobs(b -> b.knowledgeBaseId("KB12345678").dataSourceId("DS12345678")
        .filters(f -> f.attribute(IngestionJobFilterAttribute.STATUS).operator(IngestionJobFilterOperator.EQ).values("COMPLETE"))
        .sortBy(s -> s.attribute(IngestionJobSortByAttribute.STARTED_AT).order(SortOrder.DESCENDING))
        .maxResults(1)).ingestionJobSummaries();
    assertThat(latest).extracting(IngestionJobSummary::ingestionJobId).containsExactly("JOB3");
    List<IngestionJobSummary> all = control.listIngestionJobs(b -> b.knowledgeBaseId("KB12345678").dataSourceId("DS12345678"))
        .ingestionJobSummaries();
    assertThat(all).extracting(IngestionJobSummary::ingestionJobId).containsExactly("JOB1", "JOB2", "JOB3", "JOB4");
    assertThat(all).extracting(IngestionJobSummary::startedAt).isSorted().doesNotContainNull()
        .allSatisfy(t -> assertThat(t).isAfterOrEqualTo(Instant.parse("2026-01-01T00:00:00Z")));
    assertThatThrownBy(() -> control.listIngestionJobs(b -> b.knowledgeBaseId("KB12345678").dataSourceId("DSUNKNOWN1")))
        .isInstanceOf(software.amazon.awssdk.services.bedrockagent.model.ResourceNotFoundException.class);
  }

  @Test
  void getAgentAlias_reportsTheScriptedRoutingAndTheTestAliasOnTheDraft() {
    bedrock.agentAlias("AGENT12345", "PRODALIAS1", "3");
    AgentAlias alias = control.getAgentAlias(b -> b.agentId("AGENT12345").agentAliasId("PRODALIAS1")).agentAlias();
    assertThat(alias.routingConfiguration()).extracting(r -> r.agentVersion()).containsExactly("3");
    assertThat(alias.agentAliasStatusAsString()).isEqualTo("PREPARED");
    assertThat(control.getAgentAlias(b -> b.agentId("AGENT12345").agentAliasId("TSTALIASID")).agentAlias()
        .routingConfiguration()).extracting(r -> r.agentVersion()).containsExactly("DRAFT");
    assertThatThrownBy(() -> control.getAgentAlias(b -> b.agentId("AGENT12345").agentAliasId("NOSUCHALIA")))
        .isInstanceOf(software.amazon.awssdk.services.bedrockagent.model.ResourceNotFoundException.class);
    assertThat(bedrock.requests(BedrockOperation.GET_AGENT_ALIAS)).hasSize(3);
  }

  @Test
  void getAgentVersionAndActionGroups_readByTheSdk_returnTheScriptedDefinition() {
    bedrock.agentVersion("AGENT12345", "3", HAIKU, "You help customers with product questions about their orders.",
        "{\"actionGroupName\":\"order-tools\",\"description\":\"Look up orders\","
            + "\"functionSchema\":{\"functions\":[{\"name\":\"get_order_status\","
            + "\"parameters\":{\"order_id\":{\"type\":\"string\",\"required\":true}}}]}}");

    var version = control.getAgentVersion(b -> b.agentId("AGENT12345").agentVersion("3")).agentVersion();
    var summaries = control.listAgentActionGroups(b -> b.agentId("AGENT12345").agentVersion("3")).actionGroupSummaries();
    var group = control.getAgentActionGroup(b -> b.agentId("AGENT12345").agentVersion("3")
        .actionGroupId(summaries.get(0).actionGroupId())).agentActionGroup();

    assertThat(version.foundationModel()).isEqualTo(HAIKU);
    assertThat(version.instruction()).startsWith("You help customers");
    assertThat(version.version()).isEqualTo("3");
    assertThat(summaries).extracting(s -> s.actionGroupName()).containsExactly("order-tools");
    assertThat(group.actionGroupStateAsString()).isEqualTo("ENABLED");
    assertThat(group.functionSchema().functions().get(0).parameters().get("order_id").required()).isTrue();
    assertThatThrownBy(() -> control.getAgentVersion(b -> b.agentId("AGENT12345").agentVersion("4")))
        .isInstanceOf(software.amazon.awssdk.services.bedrockagent.model.ResourceNotFoundException.class);
  }
}
