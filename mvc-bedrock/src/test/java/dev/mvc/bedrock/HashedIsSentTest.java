package dev.mvc.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvc.InvocationRequest;
import dev.mvc.Message;
import dev.mvc.PinnedModelClient;
import dev.mvc.TemplateException;
import dev.mvc.VersionManifest;
import dev.mvc.emulators.bedrock.BedrockEmulator;
import dev.mvc.emulators.bedrock.BedrockOperation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the digest covers is what reaches the wire: one hashed value, one sent form. */
class HashedIsSentTest {
  private static BedrockEmulator bedrock;
  private static BedrockBackend backend;

  @BeforeAll
  static void start() {
    bedrock = BedrockEmulator.create().start();
    backend = TestSetup.backend(bedrock);
  }

  @AfterAll
  static void stop() {
    backend.close();
    bedrock.close();
  }

  @BeforeEach
  void reset() {
    bedrock.reset();
  }

  private static List<String> sentBodies(VersionManifest template, String... topK) {
    List<String> bodies = new ArrayList<>();
    List<String> digests = new ArrayList<>();
    String json = template.toJson();
    assertThat(json).contains("\"top_k\" : 50");
    for (String written : topK) {
      VersionManifest m = VersionManifest.parse(json.replace("\"top_k\" : 50", "\"top_k\" : " + written));
      digests.add(m.digest());
      try (PinnedModelClient client = PinnedModelClient.builder().manifest(m).backend(backend).closeBackend(false).build()) {
        client.invoke(Map.of("name", "Ada"));
      }
      // Every call carries its own invocation ID in the request metadata; the rest is what was hashed.
      bodies.add(bedrock.lastRequest().body().replaceAll("\"mvc\\.invocationId\":\"[^\"]+\"", "\"mvc.invocationId\":\"*\""));
    }
    assertThat(digests).as("digests of top_k written as %s", List.of(topK)).containsOnly(template.digest());
    return bodies;
  }

  @Test
  void converse_fiftyAndFiftyPointZeroAndFiveEOne_shareADigestAndAreSentAsTheSameBytes() {
    List<String> bodies = sentBodies(TestSetup.converse(), "50", "50.0", "5e1", "50.000");

    assertThat(bodies).containsOnly(bodies.get(0));
    assertThat(bodies.get(0)).contains("\"additionalModelRequestFields\":{\"top_k\":50}");
  }

  @Test
  void invokeModel_fiftyAndFiftyPointZero_shareADigestAndAreSentAsTheSameBytes() {
    List<String> bodies = sentBodies(TestSetup.invokeModel(), "50", "50.0", "0.5e2");

    assertThat(bodies).containsOnly(bodies.get(0));
    assertThat(bodies.get(0)).contains("\"top_k\":50}");
  }

  @Test
  void seedBeyondTwoToThe53_isRefusedAtParseInsteadOfSharingADigestWithItsNeighbour() {
    String json = TestSetup.converse().toJson();
    VersionManifest exact = VersionManifest.parse(json.replace("\"top_k\" : 50", "\"seed\" : 9007199254740992"));

    assertThat(exact.inference().additionalModelFields()).containsEntry("seed", 9007199254740992L);
    assertThatThrownBy(() -> VersionManifest.parse(json.replace("\"top_k\" : 50", "\"seed\" : 9007199254740993")))
        .hasMessageContaining("inference.additionalModelFields.seed")
        .hasMessageContaining("9007199254740993");
  }

  @Test
  void loneSurrogateInAVariable_isRefusedNamingTheVariableAndIndexBeforeAnythingIsSent() {
    try (PinnedModelClient client = PinnedModelClient.builder().manifest(TestSetup.converse()).backend(backend)
        .closeBackend(false).build()) {
      assertThatThrownBy(() -> client.invoke(Map.of("name", "Ad\ud800a")))
          .isInstanceOf(TemplateException.class)
          .hasMessageContaining("variable name")
          .hasMessageContaining("\\ud800 at index 2");
      assertThatThrownBy(() -> client.invoke(InvocationRequest.builder().variable("name", "Ada")
              .history(List.of(Message.user("hi"), Message.assistant("\udc00 hello"))).build()))
          .isInstanceOf(TemplateException.class)
          .hasMessageContaining("history[1]")
          .hasMessageContaining("\\udc00 at index 0");
    }
    assertThat(bedrock.requests(BedrockOperation.CONVERSE)).isEmpty();
  }
}
