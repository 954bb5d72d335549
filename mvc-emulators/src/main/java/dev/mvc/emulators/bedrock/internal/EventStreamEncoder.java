package dev.mvc.emulators.bedrock.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * An encoder for messages of the {@code application/vnd.amazon.eventstream} framing used by
 * the Bedrock Runtime streaming operations.
 *
 * <p>A message is a 12-byte prelude (total length, headers length, CRC32 of those eight
 * bytes), the headers, the payload, and a CRC32 of everything before it. Only string headers
 * (type 7) are written, which is all the streaming operations use.
 */
public final class EventStreamEncoder {

  private static final byte STRING_HEADER_TYPE = 7;
  private static final int PRELUDE_LENGTH = 12;
  private static final int TRAILER_LENGTH = 4;

  private EventStreamEncoder() {}

  /**
   * Returns one encoded message with the given headers, written in iteration order, and payload.
   */
  public static byte[] encode(Map<String, String> headers, byte[] payload) {
    byte[] encodedHeaders = encodeHeaders(headers);
    int totalLength = PRELUDE_LENGTH + encodedHeaders.length + payload.length + TRAILER_LENGTH;
    ByteBuffer buffer = ByteBuffer.allocate(totalLength);
    buffer.putInt(totalLength);
    buffer.putInt(encodedHeaders.length);
    buffer.putInt((int) crc32(buffer.array(), 0, 8));
    buffer.put(encodedHeaders);
    buffer.put(payload);
    buffer.putInt((int) crc32(buffer.array(), 0, totalLength - TRAILER_LENGTH));
    return buffer.array();
  }

  /** Returns an event message: {@code :event-type}, {@code :content-type}, {@code :message-type}. */
  public static byte[] event(String eventType, String jsonPayload) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(":event-type", eventType);
    headers.put(":content-type", "application/json");
    headers.put(":message-type", "event");
    return encode(headers, jsonPayload.getBytes(StandardCharsets.UTF_8));
  }

  /** Returns an exception message as the service sends it for an error after the stream began. */
  public static byte[] exception(String exceptionType, String jsonPayload) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(":exception-type", exceptionType);
    headers.put(":content-type", "application/json");
    headers.put(":message-type", "exception");
    return encode(headers, jsonPayload.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] encodeHeaders(Map<String, String> headers) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Map.Entry<String, String> header : headers.entrySet()) {
      byte[] name = header.getKey().getBytes(StandardCharsets.UTF_8);
      byte[] value = header.getValue().getBytes(StandardCharsets.UTF_8);
      if (name.length > 255) {
        throw new IllegalArgumentException(
            "event-stream header name must be at most 255 bytes, was " + name.length);
      }
      if (value.length > 0xFFFF) {
        throw new IllegalArgumentException(
            "event-stream header value must be at most 65535 bytes, was " + value.length);
      }
      out.write(name.length);
      out.write(name, 0, name.length);
      out.write(STRING_HEADER_TYPE);
      out.write((value.length >>> 8) & 0xFF);
      out.write(value.length & 0xFF);
      out.write(value, 0, value.length);
    }
    return out.toByteArray();
  }

  private static long crc32(byte[] bytes, int offset, int length) {
    CRC32 crc = new CRC32();
    crc.update(bytes, offset, length);
    return crc.getValue();
  }
}
