package dev.mvc.spring.ai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvc.InferenceParameters;
import dev.mvc.PinViolationException;
import dev.mvc.PinnedModelClient;
import dev.mvc.VersionManifest;
import dev.mvc.VersionStamp;
import dev.mvc.bedrock.BedrockBackend;
import dev.mvc.emulators.bedrock.BedrockEmulator;
import dev.mvc.emulators.bedrock.BedrockOperation;
import dev.mvc.emulators.bedrock.BedrockReply;
import dev.mvc.testkit.TestManifests;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

class MvcChatModelTest {
  private static final VersionManifest MANIFEST = TestManifests.base("Answer briefly.\n\nQuestion: {{input}}")
      .name("support-answer")
      .model(dev.mvc.BedrockTarget.builder(TestManifests.MODEL_ID).region("us-east-1").build())
      .inference(InferenceParameters.builder().temperature(0.2).maxTokens(256).topP(0.9)
          .overridable("temperature", 0, 0.5).build())
      .build();

  private static BedrockEmulator bedrock;
  private static BedrockRuntimeClient sync;
  private static BedrockRuntimeAsyncClient async;
  private PinnedModelClient client;
  private MvcChatModel model;

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
    model = MvcChatModel.create(client);
  }

  @AfterEach
  void closeClient() {
    client.close();
  }

  @Test
  void chatClientCall_returnsThePinnedAnswer_withTheStampInTheMetadata_andTheServedModel() {
    bedrock.enqueue(BedrockReply.text("Use the reset link."));
    ChatResponse response = ChatClient.create(model).prompt().user("How do I reset my password?").call()
        .chatResponse();
    assertThat(response.getResult().getOutput().getText()).isEqualTo("Use the reset link.");
    VersionStamp stamp = response.getMetadata().get(MvcChatModel.STAMP_KEY);
    assertThat(stamp.digest()).isEqualTo(MANIFEST.digest());
    assertThat(stamp.manifestName()).isEqualTo("support-answer");
    assertThat(response.getMetadata().getModel()).isEqualTo(TestManifests.MODEL_ID);
    assertThat(bedrock.lastRequest().body()).contains("Question: How do I reset my password?");
  }

  @Test
  void chatClientCallContent_returnsTheAnswerText() {
    bedrock.enqueue(BedrockReply.text("Yes."));
    assertThat(ChatClient.create(model).prompt().user("Can I?").call().content()).isEqualTo("Yes.");
  }

  @Test
  void chatClientStream_deliversEachDeltaOnce_andTheLastChunkCarriesTheStamp() {
    bedrock.enqueue(BedrockReply.builder().deltas("Use ", "the reset ", "link.").build());
    List<String> content = ChatClient.create(model).prompt().user("q").stream().content().collectList().block();
    assertThat(content).containsExactly("Use ", "the reset ", "link.");
    assertThat(bedrock.lastRequest().operation()).isEqualTo(BedrockOperation.CONVERSE_STREAM);

    bedrock.enqueue(BedrockReply.builder().deltas("a", "b").build());
    List<ChatResponse> chunks = model.stream(new Prompt("q")).collectList().block();
    assertThat(chunks).hasSize(2);
    assertThat(chunks.get(0).getMetadata().containsKey(MvcChatModel.STAMP_KEY)).isFalse();
    VersionStamp stamp = chunks.get(1).getMetadata().get(MvcChatModel.STAMP_KEY);
    assertThat(stamp.digest()).isEqualTo(MANIFEST.digest());
  }

  @Test
  void earlierMessages_becomeTheConversationHistory_andTheLastUserMessageFillsTheInput() {
    bedrock.enqueue(BedrockReply.text("It ships tomorrow."));
    model.call(new Prompt(List.of(new UserMessage("Where is my order?"), new AssistantMessage("Which order?"),
        new UserMessage("Order 42"))));
    String body = bedrock.lastRequest().body();
    assertThat(body).contains("Where is my order?").contains("Which order?").contains("Question: Order 42");
    assertThat(body.indexOf("Where is my order?")).isLessThan(body.indexOf("Which order?"));
  }

  @Test
  void systemMessage_isRefused_becauseTheManifestPinsTheSystemPrompt() {
    assertThatThrownBy(() -> ChatClient.create(model).prompt().system("Be rude.").user("q").call().content())
        .isInstanceOf(PinViolationException.class).hasMessageContaining("system prompt is pinned");
    assertThat(bedrock.requests()).isEmpty();
  }

  @Test
  void temperatureOption_withinTheManifestBounds_isSentAsAnOverride() {
    bedrock.enqueue(BedrockReply.text("ok"));
    ChatClient.create(model).prompt().options(ChatOptions.builder().temperature(0.4)).user("q").call().content();
    assertThat(bedrock.lastRequest().body()).contains("\"temperature\":0.4");
  }

  @Test
  void temperatureOption_outsideTheManifestBounds_failsWithPinViolation() {
    assertThatThrownBy(() -> model.call(new Prompt("q", ChatOptions.builder().temperature(0.9).build())))
        .isInstanceOf(PinViolationException.class).hasMessageContaining("temperature");
    assertThat(bedrock.requests()).isEmpty();
  }

  @Test
  void maxTokensOption_thatTheManifestDoesNotMakeOverridable_failsWithPinViolation() {
    assertThatThrownBy(() -> model.call(new Prompt("q", ChatOptions.builder().maxTokens(4000).build())))
        .isInstanceOf(PinViolationException.class).hasMessageContaining("maxTokens");
  }

  @Test
  void modelOption_otherThanThePinnedModel_failsWithPinViolation_andThePinnedOptionsPass() {
    assertThatThrownBy(() -> model.call(new Prompt("q", ChatOptions.builder().model("anthropic.claude-v2").build())))
        .isInstanceOf(PinViolationException.class).hasMessageContaining("anthropic.claude-v2");
    bedrock.enqueue(BedrockReply.text("ok"));
    assertThat(model.call(new Prompt("q", model.getOptions())).getResult().getOutput().getText())
        .isEqualTo("ok");
  }

  @Test
  void inputVariable_namedInTheSettings_receivesTheUserMessage() {
    VersionManifest custom = TestManifests.base("Q: {{question}} ({{tone}})").name("custom")
        .model(dev.mvc.BedrockTarget.builder(TestManifests.MODEL_ID).region("us-east-1").build()).build();
    try (PinnedModelClient other = PinnedModelClient.builder().manifest(custom)
        .backend(BedrockBackend.builder().client(sync).asyncClient(async).build()).build()) {
      bedrock.enqueue(BedrockReply.text("ok"));
      MvcChatModel.builder(other).inputVariable("question").variable("tone", "formal").build().call(new Prompt("Hi?"));
      assertThat(bedrock.lastRequest().body()).contains("Q: Hi? (formal)");
    }
  }
}
