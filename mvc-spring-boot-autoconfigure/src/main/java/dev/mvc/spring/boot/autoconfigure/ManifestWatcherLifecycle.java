package dev.mvc.spring.boot.autoconfigure;

import dev.mvc.ManifestWatcher;
import dev.mvc.PinnedModelClient;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;

/**
 * Runs a {@link ManifestWatcher} for one client with the application context: started when the
 * context starts, stopped (before the client closes) when it stops. One bean per client that sets
 * {@code mvc.clients.<name>.watch.interval}, named {@code <name>-watcher}.
 */
public final class ManifestWatcherLifecycle implements SmartLifecycle {
  private final PinnedModelClient client;
  private final Duration interval;
  private final double jitter;
  private volatile @Nullable ManifestWatcher watcher;

  /** Creates the lifecycle of a watcher of {@code client}. */
  public ManifestWatcherLifecycle(PinnedModelClient client, Duration interval, double jitter) {
    this.client = client;
    this.interval = interval;
    this.jitter = jitter;
  }

  @Override
  public synchronized void start() {
    if (watcher == null) {
      watcher = ManifestWatcher.builder(client).interval(interval).jitter(jitter).start();
    }
  }

  @Override
  public synchronized void stop() {
    ManifestWatcher w = watcher;
    if (w != null) {
      w.close();
      watcher = null;
    }
  }

  @Override
  public boolean isRunning() {
    return watcher != null;
  }

  /** Returns the poll interval. */
  public Duration interval() {
    return interval;
  }

  /** Polls once now on the calling thread; returns whether a new version was swapped in. */
  public boolean pollNow() {
    ManifestWatcher w = watcher;
    return w != null ? w.pollNow() : client.reload();
  }
}
