package dev.mvc.testkit.bedrock;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.mvc.testkit.bedrock.internal.BedrockDispatcher;
import dev.mvc.testkit.bedrock.internal.EmulatorState;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A scriptable server on the loopback interface that speaks the Amazon Bedrock wire protocol,
 * so that code using the real AWS SDK can be tested without an AWS account or network.
 *
 * <p>It answers the runtime operations Converse, ConverseStream (event-stream frames with
 * correct checksums), InvokeModel and InvokeModelWithResponseStream (Anthropic Messages
 * format), and the control-plane operation GetFoundationModel. Tests script the replies, point
 * the SDK client at {@link #endpoint()}, and assert on the journal of received requests.
 *
 * <pre>{@code
 * try (BedrockEmulator bedrock = BedrockEmulator.create().start()) {
 *   bedrock.enqueue(BedrockReply.error(BedrockErrorType.THROTTLING), BedrockReply.text("Hi"));
 *   BedrockRuntimeClient client = BedrockRuntimeClient.builder()
 *       .endpointOverride(bedrock.endpoint())
 *       .region(Region.US_EAST_1)
 *       .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
 *       .build();
 *   // ... call the code under test ...
 *   assertThat(bedrock.lastRequest().modelId()).isEqualTo("anthropic.claude-3-haiku-20240307-v1:0");
 * }
 * }</pre>
 *
 * <p>Replies are chosen per call in this order: the queue of the requested model
 * ({@link #enqueue(String, BedrockReply...)}), the queue for any model
 * ({@link #enqueue(BedrockReply...)}), the standing reply of the model
 * ({@link #respondWith(String, BedrockReply)}), the standing reply for any model
 * ({@link #respondWith(BedrockReply)}), which initially is a short text. Requests whose body
 * is not what the operation accepts are answered with a {@code ValidationException} without
 * consuming a reply. GetFoundationModel reports every model as {@code ACTIVE} unless scripted
 * with {@link #foundationModel(String, BedrockModelLifecycle)}.
 *
 * <p>All methods are thread-safe. Start one emulator per test class and {@link #reset()} it
 * between tests.
 */
public final class BedrockEmulator implements AutoCloseable {

  private final EmulatorState state = new EmulatorState();
  private final WireMockServer server;

  private BedrockEmulator() {
    this.server = new WireMockServer(WireMockConfiguration.options()
        .bindAddress("127.0.0.1")
        .dynamicPort()
        .jettyAcceptors(1)
        .containerThreads(16)
        .gzipDisabled(true)
        .templatingEnabled(false)
        .disableRequestJournal()
        .extensions(new BedrockDispatcher(state)));
  }

  /** Returns a new emulator that is not started yet. */
  public static BedrockEmulator create() {
    return new BedrockEmulator();
  }

  /** Starts the server on a free loopback port and returns this emulator. */
  public BedrockEmulator start() {
    if (!server.isRunning()) {
      server.start();
      server.stubFor(any(anyUrl()).willReturn(ok()));
    }
    return this;
  }

  /** Returns the base URI to pass to the SDK's {@code endpointOverride}, for example {@code http://127.0.0.1:50123}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port());
  }

  /** Returns the port the server listens on; fails if it has not been started. */
  public int port() {
    if (!server.isRunning()) {
      throw new IllegalStateException("BedrockEmulator is not running: call start() first");
    }
    return server.port();
  }

  /** Queues replies, served in order, to calls for any model; returns this emulator. */
  public BedrockEmulator enqueue(BedrockReply... replies) {
    state.enqueue(null, List.of(replies));
    return this;
  }

  /** Queues replies, served in order, to calls for the given model ID; returns this emulator. */
  public BedrockEmulator enqueue(String modelId, BedrockReply... replies) {
    state.enqueue(requireModelId(modelId), List.of(replies));
    return this;
  }

  /** Sets the reply to every call for any model once the queues are empty; returns this emulator. */
  public BedrockEmulator respondWith(BedrockReply reply) {
    state.respondWith(null, Objects.requireNonNull(reply, "reply"));
    return this;
  }

  /** Sets the reply to every call for the given model once its queues are empty; returns this emulator. */
  public BedrockEmulator respondWith(String modelId, BedrockReply reply) {
    state.respondWith(requireModelId(modelId), Objects.requireNonNull(reply, "reply"));
    return this;
  }

  /** Sets the lifecycle status that GetFoundationModel reports for a model; returns this emulator. */
  public BedrockEmulator foundationModel(String modelId, BedrockModelLifecycle lifecycle) {
    state.lifecycle(requireModelId(modelId), Objects.requireNonNull(lifecycle, "lifecycle"));
    return this;
  }

  /** Makes GetFoundationModel answer {@code ResourceNotFoundException} for a model; returns this emulator. */
  public BedrockEmulator unknownFoundationModel(String modelId) {
    state.unknownModel(requireModelId(modelId));
    return this;
  }

  /** Returns how many queued replies have not been served yet. */
  public int pendingReplies() {
    return state.pendingReplies();
  }

  /** Returns all requests received since start or the last reset, in arrival order. */
  public List<RecordedBedrockRequest> requests() {
    return state.journal();
  }

  /** Returns the requests for one operation received since start or the last reset, in arrival order. */
  public List<RecordedBedrockRequest> requests(BedrockOperation operation) {
    return state.journal().stream().filter(r -> r.operation() == operation).collect(Collectors.toList());
  }

  /** Returns the most recent request; fails if none has been received. */
  public RecordedBedrockRequest lastRequest() {
    List<RecordedBedrockRequest> journal = state.journal();
    if (journal.isEmpty()) {
      throw new IllegalStateException("BedrockEmulator has received no request");
    }
    return journal.get(journal.size() - 1);
  }

  /** Clears all scripted replies, lifecycle statuses and the journal. */
  public void reset() {
    state.reset();
  }

  /** Stops the server; the emulator cannot be started again. */
  @Override
  public void close() {
    if (server.isRunning()) {
      server.stop();
    }
  }

  @Override
  public String toString() {
    return "BedrockEmulator{" + (server.isRunning() ? endpoint() : "stopped") + "}";
  }

  private static String requireModelId(@Nullable String modelId) {
    if (modelId == null || modelId.isBlank()) {
      throw new IllegalArgumentException("modelId must not be blank, was '" + modelId + "'");
    }
    return modelId;
  }
}
