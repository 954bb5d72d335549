package dev.mvc;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A poller that keeps a {@link PinnedModelClient} on the newest valid version of its manifest:
 * every interval (with jitter, so a fleet does not poll in step) it calls
 * {@link PinnedModelClient#reload()}, which fetches conditionally and swaps only a version that
 * passed the whole load pipeline.
 *
 * <p>A rejected version or an unreachable source is reported through the client's
 * {@link dev.mvc.spi.ManifestListener}s and logged; the current version keeps serving and polling
 * goes on. A pinned source (an exact S3 versionId, a classpath resource) never changes, so a
 * watcher on it costs one cheap check per interval.
 *
 * <pre>{@code
 * try (ManifestWatcher watcher = ManifestWatcher.builder(client).interval(Duration.ofSeconds(30)).start()) {
 *   ... serve ...
 * }
 * }</pre>
 *
 * <p>Thread-safe. Closing the watcher stops polling; it does not close the client.
 */
public final class ManifestWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ManifestWatcher.class);

  private final PinnedModelClient client;
  private final Duration interval;
  private final double jitter;
  private final ScheduledExecutorService scheduler;
  private final AtomicLong polls = new AtomicLong();
  private final AtomicLong swaps = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private volatile boolean closed;

  private ManifestWatcher(Builder b) {
    this.client = b.client;
    this.interval = b.interval;
    this.jitter = b.jitter;
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "mvc-manifest-watcher");
      t.setDaemon(true);
      return t;
    });
  }

  /** Returns a builder for a watcher of {@code client}: 30 s interval, 10 % jitter. */
  public static Builder builder(PinnedModelClient client) {
    return new Builder(client);
  }

  private void scheduleNext() {
    if (closed) {
      return;
    }
    long base = interval.toNanos();
    long spread = (long) (base * jitter);
    long delay = spread == 0 ? base : base - spread + ThreadLocalRandom.current().nextLong(2 * spread + 1);
    try {
      scheduler.schedule(this::pollAndReschedule, delay, TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closed meanwhile
    }
  }

  private void pollAndReschedule() {
    try {
      pollNow();
    } finally {
      scheduleNext();
    }
  }

  /**
   * Polls once now, on the calling thread.
   *
   * @return whether a new version was swapped in; {@code false} when unchanged, rejected or the
   *     source was unreachable (the client's listeners have been told)
   */
  public boolean pollNow() {
    if (closed) {
      return false;
    }
    polls.incrementAndGet();
    try {
      boolean swapped = client.reload();
      if (swapped) {
        swaps.incrementAndGet();
      }
      return swapped;
    } catch (MvcException e) {
      failures.incrementAndGet();
      LOG.warn("manifest poll of {} failed; version {} keeps serving: {}", client.source().uri(),
          client.currentManifest().manifest().version(), e.getMessage());
      return false;
    } catch (RuntimeException e) {
      failures.incrementAndGet();
      LOG.error("manifest poll of {} failed unexpectedly", client.source().uri(), e);
      return false;
    }
  }

  /** Returns how many polls ran. */
  public long polls() {
    return polls.get();
  }

  /** Returns how many polls swapped in a new version. */
  public long swaps() {
    return swaps.get();
  }

  /** Returns how many polls failed (source unreachable or new version rejected). */
  public long failures() {
    return failures.get();
  }

  /** Returns the poll interval before jitter. */
  public Duration interval() {
    return interval;
  }

  /** Stops polling; a poll in progress completes. The client stays open. */
  @Override
  public void close() {
    closed = true;
    scheduler.shutdownNow();
  }

  @Override
  public String toString() {
    return "ManifestWatcher{" + client.source().uri() + ", every " + interval + " ±" + (int) (jitter * 100)
        + "%, polls=" + polls + ", swaps=" + swaps + ", failures=" + failures + "}";
  }

  /** A builder of {@link ManifestWatcher}; not thread-safe. */
  public static final class Builder {
    private final PinnedModelClient client;
    private Duration interval = Duration.ofSeconds(30);
    private double jitter = 0.1;

    private Builder(PinnedModelClient client) {
      this.client = Objects.requireNonNull(client, "client");
    }

    /** Sets the time between polls before jitter; 30 s by default, at least 10 ms. */
    public Builder interval(Duration interval) {
      Objects.requireNonNull(interval, "interval");
      if (interval.compareTo(Duration.ofMillis(10)) < 0) {
        throw new IllegalArgumentException("interval must be at least 10 ms, was " + interval);
      }
      this.interval = interval;
      return this;
    }

    /** Sets the jitter as a fraction of the interval in [0, 0.5]; 0.1 (±10 %) by default. */
    public Builder jitter(double fraction) {
      if (!(fraction >= 0 && fraction <= 0.5)) {
        throw new IllegalArgumentException("jitter must be in [0, 0.5], was " + fraction);
      }
      this.jitter = fraction;
      return this;
    }

    /** Builds the watcher and schedules its first poll one interval (with jitter) from now. */
    public ManifestWatcher start() {
      ManifestWatcher watcher = new ManifestWatcher(this);
      watcher.scheduleNext();
      return watcher;
    }
  }
}
