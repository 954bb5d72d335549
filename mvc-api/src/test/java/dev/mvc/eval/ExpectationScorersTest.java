package dev.mvc.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvc.eval.spi.Scorer;
import org.junit.jupiter.api.Test;

class ExpectationScorersTest {
  private static GoldenCase with(Expectations e) {
    return GoldenCase.builder("c1").expect(e).build();
  }

  @Test
  void exact_ignoresSurroundingWhiteSpaceOnly() {
    GoldenCase c = with(Expectations.builder().exact("5 business days").build());

    assertThat(Scorers.exact().score(c, "  5 business days\n").value()).isEqualTo(1.0);
    assertThat(Scorers.exact().score(c, "5 Business days").value()).isEqualTo(0.0);
  }

  @Test
  void contains_andRegex_gradeTheirOwnKey() {
    GoldenCase c = with(Expectations.builder().contains("refund").regex("\\b\\d+ days\\b").build());

    assertThat(Scorers.contains().score(c, "Your refund takes 5 days").passed()).isTrue();
    assertThat(Scorers.contains().score(c, "Your money takes 5 days").passed()).isFalse();
    assertThat(Scorers.regex().score(c, "Your refund takes 5 days").passed()).isTrue();
    assertThat(Scorers.regex().score(c, "Your refund takes five days").detail()).contains("no match");
  }

  @Test
  void number_acceptsTheFirstNumberWithinTolerance() {
    GoldenCase c = with(Expectations.builder().number(5, 0.5).build());

    assertThat(Scorers.number().score(c, "About 5.4 days, maybe 9").passed()).isTrue();
    assertThat(Scorers.number().score(c, "About 5.6 days").passed()).isFalse();
    assertThat(Scorers.number().score(c, "-5 days").passed()).isFalse();
    assertThat(Scorers.number().score(c, "a few days").detail()).isEqualTo("no number in the answer");
  }

  @Test
  void jsonSchema_validatesTheAnswerAndAcceptsAFence() {
    GoldenCase c = with(Expectations.builder().jsonSchema("{\"type\": \"object\", \"required\": [\"days\"],"
        + " \"properties\": {\"days\": {\"type\": \"integer\"}}}").build());
    Scorer s = Scorers.jsonSchema();

    assertThat(s.score(c, "{\"days\": 5}").passed()).isTrue();
    assertThat(s.score(c, "```json\n{\"days\": 5}\n```").passed()).isTrue();
    assertThat(s.score(c, "{\"days\": \"five\"}").passed()).isFalse();
    assertThat(s.score(c, "{}").detail()).contains("days");
    assertThat(s.score(c, "five days").detail()).startsWith("the answer is not JSON");
  }

  @Test
  void caseWithoutAScorersKey_isSkippedByThatScorer() {
    GoldenCase onlyContains = with(Expectations.builder().contains("x").build());

    assertThat(Scorers.contains().appliesTo(onlyContains)).isTrue();
    assertThat(Scorers.exact().appliesTo(onlyContains)).isFalse();
    assertThat(Scorers.regex().appliesTo(onlyContains)).isFalse();
    assertThat(Scorers.jsonSchema().appliesTo(onlyContains)).isFalse();
    assertThat(Scorers.number().appliesTo(onlyContains)).isFalse();
  }

  @Test
  void named_unknownScorer_namesTheKnownOnes() {
    assertThat(Scorers.named("regex").name()).isEqualTo("regex");
    assertThatThrownBy(() -> Scorers.named("bleu"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown scorer 'bleu'").hasMessageContaining("jsonSchema");
  }
}
