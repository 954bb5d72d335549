package dev.mvc.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mvc.CheckMode;
import dev.mvc.emulators.bedrock.BedrockEmulator;
import dev.mvc.emulators.bedrock.BedrockOperation;
import dev.mvc.emulators.bedrock.BedrockReply;
import dev.mvc.emulators.bedrock.RecordedBedrockRequest;
import dev.mvc.ToolCall;
import dev.mvc.testkit.contract.ReceivedCall;
import dev.mvc.testkit.contract.ScriptedReply;
import java.util.LinkedHashMap;
import java.util.Map;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.bedrockagentruntime.BedrockAgentRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockagentruntime.BedrockAgentRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

/**
 * One emulator and one pair of SDK clients per contract class: each test gets a fresh
 * {@link BedrockBackend} over these clients, and reads back what arrived on the wire.
 */
final class BedrockContractSupport implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  final BedrockEmulator emulator = BedrockEmulator.create().start();
  final BedrockRuntimeClient client = TestSetup.userClient(emulator)
      .httpClient(UrlConnectionHttpClient.create())
      .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())
          .addExecutionInterceptor(BedrockBackend.requestGuard()))
      .build();
  final BedrockRuntimeAsyncClient asyncClient = TestSetup.userAsyncClient(emulator)
      .httpClient(NettyNioAsyncHttpClient.create())
      .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())
          .addExecutionInterceptor(BedrockBackend.requestGuard()))
      .build();

  final BedrockAgentRuntimeClient agentClient = TestSetup.userAgentClient(emulator)
      .httpClient(UrlConnectionHttpClient.create())
      .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())
          .addExecutionInterceptor(BedrockBackend.requestGuard()))
      .build();
  final BedrockAgentRuntimeAsyncClient agentAsyncClient = TestSetup.userAgentAsyncClient(emulator)
      .httpClient(NettyNioAsyncHttpClient.create())
      .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())
          .addExecutionInterceptor(BedrockBackend.requestGuard()))
      .build();

  BedrockBackend backend() {
    return BedrockBackend.builder().client(client).asyncClient(asyncClient)
        .agentRuntimeClient(agentClient).agentRuntimeAsyncClient(agentAsyncClient)
        .knowledgeBaseCheck(CheckMode.OFF)
        .build();
  }

  void scriptReply(String text, String requestId) {
    emulator.enqueue(BedrockReply.builder().text(text).requestId(requestId).build());
  }

  void scriptError(int status, String errorCode) {
    emulator.enqueue(BedrockReply.builder().error(status, errorCode, "scripted " + errorCode).build());
  }

  void scriptReply(ScriptedReply reply) {
    BedrockReply.Builder b = BedrockReply.builder().text(reply.text());
    for (ToolCall c : reply.toolCalls()) {
      b.toolUse(c.id(), c.name(), c.inputJson());
    }
    if (!reply.reasoning().isEmpty()) {
      b.reasoning(reply.reasoning(), reply.reasoningSignature());
    }
    emulator.enqueue(b.cacheUsage(reply.cacheReadInputTokens(), reply.cacheWriteInputTokens()).build());
  }

  /** Reads the tool results of the last request: Converse {@code toolResult} or Anthropic {@code tool_result} blocks. */
  Map<String, String> lastReceivedToolResults() {
    Map<String, String> results = new LinkedHashMap<>();
    for (JsonNode message : tree(emulator.lastRequest().body()).path("messages")) {
      for (JsonNode block : message.path("content")) {
        JsonNode converse = block.get("toolResult");
        if (converse != null) {
          JsonNode content = converse.path("content").path(0);
          results.put(converse.path("toolUseId").asText(),
              content.has("text") ? content.path("text").asText() : content.path("json").toString());
        } else if ("tool_result".equals(block.path("type").asText())) {
          results.put(block.path("tool_use_id").asText(), block.path("content").asText());
        }
      }
    }
    return results;
  }

  /** Returns how many runtime requests arrived; control-plane lookups made at load time are not calls. */
  int receivedCount() {
    return (int) emulator.requests().stream().filter(r -> !r.operation().controlPlane()).count();
  }

  /** Decodes the last request on the wire, Converse or Anthropic Messages, into the contract's terms. */
  @Nullable ReceivedCall lastReceived() {
    if (emulator.requests().isEmpty()) {
      return null;
    }
    RecordedBedrockRequest r = emulator.lastRequest();
    JsonNode body = tree(r.body());
    if (r.operation() == BedrockOperation.RETRIEVE_AND_GENERATE) {
      JsonNode generation = body.path("retrieveAndGenerateConfiguration").path("knowledgeBaseConfiguration")
          .path("generationConfiguration");
      JsonNode inference = generation.path("inferenceConfig").path("textInferenceConfig");
      return new ReceivedCall(r.modelId(), textOrNull(generation.path("promptTemplate").path("textPromptTemplate")),
          body.path("input").path("text").asText(), doubleOrNull(inference.get("temperature")),
          intOrNull(inference.get("maxTokens")), doubleOrNull(inference.get("topP")),
          strings(inference.path("stopSequences")));
    }
    JsonNode messages = body.path("messages");
    JsonNode last = messages.get(messages.size() - 1).path("content").get(0);
    boolean converse = r.operation() == BedrockOperation.CONVERSE || r.operation() == BedrockOperation.CONVERSE_STREAM;
    if (converse) {
      JsonNode inference = body.path("inferenceConfig");
      return new ReceivedCall(r.modelId(), textOrNull(body.path("system").path(0).path("text")),
          last.path("text").asText(), doubleOrNull(inference.get("temperature")),
          intOrNull(inference.get("maxTokens")), doubleOrNull(inference.get("topP")),
          strings(inference.path("stopSequences")));
    }
    return new ReceivedCall(r.modelId(), textOrNull(body.path("system")), last.path("text").asText(),
        doubleOrNull(body.get("temperature")), intOrNull(body.get("max_tokens")),
        doubleOrNull(body.get("top_p")), strings(body.path("stop_sequences")));
  }

  @Override
  public void close() {
    client.close();
    asyncClient.close();
    agentClient.close();
    agentAsyncClient.close();
    emulator.close();
  }

  private static JsonNode tree(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static @Nullable String textOrNull(JsonNode node) {
    return node.isTextual() ? node.asText() : null;
  }

  private static @Nullable Double doubleOrNull(@Nullable JsonNode node) {
    return node == null || !node.isNumber() ? null : node.doubleValue();
  }

  private static @Nullable Integer intOrNull(@Nullable JsonNode node) {
    return node == null || !node.isNumber() ? null : node.intValue();
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(n -> values.add(n.asText()));
    return values;
  }
}
