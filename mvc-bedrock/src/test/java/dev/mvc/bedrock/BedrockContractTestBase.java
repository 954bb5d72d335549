package dev.mvc.bedrock;

import dev.mvc.spi.ModelBackend;
import dev.mvc.testkit.contract.ModelBackendContract;
import dev.mvc.testkit.contract.ReceivedCall;
import dev.mvc.testkit.contract.ScriptedReply;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The backend contract wired to {@link BedrockBackend} over one emulator per class; each
 * subclass pins a manifest for one Bedrock API and inherits every contract test.
 */
abstract class BedrockContractTestBase extends ModelBackendContract {

  static BedrockContractSupport support;

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
  protected void scriptReply(ScriptedReply reply) {
    support.scriptReply(reply);
  }

  @Override
  protected Map<String, String> lastReceivedToolResults() {
    return support.lastReceivedToolResults();
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
