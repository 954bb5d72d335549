package dev.mvc.bedrock.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class Utf8ChunksTest {

  @Test
  void characterSplitAcrossChunks_isDeliveredWholeWithTheSecondChunk() {
    byte[] all = "Grüße €".getBytes(StandardCharsets.UTF_8);
    Utf8Chunks chunks = new Utf8Chunks();
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < all.length; i++) {
      String piece = chunks.next(Arrays.copyOfRange(all, i, i + 1));
      assertThat(piece).doesNotContain("\uFFFD");
      text.append(piece);
    }
    assertThat(text.toString()).isEqualTo("Grüße €");
  }

  @Test
  void wholeChunks_passThroughUnchanged() {
    Utf8Chunks chunks = new Utf8Chunks();
    assertThat(chunks.next("Hello ".getBytes(StandardCharsets.UTF_8))).isEqualTo("Hello ");
    assertThat(chunks.next("wörld".getBytes(StandardCharsets.UTF_8))).isEqualTo("wörld");
  }
}
