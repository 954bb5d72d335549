package dev.mvc.bedrock;

import static dev.mvc.bedrock.TestSetup.AGENT;
import static dev.mvc.bedrock.TestSetup.ALIAS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvc.BackendException;
import dev.mvc.BedrockTarget;
import dev.mvc.CheckMode;
import dev.mvc.CheckWarning;
import dev.mvc.Citation;
import dev.mvc.InvocationRequest;
import dev.mvc.InvocationResponse;
import dev.mvc.ManifestException;
import dev.mvc.ManifestPolicyException;
import dev.mvc.Message;
import dev.mvc.MvcException;
import dev.mvc.PinViolationException;
import dev.mvc.PinnedModelClient;
import dev.mvc.PinningPolicy;
import dev.mvc.PinningRule;
import dev.mvc.PromptSpec;
import dev.mvc.PromptText;
import dev.mvc.StreamHandler;
import dev.mvc.VersionManifest;
import dev.mvc.emulators.bedrock.BedrockEmulator;
import dev.mvc.emulators.bedrock.BedrockErrorType;
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
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.bedrockagentruntime.BedrockAgentRuntimeAsyncClient;

/** Agent mode: InvokeAgent through the real SDK to the emulator, the stream without duplicates, and the alias check. */
class BedrockAgentTest {

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
    bedrock.agentAlias(AGENT, ALIAS, "3");
    bedrock.agentVersion(AGENT, "3", TestSetup.HAIKU, INSTRUCTION, ORDER_TOOLS);
  }

  private static final String INSTRUCTION =
      "You help customers with product questions. Look up orders with the order tools first.";
  private static final String ORDER_TOOLS = "{\"actionGroupName\":\"order-tools\",\"description\":\"Look up orders\","
      + "\"actionGroupExecutor\":{\"customControl\":\"RETURN_CONTROL\"},"
      + "\"functionSchema\":{\"functions\":[{\"name\":\"get_order_status\",\"description\":\"Returns the status\","
      + "\"parameters\":{\"order_id\":{\"type\":\"string\",\"description\":\"The order number\",\"required\":true}},"
      + "\"requireConfirmation\":\"DISABLED\"}]}}";
  /** The same tool as the config repository writes it: no executor, no default confirmation. */
  private static final Map<String, Object> ORDER_TOOLS_AS_CONFIGURED = Map.of("actionGroupName", "order-tools",
      "description", "Look up orders", "functionSchema", Map.of("functions", List.of(Map.of(
          "name", "get_order_status", "description", "Returns the status", "parameters",
          Map.of("order_id", Map.of("type", "string", "description", "The order number", "required", true))))));

  private static VersionManifest pinnedDefinition(String instruction, Map<String, Object> actionGroup) {
    VersionManifest m = TestSetup.agent(ALIAS);
    BedrockTarget t = (BedrockTarget) m.model();
    return m.toBuilder().model(t.toBuilder().agentDefinition(BedrockAgentDefinition.instructionSha256(instruction),
        BedrockAgentDefinition.actionGroupsSha256(List.of(actionGroup))).build()).build();
  }

  @Test
  void routedVersionMatchingThePinnedDefinition_loads_afterReadingTheVersionAndEachActionGroup() {
    try (PinnedModelClient client = client(pinnedDefinition(INSTRUCTION, ORDER_TOOLS_AS_CONFIGURED), backend().build())) {
      assertThat(client.invoke(NAME).text()).isNotEmpty();
    }
    assertThat(bedrock.requests(BedrockOperation.GET_AGENT_VERSION)).singleElement()
        .satisfies(r -> assertThat(r.path()).isEqualTo("/agents/" + AGENT + "/agentversions/3/"));
    assertThat(bedrock.requests(BedrockOperation.LIST_AGENT_ACTION_GROUPS)).hasSize(1);
    assertThat(bedrock.requests(BedrockOperation.GET_AGENT_ACTION_GROUP)).hasSize(1);
  }

  @Test
  void routedVersionRunningAnotherFoundationModel_isRefusedAtLoad_namingBothModels() {
    String sonnet = "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0";
    bedrock.agentVersion(AGENT, "3", sonnet, INSTRUCTION, ORDER_TOOLS);
    assertThatThrownBy(() -> client(TestSetup.agent(ALIAS), backend().build()))
        .isInstanceOf(ManifestException.class)
        .hasMessageContaining("model.bedrock.modelId is " + TestSetup.HAIKU)
        .hasMessageContaining("agent version 3 of agent " + AGENT)
        .hasMessageContaining("uses foundation model " + sonnet);
    assertThat(bedrock.requests(BedrockOperation.INVOKE_AGENT)).isEmpty();
  }

  @Test
  void routedVersionRunningThePinnedModelByArn_loads() {
    bedrock.agentVersion(AGENT, "3", TestSetup.HAIKU_EAST, INSTRUCTION, ORDER_TOOLS);
    try (PinnedModelClient client = client(TestSetup.agent(ALIAS), backend().build())) {
      assertThat(client.invoke(NAME).text()).isNotEmpty();
    }
  }

  @Test
  void routedVersionWithAnotherInstruction_isRefusedAtLoad_namingBothHashes() {
    String changed = INSTRUCTION + " Never mention delivery dates.";
    bedrock.agentVersion(AGENT, "3", TestSetup.HAIKU, changed, ORDER_TOOLS);
    assertThatThrownBy(() -> client(pinnedDefinition(INSTRUCTION, ORDER_TOOLS_AS_CONFIGURED), backend().build()))
        .isInstanceOf(ManifestException.class)
        .hasMessageContaining("model.bedrock.agent.instructionSha256 is "
            + BedrockAgentDefinition.instructionSha256(INSTRUCTION))
        .hasMessageContaining("hashes to " + BedrockAgentDefinition.instructionSha256(changed))
        .hasMessageNotContaining("actionGroupsSha256");
  }

  @Test
  void routedVersionWithAChangedActionGroup_isRefusedAtLoad_namingBothHashes() {
    bedrock.agentVersion(AGENT, "3", TestSetup.HAIKU, INSTRUCTION, ORDER_TOOLS.replace("Look up orders", "Look up and cancel orders"));
    String pinned = BedrockAgentDefinition.actionGroupsSha256(List.of(ORDER_TOOLS_AS_CONFIGURED));
    assertThatThrownBy(() -> client(pinnedDefinition(INSTRUCTION, ORDER_TOOLS_AS_CONFIGURED), backend().build()))
        .isInstanceOf(ManifestException.class)
        .hasMessageContaining("model.bedrock.agent.actionGroupsSha256 is " + pinned)
        .hasMessageContaining("but the action groups of agent version 3")
        .hasMessageNotContaining("instructionSha256");
  }

  @Test
  void definitionDrift_onlyWarnsWhenTheCheckIsWarn_withFieldPinnedAndFound() {
    bedrock.agentVersion(AGENT, "3", TestSetup.HAIKU, INSTRUCTION + " Be terse.", ORDER_TOOLS);
    List<CheckWarning> warnings = new CopyOnWriteArrayList<>();
    try (PinnedModelClient client = client(pinnedDefinition(INSTRUCTION, ORDER_TOOLS_AS_CONFIGURED),
        backend().agentAliasCheck(CheckMode.WARN).checkListener(warnings::add).build())) {
      assertThat(client.invoke(NAME).text()).isNotEmpty();
    }
    assertThat(warnings).singleElement().satisfies(w -> {
      assertThat(w.check()).isEqualTo("bedrock-agent-alias");
      assertThat(w.field()).isEqualTo("model.bedrock.agent.instructionSha256");
      assertThat(w.pinned()).isEqualTo(BedrockAgentDefinition.instructionSha256(INSTRUCTION));
      assertThat(w.found()).isEqualTo(BedrockAgentDefinition.instructionSha256(INSTRUCTION + " Be terse."));
    });
  }

  @Test
  void routedVersionThatDoesNotExist_isRefusedAtLoad() {
    bedrock.agentAlias(AGENT, ALIAS, "7");
    assertThatThrownBy(() -> client(TestSetup.agent(ALIAS), backend().build()))
        .isInstanceOf(ManifestException.class)
        .hasMessageContaining("agent version 7 of agent " + AGENT)
        .hasMessageContaining("ResourceNotFoundException");
  }

  @Test
  void invoke_sendsThePinnedAgentAliasAndTheCallersSession() {
    bedrock.enqueue(AGENT, BedrockReply.builder().deltas("Hello ", "Ada, ", "your order ships today.")
        .citation("ships today", "s3://agent-docs/shipping.pdf").build());
    InvocationResponse r;
    try (PinnedModelClient client = client(TestSetup.agent(ALIAS), backend().build())) {
      r = client.invoke(InvocationRequest.builder().variables(NAME).sessionId("session-42").build());
    }
    RecordedBedrockRequest sent = bedrock.requests(BedrockOperation.INVOKE_AGENT).get(0);
    assertThat(sent.path()).isEqualTo("/agents/" + AGENT + "/agentAliases/" + ALIAS + "/sessions/session-42/text");
    assertThat(sent.body()).isEqualTo("{\"inputText\":\"Say hello to Ada.\"}");
    assertThat(r.text()).isEqualTo("Hello Ada, your order ships today.");
    assertThat(r.sessionId()).isEqualTo("session-42");
    assertThat(r.citations()).extracting(Citation::text, Citation::sources)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("ships today", List.of("s3://agent-docs/shipping.pdf")));
    assertThat(r.stamp().agentId()).isEqualTo(AGENT);
    assertThat(r.stamp().agentAliasId()).isEqualTo(ALIAS);
    assertThat(r.stamp().backendRequestId()).isNotBlank();
  }

  @Test
  void invokeWithoutSession_runsEachCallInAFreshSession() {
    InvocationResponse first;
    InvocationResponse second;
    try (PinnedModelClient client = client(TestSetup.agent(ALIAS), backend().build())) {
      first = client.invoke(NAME);
      second = client.invoke(NAME);
    }
    List<RecordedBedrockRequest> sent = bedrock.requests(BedrockOperation.INVOKE_AGENT);
    assertThat(first.sessionId()).isNotEqualTo(second.sessionId());
    assertThat(sent.get(0).path()).endsWith("/sessions/" + first.sessionId() + "/text");
    assertThat(sent.get(1).path()).endsWith("/sessions/" + second.sessionId() + "/text");
  }

  @Test
  void invokeStream_deliversEveryChunkOnceInOrder() throws Exception {
    bedrock.enqueue(AGENT, BedrockReply.builder().deltas("One ", "two ", "three.").build());
    List<String> deltas = new CopyOnWriteArrayList<>();
    InvocationResponse r;
    try (PinnedModelClient client = client(TestSetup.agent(ALIAS), backend().build())) {
      r = client.invokeStream(InvocationRequest.of(NAME), collect(deltas)).get(30, TimeUnit.SECONDS);
    }
    assertThat(deltas).containsExactly("One ", "two ", "three.");
    assertThat(r.text()).isEqualTo("One two three.");
  }

  @Test
  void throttlingBeforeTheFirstChunk_isReportedOnceAsRetryable_afterOneRequest() {
    bedrock.enqueue(AGENT,
        BedrockReply.builder().deltas("Hi ", "there.").failStreamAfter(0, BedrockErrorType.THROTTLING).build(),
        BedrockReply.builder().deltas("Hi ", "there.").build());
    List<String> deltas = new CopyOnWriteArrayList<>();
    List<MvcException> errors = new CopyOnWriteArrayList<>();
    try (PinnedModelClient client = client(TestSetup.agent(ALIAS), backend().build())) {
      assertThatThrownBy(() -> client.invokeStream(InvocationRequest.of(NAME), collect(deltas, errors))
              .get(30, TimeUnit.SECONDS))
          .hasCauseInstanceOf(BackendException.class);
    }
    assertThat(deltas).isEmpty();
    assertThat(errors).singleElement().isInstanceOfSatisfying(BackendException.class, e -> {
      assertThat(e.retryable()).isTrue();
      assertThat(e.errorCode()).isEqualTo("ThrottlingException");
    });
    assertThat(bedrock.requests(BedrockOperation.INVOKE_AGENT)).hasSize(1);
  }

  @Test
  void invoke_nonStreamedAgentCall_makesOneAttempt_evenOnAUserClientWithSdkRetries() {
    bedrock.enqueue(AGENT, BedrockReply.error(BedrockErrorType.BAD_GATEWAY), BedrockReply.builder().deltas("Hi").build());
    try (BedrockAgentRuntimeAsyncClient retrying = TestSetup.userAgentAsyncClient(bedrock).build();
        PinnedModelClient client = client(TestSetup.agent(ALIAS), backend().agentRuntimeAsyncClient(retrying).build())) {
      assertThatThrownBy(() -> client.invoke(NAME)).isInstanceOfSatisfying(BackendException.class,
          e -> assertThat(e.retryable()).isTrue());
    }
    assertThat(bedrock.requests(BedrockOperation.INVOKE_AGENT)).hasSize(1);
  }

  @Test
  void failureAfterTheFirstChunk_isNotRetriedSoNoTextIsDuplicated() {
    bedrock.enqueue(AGENT, BedrockReply.builder().deltas("Hi ", "there.").failStreamAfter(1, BedrockErrorType.THROTTLING).build());
    List<String> deltas = new CopyOnWriteArrayList<>();
    try (PinnedModelClient client = client(TestSetup.agent(ALIAS), backend().build())) {
      assertThatThrownBy(() -> client.invokeStream(InvocationRequest.of(NAME), collect(deltas)).get(30, TimeUnit.SECONDS))
          .hasCauseInstanceOf(BackendException.class)
          .hasMessageContaining("agent " + AGENT + "/" + ALIAS)
          .hasMessageContaining("after 1 text deltas");
    }
    assertThat(deltas).containsExactly("Hi ");
    assertThat(bedrock.requests(BedrockOperation.INVOKE_AGENT)).hasSize(1);
  }

  @Test
  void invokeAsync_assemblesTheCompletion() throws Exception {
    bedrock.enqueue(AGENT, BedrockReply.builder().deltas("As", "ync.").build());
    try (PinnedModelClient client = client(TestSetup.agent(ALIAS), backend().build())) {
      assertThat(client.invokeAsync(InvocationRequest.of(NAME)).get(30, TimeUnit.SECONDS).text()).isEqualTo("Async.");
    }
  }

  @Test
  void accessDenied_isMappedToANonRetryableBackendException() {
    bedrock.enqueue(AGENT, BedrockReply.error(BedrockErrorType.ACCESS_DENIED));
    try (PinnedModelClient client = client(TestSetup.agent(ALIAS), backend().build())) {
      assertThatThrownBy(() -> client.invoke(NAME))
          .isInstanceOfSatisfying(BackendException.class, e -> {
            assertThat(e.retryable()).isFalse();
            assertThat(e.statusCode()).isEqualTo(403);
          });
    }
  }

  @Test
  void aliasRoutingToTheDraft_isRefusedAtLoad() {
    bedrock.agentAlias(AGENT, ALIAS, "DRAFT");
    assertThatThrownBy(() -> client(TestSetup.agent(ALIAS), backend().build()))
        .isInstanceOf(ManifestException.class)
        .hasMessageContaining("model.bedrock.agent.aliasId " + ALIAS)
        .hasMessageContaining("routes to agent version DRAFT");
    RecordedBedrockRequest lookup = bedrock.requests(BedrockOperation.GET_AGENT_ALIAS).get(0);
    assertThat(lookup.path()).isEqualTo("/agents/" + AGENT + "/agentaliases/" + ALIAS + "/");
    assertThat(bedrock.requests(BedrockOperation.INVOKE_AGENT)).isEmpty();
  }

  @Test
  void aliasRoutingToTheDraft_onlyWarnsWhenTheCheckIsWarn() {
    bedrock.agentAlias(AGENT, ALIAS, "DRAFT");
    List<CheckWarning> warnings = new CopyOnWriteArrayList<>();
    try (PinnedModelClient client = client(TestSetup.agent(ALIAS),
        backend().agentAliasCheck(CheckMode.WARN).checkListener(warnings::add).build())) {
      assertThat(client.invoke(NAME).text()).isNotEmpty();
    }
    assertThat(warnings).singleElement().satisfies(w -> {
      assertThat(w.field()).isEqualTo("model.bedrock.agent.aliasId");
      assertThat(w.pinned()).isEqualTo(ALIAS);
      assertThat(w.found()).isEqualTo("version DRAFT");
    });
  }

  @Test
  void unknownAlias_isRefusedAtLoad() {
    assertThatThrownBy(() -> client(TestSetup.agent("NOSUCHALIA"), backend().build()))
        .isInstanceOf(ManifestException.class)
        .hasMessageContaining("could not be looked up")
        .hasMessageContaining("ResourceNotFoundException");
  }

  @Test
  void testAlias_isRefusedByTheStrictPolicyBeforeAnyLookup() {
    assertThatThrownBy(() -> client(TestSetup.agent("TSTALIASID"), backend().build()))
        .isInstanceOf(ManifestPolicyException.class)
        .hasMessageContaining("[bedrock-agent-alias-versioned]")
        .hasMessageContaining("TSTALIASID");
    assertThat(bedrock.requests()).isEmpty();
  }

  @Test
  void testAliasUnderARelaxedPolicy_isStillRefusedByTheRoutingCheck() {
    PinningPolicy relaxed = PinningPolicy.builder().relax(PinningRule.BEDROCK_AGENT_ALIAS_VERSIONED).build();
    assertThatThrownBy(() -> PinnedModelClient.builder().manifest(TestSetup.agent("TSTALIASID"))
        .policy(relaxed).backend(backend().build()).build())
        .isInstanceOf(ManifestException.class)
        .hasMessageContaining("routes to agent version DRAFT");
  }

  @Test
  void systemPrompt_isRefusedAtLoadBecauseInvokeAgentCannotSendIt() {
    VersionManifest m = TestSetup.agent(ALIAS).toBuilder()
        .prompt(PromptSpec.builder(PromptText.inline("Say hello to {{name}}."))
            .system(PromptText.inline("Be brief.")).variables("name").build())
        .build();
    assertThatThrownBy(() -> client(m, backend().build()))
        .isInstanceOf(ManifestException.class)
        .hasMessageContaining("prompt.system must be absent when model.bedrock.api is invoke-agent");
  }

  @Test
  void conversationHistory_isRefusedBeforeAnythingIsSent() {
    try (PinnedModelClient client = client(TestSetup.agent(ALIAS), backend().build())) {
      assertThatThrownBy(() -> client.invoke(InvocationRequest.builder().variables(NAME)
          .history(List.of(Message.user("Hi"), Message.assistant("Hello"))).build()))
          .isInstanceOf(MvcException.class)
          .hasMessageContaining("InvocationRequest.history must be empty when model.bedrock.api is invoke-agent");
    }
    assertThat(bedrock.requests(BedrockOperation.INVOKE_AGENT)).isEmpty();
  }

  @Test
  void guard_catchesAnInterceptorThatRewritesTheAliasInThePath() {
    ExecutionInterceptor rogue = new ExecutionInterceptor() {
      @Override
      public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        return context.httpRequest().toBuilder()
            .encodedPath(context.httpRequest().encodedPath().replace(ALIAS, "TSTALIASID"))
            .build();
      }
    };
    try (BedrockAgentRuntimeAsyncClient agentClient = TestSetup.userAgentAsyncClient(bedrock)
            .overrideConfiguration(o -> o.addExecutionInterceptor(rogue)).build();
        PinnedModelClient client = client(TestSetup.agent(ALIAS), backend().agentRuntimeAsyncClient(agentClient).build())) {
      assertThatThrownBy(() -> client.invoke(NAME))
          .isInstanceOf(PinViolationException.class)
          .hasMessageContaining("agentAliasId is TSTALIASID, pinned " + ALIAS);
    }
    assertThat(bedrock.requests(BedrockOperation.INVOKE_AGENT)).isEmpty();
  }

  @Test
  void guard_fullComparison_acceptsTheUnmodifiedAgentRequest() {
    ExecutionInterceptor rewrap = new ExecutionInterceptor() {
      @Override
      public java.util.Optional<software.amazon.awssdk.core.sync.RequestBody> modifyHttpContent(
          Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        return context.requestBody().map(body -> {
          try (java.io.InputStream in = body.contentStreamProvider().newStream()) {
            return software.amazon.awssdk.core.sync.RequestBody.fromBytes(in.readAllBytes());
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
      }
    };
    try (BedrockAgentRuntimeAsyncClient agentClient = TestSetup.userAgentAsyncClient(bedrock)
            .overrideConfiguration(o -> o.addExecutionInterceptor(rewrap)).build();
        PinnedModelClient client = client(TestSetup.agent(ALIAS), backend().agentRuntimeAsyncClient(agentClient).build())) {
      assertThat(client.invoke(NAME).text()).isNotEmpty();
    }
    assertThat(bedrock.requests(BedrockOperation.INVOKE_AGENT)).hasSize(1);
  }

  private static StreamHandler collect(List<String> deltas) {
    return collect(deltas, new CopyOnWriteArrayList<>());
  }

  private static StreamHandler collect(List<String> deltas, List<MvcException> errors) {
    return new StreamHandler() {
      @Override
      public void onText(String delta) {
        deltas.add(delta);
      }

      @Override
      public void onComplete(InvocationResponse response) {}

      @Override
      public void onError(MvcException error) {
        errors.add(error);
      }
    };
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
