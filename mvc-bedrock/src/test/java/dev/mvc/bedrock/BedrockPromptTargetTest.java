package dev.mvc.bedrock;

import static dev.mvc.bedrock.TestSetup.HAIKU;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mvc.BedrockTarget;
import dev.mvc.InferenceParameters;
import dev.mvc.InvocationRequest;
import dev.mvc.InvocationResponse;
import dev.mvc.ManifestException;
import dev.mvc.Message;
import dev.mvc.PinViolationException;
import dev.mvc.PinnedModelClient;
import dev.mvc.PinningPolicy;
import dev.mvc.PinningRule;
import dev.mvc.PromptSpec;
import dev.mvc.PromptText;
import dev.mvc.VersionManifest;
import dev.mvc.emulators.bedrock.BedrockEmulator;
import dev.mvc.emulators.bedrock.BedrockOperation;
import dev.mvc.emulators.bedrock.RecordedBedrockRequest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.bedrockagent.BedrockAgentClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;

/**
 * A target that goes through a Prompt Management prompt version, through the real SDK against
 * the emulator: the version is fetched and re-hashed at load, calls send its ARN and the
 * variables only, drift of its template or model refuses the manifest, a DRAFT is refused, the
 * request guard refuses a rewritten request, and a version published from a manifest imports back
 * into the same manifest.
 */
class BedrockPromptTargetTest {

  static final String PROMPT = TestSetup.ACCOUNT + "prompt/PROMPT1234";
  static final String SONNET = "anthropic.claude-sonnet-4-5-20250929-v1:0";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> NAME = Map.of("name", "Ada");
  private static BedrockEmulator bedrock;
  private static BedrockAgentClient agents;

  @BeforeAll
  static void start() {
    bedrock = BedrockEmulator.create().start();
    agents = TestSetup.agentControlClient(bedrock);
  }

  @AfterAll
  static void stop() {
    agents.close();
    bedrock.close();
  }

  @BeforeEach
  void reset() {
    bedrock.reset();
  }

  static String variant(String text, String modelId) {
    return "{\"name\":\"main\",\"templateType\":\"TEXT\",\"modelId\":\"" + modelId + "\","
        + "\"templateConfiguration\":{\"text\":{\"text\":\"" + text + "\",\"inputVariables\":[{\"name\":\"name\"}]}},"
        + "\"inferenceConfiguration\":{\"text\":{\"temperature\":0.2,\"topP\":0.9,\"maxTokens\":64,"
        + "\"stopSequences\":[\"END\"]}},\"additionalModelRequestFields\":{\"top_k\":50},"
        + "\"metadata\":[{\"key\":\"team\",\"value\":\"support\"}]}";
  }

  /** Scripts version 3 of the prompt and returns its content hash as GetPrompt reports it. */
  private static String version3(String text, String modelId) {
    bedrock.promptVersion(PROMPT, 3, "greeter", variant(text, modelId));
    return BedrockPromptVersions.create(agents).get(PROMPT + ":3").sha256();
  }

  static VersionManifest manifest(String promptArn, String sha256) {
    return VersionManifest.builder().name("greeter").version("1.0.0").createdAt(Instant.parse("2026-01-01T00:00:00Z"))
        .model(BedrockTarget.builder(HAIKU).region("us-east-1").prompt(promptArn, sha256).build())
        .prompt(PromptSpec.builder(PromptText.inline("Say hello to {{name}}.")).variables("name").build())
        .inference(InferenceParameters.builder().build())
        .build();
  }

