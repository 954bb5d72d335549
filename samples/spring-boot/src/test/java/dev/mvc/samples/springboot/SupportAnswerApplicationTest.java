package dev.mvc.samples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mvc.PinnedModelClient;
import dev.mvc.VersionStamp;
import dev.mvc.emulators.bedrock.BedrockEmulator;
import dev.mvc.emulators.bedrock.BedrockReply;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SupportAnswerApplicationTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @LocalServerPort
  int port;

  @Autowired
  BedrockEmulator bedrock;

  @Autowired
  HealthEndpointGroups healthGroups;

  @Autowired
  @Qualifier("support-answer")
  PinnedModelClient supportAnswer;

  @Test
  void answer_returnsThePinnedAnswer_withTheStampInTheResponseHeader() throws Exception {
    bedrock.enqueue(BedrockReply.text("Use the reset link on the sign-in page."));
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/answer"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"question\":\"How do I reset my password?\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(r.body()).get("answer").asText()).isEqualTo("Use the reset link on the sign-in page.");
    VersionStamp stamp = VersionStamp.parse(r.headers().firstValue("X-Mvc-Stamp").orElseThrow());
    assertThat(stamp.manifestName()).isEqualTo("support-answer");
    assertThat(stamp.digest()).isEqualTo(supportAnswer.currentManifest().manifest().digest());
    assertThat(bedrock.lastRequest().body()).contains("Question: How do I reset my password?");
  }

  @Test
  void actuatorHealth_showsTheClientsManifestDetails_andTheReadinessGroupIncludesIt() throws Exception {
    JsonNode client = get("/actuator/health").at("/components/mvc/components/support-answer");
    assertThat(client.get("status").asText()).as("%s", client).isEqualTo("UP");
    JsonNode details = client.get("details");
    assertThat(details.get("manifest").asText()).isEqualTo("support-answer");
    assertThat(details.get("version").asText()).isEqualTo("1.0.0");
    assertThat(details.get("digest").asText()).isEqualTo(supportAnswer.currentManifest().manifest().digest());
    assertThat(details.get("source").asText()).isEqualTo("classpath:manifests/support-answer.json");
    assertThat(details.get("servedFrom").asText()).isEqualTo("source");
    assertThat(details.get("approval").asText()).isEqualTo("Unknown");
    JsonNode readiness = get("/actuator/health/readiness");
    assertThat(readiness.get("status").asText()).isEqualTo("UP");
    assertThat(healthGroups.get("readiness").isMember("mvc")).isTrue();
    assertThat(healthGroups.get("liveness").isMember("mvc")).isFalse();
  }

  @Test
  void mvcEndpoint_listsTheClientWithVersionDigestAndSource_andItsWriteOperationsAreNotExposed() throws Exception {
    JsonNode client = get("/actuator/mvc").at("/clients/support-answer");
    assertThat(client.get("version").asText()).isEqualTo("1.0.0");
    assertThat(client.get("digest").asText()).isEqualTo(supportAnswer.currentManifest().manifest().digest());
    assertThat(client.get("source").asText()).isEqualTo("classpath:manifests/support-answer.json");
    HttpResponse<String> reload = http.send(HttpRequest.newBuilder(uri("/actuator/mvc/support-answer/reload"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(reload.statusCode()).isBetween(400, 499);
  }

  @Test
  void actuatorInfo_reportsTheVersionInUse() throws Exception {
    assertThat(get("/actuator/info").at("/mvc/support-answer/version").asText()).isEqualTo("1.0.0");
  }

  private JsonNode get(String path) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("GET %s: %s", path, r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }
}
