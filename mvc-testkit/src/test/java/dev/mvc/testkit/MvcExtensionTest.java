package dev.mvc.testkit;

import static dev.mvc.testkit.MvcAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mvc.PinnedModelClient;
import dev.mvc.VersionManifest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JUnit 5 extension hands each test a ready client and backend. */
@MvcTest(template = "Translate to French: {{text}}")
class MvcExtensionTest {

  @Test
  void testMethod_receivesAClientPinnedToTheTestManifest(PinnedModelClient client, InMemoryModelBackend backend,
      VersionManifest manifest) {
    backend.otherwise().reply("Bonjour");
    assertThat(client.invoke(Map.of("text", "Hello"))).wasServedBy(manifest).hasText("Bonjour");
    assertThat(backend.lastCall().renderedPrompt()).isEqualTo("Translate to French: Hello");
  }

  @Test
  void eachTest_getsAFreshBackend(InMemoryModelBackend backend) {
    assertThat(backend.calls()).isEmpty();
  }
}
