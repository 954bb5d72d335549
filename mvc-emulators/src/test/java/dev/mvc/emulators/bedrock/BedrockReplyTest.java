package dev.mvc.emulators.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BedrockReplyTest {

  @Test
  void text_isSplitIntoDeltasAfterEachSpace() {
    BedrockReply reply = BedrockReply.text("The answer is 42");

    assertThat(reply.deltas()).containsExactly("The ", "answer ", "is ", "42");
    assertThat(String.join("", reply.deltas())).isEqualTo(reply.text());
  }

  @Test
  void deltas_defineTheText() {
    BedrockReply reply = BedrockReply.builder().deltas("Hel", "lo").build();

    assertThat(reply.text()).isEqualTo("Hello");
    assertThat(reply.deltas()).containsExactly("Hel", "lo");
  }

  @Test
  void error_takesStatusAndTypeNameFromTheErrorType() {
    BedrockReply reply = BedrockReply.error(BedrockErrorType.MODEL_ERROR, "boom");

    assertThat(reply.isError()).isTrue();
    assertThat(reply.statusCode()).isEqualTo(424);
    assertThat(reply.errorTypeName()).isEqualTo("ModelErrorException");
    assertThat(reply.message()).isEqualTo("boom");
  }

  @Test
  void builder_withNegativeUsage_isRejectedNamingFieldAndValue() {
    assertThatThrownBy(() -> BedrockReply.builder().usage(-1, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("inputTokens must be >= 0, was -1");
  }

  @Test
  void builder_withStreamFailureBeyondTheDeltas_isRejected() {
    assertThatThrownBy(() -> BedrockReply.builder()
            .deltas("a", "b")
            .failStreamAfter(3, BedrockErrorType.THROTTLING)
            .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("failStreamAfter must be <= the number of deltas (2), was 3");
  }

  @Test
  void builder_withNonErrorStatus_isRejected() {
    assertThatThrownBy(() -> BedrockReply.builder().error(200, "Fine", "no"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("error statusCode must be in [400, 599], was 200");
  }

  @Test
  void toBuilder_roundTripsToAnEqualReply() {
    BedrockReply reply = BedrockReply.builder()
        .text("x y")
        .stopReason("max_tokens")
        .usage(3, 4)
        .requestId("req-1")
        .delay(Duration.ofMillis(5))
        .servedModel("claude-other")
        .failStreamAfter(1, BedrockErrorType.INTERNAL_SERVER, "oops")
        .build();

    assertThat(reply.toBuilder().build()).isEqualTo(reply).hasSameHashCodeAs(reply);
    assertThat(reply.toString()).doesNotContain("x y");
  }

  @Test
  void streamExceptionTypeName_isTheLowerCamelErrorTypeName() {
    assertThat(BedrockErrorType.THROTTLING.streamExceptionTypeName()).isEqualTo("throttlingException");
    assertThat(BedrockErrorType.MODEL_STREAM_ERROR.streamExceptionTypeName())
        .isEqualTo("modelStreamErrorException");
  }
}
