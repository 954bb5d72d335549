package dev.mvc.sagemaker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StreamDecoderTest {
  static final String TGI = "data:{\"token\":{\"id\":1,\"text\":\"Grü\",\"special\":false}}\n\n"
      + "data:{\"token\":{\"id\":2,\"text\":\"ße\",\"special\":false}}\n\n"
      + "data:{\"token\":{\"id\":3,\"text\":\"</s>\",\"special\":true},"
      + "\"details\":{\"finish_reason\":\"eos_token\",\"generated_tokens\":3}}\n\n";

  @ParameterizedTest(name = "parts of {0} bytes")
  @ValueSource(ints = {1, 2, 3, 7, 16, 1000})
  void tgiEvents_cutAtAnyByteOffset_decodeToTheSameText(int partSize) {
    byte[] bytes = TGI.getBytes(StandardCharsets.UTF_8);
    StreamDecoder d = StreamDecoder.tgi();
    List<String> deltas = new ArrayList<>();
    for (int i = 0; i < bytes.length; i += partSize) {
      deltas.addAll(d.feed(Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + partSize))));
    }
    deltas.addAll(d.finish());
    assertThat(deltas).containsExactly("Grü", "ße");
    assertThat(d.stopReason()).isEqualTo("eos_token");
    assertThat(d.usage().outputTokens()).isEqualTo(3);
  }

  @ParameterizedTest(name = "parts of {0} bytes")
  @ValueSource(ints = {1, 5, 64})
  void openAiChunks_skipDoneAndRoleOnlyChunks(int partSize) {
    String sse = "data: {\"choices\":[{\"delta\":{\"role\":\"assistant\"}}]}\n\n"
        + "data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n\n"
        + ": keep-alive comment\n\n"
        + "data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"length\"}],"
        + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1}}\n\n"
        + "data: [DONE]\n\n";
    byte[] bytes = sse.getBytes(StandardCharsets.UTF_8);
    StreamDecoder d = StreamDecoder.openAiChat();
    List<String> deltas = new ArrayList<>();
    for (int i = 0; i < bytes.length; i += partSize) {
      deltas.addAll(d.feed(Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + partSize))));
    }
    assertThat(deltas).containsExactly("Hi");
    assertThat(d.stopReason()).isEqualTo("length");
    assertThat(d.usage().inputTokens()).isEqualTo(5);
  }

  @org.junit.jupiter.api.Test
  void jsonLinesWithoutDataPrefix_areDecodedToo() {
    StreamDecoder d = StreamDecoder.tgi();
    List<String> deltas = new ArrayList<>(d.feed("{\"token\":{\"text\":\"a\"}}\n{\"token\":{\"text\":\"b\"}}"
        .getBytes(StandardCharsets.UTF_8)));
    deltas.addAll(d.finish());
    assertThat(deltas).containsExactly("a", "b");
  }
}
