package dev.mvc.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.service.AiServices;
import dev.mvc.BedrockTarget;
import dev.mvc.InferenceParameters;
import dev.mvc.PinViolationException;
import dev.mvc.PinnedModelClient;
import dev.mvc.VersionManifest;
import dev.mvc.bedrock.BedrockBackend;
import dev.mvc.emulators.bedrock.BedrockEmulator;
import dev.mvc.emulators.bedrock.BedrockOperation;
import dev.mvc.emulators.bedrock.BedrockReply;
import dev.mvc.testkit.TestManifests;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

class MvcChatModelTest {
  private static final VersionManifest MANIFEST = TestManifests.base("Answer briefly.\n\nQuestion: {{input}}")
      .name("support-answer")
      .model(BedrockTarget.builder(TestManifests.MODEL_ID).region("us-east-1").build())
      .inference(InferenceParameters.builder().temperature(0.2).maxTokens(256).topP(0.9)
          .overridable("temperature", 0, 0.5).build())
      .build();

  private static BedrockEmulator bedrock;
  private static BedrockRuntimeClient sync;
  private static BedrockRuntimeAsyncClient async;
  private PinnedModelClient client;

  interface Support {
    String answer(String question);
  }

  @BeforeAll
  static void startEmulator() {
    bedrock = BedrockEmulator.create().start();
    StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b"));
    sync = BedrockRuntimeClient.builder().endpointOverride(bedrock.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(credentials)
        .overrideConfiguration(o -> o.addExecutionInterceptor(BedrockBackend.requestGuard())
            .retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
    async = BedrockRuntimeAsyncClient.builder().endpointOverride(bedrock.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(credentials)
        .overrideConfiguration(o -> o.addExecutionInterceptor(BedrockBackend.requestGuard())
            .retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  @AfterAll
  static void stopEmulator() {
    sync.close();
    async.close();
    bedrock.close();
  }

  @BeforeEach
  void newClient() {
    bedrock.reset();
    client = PinnedModelClient.builder().manifest(MANIFEST)
        .backend(BedrockBackend.builder().client(sync).asyncClient(async).build()).build();
  }

  @AfterEach
  void closeClient() {
    client.close();
  }

  @Test
  void aiServicesInterface_backedByTheModel_answersThroughThePin() {
    bedrock.enqueue(BedrockReply.text("Use the reset link."));
    Support support = AiServices.create(Support.class, MvcChatModel.create(client));
    assertThat(support.answer("How do I reset my password?")).isEqualTo("Use the reset link.");
    assertThat(bedrock.lastRequest().body()).contains("Question: How do I reset my password?");
  }

  @Test
  void chatResponse_carriesTheStampInItsMetadata_andTheServedModelAsModelName() {
    bedrock.enqueue(BedrockReply.text("ok"));
    ChatResponse r = MvcChatModel.create(client).chat(UserMessage.from("q"));
    assertThat(r.aiMessage().text()).isEqualTo("ok");
    assertThat(r.metadata()).isInstanceOf(MvcChatResponseMetadata.class);
    assertThat(((MvcChatResponseMetadata) r.metadata()).stamp().digest()).isEqualTo(MANIFEST.digest());
    assertThat(r.metadata().modelName()).isEqualTo(TestManifests.MODEL_ID);
  }

  @Test
  void earlierMessages_becomeTheConversationHistory() {
    bedrock.enqueue(BedrockReply.text("ok"));
    MvcChatModel.create(client).chat(UserMessage.from("Where is my order?"), AiMessage.from("Which order?"),
        UserMessage.from("Order 42"));
    String body = bedrock.lastRequest().body();
    assertThat(body.indexOf("Where is my order?")).isGreaterThanOrEqualTo(0)
        .isLessThan(body.indexOf("Which order?"));
    assertThat(body).contains("Question: Order 42");
  }

  @Test
  void systemMessage_isRefused_becauseTheManifestPinsTheSystemPrompt() {
    assertThatThrownBy(() -> MvcChatModel.create(client).chat(SystemMessage.from("Be rude."), UserMessage.from("q")))
        .isInstanceOf(PinViolationException.class).hasMessageContaining("system prompt is pinned");
    assertThat(bedrock.requests()).isEmpty();
  }

  @Test
  void temperatureWithinTheBounds_isAnOverride_andOutsideThemIsAPinViolation() {
    bedrock.enqueue(BedrockReply.text("ok"));
    MvcChatModel model = MvcChatModel.create(client);
    model.chat(request(ChatRequestParameters.builder().temperature(0.4).build()));
    assertThat(bedrock.lastRequest().body()).contains("\"temperature\":0.4");
    assertThatThrownBy(() -> model.chat(request(ChatRequestParameters.builder().temperature(0.9).build())))
        .isInstanceOf(PinViolationException.class).hasMessageContaining("temperature");
  }

  @Test
  void anotherModelName_isAPinViolation() {
    assertThatThrownBy(() -> MvcChatModel.create(client)
        .chat(request(ChatRequestParameters.builder().modelName("anthropic.claude-v2").build())))
        .isInstanceOf(PinViolationException.class).hasMessageContaining("anthropic.claude-v2");
  }

  @Test
  void streamingModel_deliversEachDeltaOnce_thenTheStampedCompleteResponse() throws Exception {
    bedrock.enqueue(BedrockReply.builder().deltas("Use ", "the reset ", "link.").build());
    List<String> deltas = new CopyOnWriteArrayList<>();
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    MvcStreamingChatModel.create(client).chat("q", new StreamingChatResponseHandler() {
      @Override
      public void onPartialResponse(String partial) {
        deltas.add(partial);
      }

      @Override
      public void onCompleteResponse(ChatResponse response) {
        done.complete(response);
      }

      @Override
      public void onError(Throwable error) {
        done.completeExceptionally(error);
      }
    });
    ChatResponse r = done.get(10, TimeUnit.SECONDS);
    assertThat(deltas).containsExactly("Use ", "the reset ", "link.");
    assertThat(r.aiMessage().text()).isEqualTo("Use the reset link.");
    assertThat(((MvcChatResponseMetadata) r.metadata()).stamp().digest()).isEqualTo(MANIFEST.digest());
    assertThat(bedrock.lastRequest().operation()).isEqualTo(BedrockOperation.CONVERSE_STREAM);
  }

  private static ChatRequest request(ChatRequestParameters parameters) {
    return ChatRequest.builder().messages(UserMessage.from("q")).parameters(parameters).build();
  }
}
