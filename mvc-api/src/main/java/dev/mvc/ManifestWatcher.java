package dev.mvc;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A poller that keeps a {@link PinnedModelClient} on the newest valid manifest: every interval
 * (with jitter, so a fleet does not poll in step) it calls {@link PinnedModelClient#reload()},
 * which fetches conditionally and swaps only a version that passed the whole load pipeline. A
 * rejected version or an unreachable source is logged and reported to the client's
 * {@link dev.mvc.spi.ManifestListener}s; the current version keeps serving.
 *
 * <pre>{@code
 * ManifestWatcher watcher = ManifestWatcher.builder(client).interval(Duration.ofSeconds(30)).start();
 * }</pre>
 */
public final class ManifestWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ManifestWatcher.class);

  private final PinnedModelClient client;
  private final Duration interval;
  private final double jitter;
  private final ScheduledExecutorService scheduler;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile String lastError = "";

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

  /** Returns a builder for a watcher of {@code client} (default interval 30 s, jitter 10%). */
  public static Builder builder(PinnedModelClient client) {
    return new Builder(client);
  }

  private ManifestWatcher start() {
    schedule();
    return this;
  }

  private void schedule() {
    if (closed.get()) {
      return;
    }
    double factor = 1 + (jitter == 0 ? 0 : ThreadLocalRandom.current().nextDouble(-jitter, jitter));
    long delay = Math.max(1, (long) (interval.toMillis() * factor));
    scheduler.schedule(() -> {
      try {
        pollNow();
      } finally {
        schedule();
      }
    }, delay, TimeUnit.MILLISECONDS);
  }

  /**
   * Polls once now, on the calling thread.
   *
   * @return whether a new version was swapped in; false when unchanged, rejected or unreachable
   */
  public boolean pollNow() {
    try {
      boolean swapped = client.reload();
      lastError = "";
      return swapped;
    } catch (MvcException e) {
      // Log a repeated failure once, not on every poll.
      String message = e.getClass().getSimpleName() + ": " + e.getMessage();
      if (!message.equals(lastError)) {
        LOG.warn("manifest poll of {} failed; version {} keeps serving: {}", client.source().uri(),
            client.currentManifest().manifest().version(), message);
        lastError = message;
      }
      return false;
    } catch (RuntimeException e) {
      LOG.error("manifest poll of {} failed unexpectedly; version {} keeps serving", client.source().uri(),
          client.currentManifest().manifest().version(), e);
      return false;
    }
  }

  /** Stops polling. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      scheduler.shutdownNow();
    }
  }

  /** A builder of {@link ManifestWatcher}. */
  public static final class Builder {
    private final PinnedModelClient client;
    private Duration interval = Duration.ofSeconds(30);
    private double jitter = 0.1;

    private Builder(PinnedModelClient client) {
      this.client = Objects.requireNonNull(client, "client");
    }

    /** Sets the poll interval (at least 10 ms). */
    public Builder interval(Duration interval) {
      if (interval.toMillis() < 10) {
        throw new IllegalArgumentException("watcher interval must be >= 10ms, was " + interval);
      }
      this.interval = interval;
      return this;
    }

    /** Sets the jitter as a fraction of the interval in [0, 0.5] (default 0.1). */
    public Builder jitter(double jitter) {
      if (!(jitter >= 0 && jitter <= 0.5)) {
        throw new IllegalArgumentException("watcher jitter must be in [0, 0.5], was " + jitter);
      }
      this.jitter = jitter;
      return this;
    }

    /** Starts polling and returns the running watcher. */
    public ManifestWatcher start() {
      return new ManifestWatcher(this).start();
    }
  }
}
