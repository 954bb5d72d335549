package dev.mvc.emulators.bedrock.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import software.amazon.eventstream.Message;

class EventStreamEncoderTest {

  private static final String PAYLOAD = "{\"role\":\"assistant\"}";

  @Test
  void event_matchesTheAwsTestVector() {
    byte[] frame = EventStreamEncoder.event("messageStart", PAYLOAD);

    assertThat(frame).hasSize(118);
    ByteBuffer buffer = ByteBuffer.wrap(frame);
    assertThat(buffer.getInt(0)).isEqualTo(118);
    assertThat(buffer.getInt(4)).isEqualTo(82);
    assertThat(HexFormat.of().formatHex(frame, 0, 12)).isEqualTo("0000007600000052" + "96d5fade");
    assertThat(HexFormat.of().formatHex(frame, 114, 118)).isEqualTo("6fa8c599");
  }

  @Test
  void encode_messageCrcCoversEverythingBeforeIt() {
    byte[] frame = EventStreamEncoder.exception("throttlingException", "{\"message\":\"slow down\"}");

    CRC32 crc = new CRC32();
    crc.update(frame, 0, frame.length - 4);
    assertThat(ByteBuffer.wrap(frame).getInt(frame.length - 4)).isEqualTo((int) crc.getValue());
  }

  @Test
  void encode_isReadBackByTheAwsEventStreamDecoder() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(":event-type", "contentBlockDelta");
    headers.put(":content-type", "application/json");
    headers.put(":message-type", "event");
    byte[] payload = "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Grüße\"}}".getBytes(StandardCharsets.UTF_8);

    Message message = Message.decode(ByteBuffer.wrap(EventStreamEncoder.encode(headers, payload)));

    assertThat(message.getHeaders().get(":event-type").getString()).isEqualTo("contentBlockDelta");
    assertThat(message.getHeaders().get(":message-type").getString()).isEqualTo("event");
    assertThat(new String(message.getPayload(), StandardCharsets.UTF_8)).contains("Grüße");
  }

  @Test
  void encode_withOverlongHeaderName_isRejectedNamingTheLength() {
    Map<String, String> headers = Map.of("x".repeat(256), "v");

    assertThatThrownBy(() -> EventStreamEncoder.encode(headers, new byte[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("event-stream header name must be at most 255 bytes, was 256");
  }
}
