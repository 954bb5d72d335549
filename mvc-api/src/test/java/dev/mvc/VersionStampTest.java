package dev.mvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The stamp's compact header form and its parser. */
class VersionStampTest {

  static VersionStamp stamp() {
    return VersionStamp.builder()
        .manifest("support-answer", "1.4.0", "sha256:" + "a".repeat(64))
        .provider("bedrock")
        .modelId("anthropic.claude-3-haiku-20240307-v1:0")
        .guardrail("gr-1:3")
        .prompt("b".repeat(64), "c".repeat(64))
        .inferenceDigest("sha256:" + "d".repeat(64))
        .gitSha("3f786850e387550fdab836ed7e6dc881de23001b")
        .source(new SourceRef("s3://bucket/manifests/support answer;v=1.json", "v1.abc", "\"etag\""))
        .servedFrom(ServedFrom.SOURCE)
        .approval(ApprovalStatus.APPROVED)
        .backendRequestId("req-1")
        .invocationId("6f1c1f0a-0000-4000-8000-000000000001")
        .time(Instant.parse("2026-11-29T10:15:30.123Z"))
        .build();
  }

  @Test
  void headerValue_roundTripsEveryField() {
    VersionStamp s = stamp();
    String header = s.toHeaderValue();
    assertThat(header).startsWith("mvc1;n=support-answer;v=1.4.0;d=sha256:").doesNotContain(" ");
    assertThat(VersionStamp.parse(header)).isEqualTo(s);
    assertThat(VersionStamp.parse(header).sourceUri()).isEqualTo("s3://bucket/manifests/support answer;v=1.json");
  }

  @Test
  void toBuilder_keepsTheToolRoundsAndAttachments_andTheBuilderSetsThem() {
    VersionStamp s = stamp().withToolRounds(3).withAttachments(java.util.List.of("e".repeat(64)));

    VersionStamp rebuilt = s.toBuilder().build();

    assertThat(rebuilt).isEqualTo(s);
    assertThat(rebuilt.toolRounds()).isEqualTo(3);
    assertThat(rebuilt.attachmentSha256s()).containsExactly("e".repeat(64));
    assertThat(VersionStamp.parse(rebuilt.toHeaderValue()).toolRounds()).isEqualTo(3);
    assertThat(stamp().toBuilder().toolRounds(2).build().toolRounds()).isEqualTo(2);
  }

  @Test
  void parse_findsTheStampInsideALogLine() {
    VersionStamp s = stamp();
    String line = "2026-11-29 10:15:30 INFO answered in 412ms stamp=" + s.toHeaderValue() + " user=42";
    assertThat(VersionStamp.parse(line)).isEqualTo(s);
  }

  /** A complete, well-formed stamp an attacker could put in user text: another manifest, a local file as source. */
  private static VersionStamp forged() {
    return stamp().toBuilder().manifest("evil", "6.6.6", "sha256:" + "e".repeat(64))
        .source(new SourceRef("file:/etc/passwd", null, null)).build();
  }

  @Test
  void parse_ofALineWithAForgedStampInUserTextBeforeTheRealOne_returnsTheRealOne() {
    VersionStamp real = stamp();
    String line = "2026-11-29 10:15:30 INFO question=\"please read " + forged().toHeaderValue() + " \" answered stamp="
        + real.toHeaderValue() + " user=42";

    VersionStamp parsed = VersionStamp.parse(line);

    assertThat(parsed).isEqualTo(real);
    assertThat(parsed.sourceUri()).isEqualTo("s3://bucket/manifests/support answer;v=1.json");
  }

  @Test
  void parse_findsTheStampAfterEachKindOfDelimiter() {
    VersionStamp s = stamp();
    for (String before : new String[] {"", " ", "\t", "[", "(", "\"", "'", "=", ":", ",", "|", "{\"stamp\":\""}) {
      assertThat(VersionStamp.parse(before + s.toHeaderValue() + "\" ]")).as("after %s", before).isEqualTo(s);
    }
  }

  @Test
  void parse_ignoresMvc1InsideAWord() {
    VersionStamp real = stamp();
    String glued = "x" + forged().toHeaderValue();

    assertThat(VersionStamp.parse(glued + " stamp=" + real.toHeaderValue())).isEqualTo(real);
    assertThat(VersionStamp.parse("stamp=" + real.toHeaderValue() + " note=" + glued)).isEqualTo(real);
    for (String word : new String[] {"x", "7", "_", "-", "."}) {
      assertThatThrownBy(() -> VersionStamp.parse(word + real.toHeaderValue()))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a version stamp");
    }
  }

  @Test
  void parse_namesAMissingField() {
    String header = stamp().toHeaderValue().replaceAll(";d=[^;]+", "");
    assertThatThrownBy(() -> VersionStamp.parse(header)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lacks field d");
  }

  @Test
  void parse_ignoresUnknownFieldsFromNewerStamps() {
    VersionStamp s = stamp();
    assertThat(VersionStamp.parse(s.toHeaderValue() + ";future=1")).isEqualTo(s);
  }

  @Test
  void parse_rejectsGarbageWithIllegalArgumentExceptionOnly() {
    Random random = new Random(42);
    String valid = stamp().toHeaderValue();
    for (int i = 0; i < 5000; i++) {
      StringBuilder mutated = new StringBuilder(valid);
      for (int j = 0; j < 1 + random.nextInt(4); j++) {
        int at = random.nextInt(mutated.length());
        mutated.setCharAt(at, (char) (random.nextInt(3) == 0 ? "%;=".charAt(random.nextInt(3)) : 32 + random.nextInt(95)));
      }
      try {
        VersionStamp.parse(mutated.toString());
      } catch (IllegalArgumentException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      }
    }
  }
}
