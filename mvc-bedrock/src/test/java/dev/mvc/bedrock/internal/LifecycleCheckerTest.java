package dev.mvc.bedrock.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LifecycleCheckerTest {

  @Test
  void foundationModelId_stripsInferenceProfilePrefixesAndFoundationModelArns() {
    assertThat(LifecycleChecker.foundationModelId("anthropic.claude-3-haiku-20240307-v1:0"))
        .isEqualTo("anthropic.claude-3-haiku-20240307-v1:0");
    assertThat(LifecycleChecker.foundationModelId("us.anthropic.claude-sonnet-4-5-20250929-v1:0"))
        .isEqualTo("anthropic.claude-sonnet-4-5-20250929-v1:0");
    assertThat(LifecycleChecker.foundationModelId(
            "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"))
        .isEqualTo("anthropic.claude-3-haiku-20240307-v1:0");
    assertThat(LifecycleChecker.foundationModelId(
            "arn:aws:bedrock:us-east-1:123456789012:inference-profile/eu.meta.llama3-2-1b-instruct-v1:0"))
        .isEqualTo("meta.llama3-2-1b-instruct-v1:0");
  }

  @Test
  void foundationModelId_ofAProvisionedModelArn_isNull() {
    assertThat(LifecycleChecker.foundationModelId(
            "arn:aws:bedrock:us-east-1:123456789012:provisioned-model/abc123"))
        .isNull();
  }
}
