package dev.mvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The stamp's header form keeps every field: each one is compared on its own after the round
 * trip, never through {@code equals}, which is computed from the same header fields and so
 * cannot notice a field that is dropped on both sides.
 */
class StampHeaderRoundTripTest {
  private static final Instant TIME = Instant.parse("2026-11-29T10:15:30.123Z");

  /** A stamp with every optional field set, each to a value of its own. */
  private static VersionStamp full() {
    return VersionStamp.builder()
        .manifest("support-answer", "1.4.0", "sha256:" + "a".repeat(64))
        .provider("bedrock")
        .modelId("anthropic.claude-3-haiku-20240307-v1:0")
        .endpoint("support-llm-prod", "blue")
        .guardrail("gr-1:3")
        .knowledgeBase("KB1", "JOB7")
        .agent("AGENT1", "ALIAS2")
        .prompt("b".repeat(64), "c".repeat(64))
        .inferenceDigest("sha256:" + "d".repeat(64))
        .gitSha("3f786850e387550fdab836ed7e6dc881de23001b")
        .source(new SourceRef("s3://bucket/manifests/support.json", "v1.abc", "\"etag-9\""))
        .servedFrom(ServedFrom.LAST_KNOWN_GOOD)
        .approval(ApprovalStatus.APPROVED)
        .backendRequestId("req-1")
        .invocationId("6f1c1f0a-0000-4000-8000-000000000001")
        .time(TIME)
        .fallback(true)
        .arm("canary")
        .cached(true)
        .build();
  }

  /** A stamp with only the required fields. */
  private static VersionStamp minimal() {
    return VersionStamp.builder()
        .manifest("support-answer", "1.4.0", "sha256:" + "a".repeat(64))
        .provider("sagemaker")
        .prompt("b".repeat(64), null)
        .inferenceDigest("sha256:" + "d".repeat(64))
        .source(new SourceRef("classpath:manifests/support.json", null, null))
        .servedFrom(ServedFrom.SOURCE)
        .approval(ApprovalStatus.UNKNOWN)
        .invocationId("inv-2")
        .time(TIME)
        .build();
  }

  @Test
  void everyOptionalField_survivesTheHeaderRoundTrip_comparedOneByOne() {
    VersionStamp s = full();
    VersionStamp p = VersionStamp.parse(s.toHeaderValue());

    assertThat(p.manifestName()).isEqualTo("support-answer");
    assertThat(p.manifestVersion()).isEqualTo("1.4.0");
    assertThat(p.digest()).isEqualTo("sha256:" + "a".repeat(64));
    assertThat(p.provider()).isEqualTo("bedrock");
    assertThat(p.modelId()).isEqualTo("anthropic.claude-3-haiku-20240307-v1:0");
    assertThat(p.endpoint()).isEqualTo("support-llm-prod");
    assertThat(p.variant()).isEqualTo("blue");
    assertThat(p.guardrail()).isEqualTo("gr-1:3");
    assertThat(p.knowledgeBaseId()).isEqualTo("KB1");
    assertThat(p.dataSourceVersion()).isEqualTo("JOB7");
    assertThat(p.agentId()).isEqualTo("AGENT1");
    assertThat(p.agentAliasId()).isEqualTo("ALIAS2");
    assertThat(p.templateSha256()).isEqualTo("b".repeat(64));
    assertThat(p.systemSha256()).isEqualTo("c".repeat(64));
    assertThat(p.inferenceDigest()).isEqualTo("sha256:" + "d".repeat(64));
    assertThat(p.gitSha()).isEqualTo("3f786850e387550fdab836ed7e6dc881de23001b");
    assertThat(p.sourceUri()).isEqualTo("s3://bucket/manifests/support.json");
    assertThat(p.sourceVersionId()).isEqualTo("v1.abc");
    assertThat(p.sourceEtag()).isEqualTo("\"etag-9\"");
    assertThat(p.source()).isEqualTo(new SourceRef("s3://bucket/manifests/support.json", "v1.abc", "\"etag-9\""));
    assertThat(p.servedFrom()).isEqualTo(ServedFrom.LAST_KNOWN_GOOD);
    assertThat(p.approval()).isEqualTo(ApprovalStatus.APPROVED);
    assertThat(p.backendRequestId()).isEqualTo("req-1");
    assertThat(p.invocationId()).isEqualTo("6f1c1f0a-0000-4000-8000-000000000001");
    assertThat(p.time()).isEqualTo(TIME);
    assertThat(p.fallback()).isTrue();
    assertThat(p.arm()).isEqualTo("canary");
    assertThat(p.cached()).isTrue();
  }

  @Test
  void theHeaderForm_namesEveryFieldInItsFixedOrder() {
    assertThat(full().toHeaderValue()).isEqualTo("mvc1;n=support-answer;v=1.4.0;d=sha256:" + "a".repeat(64)
        + ";p=bedrock;m=anthropic.claude-3-haiku-20240307-v1:0;ep=support-llm-prod;va=blue;gr=gr-1:3"
        + ";kb=KB1;dsv=JOB7;ag=AGENT1;al=ALIAS2;t=" + "b".repeat(64) + ";s=" + "c".repeat(64)
        + ";i=sha256:" + "d".repeat(64) + ";g=3f786850e387550fdab836ed7e6dc881de23001b"
        + ";src=s3://bucket/manifests/support.json;sv=v1.abc;et=%22etag-9%22;from=last-known-good"
        + ";ap=Approved;rid=req-1;iid=6f1c1f0a-0000-4000-8000-000000000001;at=2026-11-29T10:15:30.123Z"
        + ";fb=1;arm=canary;ch=1");
  }

