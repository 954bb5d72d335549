package dev.mvc.bedrock.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class JsonDiffTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void floatPin_matchesTheSdkFloatMarshalling() throws Exception {
    ObjectNode expected = JsonNodeFactory.instance.objectNode();
    expected.set("temperature", JsonNodeFactory.instance.numberNode(0.7f));

    assertThat(JsonDiff.first("inferenceConfig", expected, JSON.readTree("{\"temperature\":0.7}"))).isNull();
    assertThat(JsonDiff.first("inferenceConfig", expected, JSON.readTree("{\"temperature\":0.70001}")))
        .isEqualTo(new JsonDiff.Difference("inferenceConfig.temperature", "0.70001", "0.7"));
  }

  @Test
  void extraField_isNamedWithItsValue() throws Exception {
    JsonNode expected = JSON.readTree("{\"maxTokens\":64}");

    assertThat(JsonDiff.first("inferenceConfig", expected, JSON.readTree("{\"maxTokens\":64,\"topP\":1}")))
        .isEqualTo(new JsonDiff.Difference("inferenceConfig.topP", "1", "absent"));
  }

  @Test
  void arrays_compareLengthThenElements() throws Exception {
    JsonNode expected = JSON.readTree("{\"stop\":[\"a\",\"b\"]}");

    assertThat(JsonDiff.first("x", expected, JSON.readTree("{\"stop\":[\"a\"]}")))
        .isEqualTo(new JsonDiff.Difference("x.stop.length", "1", "2"));
    assertThat(JsonDiff.first("x", expected, JSON.readTree("{\"stop\":[\"a\",\"c\"]}")))
        .isEqualTo(new JsonDiff.Difference("x.stop[1]", "\"c\"", "\"b\""));
  }

  @Test
  void integersAndDecimals_compareByValue() throws Exception {
    assertThat(JsonDiff.first("b", JSON.readTree("{\"top_k\":50}"), JSON.readTree("{\"top_k\":50}"))).isNull();
    assertThat(JsonDiff.first("b", JSON.readTree("{\"t\":0.25}"), JSON.readTree("{\"t\":2.5E-1}"))).isNull();
  }
}
