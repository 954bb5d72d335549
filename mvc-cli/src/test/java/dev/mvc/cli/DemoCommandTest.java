package dev.mvc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mvc.samples.Quickstart;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code mvc demo} ships its own copy of the quickstart (the command carries no samples at run
 * time); these tests keep it the same as the sample.
 */
class DemoCommandTest {

  @Test
  void demo_printsExactlyWhatTheSampleQuickstartPrints_apartFromThePerCallIdsAndTime() {
    Cli.Result demo = Cli.run("demo");
    StringWriter sample = new StringWriter();
    Quickstart.run(new PrintWriter(sample, true));

    assertThat(demo.exitCode()).as(demo.err()).isZero();
    assertThat(withoutPerCallFacts(demo.out())).isEqualTo(withoutPerCallFacts(sample.toString()))
        .contains("answer:  Refunds are paid back to the original card within 5 business days.")
        .contains("src=classpath:manifests/support-answer.json;")
        .contains(";rid=<id>;iid=<id>;at=<time>");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "manifests/support-answer.json",
      "manifests/blobs/sha256/52b773e1e5a06dc3e3cba6dac6cdcfc3357eed57bf1f2ea8004b64c118115284"})
  void demoManifestFiles_areByteForByteTheSamples(String resource) throws IOException {
    byte[] shipped = Files.readAllBytes(Path.of("src/main/resources").resolve(resource));
    byte[] sample = Files.readAllBytes(Path.of("../samples/src/main/resources").resolve(resource));

    assertThat(shipped).isNotEmpty().isEqualTo(sample);
  }

  private static String withoutPerCallFacts(String printed) {
    return printed.replace("\r\n", "\n")
        .replaceAll(";rid=[^;\\s]+", ";rid=<id>")
        .replaceAll(";iid=[^;\\s]+", ";iid=<id>")
        .replaceAll("\"mvc\\.invocationId\":\"[^\"]+\"", "\"mvc.invocationId\":\"<id>\"")
        .replaceAll(";at=[^;\\s]+", ";at=<time>");
  }
}
