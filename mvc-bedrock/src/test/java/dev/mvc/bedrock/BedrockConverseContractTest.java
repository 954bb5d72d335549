package dev.mvc.bedrock;

import dev.mvc.VersionManifest;
import dev.mvc.testkit.TestManifests;

/** The backend contract for {@link BedrockBackend} with the Converse API, through the AWS SDK to the emulator. */
class BedrockConverseContractTest extends BedrockContractTestBase {

  @Override
  protected VersionManifest manifest() {
    return withOverridableTemperature(TestManifests.bedrock(TEMPLATE));
  }

  /** Tools, prompt caching and reasoning, all through the emulator. */
  @Override
  protected java.util.Set<Capability> capabilities() {
    return java.util.EnumSet.allOf(Capability.class);
  }
}
