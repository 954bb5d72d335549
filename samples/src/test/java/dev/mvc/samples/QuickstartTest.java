package dev.mvc.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mvc.VersionStamp;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The quickstart runs end to end and prints a parseable stamp. */
class QuickstartTest {

  @Test
  void quickstart_printsTheAnswerAndAStampThatParses() {
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      Quickstart.main(new String[0]);
    } finally {
      System.setOut(original);
    }
    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(printed).contains("answer:  Refunds are paid back").contains("usage:   182 in, 17 out")
        .contains("\"temperature\":0.2").contains("/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse");
    String stampLine = printed.lines().filter(l -> l.startsWith("stamp:")).findFirst().orElseThrow();
    VersionStamp stamp = VersionStamp.parse(stampLine);
    assertThat(stamp.manifestName()).isEqualTo("support-answer");
    assertThat(stamp.sourceUri()).isEqualTo("classpath:manifests/support-answer.json");
    assertThat(stamp.systemSha256()).isNotNull();
  }
}