  @Test
  void aPromptVersion_isHashedAtLoad_andCallsSendItsArnAndTheVariablesOnly_syncAsyncAndStreamed() throws Exception {
    String sha = version3("Say hello to {{name}}.", HAIKU);
    int before = bedrock.requests(BedrockOperation.GET_PROMPT).size();
    try (PinnedModelClient client = client(manifest(PROMPT + ":3", sha), PinningPolicy.strict())) {
      assertThat(bedrock.requests(BedrockOperation.GET_PROMPT)).hasSize(before + 1).last()
          .satisfies(r -> assertThat(r.path()).isEqualTo("/prompts/PROMPT1234/"));
      InvocationResponse sync = client.invoke(NAME);
      InvocationResponse async = client.invokeAsync(InvocationRequest.of(NAME)).get(10, TimeUnit.SECONDS);
      InvocationResponse stream = client.invokeStream(InvocationRequest.of(NAME),
          new BedrockBackendTest.RecordingHandler()).get(10, TimeUnit.SECONDS);

      for (InvocationResponse r : List.of(sync, async, stream)) {
        assertThat(r.text()).isEqualTo("Say hello to Ada.");
        assertThat(r.stamp().modelId()).isEqualTo(HAIKU);
        assertThat(r.stamp().targetArn()).isEqualTo(PROMPT + ":3");
      }
      RecordedBedrockRequest sent = bedrock.requests(BedrockOperation.CONVERSE).get(0);
      assertThat(sent.modelId()).isEqualTo(PROMPT + ":3");
      JsonNode body = JSON.readTree(sent.body());
      assertThat(body.path("promptVariables").toString()).isEqualTo("{\"name\":{\"text\":\"Ada\"}}");
      for (String absent : List.of("messages", "system", "inferenceConfig", "additionalModelRequestFields",
          "toolConfig")) {
        assertThat(body.has(absent)).as(absent).isFalse();
      }
      assertThat(bedrock.requests(BedrockOperation.CONVERSE_STREAM)).extracting(RecordedBedrockRequest::modelId)
          .containsExactly(PROMPT + ":3");
    }
  }

  @Test
  void aChangedTemplate_isDrift_andTheLoadIsRefused_namingBothHashes() {
    String pinned = version3("Say hello to {{name}}.", HAIKU);
    String changed = version3("Say goodbye to {{name}}.", HAIKU);
    assertThat(changed).isNotEqualTo(pinned);
    assertThatThrownBy(() -> client(manifest(PROMPT + ":3", pinned), PinningPolicy.strict()))
        .isInstanceOf(ManifestException.class)
        .hasStackTraceContaining("model.bedrock.prompt.sha256 is " + pinned + " but prompt version " + PROMPT
            + ":3 hashes to " + changed);
    assertThat(bedrock.requests(BedrockOperation.CONVERSE)).isEmpty();
  }

  @Test
  void aChangedModel_isDrift_andTheLoadIsRefused_evenWhenTheHashWasPinnedFromTheChangedVersion() {
    String pinned = version3("Say hello to {{name}}.", HAIKU);
    String sonnet = version3("Say hello to {{name}}.", SONNET);
    assertThatThrownBy(() -> client(manifest(PROMPT + ":3", pinned), PinningPolicy.strict()))
        .hasStackTraceContaining("hashes to " + sonnet)
        .hasStackTraceContaining("model.bedrock.modelId is " + HAIKU + " but prompt version " + PROMPT + ":3 calls "
            + SONNET);
    assertThatThrownBy(() -> client(manifest(PROMPT + ":3", sonnet), PinningPolicy.strict()))
        .isInstanceOf(ManifestException.class)
        .hasStackTraceContaining("calls " + SONNET + ": a prompt must call the versioned model the manifest pins");
  }

  @Test
  void anUnversionedModelInThePrompt_isRefused_underTheStrictPolicy() {
    String sha = version3("Say hello to {{name}}.", "anthropic.claude-v2");
    assertThatThrownBy(() -> client(manifest(PROMPT + ":3", sha), PinningPolicy.strict()))
        .hasStackTraceContaining("calls anthropic.claude-v2");
  }

  @Test
  void aDraftOrUnversionedPrompt_isRefused_byThePolicyAndByTheBackendWhenThePolicyIsRelaxed() {
    bedrock.promptDraft(PROMPT, "greeter", variant("Say hello to {{name}}.", HAIKU));
    PinningPolicy relaxed = PinningPolicy.builder().relax(PinningRule.BEDROCK_PROMPT_VERSIONED).build();
    for (String arn : List.of(PROMPT, PROMPT + ":DRAFT")) {
      assertThatThrownBy(() -> client(manifest(arn, "a".repeat(64)), PinningPolicy.strict()))
          .isInstanceOf(ManifestException.class).hasMessageContaining("model.bedrock.prompt.arn");
      assertThatThrownBy(() -> client(manifest(arn, "a".repeat(64)), relaxed))
          .hasStackTraceContaining("model.bedrock.prompt.arn " + arn + " must name a numbered prompt version");
    }
    assertThat(bedrock.requests()).isEmpty();
  }

