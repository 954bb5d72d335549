package dev.mvc.emulators.awsmodel;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * A decoder of {@code application/vnd.amazon.eventstream} bodies, written from the framing
 * description (prelude, prelude CRC, headers, payload, message CRC), independent of the
 * emulators' encoders.
 */
final class EventStreamFrames {

  /** One decoded message: its string headers and its payload. */
  record Frame(Map<String, String> headers, byte[] payload) {
    String header(String name) {
      return headers.getOrDefault(name, "");
    }

    String payloadText() {
      return new String(payload, StandardCharsets.UTF_8);
    }
  }

  private EventStreamFrames() {}

  /** Decodes every message of the body; fails on a bad length, checksum or header type. */
  static List<Frame> decode(byte[] body) {
    List<Frame> frames = new ArrayList<>();
    ByteBuffer in = ByteBuffer.wrap(body);
    while (in.hasRemaining()) {
      int start = in.position();
      if (in.remaining() < 16) {
        throw new IllegalStateException("truncated event-stream message at byte " + start);
      }
      int total = in.getInt();
      int headersLength = in.getInt();
      long preludeCrc = Integer.toUnsignedLong(in.getInt());
      if (crc(body, start, 8) != preludeCrc) {
        throw new IllegalStateException("bad prelude CRC at byte " + start);
      }
      if (total < 16 || start + total > body.length) {
        throw new IllegalStateException("bad total length " + total + " at byte " + start);
      }
      Map<String, String> headers = new LinkedHashMap<>();
      int headersEnd = in.position() + headersLength;
      while (in.position() < headersEnd) {
        byte[] name = new byte[in.get() & 0xff];
        in.get(name);
        byte type = in.get();
        if (type != 7) {
          throw new IllegalStateException("header type " + type + " is not a string at byte " + in.position());
        }
        byte[] value = new byte[in.getShort() & 0xffff];
        in.get(value);
        headers.put(new String(name, StandardCharsets.UTF_8), new String(value, StandardCharsets.UTF_8));
      }
      int payloadEnd = start + total - 4;
      byte[] payload = Arrays.copyOfRange(body, in.position(), payloadEnd);
      in.position(payloadEnd);
      long messageCrc = Integer.toUnsignedLong(in.getInt());
      if (crc(body, start, total - 4) != messageCrc) {
        throw new IllegalStateException("bad message CRC at byte " + start);
      }
      frames.add(new Frame(headers, payload));
    }
    return frames;
  }

  private static long crc(byte[] bytes, int offset, int length) {
    CRC32 crc = new CRC32();
    crc.update(bytes, offset, length);
    return crc.getValue();
  }
}