  @Test
  void absentOptionalFields_stayAbsentAfterTheRoundTrip() {
    VersionStamp p = VersionStamp.parse(minimal().toHeaderValue());
    assertThat(p.modelId()).isNull();
    assertThat(p.endpoint()).isNull();
    assertThat(p.variant()).isNull();
    assertThat(p.guardrail()).isNull();
    assertThat(p.knowledgeBaseId()).isNull();
    assertThat(p.dataSourceVersion()).isNull();
    assertThat(p.agentId()).isNull();
    assertThat(p.agentAliasId()).isNull();
    assertThat(p.systemSha256()).isNull();
    assertThat(p.gitSha()).isNull();
    assertThat(p.sourceVersionId()).isNull();
    assertThat(p.sourceEtag()).isNull();
    assertThat(p.backendRequestId()).isNull();
    assertThat(p.arm()).isNull();
    assertThat(p.fallback()).isFalse();
    assertThat(p.cached()).isFalse();
    assertThat(p.provider()).isEqualTo("sagemaker");
    assertThat(p.sourceUri()).isEqualTo("classpath:manifests/support.json");
    assertThat(p.servedFrom()).isEqualTo(ServedFrom.SOURCE);
    assertThat(p.approval()).isEqualTo(ApprovalStatus.UNKNOWN);
    assertThat(minimal().toHeaderValue()).doesNotContain(";fb=").doesNotContain(";ch=").doesNotContain(";arm=");
  }

  @Test
  void separatorsSpacesControlAndNonAsciiCharacters_arePercentEncoded_andOthersAreNot() {
    String awkward = "a b%c;d=e,f\"g\u007fh\u00e9i\u0001j!k~l";
    VersionStamp s = full().toBuilder().source(new SourceRef(awkward, null, null)).build();
    String header = s.toHeaderValue();
    assertThat(header).contains(";src=a%20b%25c%3Bd%3De%2Cf%22g%7Fh%C3%A9i%01j!k~l;");
    assertThat(VersionStamp.parse(header).sourceUri()).isEqualTo(awkward);
  }

  @Test
  void lowerCaseEscapes_areReadLikeUpperCaseOnes() {
    String header = minimal().toHeaderValue().replace(";src=classpath:manifests/support.json",
        ";src=classpath:a%3bb%c3%a9");
    assertThat(VersionStamp.parse(header).sourceUri()).isEqualTo("classpath:a;b\u00e9");
  }

  @Test
  void aTruncatedOrMalformedEscape_isRefusedNamingTheField() {
    String valid = minimal().toHeaderValue();
    assertThatThrownBy(() -> VersionStamp.parse(valid.replace(";iid=inv-2", ";iid=inv%4")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("iid").hasMessageContaining("truncated");
    assertThatThrownBy(() -> VersionStamp.parse(valid.replace(";iid=inv-2", ";iid=inv%")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("iid");
    assertThatThrownBy(() -> VersionStamp.parse(valid.replace(";iid=inv-2", ";iid=inv%zz")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("iid").hasMessageContaining("bad");
    assertThatThrownBy(() -> VersionStamp.parse(valid.replace(";iid=inv-2", ";iid=inv%4g")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("iid");
    assertThat(VersionStamp.parse(valid.replace(";iid=inv-2", ";iid=inv%41")).invocationId()).isEqualTo("invA");
  }

  @Test
  void stampsDifferingInOneOptionalField_areNotEqual() {
    VersionStamp s = full();
    assertThat(s.toBuilder().guardrail(null).build()).isNotEqualTo(s);
    assertThat(s.toBuilder().endpoint("support-llm-prod", "green").build()).isNotEqualTo(s);
    assertThat(s.toBuilder().cached(false).build()).isNotEqualTo(s);
    assertThat(s.toBuilder().fallback(false).build()).isNotEqualTo(s);
    assertThat(s.toBuilder().build()).isEqualTo(s).hasSameHashCodeAs(s);
    assertThat(s.hashCode()).isNotEqualTo(minimal().hashCode());
    assertThat(s.withArm("control").arm()).isEqualTo("control");
    assertThat(s.toString()).isEqualTo(s.toHeaderValue());
  }

  @Test
  void aMissingOrEmptyRequiredField_isNamed() {
    String valid = minimal().toHeaderValue();
    for (String field : new String[] {"n", "v", "d", "p", "t", "i", "src", "from", "ap", "iid", "at"}) {
      String without = valid.replaceFirst(";" + field + "=[^;]*", "");
      assertThatThrownBy(() -> VersionStamp.parse(without)).as(field)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lacks field " + field);
      String empty = valid.replaceFirst(";" + field + "=[^;]*", ";" + field + "=");
      assertThatThrownBy(() -> VersionStamp.parse(empty)).as(field + " empty")
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lacks field " + field);
    }
  }

  @Test
  void aBuilderMissingARequiredField_isRefusedNamingIt() {
    assertThatThrownBy(() -> minimal().toBuilder().manifest(null, "1.4.0", "sha256:x").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs manifestName");
    assertThatThrownBy(() -> VersionStamp.builder().build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs manifestName");
  }

  @Test
  void aFieldThatIsNotKeyValueOrAppearsTwice_isRefused() {
    String valid = minimal().toHeaderValue();
    assertThatThrownBy(() -> VersionStamp.parse(valid + ";novalue"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not key=value");
    assertThatThrownBy(() -> VersionStamp.parse(valid + ";=x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not key=value");
    assertThatThrownBy(() -> VersionStamp.parse(valid + ";n=other"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("n appears twice");
    assertThatThrownBy(() -> VersionStamp.parse(valid.replace(";at=2026-11-29T10:15:30.123Z", ";at=yesterday")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at must be an ISO-8601 instant");
    assertThatThrownBy(() -> VersionStamp.parse("no stamp here"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a version stamp");
  }
}
