package dev.mvc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mvc.Message;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The response-cache key tells apart every two calls that differ in any part, whatever their text holds. */
class ResponseCacheKeyTest {
  private static final String DIGEST = "sha256:" + "a".repeat(64);
  private static final String INFERENCE = "sha256:" + "b".repeat(64);

  private static String key(String system, List<Message> messages) {
    return ResponseCacheKey.of(DIGEST, INFERENCE, system, messages);
  }

  @Test
  void oneMessageHoldingSeparatorsAndRoles_doesNotCollideWithAThreeMessageConversation() {
    String three = key("sys", List.of(Message.user("a"), Message.assistant("b"), Message.user("c")));
    String one = key("sys", List.of(Message.user("a\0ASSISTANT\0b\0USER\0c")));
    String two = key("sys", List.of(Message.user("a\0ASSISTANT\0b"), Message.user("c")));

    assertThat(one).isNotEqualTo(three).isNotEqualTo(two);
    assertThat(two).isNotEqualTo(three);
    assertThat(key("sys", List.of(Message.user("a"), Message.assistant("b"), Message.user("c")))).isEqualTo(three);
  }

  @Test
  void theSystemTextAndTheFirstMessage_haveABoundary() {
    assertThat(key("s\0USER\0x", List.of(Message.user("y"))))
        .isNotEqualTo(key("s", List.of(Message.user("x"), Message.user("y"))));
    assertThat(key("ab", List.of(Message.user("c")))).isNotEqualTo(key("a", List.of(Message.user("bc"))));
  }

  @Test
  void noSystemText_differsFromAnEmptyOne() {
    assertThat(key(null, List.of(Message.user("x")))).isNotEqualTo(key("", List.of(Message.user("x"))));
  }

  @Test
  void aLoneSurrogate_differsFromTheQuestionMarkUtf8WouldPutInItsPlace() {
    assertThat(key("s", List.of(Message.user("\ud800")))).isNotEqualTo(key("s", List.of(Message.user("?"))));
  }

  @Test
  void roles_digestAndParameters_eachChangeTheKey() {
    String base = key("s", List.of(Message.user("x")));

    assertThat(key("s", List.of(Message.assistant("x")))).isNotEqualTo(base);
    assertThat(ResponseCacheKey.of("sha256:" + "c".repeat(64), INFERENCE, "s", List.of(Message.user("x"))))
        .isNotEqualTo(base);
    assertThat(ResponseCacheKey.of(DIGEST, "sha256:" + "c".repeat(64), "s", List.of(Message.user("x"))))
        .isNotEqualTo(base);
    assertThat(ResponseCacheKey.of(DIGEST + INFERENCE, "", "s", List.of(Message.user("x"))))
        .isNotEqualTo(ResponseCacheKey.of(DIGEST, INFERENCE, "s", List.of(Message.user("x"))));
    assertThat(base).matches("[0-9a-f]{64}");
  }
}
