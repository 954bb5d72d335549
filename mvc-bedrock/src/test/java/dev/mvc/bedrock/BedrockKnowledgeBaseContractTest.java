package dev.mvc.bedrock;

import dev.mvc.BedrockApi;
import dev.mvc.BedrockTarget;
import dev.mvc.PromptSpec;
import dev.mvc.PromptText;
import dev.mvc.VersionManifest;
import dev.mvc.testkit.TestManifests;

/** The backend contract for {@link BedrockBackend} in knowledge-base mode (RetrieveAndGenerate), through the AWS SDK to the emulator. */
class BedrockKnowledgeBaseContractTest extends BedrockContractTestBase {

  @Override
  protected VersionManifest manifest() {
    VersionManifest base = TestManifests.bedrock(TEMPLATE);
    return withOverridableTemperature(base.toBuilder()
        .model(((BedrockTarget) base.model()).toBuilder().api(BedrockApi.RETRIEVE_AND_GENERATE)
            .knowledgeBase(TestSetup.KB, TestSetup.DS, TestSetup.JOB).build())
        .prompt(PromptSpec.builder(PromptText.inline(TEMPLATE))
            .system(PromptText.inline(TestSetup.KB_PROMPT))
            .variables("question")
            .build())
        .build());
  }

  /** RetrieveAndGenerate carries no tools, cache points or reasoning: a text-only backend, which refuses pinned tools at load. */
  @Override
  protected java.util.Set<Capability> capabilities() {
    return java.util.EnumSet.noneOf(Capability.class);
  }
}
