package dev.mvc.emulators.bedrock.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelIdsTest {

  @ParameterizedTest
  @CsvSource({
    "anthropic.claude-3-haiku-20240307-v1:0, claude-3-haiku-20240307, anthropic",
    "us.anthropic.claude-sonnet-4-5-20250929-v1:0, claude-sonnet-4-5-20250929, anthropic",
    "anthropic.claude-v2:1, claude, anthropic",
    "meta.llama3-8b-instruct-v1:0, llama3-8b-instruct, meta",
    "amazon.nova-lite-v1:0:300k, nova-lite, amazon",
    "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0, claude-3-haiku-20240307, anthropic",
  })
  void shortNameAndProvider_followTheBedrockModelIdLayout(String modelId, String shortName, String provider) {
    assertThat(ModelIds.shortName(modelId)).isEqualTo(shortName);
    assertThat(ModelIds.provider(modelId)).isEqualTo(provider);
  }

  @Test
  void decodePathSegment_decodesPercentEscapesAndKeepsPlus() {
    assertThat(ModelIds.decodePathSegment("anthropic.claude-3-haiku-20240307-v1%3A0"))
        .isEqualTo("anthropic.claude-3-haiku-20240307-v1:0");
    assertThat(ModelIds.decodePathSegment("arn%3Aaws%3Abedrock%3A%3Afoundation-model%2Fa.b+c"))
        .isEqualTo("arn:aws:bedrock::foundation-model/a.b+c");
    assertThat(ModelIds.decodePathSegment("100%")).isEqualTo("100%");
  }
}
