package dev.mvc.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.bedrock.BedrockChatModel;
import dev.langchain4j.model.bedrock.BedrockChatRequestParameters;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.mvc.CachePoint;
import dev.mvc.InferenceParameters;
import dev.mvc.InvocationResponse;
import dev.mvc.LoadedManifest;
import dev.mvc.PinnedModelClient;
import dev.mvc.PromptSpec;
import dev.mvc.ToolSet;
import dev.mvc.VersionManifest;
import dev.mvc.bedrock.BedrockBackend;
import dev.mvc.emulators.bedrock.BedrockEmulator;
import dev.mvc.emulators.bedrock.BedrockReply;
import dev.mvc.emulators.bedrock.RecordedBedrockRequest;
import dev.mvc.testkit.TestManifests;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InferenceConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolConfiguration;

/**
 * A benchmark of one synchronous Bedrock Converse call end to end, over HTTP on loopback, made
 * three ways: with the AWS SDK alone, through a {@link PinnedModelClient} with
 * {@link BedrockBackend}, and through LangChain4j's {@link BedrockChatModel}.
 *
 * <p>One {@link BedrockEmulator} per trial answers every Converse call with the same short text
 * and no delay. All paths send the same model ID and the same JSON body (user message, system
 * prompt, {@code inferenceConfig} with temperature, maxTokens and topP); the setup sends one
 * call down each path and fails the trial if the emulator received anything different. The prompt is {@link InvokeOverheadBenchmark}'s template (about 2 KB, 5
 * variables) with the same values.
 *
 * <ul>
 *   <li>{@link #rawSdkConverse()} (baseline): {@code BedrockRuntimeClient.converse(..)} with a
 *       {@link ConverseRequest} built once in setup from the rendered prompt.</li>
 *   <li>{@link #rawSdkConverseBuiltPerCall()}: the AWS SDK alone as an application uses it, the
 *       prompt rendered with {@code String.replace} and the request built on every call.</li>
 *   <li>{@link #pinnedInvoke()}: {@code client.invoke(variables)}; the client renders the
 *       template, builds and checks the call, and {@code BedrockBackend} maps it to Converse, runs
 *       its request guard on the signed request and maps the response; the client stamps it.</li>
 *   <li>{@link #langchain4jChat()}: {@code BedrockChatModel.chat(ChatRequest)} with a
 *       {@link ChatRequest} (system and rendered user message) built once in setup, and the
 *       temperature, maxTokens and topP as the model's default request parameters.</li>
 *   <li>{@link #pinnedInvokeUnguardedClient()} (diagnostic): as {@code pinnedInvoke}, but the
 *       backend's client does not carry the request guard, so {@code BedrockBackend} adds it to
 *       every request as a per-request SDK plugin.</li>
 * </ul>
 *
 * <p>Every path gets its own {@link BedrockRuntimeClient} from {@code runtimeClient(..)}: the
 * SDK's Apache HTTP client with default settings, {@code endpointOverride} set to the
 * emulator, region us-east-1, static credentials and SDK retries off. The clients are passed to
 * {@code BedrockBackend.builder().client(..)} and {@code BedrockChatModel.builder().client(..)};
 * for {@code pinnedInvoke} it also carries {@link BedrockBackend#requestGuard()}, as do the
 * clients {@code BedrockBackend} builds itself. The ratio of {@code pinnedInvoke} to
 * {@code rawSdkConverse} is what mvc costs on a real call path; results and method are in
 * {@code BENCHMARKS.md}.
 *
 * <p>Every pinned call carries request metadata (the manifest digest and the call's invocation
 * ID), so the raw SDK paths send the same two pairs: the pre-built request a fixed invocation ID,
 * the request built per call a fresh one. LangChain4j sends no request metadata; its body is
 * compared without it.
 *
 * <p>{@link #scenario} {@code tools} (JMH {@code -p scenario=tools}, or
 * {@code bin/bench-paired --tools}) pins four tools with JSON schemas and a cache point after them,
 * and the raw SDK paths send the same {@code toolConfig} (built once, as an application keeps its
 * tool definitions); LangChain4j is left out of that scenario, since it does not send a cache
 * point in the tool list.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class BedrockPathBenchmark {
  /** The text the emulator answers every Converse call with. */
  static final String REPLY = "Rotate one key at a time: create the new key, deploy it, then revoke the old one.";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Which request every path sends: {@code plain} (text only) or {@code tools} (four tools and a cache point). */
  @Param({"plain"})
  public String scenario = "plain";

  private BedrockEmulator bedrock;
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private BedrockRuntimeClient rawClient;
  private BedrockRuntimeClient controlClient;
  private BedrockRuntimeClient builtPerCallClient;
  private String template;
  private String systemPrompt;
  private InferenceParameters inference;
  private ConverseRequest rawRequest;
  private PinnedModelClient pinned;
  private PinnedModelClient pinnedUnguarded;
  private Map<String, Object> variables;
  private String digest;
  private @Nullable ToolConfiguration toolConfig;
  private BedrockChatModel langchain4j;
  private ChatRequest chatRequest;

  /** Starts the emulator and builds the three paths, then checks that they send the same request. */
  @Setup(Level.Trial)
  public void setUp() {
    bedrock = BedrockEmulator.create().start();
    closeables.add(bedrock);
    reply();

    VersionManifest manifest = TestManifests.bedrock(InvokeOverheadBenchmark.template());
    boolean tools = switch (scenario) {
      case "plain" -> false;
      case "tools" -> true;
      default -> throw new IllegalArgumentException("scenario must be plain or tools, was " + scenario);
    };
    if (tools) {
      PromptSpec p = manifest.prompt();
      manifest = manifest.toBuilder().prompt(PromptSpec.builder(p.template()).system(p.system())
          .variables(p.variables().toArray(new String[0]))
          .tools(ToolSet.inline(BenchmarkTools.specs()))
          .cachePoints(CachePoint.TOOLS)
          .build()).build();
      toolConfig = BenchmarkTools.rawToolConfig();
    }
    digest = manifest.digest();
    String modelId = TestManifests.MODEL_ID;
    InferenceParameters inference = manifest.inference();
    variables = new LinkedHashMap<>();
    variables.put("customer_name", "Ada Lovelace");
    variables.put("account_tier", "enterprise");
    variables.put("product", "Analytical Engine Cloud");
    variables.put("question", "How do I rotate the API keys for my team without downtime?");
    variables.put("locale", "en-GB");

    pinned = PinnedModelClient.builder()
        .manifest(manifest)
        .backend(BedrockBackend.builder().client(runtimeClient(BedrockBackend.requestGuard())).build())
        .build();
    closeables.add(pinned);
    pinnedUnguarded = PinnedModelClient.builder()
        .manifest(manifest)
        .backend(BedrockBackend.builder().client(runtimeClient(null)).build())
        .build();
    closeables.add(pinnedUnguarded);

    LoadedManifest loaded = pinned.currentManifest();
    String system = Objects.requireNonNull(loaded.systemText(), "system text");
    String rendered = loaded.template().render(variables);

    rawClient = runtimeClient(null);
    controlClient = runtimeClient(null);
    builtPerCallClient = runtimeClient(null);
    template = InvokeOverheadBenchmark.template();
    systemPrompt = system;
    this.inference = inference;
    ConverseRequest.Builder raw = ConverseRequest.builder()
        .modelId(modelId)
        .messages(Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText(rendered)).build())
        .system(SystemContentBlock.fromText(system))
        .inferenceConfig(InferenceConfiguration.builder()
            .temperature(inference.temperature().floatValue())
            .maxTokens(inference.maxTokens())
            .topP(inference.topP().floatValue())
            .build())
        .requestMetadata(Map.of("mvc.digest", digest, "mvc.invocationId", UUID.randomUUID().toString()));
    if (toolConfig != null) {
      raw.toolConfig(toolConfig);
    }
    rawRequest = raw.build();

    langchain4j = BedrockChatModel.builder()
        .client(runtimeClient(null))
        .modelId(modelId)
        .maxRetries(0)
        .defaultRequestParameters(BedrockChatRequestParameters.builder()
            .temperature(inference.temperature())
            .maxOutputTokens(inference.maxTokens())
            .topP(inference.topP())
            .build())
        .build();
    chatRequest = ChatRequest.builder()
        .messages(SystemMessage.from(system), UserMessage.from(rendered))
        .build();

    checkSameRequest();
  }

  /** Empties the emulator's journal, which otherwise grows by one entry per call. */
  @TearDown(Level.Iteration)
  public void clearJournal() {
    bedrock.reset();
    reply();
  }

  /** Closes the clients and stops the emulator. */
  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
    closeables.clear();
  }

  /** The baseline: the AWS SDK client alone, with a pre-built request. */
  @Benchmark
  public ConverseResponse rawSdkConverse() {
    return rawClient.converse(rawRequest);
  }

  /**
   * The AWS SDK alone as an application uses it: the prompt rendered from the template with
   * {@code String.replace} and the {@link ConverseRequest} built on every call.
   */
  @Benchmark
  public ConverseResponse rawSdkConverseBuiltPerCall() {
    String prompt = template;
    for (Map.Entry<String, Object> v : variables.entrySet()) {
      prompt = prompt.replace("{{" + v.getKey() + "}}", String.valueOf(v.getValue()));
    }
    ConverseRequest.Builder b = ConverseRequest.builder()
        .modelId(TestManifests.MODEL_ID)
        .messages(Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText(prompt)).build())
        .system(SystemContentBlock.fromText(systemPrompt))
        .inferenceConfig(InferenceConfiguration.builder()
            .temperature(inference.temperature().floatValue())
            .maxTokens(inference.maxTokens())
            .topP(inference.topP().floatValue())
            .build())
        .requestMetadata(Map.of("mvc.digest", digest, "mvc.invocationId", UUID.randomUUID().toString()));
    if (toolConfig != null) {
      b.toolConfig(toolConfig);
    }
    return builtPerCallClient.converse(b.build());
  }

  /**
   * The baseline again, on a second client of its own: not a JMH benchmark, but the control
   * path of {@link PairedBedrockRatio}, whose ratio to the baseline shows what the harness
   * itself puts between two identical paths.
   */
  ConverseResponse rawSdkConverseControl() {
    return controlClient.converse(rawRequest);
  }

  /** The same call through mvc: render, resolve, Converse with the request guard, drift check, stamp. */
  @Benchmark
  public InvocationResponse pinnedInvoke() {
    return pinned.invoke(variables);
  }

  /** The same call through LangChain4j's Bedrock chat model. */
  @Benchmark
  public ChatResponse langchain4jChat() {
    return langchain4j.chat(chatRequest);
  }

  /** As {@link #pinnedInvoke()}, with a client that lacks the request guard (added per request). */
  @Benchmark
  public InvocationResponse pinnedInvokeUnguardedClient() {
    return pinnedUnguarded.invoke(variables);
  }

  /** Returns a new runtime client for the emulator, with the given interceptor if not null. */
  private BedrockRuntimeClient runtimeClient(@Nullable ExecutionInterceptor interceptor) {
    BedrockRuntimeClient client = BedrockRuntimeClient.builder()
        .httpClientBuilder(ApacheHttpClient.builder())
        .endpointOverride(bedrock.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
        .overrideConfiguration(o -> {
          o.retryStrategy(AwsRetryStrategy.doNotRetry());
          if (interceptor != null) {
            o.addExecutionInterceptor(interceptor);
          }
        })
        .build();
    closeables.add(client);
    return client;
  }

  private void reply() {
    bedrock.respondWith(BedrockReply.builder().text(REPLY).usage(612, 19).build());
  }

  /** Returns whether this trial sends four tools and a cache point. */
  boolean tools() {
    return toolConfig != null;
  }

  /**
   * Fails the trial unless every path sent the same model ID and body (the invocation ID in the
   * request metadata aside, which is new on every call) and read the same text.
   */
  private void checkSameRequest() {
    List<Supplier<String>> paths = new ArrayList<>(List.of(
        () -> rawSdkConverse().output().message().content().get(0).text(),
        () -> pinnedInvoke().text(),
        () -> pinnedInvokeUnguardedClient().text(),
        () -> rawSdkConverseControl().output().message().content().get(0).text(),
        () -> rawSdkConverseBuiltPerCall().output().message().content().get(0).text()));
    List<String> names = new ArrayList<>(List.of("rawSdkConverse", "pinnedInvoke", "pinnedInvokeUnguardedClient",
        "rawSdkConverseControl", "rawSdkConverseBuiltPerCall"));
    if (!tools()) {
      paths.add(() -> langchain4jChat().aiMessage().text());
      names.add("langchain4jChat");
    }
    @Nullable RecordedBedrockRequest baseline = null;
    for (int i = 0; i < paths.size(); i++) {
      bedrock.reset();
      reply();
      String text = paths.get(i).get();
      RecordedBedrockRequest sent = bedrock.lastRequest();
      if (bedrock.requests().size() != 1 || !REPLY.equals(text)) {
        throw new IllegalStateException(names.get(i) + " made " + bedrock.requests().size()
            + " requests and read '" + text + "'");
      }
      boolean withoutMetadata = names.get(i).equals("langchain4jChat");
      if (baseline == null) {
        baseline = sent;
      } else if (!sent.path().equals(baseline.path())
          || !comparable(sent.body(), withoutMetadata).equals(comparable(baseline.body(), withoutMetadata))) {
        throw new IllegalStateException(names.get(i) + " sent " + sent.path() + " " + sent.body()
            + "\nbut rawSdkConverse sent " + baseline.path() + " " + baseline.body());
      }
    }
    bedrock.reset();
    reply();
  }

  /** Returns the body as JSON without the per-call invocation ID, or without any request metadata. */
  private static JsonNode comparable(String body, boolean withoutMetadata) {
    com.fasterxml.jackson.databind.node.ObjectNode tree = (com.fasterxml.jackson.databind.node.ObjectNode) tree(body);
    if (withoutMetadata) {
      tree.remove("requestMetadata");
    } else if (tree.get("requestMetadata") instanceof com.fasterxml.jackson.databind.node.ObjectNode metadata) {
      metadata.remove("mvc.invocationId");
    }
    return tree;
  }

  private static JsonNode tree(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
