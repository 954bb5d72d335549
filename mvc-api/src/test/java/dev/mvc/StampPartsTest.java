package dev.mvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvc.spi.FetchedManifest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A stamp is the version part computed once at load plus the facts of one call; no placeholder
 * invocation ID or time exists at load.
 */
class StampPartsTest {
  private static final Instant T1 = Instant.parse("2026-11-29T10:15:30Z");
  private static final Instant T2 = Instant.parse("2026-11-29T10:15:31Z");

  private static LoadedManifest loaded() {
    VersionManifest m = VersionManifest.builder().name("support").version("1.2.0")
        .createdAt(Instant.parse("2026-01-01T00:00:00Z"))
        .model(BedrockTarget.builder("anthropic.claude-3-haiku-20240307-v1:0").guardrail("gr-1", "3").build())
        .prompt(PromptSpec.builder(PromptText.of("prompt.template", null, "Hi {{q}}")).variables(List.of("q")).build())
        .inference(InferenceParameters.builder().temperature(0.2).maxTokens(64).topP(0.9).build())
        .build();
    FetchedManifest fetched = FetchedManifest.of(m.toJson().getBytes(StandardCharsets.UTF_8),
        new SourceRef("file:/manifests/support.json", null, "etag-1"));
    return ManifestLoader.builder()
        .policy(PinningPolicy.builder().relax(PinningRule.PROMPT_SHA256).build()).build().load(fetched);
  }

  @Test
  void twoCallsOnOneLoadedManifest_shareTheVersionPartComputedAtLoad() {
    LoadedManifest m = loaded();
    VersionStamp first = m.stamp(m.inferenceDigest(), "req-1", "inv-1", T1);
    VersionStamp second = m.stamp(m.inferenceDigest(), "req-2", "inv-2", T2);

    assertThat(first.versionPart()).isSameAs(m.stampVersion()).isSameAs(second.versionPart());
    assertThat(first.callPart()).isEqualTo(new VersionStamp.CallPart("req-1", "inv-1", T1, false, null, false));
    assertThat(second.invocationId()).isEqualTo("inv-2");
    assertThat(m.stampVersion().target()).isEqualTo(m.manifest().model().stampFields());
    assertThat(m.stampVersion().source()).isEqualTo(m.source());
    assertThat(first.guardrail()).isEqualTo("gr-1:3");
  }

  @Test
  void aCallWithOverrides_changesOnlyTheInferenceDigestOfItsVersionPart() {
    LoadedManifest m = loaded();
    String overridden = "sha256:" + "9".repeat(64);
    VersionStamp s = m.stamp(overridden, null, "inv-1", T1);

    assertThat(s.inferenceDigest()).isEqualTo(overridden);
    assertThat(m.stampVersion().inferenceDigest()).isEqualTo(m.inferenceDigest()).isNotEqualTo(overridden);
    assertThat(s.versionPart().withInferenceDigest(m.inferenceDigest())).isEqualTo(m.stampVersion());
  }

  @Test
  void fallbackCachedAndArm_changeOnlyTheCallPart() {
    LoadedManifest m = loaded();
    VersionStamp s = m.stamp(m.inferenceDigest(), "req-1", "inv-1", T1);

    VersionStamp marked = s.asFallback().asCached("inv-2", T2).withArm("candidate");

    assertThat(marked.versionPart()).isSameAs(s.versionPart());
    assertThat(marked.callPart()).isEqualTo(new VersionStamp.CallPart("req-1", "inv-2", T2, true, "candidate", true));
    assertThat(marked.toHeaderValue()).endsWith(";rid=req-1;iid=inv-2;at=2026-11-29T10:15:31Z;fb=1;arm=candidate;ch=1");
    assertThat(VersionStamp.parse(marked.toHeaderValue())).isEqualTo(marked);
  }

  @Test
  void aCallPart_withoutInvocationIdOrTime_isRejected() {
    assertThatThrownBy(() -> VersionStamp.CallPart.of(null, null, T1))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("version stamp needs invocationId");
    assertThatThrownBy(() -> VersionStamp.CallPart.of(null, "inv-1", null))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("version stamp needs time");
  }

  @Test
  void theBuilder_andTheTwoParts_makeEqualStampsWithTheSameHeader() {
    LoadedManifest m = loaded();
    VersionStamp s = m.stamp(m.inferenceDigest(), "req-1", "inv-1", T1);
    VersionStamp rebuilt = s.toBuilder().build();

    assertThat(rebuilt).isEqualTo(s).hasSameHashCodeAs(s);
    assertThat(rebuilt.toHeaderValue()).isEqualTo(s.toHeaderValue());
    assertThat(VersionStamp.of(s.versionPart(), s.callPart())).isEqualTo(s);
  }
}
