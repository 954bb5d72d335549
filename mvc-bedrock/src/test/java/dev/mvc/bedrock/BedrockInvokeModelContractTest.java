package dev.mvc.bedrock;

import dev.mvc.BedrockApi;
import dev.mvc.BedrockTarget;
import dev.mvc.VersionManifest;
import dev.mvc.testkit.TestManifests;

/** The backend contract for {@link BedrockBackend} with InvokeModel and the Anthropic Messages body, through the AWS SDK to the emulator. */
class BedrockInvokeModelContractTest extends BedrockContractTestBase {

  @Override
  protected VersionManifest manifest() {
    return withOverridableTemperature(TestManifests.base(TEMPLATE)
        .model(BedrockTarget.builder(TestManifests.MODEL_ID).region("us-east-1")
            .api(BedrockApi.INVOKE_MODEL).bodyFormat("anthropic-messages").build())
        .build());
  }

  /** Tools, prompt caching and reasoning, all through the emulator. */
  @Override
  protected java.util.Set<Capability> capabilities() {
    return java.util.EnumSet.allOf(Capability.class);
  }
}
