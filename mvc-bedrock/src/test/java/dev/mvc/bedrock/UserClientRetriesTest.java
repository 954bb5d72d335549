package dev.mvc.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvc.BackendException;
import dev.mvc.PinnedModelClient;
import dev.mvc.ResiliencePolicy;
import dev.mvc.emulators.bedrock.BedrockEmulator;
import dev.mvc.emulators.bedrock.BedrockErrorType;
import dev.mvc.emulators.bedrock.BedrockOperation;
import dev.mvc.emulators.bedrock.BedrockReply;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

/**
 * A user's own client keeps the SDK's default retry strategy (three attempts); the client's
 * resilience policy must still be the one retry layer, counted on the emulator's journal.
 */
class UserClientRetriesTest {
  private static BedrockEmulator emulator;
  private static BedrockRuntimeClient retrying;

  @BeforeAll
  static void start() {
    emulator = BedrockEmulator.create().start();
    retrying = BedrockRuntimeClient.builder().endpointOverride(emulator.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(TestSetup.CREDENTIALS).build();
  }

  @AfterAll
  static void stop() {
    retrying.close();
    emulator.close();
  }

  @BeforeEach
  void reset() {
    emulator.reset();
  }

  private static PinnedModelClient client(ResiliencePolicy policy) {
    return PinnedModelClient.builder().manifest(TestSetup.converse())
        .backend(BedrockBackend.builder().client(retrying).region("us-east-1").build()).resilience(policy).build();
  }

  @Test
  void aThrottledCallOnAUserClientThatRetries_isSentOnceWithoutAPolicy() {
    emulator.enqueue(BedrockReply.error(BedrockErrorType.THROTTLING), BedrockReply.text("never sent"));
    try (PinnedModelClient client = client(ResiliencePolicy.none())) {
      assertThatThrownBy(() -> client.invoke(Map.of("name", "Ada"))).isInstanceOfSatisfying(BackendException.class,
          e -> assertThat(e.retryable()).isTrue());
    }
    assertThat(emulator.requests(BedrockOperation.CONVERSE)).hasSize(1);
  }

  @Test
  void aThrottledCallOnAUserClientThatRetries_isSentAsOftenAsThePolicySays() {
    emulator.enqueue(BedrockReply.error(BedrockErrorType.THROTTLING), BedrockReply.error(BedrockErrorType.THROTTLING),
        BedrockReply.text("Hello Ada"));
    try (PinnedModelClient client = client(ResiliencePolicy.builder()
        .retry(3, Duration.ofMillis(5), 2.0, Duration.ofMillis(20)).build())) {
      assertThat(client.invoke(Map.of("name", "Ada")).text()).isEqualTo("Hello Ada");
    }
    assertThat(emulator.requests(BedrockOperation.CONVERSE)).hasSize(3);
    assertThat(emulator.requests()).allSatisfy(r -> assertThat(r.header("amz-sdk-request")).contains("attempt=1"));
  }
}
