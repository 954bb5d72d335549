package dev.mvc.emulators.sagemaker.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Writes {@code application/vnd.amazon.eventstream} frames: total length, headers length,
 * prelude CRC32, string headers, payload, message CRC32.
 */
public final class EventStream {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  /** Appends an event frame of {@code eventType} with {@code payload}. */
  public EventStream event(String eventType, String contentType, byte[] payload) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put(":event-type", eventType);
    h.put(":content-type", contentType);
    h.put(":message-type", "event");
    return frame(h, payload);
  }

  /** Appends an exception frame of {@code exceptionType} with a JSON payload. */
  public EventStream exception(String exceptionType, String json) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put(":exception-type", exceptionType);
    h.put(":content-type", "application/json");
    h.put(":message-type", "exception");
    return frame(h, json.getBytes(StandardCharsets.UTF_8));
  }

  /** Returns the frames written so far. */
  public byte[] bytes() {
    return out.toByteArray();
  }

  /** Encodes one frame with string headers. */
  static byte[] encode(Map<String, String> headers, byte[] payload) {
    ByteArrayOutputStream h = new ByteArrayOutputStream();
    for (Map.Entry<String, String> e : headers.entrySet()) {
      byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
      byte[] value = e.getValue().getBytes(StandardCharsets.UTF_8);
      h.write(name.length);
      h.writeBytes(name);
      h.write(7);
      h.write((value.length >> 8) & 0xff);
      h.write(value.length & 0xff);
      h.writeBytes(value);
    }
    byte[] hb = h.toByteArray();
    int total = 12 + hb.length + payload.length + 4;
    ByteBuffer b = ByteBuffer.allocate(total);
    b.putInt(total);
    b.putInt(hb.length);
    b.putInt((int) crc(b.array(), 0, 8));
    b.put(hb);
    b.put(payload);
    b.putInt((int) crc(b.array(), 0, total - 4));
    return b.array();
  }

  private EventStream frame(Map<String, String> headers, byte[] payload) {
    out.writeBytes(encode(headers, payload));
    return this;
  }

  private static long crc(byte[] bytes, int offset, int length) {
    CRC32 c = new CRC32();
    c.update(bytes, offset, length);
    return c.getValue();
  }
}
