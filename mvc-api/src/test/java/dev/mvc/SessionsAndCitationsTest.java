package dev.mvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The session ID of requests and the citations of responses, the parts used by knowledge bases and agents. */
class SessionsAndCitationsTest {

  @Test
  void sessionId_isKeptAndTakesPartInEquality() {
    InvocationRequest a = InvocationRequest.builder().variable("q", "x").sessionId("session-1").build();
    InvocationRequest b = a.toBuilder().build();
    assertThat(b.sessionId()).isEqualTo("session-1");
    assertThat(b).isEqualTo(a).hasSameHashCodeAs(a);
    assertThat(a.toBuilder().sessionId(null).build()).isNotEqualTo(a);
    assertThat(a.hasOverrides()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "x", "has space", "slash/inside", "semi;colon"})
  void malformedSessionId_isRejectedNamingTheValue(String sessionId) {
    assertThatThrownBy(() -> InvocationRequest.builder().sessionId(sessionId))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sessionId")
        .hasMessageContaining("'" + sessionId + "'");
  }

  @Test
  void sessionIdOfTheMaximumLength_isAccepted() {
    String id = "a".repeat(100);
    assertThat(InvocationRequest.builder().sessionId(id).build().sessionId()).isEqualTo(id);
    assertThatThrownBy(() -> InvocationRequest.builder().sessionId(id + "a"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void citation_copiesItsSourcesAndDoesNotPrintTheCitedText() {
    List<String> sources = new java.util.ArrayList<>(List.of("s3://docs/refunds.pdf"));
    Citation c = new Citation("within 5 business days", 10, 31, sources);
    sources.add("s3://other");
    assertThat(c.sources()).containsExactly("s3://docs/refunds.pdf");
    assertThat(c.toString()).contains("s3://docs/refunds.pdf").doesNotContain("business days");
  }

  @Test
  void citationWithAnInvertedSpan_isRejectedNamingTheSpan() {
    assertThatThrownBy(() -> new Citation("x", 5, 4, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[5, 4]");
  }

  @Test
  void invocationRequestWithoutSession_printsNoSession() {
    assertThat(InvocationRequest.of(Map.of("q", "x")).toString()).doesNotContain("session");
  }
}
