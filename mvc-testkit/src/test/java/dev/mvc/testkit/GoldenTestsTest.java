package dev.mvc.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvc.PinnedModelClient;
import dev.mvc.eval.GoldenSet;
import dev.mvc.eval.Scorers;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.AssertionFailedError;

class GoldenTestsTest {
  static final GoldenSet SET = GoldenSet.parse("golden.jsonl", ""
      + "{\"id\": \"refund\", \"variables\": {\"question\": \"refund?\"}, \"expect\": {\"contains\": \"5 days\"}}\n"
      + "{\"id\": \"cash\", \"variables\": {\"question\": \"cash?\"}, \"expect\": {\"regex\": \"^No\\\\b\"}}\n");

  final InMemoryModelBackend backend = InMemoryModelBackend.create();
  final PinnedModelClient client = PinnedModelClient.builder()
      .manifest(TestManifests.bedrock("Q: {{question}}")).backend(backend).build();

  @AfterEach
  void close() {
    client.close();
  }

  @TestFactory
  Stream<DynamicTest> goldenSet_runsAsOneDynamicTestPerCase() {
    backend.when(c -> c.renderedPrompt().contains("refund")).reply("Refunds take 5 days.");
    backend.otherwise().reply("No cash refunds.");
    return GoldenTests.of(client, SET).scorers(Scorers.contains(), Scorers.regex()).dynamicTests();
  }

  @Test
  void dynamicTests_failingCase_namesTheScorerAndTheStamp() throws Throwable {
    backend.otherwise().reply("Refunds take 5 days.");
    List<DynamicTest> tests = GoldenTests.of(client, SET).dynamicTests().toList();

    assertThat(tests).extracting(DynamicTest::getDisplayName).containsExactly("refund", "cash");
    tests.get(0).getExecutable().execute();
    assertThatThrownBy(() -> tests.get(1).getExecutable().execute())
        .isInstanceOf(AssertionFailedError.class)
        .hasMessageContaining("golden case cash of golden.jsonl failed: regex scored 0.0")
        .hasMessageContaining("stamp mvc1;");
  }
}
