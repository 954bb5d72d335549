package dev.mvc.bedrock;

import dev.mvc.VersionManifest;
import dev.mvc.spi.ModelBackend;
import dev.mvc.testkit.TestManifests;
import dev.mvc.testkit.contract.ModelBackendContract;
import dev.mvc.testkit.contract.ReceivedCall;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** The backend contract for {@link BedrockBackend} with the Converse API, through the AWS SDK to the emulator. */
class BedrockConverseContractTest extends ModelBackendContract {

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
    return withOverridableTemperature(TestManifests.bedrock(TEMPLATE));
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
