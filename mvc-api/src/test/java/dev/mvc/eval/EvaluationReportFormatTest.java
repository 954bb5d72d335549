package dev.mvc.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvc.MvcException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluationReportFormatTest {
  private static final String DIGEST = "sha256:" + "ab".repeat(32);

  static EvaluationReport report() {
    return EvaluationReport.builder()
        .manifest("support-answer", "1.4.0", DIGEST)
        .createdAt(Instant.parse("2026-11-30T10:00:00Z"))
        .golden("golden.jsonl", "sha256:" + "cd".repeat(32))
        .scorers(List.of("contains", "judge"))
        .minScore(0.7)
        .cases(List.of(
            new CaseResult("a", "mvc1;n=x", "11".repeat(32), null,
                List.of(Score.pass("contains", "found"), new Score("judge", 0.5, "graded 0.5", "mvc1;n=judge")), null),
            new CaseResult("b", "mvc1;n=x", "22".repeat(32), "text", List.of(Score.fail("contains", "not found")), null),
            new CaseResult("c", null, null, null, List.of(), "BackendException: throttled")))
        .build();
  }

  @Test
  void totals_areComputedFromTheCases() {
    EvaluationReport r = report();

    assertThat(r.cases().get(0).score()).isEqualTo(0.75);
    assertThat(r.score()).isEqualTo(0.25);
    assertThat(r.errors()).isEqualTo(1);
    assertThat(r.passed()).isFalse();
    assertThat(r.totals().get("contains")).isEqualTo(new ScorerTotal("contains", 2, 1, 0.5));
    assertThat(r.totals().get("judge")).isEqualTo(new ScorerTotal("judge", 1, 0, 0.5));
  }

  @Test
  void toJson_readsBackEqual_withTheJudgesStampKept() {
    EvaluationReport r = report();

    EvaluationReport again = EvaluationReport.parse(r.toJson().getBytes(StandardCharsets.UTF_8), "r.json");

    assertThat(again).isEqualTo(r);
    assertThat(again.cases().get(0).score("judge").judgeStamp()).isEqualTo("mvc1;n=judge");
    assertThat(again.sha256()).isEqualTo(r.sha256());
  }

  @Test
  void parse_editedScoreField_stillGatesOnTheCases() {
    String edited = report().toJson().replaceFirst("\"score\" : 0.25", "\"score\" : 0.99");
    assertThat(edited).contains("\"score\" : 0.99");

    assertThat(EvaluationReport.parse(edited.getBytes(StandardCharsets.UTF_8), "r.json").score()).isEqualTo(0.25);
  }

  @Test
  void baseline_listsTheCasesThatChanged() {
    EvaluationReport base = report();
    List<CaseResult> now = List.of(base.cases().get(0),
        new CaseResult("b", "mvc1;n=x", "33".repeat(32), null, List.of(Score.pass("contains", "found")), null),
        new CaseResult("d", "mvc1;n=x", "44".repeat(32), null, List.of(Score.pass("contains", "found")), null));

    EvaluationReport r = base.toBuilder().cases(now).baseline(base).build();

    assertThat(r.differences()).containsExactly(
        new CaseDifference("b", 0.0, 1.0, true),
        new CaseDifference("d", null, 1.0, true));
    assertThat(r.baselineDigest()).isEqualTo(DIGEST);
  }

  @Test
  void parse_wrongSchema_isRefusedNamingIt() {
    assertThatThrownBy(() -> EvaluationReport.parse("{\"schema\": \"other\"}".getBytes(StandardCharsets.UTF_8), "x.json"))
        .isInstanceOf(MvcException.class)
        .hasMessageContaining("x.json").hasMessageContaining("schema must be mvc-evaluation/1, was 'other'");
  }
}
