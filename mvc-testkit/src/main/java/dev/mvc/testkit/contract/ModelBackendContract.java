package dev.mvc.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvc.BackendException;
import dev.mvc.ImageFormat;
import dev.mvc.InferenceParameters;
import dev.mvc.InvocationRequest;
import dev.mvc.InvocationResponse;
import dev.mvc.MvcException;
import dev.mvc.PinViolationException;
import dev.mvc.PinnedModelClient;

import dev.mvc.CachePoint;
import dev.mvc.PromptSpec;
import dev.mvc.StreamHandler;
import dev.mvc.ToolCall;
import dev.mvc.ToolExecutor;
import dev.mvc.ToolSet;
import dev.mvc.ToolSpec;
import dev.mvc.TargetStamp;
import dev.mvc.VersionManifest;
import dev.mvc.VersionStamp;
import dev.mvc.spi.ModelBackend;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link ModelBackend} must pass: pinned values reach the provider unchanged,
 * responses are stamped, errors are mapped into the mvc tree with the right retry flag, and
 * overrides are enforced before anything leaves the process. Backend modules extend it and say
 * how to create the backend, script a reply or an error, and read what arrived.
 *
 * <p>Each backend also declares which {@link Capability capabilities} beyond text it has
 * ({@link #capabilities()}, which has no default). A backend that claims {@link Capability#TOOLS}
 * runs the tool tests (tool calls from {@code invoke} and {@code invokeStream}, a tool round trip
 * in every mode); one that does not must refuse a manifest that pins tools when the client loads
 * it, which the contract checks, so pinned tools are never silently dropped. The prompt-cache and
 * reasoning tests run for the backends that claim them and are reported as skipped, naming the
 * declaration, for the others.
 */
public abstract class ModelBackendContract {

  /** What a backend supports beyond text, which decides the contract tests it runs. */
  public enum Capability {
    /** Pinned tool definitions reach the provider; tool calls come back; the tool loop runs. */
    TOOLS,
    /** Prompt-cache read and write token counts reach {@link dev.mvc.TokenUsage}. */
    PROMPT_CACHE,
    /** The model's reasoning comes back apart from the text. */
    REASONING
  }

  /** The one tool of the contract's tool manifest. */
  protected static final String TOOL = "lookup";
  /** The template the contract's manifest uses. */
  protected static final String TEMPLATE = "Answer briefly: {{question}}";

  private PinnedModelClient client;
  private VersionManifest manifest;

  /** Returns the manifest the contract pins: it must use {@link #TEMPLATE} and allow a temperature override in [0, 0.5]. */
  protected abstract VersionManifest manifest();

  /** Returns a fresh backend under test (closed by the contract after each test). */
  protected abstract ModelBackend createBackend();

  /** Scripts the next call's reply text and provider request ID. */
  protected abstract void scriptReply(String text, String requestId);

  /** Scripts the next call to fail with a provider error of {@code status} and {@code errorCode}. */
  protected abstract void scriptError(int status, String errorCode);

  /** Returns what the provider received in the last call, or null when nothing arrived. */
  protected abstract ReceivedCall lastReceived();

  /** Returns how many calls the provider received so far. */
  protected abstract int receivedCount();

  /**
   * Returns what the backend supports beyond text. Every backend says so explicitly: an empty set
   * declares a text-only backend, which must then refuse pinned tools at load.
   */
  protected abstract Set<Capability> capabilities();

  /**
   * Scripts the next call's reply with tool calls, reasoning and cache usage. Backends that claim
   * any {@link Capability} override it; the default fails naming the missing override.
   */
  protected void scriptReply(ScriptedReply reply) {
    throw new UnsupportedOperationException(getClass().getName() + " claims " + capabilities()
        + " but does not override scriptReply(ScriptedReply)");
  }

  /**
   * Returns the tool results the provider received in the last call, by tool-use ID in the order
   * sent, each as the text the handler returned. Backends that claim {@link Capability#TOOLS}
   * override it.
   */
  protected Map<String, String> lastReceivedToolResults() {
    throw new UnsupportedOperationException(getClass().getName() + " claims " + capabilities()
        + " but does not override lastReceivedToolResults()");
  }

  /**
   * Returns the manifest of the tool tests: {@link #manifest()} with one tool, {@value #TOOL}, whose
   * input needs a {@code term}, a cache point after the tools, and at most 3 tool rounds.
   */
  protected VersionManifest toolManifest() {
    VersionManifest base = manifest();
    PromptSpec prompt = base.prompt();
    PromptSpec.Builder b = PromptSpec.builder(prompt.template()).variables(prompt.variables().toArray(new String[0]))
        .tools(ToolSet.inline(ToolSpec.of(TOOL, "Looks a term up.", Map.of("type", "object",
            "properties", Map.of("term", Map.of("type", "string", "minLength", 1)), "required", List.of("term")))))
        .cachePoints(CachePoint.TOOLS)
        .maxToolRounds(3);
    if (prompt.system() != null) {
      b.system(prompt.system());
    }
    return base.toBuilder().prompt(b.build()).build();
  }

  /** Returns the contract's default manifest for {@code base}: pins plus a temperature override bound. */
  protected static VersionManifest withOverridableTemperature(VersionManifest base) {
    InferenceParameters p = base.inference().toBuilder().overridable("temperature", 0.0, 0.5).build();
    return base.toBuilder().inference(p).build();
  }

  @BeforeEach
  void startClient() {
    manifest = manifest();
    client = PinnedModelClient.builder().manifest(manifest).backend(createBackend()).build();
  }

  @AfterEach
  void closeClient() {
    if (client != null) {
      client.close();
    }
  }

  /** Returns the client under test. */
  protected PinnedModelClient client() {
    return client;
  }

  @Test
  void invoke_sendsThePinnedModelPromptAndParametersUnchanged() {
    scriptReply("Paris.", "req-1");
    client.invoke(Map.of("question", "Capital of France?"));
    ReceivedCall got = lastReceived();
    assertThat(got).isNotNull();
    assertThat(got.target()).isEqualTo(pinnedTarget());
    assertThat(got.userText()).isEqualTo("Answer briefly: Capital of France?");
    assertThat(got.systemText()).isEqualTo(client.currentManifest().systemText());
    InferenceParameters p = manifest.inference();
    assertThat(got.temperature()).isEqualTo(p.temperature());
    assertThat(got.maxTokens()).isEqualTo(p.maxTokens());
    assertThat(got.topP()).isEqualTo(p.topP());
    assertThat(got.stopSequences()).isEqualTo(p.stopSequences());
  }

  @Test
  void invoke_returnsTheTextAndAFilledStamp() {
    scriptReply("Paris.", "req-42");
    InvocationResponse r = client.invoke(Map.of("question", "Capital of France?"));
    assertThat(r.text()).isEqualTo("Paris.");
    VersionStamp s = r.stamp();
    assertThat(s.manifestName()).isEqualTo(manifest.name());
    assertThat(s.manifestVersion()).isEqualTo(manifest.version());
    assertThat(s.digest()).isEqualTo(manifest.digest());
    assertThat(s.provider()).isEqualTo(manifest.model().provider());
    assertThat(s.templateSha256()).isEqualTo(manifest.prompt().template().sha256());
    assertThat(s.inferenceDigest()).isEqualTo(client.currentManifest().inferenceDigest());
    assertThat(s.backendRequestId()).isEqualTo("req-42");
    assertThat(s.invocationId()).isNotBlank();
    assertThat(VersionStamp.parse(s.toHeaderValue())).isEqualTo(s);
  }

  @Test
  void invokeAsync_returnsTheSameStampedAnswer() throws Exception {
    scriptReply("Rome.", "req-7");
    InvocationResponse r = client.invokeAsync(InvocationRequest.of(Map.of("question", "Capital of Italy?")))
        .get(30, TimeUnit.SECONDS);
    assertThat(r.text()).isEqualTo("Rome.");
    assertThat(r.stamp().digest()).isEqualTo(manifest.digest());
    assertThat(lastReceived().userText()).isEqualTo("Answer briefly: Capital of Italy?");
  }

  @Test
  void attachments_areStampedBySha256_orRefusedBeforeAnythingIsSent() {
    byte[] image = {(byte) 0x89, 'P', 'N', 'G', 1};
    InvocationRequest request = InvocationRequest.builder().variable("question", "What is in the picture?")
        .image(ImageFormat.PNG, image).build();
    String sha256 = request.attachments().get(0).sha256();
    if (manifest.model().sendsAttachments()) {
      scriptReply("A logo.", "req-11");
      InvocationResponse r = client.invoke(request);
      assertThat(r.stamp().attachmentSha256s()).containsExactly(sha256);
      assertThat(VersionStamp.parse(r.stamp().toHeaderValue()).attachmentSha256s()).containsExactly(sha256);
    } else {
      int before = receivedCount();
      assertThatThrownBy(() -> client.invoke(request))
          .isInstanceOf(PinViolationException.class)
          .hasMessageContaining("documents and images cannot be sent to");
      assertThat(receivedCount()).isEqualTo(before);
    }
  }

  @Test
  void invokeStream_deliversTheTextOnceThenTheStampedResponse() throws Exception {
    scriptReply("Madrid.", "req-9");
    List<String> deltas = new CopyOnWriteArrayList<>();
    List<MvcException> errors = new CopyOnWriteArrayList<>();
    InvocationResponse r = client.invokeStream(InvocationRequest.of(Map.of("question", "Capital of Spain?")),
        new StreamHandler() {
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
        }).get(30, TimeUnit.SECONDS);
    assertThat(errors).isEmpty();
    assertThat(String.join("", deltas)).isEqualTo("Madrid.").isEqualTo(r.text());
    assertThat(r.stamp().digest()).isEqualTo(manifest.digest());
  }

  @Test
  void throttling_isMappedToARetryableBackendException() {
    scriptError(429, "ThrottlingException");
    assertThatThrownBy(() -> client.invoke(Map.of("question", "?")))
        .isInstanceOfSatisfying(BackendException.class, e -> {
          assertThat(e.retryable()).isTrue();
          assertThat(e.statusCode()).isEqualTo(429);
        });
  }

  @Test
  void validationError_isMappedToANonRetryableBackendException() {
    scriptError(400, "ValidationException");
    assertThatThrownBy(() -> client.invoke(Map.of("question", "?")))
        .isInstanceOfSatisfying(BackendException.class, e -> {
          assertThat(e.retryable()).isFalse();
          assertThat(e.statusCode()).isEqualTo(400);
        });
  }

  @Test
  void overrideInsideItsBound_reachesTheProvider() {
    scriptReply("ok", "req-3");
    client.invoke(InvocationRequest.builder().variable("question", "?").overrideTemperature(0.4).build());
    assertThat(lastReceived().temperature()).isEqualTo(0.4);
  }

  @Test
  void overrideOutsideItsBound_isRejectedBeforeAnythingIsSent() {
    int before = receivedCount();
    assertThatThrownBy(() -> client.invoke(
        InvocationRequest.builder().variable("question", "?").overrideTemperature(0.9).build()))
        .isInstanceOf(PinViolationException.class)
        .hasMessageContaining("inference.temperature").hasMessageContaining("0.9");
    assertThatThrownBy(() -> client.invoke(
        InvocationRequest.builder().variable("question", "?").overrideTopP(0.5).build()))
        .isInstanceOf(PinViolationException.class).hasMessageContaining("inference.topP");
    assertThat(receivedCount()).isEqualTo(before);
  }

  @Test
  void pinnedTools_areServedByABackendClaimingTools_andRefusedAtLoadByOneThatDoesNot() {
    VersionManifest tools = toolManifest();
    if (capabilities().contains(Capability.TOOLS)) {
      try (PinnedModelClient c = toolClient()) {
        assertThat(c.currentManifest().manifest().prompt().tools()).isNotNull();
      }
    } else {
      int before = receivedCount();
      assertThatThrownBy(() -> PinnedModelClient.builder().manifest(tools).backend(createBackend()).build())
          .isInstanceOf(MvcException.class)
          .hasMessageContaining("prompt.tools");
      assertThat(receivedCount()).isEqualTo(before);
    }
  }

  @Test
  void tools_invoke_exposesTheModelsToolCalls() {
    assumeCapability(Capability.TOOLS);
    scriptReply(ScriptedReply.text("").withToolCall(new ToolCall("tu-1", TOOL, "{\"term\":\"pin\"}")));
    try (PinnedModelClient c = toolClient()) {
      InvocationResponse r = c.invoke(Map.of("question", "What is a pin?"));
      assertThat(r.toolCalls()).singleElement().satisfies(call -> {
        assertThat(call.id()).isEqualTo("tu-1");
        assertThat(call.name()).isEqualTo(TOOL);
        assertThat(compact(call.inputJson())).isEqualTo("{\"term\":\"pin\"}");
      });
    }
  }

  @Test
  void tools_invokeStream_exposesEachStreamedToolCallOnce() throws Exception {
    assumeCapability(Capability.TOOLS);
    scriptReply(ScriptedReply.text("Looking up. ").withToolCall(new ToolCall("tu-1", TOOL, "{\"term\":\"pin\"}"))
        .withToolCall(new ToolCall("tu-2", TOOL, "{\"term\":\"a much longer term\"}")));
    try (PinnedModelClient c = toolClient()) {
      Recorder handler = new Recorder();
      InvocationResponse r = c.invokeStream(InvocationRequest.of(Map.of("question", "?")), handler)
          .get(30, TimeUnit.SECONDS);
      assertThat(handler.errors).isEmpty();
      assertThat(String.join("", handler.deltas)).isEqualTo("Looking up. ").isEqualTo(r.text());
      assertThat(r.toolCalls()).extracting(ToolCall::id).containsExactly("tu-1", "tu-2");
      assertThat(compact(r.toolCalls().get(1).inputJson())).isEqualTo("{\"term\":\"amuchlongerterm\"}");
    }
  }

  @Test
  void tools_roundTrip_runsTheHandler_sendsItsResultBack_andStampsTheRounds_inEveryMode() throws Exception {
    assumeCapability(Capability.TOOLS);
    try (PinnedModelClient c = toolClient()) {
      for (String mode : List.of("invoke", "async", "stream")) {
        scriptReply(ScriptedReply.text("").withToolCall(new ToolCall("tu-" + mode, TOOL, "{\"term\":\"" + mode + "\"}")));
        scriptReply(ScriptedReply.text("A pin is a fixed version."));
        List<String> inputs = new CopyOnWriteArrayList<>();
        ToolExecutor tools = ToolExecutor.builder().tool(TOOL, in -> {
          inputs.add(in);
          return "found: " + term(in);
        }).build();
        InvocationRequest request = InvocationRequest.of(Map.of("question", "What is a pin?"));
        Recorder handler = new Recorder();
        InvocationResponse r = switch (mode) {
          case "invoke" -> c.invoke(request, tools);
          case "async" -> c.invokeAsync(request, tools).get(30, TimeUnit.SECONDS);
          default -> c.invokeStream(request, tools, handler).get(30, TimeUnit.SECONDS);
        };
        assertThat(r.text()).as(mode).isEqualTo("A pin is a fixed version.");
        assertThat(r.stamp().toolRounds()).as(mode).isEqualTo(2);
        assertThat(inputs).as(mode).hasSize(1);
        assertThat(lastReceivedToolResults()).as(mode).containsExactly(Map.entry("tu-" + mode, "found: " + mode));
        if (mode.equals("stream")) {
          assertThat(handler.completed).containsExactly(r);
          assertThat(String.join("", handler.deltas)).isEqualTo("A pin is a fixed version.");
        }
      }
    }
  }

  @Test
  void promptCache_readAndWriteTokens_reachTheUsage_ofInvokeAndStream() throws Exception {
    assumeCapability(Capability.PROMPT_CACHE);
    try (PinnedModelClient c = toolClient()) {
      scriptReply(ScriptedReply.text("Cached.").withCacheUsage(1024, 0));
      InvocationResponse read = c.invoke(Map.of("question", "?"));
      assertThat(read.usage().cacheReadInputTokens()).isEqualTo(1024);
      assertThat(read.usage().cacheWriteInputTokens()).isZero();
      scriptReply(ScriptedReply.text("Written.").withCacheUsage(0, 2048));
      InvocationResponse written = c.invokeStream(InvocationRequest.of(Map.of("question", "?")), new Recorder())
          .get(30, TimeUnit.SECONDS);
      assertThat(written.usage().cacheReadInputTokens()).isZero();
      assertThat(written.usage().cacheWriteInputTokens()).isEqualTo(2048);
    }
  }

  @Test
  void reasoning_isKeptOutOfTheText_andOutOfTheStreamedDeltas() throws Exception {
    assumeCapability(Capability.REASONING);
    scriptReply(ScriptedReply.text("Paris.").withReasoning("The capital of France is Paris.", "sig-1"));
    InvocationResponse r = client.invoke(Map.of("question", "Capital of France?"));
    assertThat(r.text()).isEqualTo("Paris.");
    assertThat(r.reasoning()).isEqualTo("The capital of France is Paris.");
    scriptReply(ScriptedReply.text("Rome.").withReasoning("Italy's capital.", "sig-2"));
    Recorder handler = new Recorder();
    InvocationResponse streamed = client.invokeStream(InvocationRequest.of(Map.of("question", "Italy?")), handler)
        .get(30, TimeUnit.SECONDS);
    assertThat(String.join("", handler.deltas)).isEqualTo("Rome.");
    assertThat(streamed.text()).isEqualTo("Rome.");
    assertThat(streamed.reasoning()).isEqualTo("Italy's capital.");
  }

  private PinnedModelClient toolClient() {
    return PinnedModelClient.builder().manifest(toolManifest()).backend(createBackend()).build();
  }

  private void assumeCapability(Capability capability) {
    Assumptions.assumeTrue(capabilities().contains(capability), () -> getClass().getName()
        + " declares capabilities " + capabilities() + " without " + capability);
  }

  /** Returns JSON text without whitespace, so providers' spacing does not matter. */
  private static String compact(String json) {
    return json.replaceAll("\\s", "");
  }

  private static String term(String inputJson) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"term\"\\s*:\\s*\"([^\"]*)\"").matcher(inputJson);
    return m.find() ? m.group(1) : "";
  }

  /** A stream handler that records what it receives. */
  private static final class Recorder implements StreamHandler {
    final List<String> deltas = new CopyOnWriteArrayList<>();
    final List<InvocationResponse> completed = new CopyOnWriteArrayList<>();
    final List<MvcException> errors = new CopyOnWriteArrayList<>();

    @Override
    public void onText(String delta) {
      deltas.add(delta);
    }

    @Override
    public void onComplete(InvocationResponse response) {
      completed.add(response);
    }

    @Override
    public void onError(MvcException error) {
      errors.add(error);
    }
  }

  private String pinnedTarget() {
    TargetStamp pinned = manifest.model().stampFields();
    return pinned.modelId() != null ? pinned.modelId() : pinned.endpoint();
  }
}
