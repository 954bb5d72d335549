package dev.mvc.emulators.sagemaker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class EventStreamTest {

  @Test
  void frame_matchesTheKnownVector() {
    byte[] frame = new EventStream().event("messageStart", "application/json",
        "{\"role\":\"assistant\"}".getBytes(StandardCharsets.UTF_8)).bytes();
    assertThat(frame).hasSize(118);
    ByteBuffer b = ByteBuffer.wrap(frame);
    assertThat(b.getInt(0)).isEqualTo(118);
    assertThat(b.getInt(4)).isEqualTo(82);
    assertThat(HexFormat.of().formatHex(frame, 0, 12)).isEqualTo("000000760000005296d5fade");
    assertThat(HexFormat.of().formatHex(frame, 114, 118)).isEqualTo("6fa8c599");
  }
}