  @Test
  void guard_refusesARequestThroughAPrompt_thatAnInterceptorGaveAnInferenceConfig() {
    String sha = version3("Say hello to {{name}}.", HAIKU);
    ExecutionInterceptor rogue = new ExecutionInterceptor() {
      @Override
      public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        return ((ConverseRequest) context.request()).toBuilder().inferenceConfig(i -> i.temperature(0.9f)).build();
      }
    };
    try (BedrockRuntimeClient runtime = TestSetup.userClient(bedrock)
            .overrideConfiguration(o -> o.addExecutionInterceptor(rogue)).build();
        BedrockBackend backend = BedrockBackend.builder().client(runtime).agentControlClient(agents).build();
        PinnedModelClient pinned = PinnedModelClient.builder().manifest(manifest(PROMPT + ":3", sha))
            .backend(backend).build()) {
      assertThatThrownBy(() -> pinned.invoke(NAME))
          .isInstanceOf(PinViolationException.class)
          .hasMessageContaining("inferenceConfig is set on a call through the prompt " + PROMPT + ":3, pinned absent");
    }
    assertThat(bedrock.requests(BedrockOperation.CONVERSE)).isEmpty();
  }

  @Test
  void conversationHistory_isRefusedThroughAPrompt_beforeAnythingIsSent() {
    String sha = version3("Say hello to {{name}}.", HAIKU);
    try (PinnedModelClient client = client(manifest(PROMPT + ":3", sha), PinningPolicy.strict())) {
      InvocationRequest withHistory = InvocationRequest.builder().variables(NAME)
          .history(List.of(Message.user("Hi"), Message.assistant("Hello"))).build();
      assertThatThrownBy(() -> client.invoke(withHistory))
          .isInstanceOf(PinViolationException.class)
          .hasMessageContaining("conversation history (2 messages)");
    }
    assertThat(bedrock.requests(BedrockOperation.CONVERSE)).isEmpty();
  }

  @Test
  void publishingAManifest_twice_makesOneVersion_whoseHashPinsIt_andImportsBackToTheSameParts() {
    bedrock.promptDraft(PROMPT, "greeter", variant("placeholder {{name}}", HAIKU));
    VersionManifest source = TestSetup.manifest(BedrockTarget.builder(HAIKU).region("us-east-1").build())
        .prompt(PromptSpec.builder(PromptText.inline("Say hello to {{ name }}, not \\{{x}}."))
            .system(PromptText.inline("Be brief with {{name}}.")).variables("name").build())
        .build();
    BedrockPromptVersions versions = BedrockPromptVersions.create(agents);
    assertThatThrownBy(() -> versions.publish("PROMPT1234", source, "Say hello to {{ name }}, not \\{{x}}.",
        "Be brief with {{name}}."))
        .hasMessageContaining("prompt.template writes literal braces {{");

    VersionManifest plain = TestSetup.manifest(BedrockTarget.builder(HAIKU).region("us-east-1").build())
        .prompt(PromptSpec.builder(PromptText.inline("Say hello to {{ name }}."))
            .system(PromptText.inline("Be brief with {{name}}.")).variables("name").build())
        .build();
    BedrockPromptVersions.PromptVersion first = versions.publish("PROMPT1234", plain, "Say hello to {{ name }}.",
        "Be brief with {{name}}.");
    BedrockPromptVersions.PromptVersion again = versions.publish("PROMPT1234", plain, "Say hello to {{ name }}.",
        "Be brief with {{name}}.");

    assertThat(first.arn()).isEqualTo(PROMPT + ":1");
    assertThat(again.arn()).isEqualTo(first.arn());
    assertThat(bedrock.requests(BedrockOperation.CREATE_PROMPT_VERSION)).hasSize(2)
        .allSatisfy(r -> assertThat(r.body()).contains(BedrockPromptVersions.clientToken(plain)));
    assertThat(versions.get(PROMPT + ":1").sha256()).isEqualTo(first.sha256());

    VersionManifest imported = BedrockPromptVersions.manifest(versions.get(PROMPT + ":1"))
        .name(plain.name()).version(plain.version()).createdAt(plain.createdAt()).build();
    assertThat(imported.model()).isEqualTo(plain.model());
    assertThat(imported.prompt().template().text()).isEqualTo("Say hello to {{name}}.");
    assertThat(imported.prompt().system().text()).isEqualTo("Be brief with {{name}}.");
    assertThat(imported.inference()).isEqualTo(plain.inference());

    try (PinnedModelClient client = client(manifest(first.arn(), first.sha256()), PinningPolicy.strict())) {
      assertThat(client.invoke(NAME).text()).isEqualTo("Say hello to Ada.");
    }
  }

  @Test
  void aPromptThatCallsAnAgent_orHasTwoChatMessages_isNotImported_namingWhatCannotBeRepresented() {
    bedrock.promptVersion(PROMPT, 4, "greeter", "{\"name\":\"main\",\"templateType\":\"TEXT\","
        + "\"templateConfiguration\":{\"text\":{\"text\":\"Hi\"}},\"genAiResource\":{\"agent\":{\"agentIdentifier\":"
        + "\"" + TestSetup.ACCOUNT + "agent-alias/AGENT12345/PRODALIAS1\"}}}");
    bedrock.promptVersion(PROMPT, 5, "greeter", "{\"name\":\"main\",\"templateType\":\"CHAT\",\"modelId\":\""
        + HAIKU + "\",\"templateConfiguration\":{\"chat\":{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":"
        + "\"Hi\"}]},{\"role\":\"assistant\",\"content\":[{\"text\":\"Hello\"}]}]}}}");
    BedrockPromptVersions versions = BedrockPromptVersions.create(agents);
    assertThatThrownBy(() -> BedrockPromptVersions.manifest(versions.get(PROMPT + ":4")))
        .hasMessageContaining("genAiResource (an agent) cannot be represented");
    assertThatThrownBy(() -> BedrockPromptVersions.manifest(versions.get(PROMPT + ":5")))
        .hasMessageContaining("its chat template has 2 messages");
  }

  @Test
  void theContentHash_isRecomputedIndependently_byPythonFromTheRawGetPromptResponse(@TempDir Path dir)
      throws Exception {
    String sha = version3("Say hello to {{name}}.\\n\\u00e9t\\u00e9", HAIKU);
    HttpResponse<String> raw = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(bedrock.endpoint() + "/prompts/PROMPT1234/?promptVersion=3")).GET().build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    Path body = dir.resolve("get-prompt.json");
    Files.writeString(body, raw.body(), StandardCharsets.UTF_8);
    Path script = dir.resolve("hash.py");
    Files.writeString(script, String.join("\n",
        "import hashlib, json, sys",
        "doc = json.load(open(sys.argv[1], encoding='utf-8'))",
        "keys = ['name', 'templateType', 'templateConfiguration', 'modelId', 'inferenceConfiguration',",
        "        'additionalModelRequestFields', 'genAiResource']",
        "def prune(v):",
        "    if isinstance(v, dict):",
        "        out = {k: prune(x) for k, x in v.items()}",
        "        out = {k: x for k, x in out.items() if x is not None}",
        "        return out or None",
        "    if isinstance(v, list):",
        "        out = [x for x in (prune(i) for i in v) if x is not None]",
        "        return out or None",
        "    return None if v == '' else v",
        "content = {'defaultVariant': doc['defaultVariant'],",
        "           'variants': [prune({k: v[k] for k in keys if k in v}) for v in doc['variants']]}",
        "text = json.dumps(content, sort_keys=True, separators=(',', ':'), ensure_ascii=False)",
        "print(hashlib.sha256(text.encode('utf-8')).hexdigest())", ""), StandardCharsets.UTF_8);
    Process python;
    try {
      python = new ProcessBuilder("python3", script.toString(), body.toString()).redirectErrorStream(true).start();
    } catch (IOException noPython) {
      Assumptions.abort("python3 is not installed: " + noPython.getMessage());
      return;
    }
    String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(python.waitFor()).as(out).isZero();
    assertThat(out).isEqualTo(sha);
    assertThat(raw.body()).contains("\"metadata\"").contains("\"createdAt\"");
  }

  private static PinnedModelClient client(VersionManifest manifest, PinningPolicy policy) {
    BedrockBackend backend = TestSetup.backend(bedrock);
    try {
      return PinnedModelClient.builder().manifest(manifest).policy(policy).backend(backend).build();
    } catch (RuntimeException e) {
      backend.close();
      throw e;
    }
  }
}
