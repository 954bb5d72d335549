package dev.mvc.internal;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Invocation IDs: random version-4 UUIDs drawn without the contention of SecureRandom. */
public final class Ids {
  private Ids() {}

  /** Returns a new random UUID string. */
  public static String invocationId() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    long hi = (r.nextLong() & ~0xF000L) | 0x4000L;
    long lo = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(hi, lo).toString();
  }
}
