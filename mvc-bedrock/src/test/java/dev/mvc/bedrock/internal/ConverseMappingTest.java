package dev.mvc.bedrock.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mvc.BedrockTarget;
import dev.mvc.InferenceParameters;
import dev.mvc.Message;
import dev.mvc.PromptSpec;
import dev.mvc.PromptText;
import dev.mvc.VersionManifest;
import dev.mvc.spi.ResolvedCall;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;

/** Requests built for calls of different versions, interleaved, each carry their own version's values. */
class ConverseMappingTest {

  private final ConverseMapping mapping = new ConverseMapping();

  @Test
  void interleavedCallsOfTwoVersions_eachGetTheirOwnSystemPromptParametersAndGuardrail() {
    ResolvedCall a = call("anthropic.claude-3-haiku-20240307-v1:0", "Be brief.", 0.2, "gr-a", "1");
    ResolvedCall b = call("anthropic.claude-3-5-sonnet-20240620-v1:0", "Be thorough.", 0.7, null, null);

    for (int i = 0; i < 3; i++) {
      ConverseRequest ra = mapping.converse(a).build();
      ConverseRequest rb = mapping.converse(b).build();
      ConverseStreamRequest sa = mapping.converseStream(a).build();

      assertThat(ra.modelId()).isEqualTo("anthropic.claude-3-haiku-20240307-v1:0");
      assertThat(ra.system().get(0).text()).isEqualTo("Be brief.");
      assertThat(ra.inferenceConfig().temperature()).isEqualTo(0.2f);
      assertThat(ra.guardrailConfig().guardrailIdentifier()).isEqualTo("gr-a");
      assertThat(ra.messages().get(0).content().get(0).text()).isEqualTo("hi anthropic.claude-3-haiku-20240307-v1:0");

      assertThat(rb.modelId()).isEqualTo("anthropic.claude-3-5-sonnet-20240620-v1:0");
      assertThat(rb.system().get(0).text()).isEqualTo("Be thorough.");
      assertThat(rb.inferenceConfig().temperature()).isEqualTo(0.7f);
      assertThat(rb.guardrailConfig()).isNull();

      assertThat(sa.guardrailConfig().guardrailVersion()).isEqualTo("1");
      assertThat(sa.inferenceConfig().temperature()).isEqualTo(0.2f);
    }
  }

  @Test
  void aCallWithOverriddenParameters_getsItsOwnInferenceConfiguration() {
    ResolvedCall pinned = call("anthropic.claude-3-haiku-20240307-v1:0", "Be brief.", 0.2, null, null);
    ResolvedCall overridden = pinned.toBuilder()
        .parameters(pinned.parameters().toBuilder().maxTokens(32).build()).build();

    assertThat(mapping.converse(pinned).build().inferenceConfig().maxTokens()).isEqualTo(64);
    assertThat(mapping.converse(overridden).build().inferenceConfig().maxTokens()).isEqualTo(32);
    assertThat(mapping.converse(pinned).build().inferenceConfig().maxTokens()).isEqualTo(64);
  }

  @Test
  void twoMappings_keepTheirCachedVersionApart_soOneBackendsCallsNeverSeeAnothersRequestParts() {
    ConverseMapping other = new ConverseMapping();
    ResolvedCall a = call("anthropic.claude-3-haiku-20240307-v1:0", "Be brief.", 0.2, "gr-a", "1");
    ResolvedCall b = call("anthropic.claude-3-5-sonnet-20240620-v1:0", "Be thorough.", 0.7, null, null);

    ConverseRequest first = mapping.converse(a).build();
    other.converse(b).build();
    ConverseRequest again = mapping.converse(a).build();

    assertThat(again.inferenceConfig()).isSameAs(first.inferenceConfig());
    assertThat(again.guardrailConfig()).isSameAs(first.guardrailConfig());
  }

  private static ResolvedCall call(String model, String system, double temperature, String guardrail, String version) {
    BedrockTarget.Builder target = BedrockTarget.builder(model).region("us-east-1");
    if (guardrail != null) {
      target.guardrail(guardrail, version);
    }
    VersionManifest manifest = VersionManifest.builder()
        .name("greeter")
        .version("1.0.0")
        .createdAt(Instant.parse("2026-01-01T00:00:00Z"))
        .model(target.build())
        .prompt(PromptSpec.builder(PromptText.inline("hi")).system(PromptText.inline(system)).build())
        .inference(InferenceParameters.builder().temperature(temperature).maxTokens(64).build())
        .build();
    return ResolvedCall.builder().invocationId("inv").manifest(manifest).systemText(system)
        .messages(List.of(Message.user("hi " + model))).parameters(manifest.inference()).build();
  }
}
