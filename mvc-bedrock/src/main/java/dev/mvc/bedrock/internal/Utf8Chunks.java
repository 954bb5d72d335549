package dev.mvc.bedrock.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A decoder of UTF-8 text that arrives in chunks, such as the {@code bytes} of agent
 * {@code chunk} events: a character split across two chunks is delivered whole with the second.
 * Not thread-safe; one per stream attempt.
 */
public final class Utf8Chunks {

  private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPLACE)
      .onUnmappableCharacter(CodingErrorAction.REPLACE);
  private byte[] pending = new byte[0];

  /** Returns the text of {@code bytes} up to the last complete character; the rest waits for the next chunk. */
  public String next(byte[] bytes) {
    ByteBuffer in = ByteBuffer.allocate(pending.length + bytes.length).put(pending).put(bytes).flip();
    CharBuffer out = CharBuffer.allocate(in.remaining() + 1);
    decoder.decode(in, out, false);
    pending = new byte[in.remaining()];
    in.get(pending);
    return out.flip().toString();
  }
}
