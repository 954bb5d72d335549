package dev.mvc.bedrock;

import dev.mvc.BedrockApi;
import dev.mvc.BedrockTarget;
import dev.mvc.PromptSpec;
import dev.mvc.PromptText;
import dev.mvc.VersionManifest;
import dev.mvc.spi.ModelBackend;
import dev.mvc.testkit.TestManifests;
import dev.mvc.testkit.contract.ModelBackendContract;
import dev.mvc.testkit.contract.ReceivedCall;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** The backend contract for {@link BedrockBackend} in knowledge-base mode (RetrieveAndGenerate), through the AWS SDK to the emulator. */
class BedrockKnowledgeBaseContractTest extends ModelBackendContract {

  private static BedrockContractSupport support;

  @BeforeAll
  static void start() {
    support = new BedrockContractSupport();
  }

  @AfterAll
  static void stop() {
    support.close();
  }

  @BeforeEach
  void reset() {
    support.emulator.reset();
  }

  @Override
  protected VersionManifest manifest() {
    VersionManifest base = TestManifests.bedrock(TEMPLATE);
    return withOverridableTemperature(base.toBuilder()
        .model(((BedrockTarget) base.model()).toBuilder().api(BedrockApi.RETRIEVE_AND_GENERATE)
            .knowledgeBase(TestSetup.KB, TestSetup.DS, TestSetup.JOB).build())
        .prompt(PromptSpec.builder(PromptText.inline(TEMPLATE))
            .system(PromptText.inline(TestSetup.KB_PROMPT))
            .variables("question")
            .build())
        .build());
  }

  @Override
  protected ModelBackend createBackend() {
    return support.backend();
  }

  @Override
  protected void scriptReply(String text, String requestId) {
    support.scriptReply(text, requestId);
  }

  @Override
  protected void scriptError(int status, String errorCode) {
    support.scriptError(status, errorCode);
  }

  @Override
  protected ReceivedCall lastReceived() {
    return support.lastReceived();
  }

  @Override
  protected int receivedCount() {
    return support.receivedCount();
  }
}
