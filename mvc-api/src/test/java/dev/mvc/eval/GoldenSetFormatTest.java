package dev.mvc.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvc.Message;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoldenSetFormatTest {
  private static final String FULL = "{\"id\": \"refund-1\", \"variables\": {\"question\": \"How long?\", \"n\": 3},"
      + " \"history\": [{\"role\": \"user\", \"text\": \"hi\"}, {\"role\": \"assistant\", \"text\": \"hello\"}],"
      + " \"expect\": {\"exact\": \"5 days\", \"contains\": \"5\", \"regex\": \"\\\\d+ days\","
      + " \"jsonSchema\": {\"type\": \"object\"}, \"number\": {\"value\": 5, \"tolerance\": 0.5}}}";

  @Test
  void parse_theDocumentedLine_readsEveryPart() {
    GoldenSet set = GoldenSet.parse("golden.jsonl", FULL + "\n\n{\"id\": \"bare\", \"variables\": {}}\n");

    assertThat(set.cases()).hasSize(2);
    GoldenCase c = set.cases().get(0);
    assertThat(c.id()).isEqualTo("refund-1");
    assertThat(c.variables()).isEqualTo(Map.of("question", "How long?", "n", 3L));
    assertThat(c.history()).containsExactly(Message.user("hi"), Message.assistant("hello"));
    assertThat(c.expect().exact()).isEqualTo("5 days");
    assertThat(c.expect().contains()).isEqualTo("5");
    assertThat(c.expect().regex()).isEqualTo("\\d+ days");
    assertThat(c.expect().jsonSchema()).isEqualTo("{\"type\":\"object\"}");
    assertThat(c.expect().number()).isEqualTo(new Expectations.NumberExpectation(5, 0.5));
    assertThat(set.cases().get(1).expect().keys()).isEmpty();
  }

  @Test
  void toJsonLines_readsBackToTheSameCases(@TempDir Path dir) {
    GoldenSet set = GoldenSet.parse("golden.jsonl", FULL);
    Path file = dir.resolve("golden.jsonl");
    set.write(file);

    GoldenSet again = GoldenSet.read(file);

    assertThat(again.cases()).isEqualTo(set.cases());
    assertThat(again.sha256()).isEqualTo(set.sha256()).startsWith("sha256:");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "missing id|{\"variables\": {}}|id|is required",
      "numeric id|{\"id\": 7, \"variables\": {}}|id|must be a non-blank string, was 7",
      "no variables|{\"id\": \"a\"}|variables|is required",
      "nested variable|{\"id\": \"a\", \"variables\": {\"q\": [1]}}|variables.q|must be a string, number or boolean, was array",
      "unknown key|{\"id\": \"a\", \"variables\": {}, \"expected\": {}}|expected|is not a known key",
      "unknown expectation|{\"id\": \"a\", \"variables\": {}, \"expect\": {\"equals\": \"x\"}}|expect.equals|is not a known key",
      "bad regex|{\"id\": \"a\", \"variables\": {}, \"expect\": {\"regex\": \"(\"}}|expect.regex|is not a valid regular expression",
      "text tolerance|{\"id\": \"a\", \"variables\": {}, \"expect\": {\"number\": {\"value\": 5, \"tolerance\": \"half\"}}}|expect.number.tolerance|must be a number >= 0, was \"half\"",
      "no number value|{\"id\": \"a\", \"variables\": {}, \"expect\": {\"number\": {\"tolerance\": 1}}}|expect.number.value|must be a number, was missing",
      "schema as text|{\"id\": \"a\", \"variables\": {}, \"expect\": {\"jsonSchema\": \"object\"}}|expect.jsonSchema|must be a JSON Schema",
      "bad role|{\"id\": \"a\", \"variables\": {}, \"history\": [{\"role\": \"system\", \"text\": \"x\"}]}|history[0].role|must be \"user\" or \"assistant\", was \"system\"",
  })
  void parse_badField_namesTheLineAndTheField(String what, String line, String field, String problem) {
    String text = "{\"id\": \"ok\", \"variables\": {}}\n" + line + "\n";

    assertThatThrownBy(() -> GoldenSet.parse("golden.jsonl", text))
        .isInstanceOfSatisfying(GoldenSetException.class, e -> {
          assertThat(e.line()).isEqualTo(2);
          assertThat(e.field()).isEqualTo(field);
          assertThat(e.source()).isEqualTo("golden.jsonl");
        })
        .hasMessageStartingWith("golden.jsonl line 2: " + field + " ")
        .hasMessageContaining(problem);
  }

  @Test
  void parse_brokenJson_namesTheLine() {
    assertThatThrownBy(() -> GoldenSet.parse("set.jsonl", "\n\n{\"id\": \"a\", \"variables\": {}\n"))
        .isInstanceOfSatisfying(GoldenSetException.class, e -> assertThat(e.line()).isEqualTo(3))
        .hasMessageStartingWith("set.jsonl line 3: is not valid JSON");
  }

  @Test
  void parse_duplicateKey_isRejectedWithItsLine() {
    assertThatThrownBy(() -> GoldenSet.parse("set.jsonl", "{\"id\": \"a\", \"id\": \"b\", \"variables\": {}}"))
        .isInstanceOf(GoldenSetException.class)
        .hasMessageContaining("line 1").hasMessageContaining("Duplicate field 'id'");
  }

  @Test
  void parse_repeatedId_namesTheSecondLine() {
    assertThatThrownBy(() -> GoldenSet.parse("set.jsonl",
        "{\"id\": \"a\", \"variables\": {}}\n{\"id\": \"a\", \"variables\": {}}"))
        .isInstanceOfSatisfying(GoldenSetException.class, e -> {
          assertThat(e.line()).isEqualTo(2);
          assertThat(e.field()).isEqualTo("id");
        })
        .hasMessageContaining("'a' is used by an earlier line");
  }

  @Test
  void sample_picksDistinctCasesInFileOrder() {
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 50; i++) {
      lines.append("{\"id\": \"c").append(String.format("%02d", i)).append("\", \"variables\": {}}\n");
    }
    GoldenSet set = GoldenSet.parse("s", lines.toString());

    List<String> ids = set.sample(10, 42).cases().stream().map(GoldenCase::id).toList();

    assertThat(ids).hasSize(10).doesNotHaveDuplicates().isSorted();
    assertThat(set.sample(10, 42).cases()).isEqualTo(set.sample(10, 42).cases());
  }
}
