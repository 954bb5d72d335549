package dev.mvc.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A bounded map of calls that have started and not yet completed, keyed by invocation ID. A call
 * whose outcome is never reported cannot grow it without limit: past the capacity, the oldest
 * entries are evicted and handed to a callback. Shared by the invocation listeners of the
 * audit, tracing and metrics modules.
 *
 * @param <T> what is kept per call
 */
public final class InFlightCalls<T> {
  private final ConcurrentHashMap<String, Entry<T>> calls = new ConcurrentHashMap<>();
  private final AtomicLong sequence = new AtomicLong();
  private final ReentrantLock sweeping = new ReentrantLock();
  private final int capacity;
  private final Consumer<T> onEvict;

  /** Creates a map holding at most {@code capacity} calls; evicted values go to {@code onEvict}. */
  public InFlightCalls(int capacity, Consumer<T> onEvict) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
    this.capacity = capacity;
    this.onEvict = onEvict;
  }

  /** Records a started call; evicts the oldest ones if the map is over capacity. */
  public void put(String invocationId, T value) {
    Entry<T> previous = calls.put(invocationId, new Entry<>(value, sequence.incrementAndGet()));
    if (previous != null) {
      onEvict.accept(previous.value);
    }
    if (calls.size() > capacity) {
      sweep();
    }
  }

  /** Removes and returns the value of a completed call, or null if it is not (or no more) held. */
  public @Nullable T remove(String invocationId) {
    Entry<T> e = calls.remove(invocationId);
    return e == null ? null : e.value;
  }

  /** Returns the number of calls held. */
  public int size() {
    return calls.size();
  }

  private void sweep() {
    // One sweeper at a time. A put that finds the lock taken returns at once; the sweeper
    // re-checks the size after unlocking, so that put's entry is still accounted for.
    while (calls.size() > capacity && sweeping.tryLock()) {
      try {
        while (calls.size() > capacity) {
          Map.Entry<String, Entry<T>> oldest = null;
          for (Map.Entry<String, Entry<T>> e : calls.entrySet()) {
            if (oldest == null || e.getValue().sequence < oldest.getValue().sequence) {
              oldest = e;
            }
          }
          if (oldest == null) {
            return;
          }
          if (calls.remove(oldest.getKey(), oldest.getValue())) {
            onEvict.accept(oldest.getValue().value);
          }
        }
      } finally {
        sweeping.unlock();
      }
    }
  }

  private static final class Entry<T> {
    final T value;
    final long sequence;

    Entry(T value, long sequence) {
      this.value = value;
      this.sequence = sequence;
    }
  }
}
