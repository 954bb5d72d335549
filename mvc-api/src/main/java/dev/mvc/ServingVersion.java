package dev.mvc;

import dev.mvc.internal.LastKnownGoodStore;
import dev.mvc.spi.FetchedManifest;
import dev.mvc.spi.ManifestListener;
import dev.mvc.spi.ManifestSource;
import dev.mvc.spi.ModelBackend;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The version a client serves now, and how it changes: the start (from the source, or from the
 * last-known-good copy when the source is unreachable), {@link #reload()} (the whole load pipeline,
 * then one atomic swap), the last-known-good copy of every version that passed, and the manifest
 * listeners that hear of swaps, rejections and outages. Not part of the API.
 */
final class ServingVersion {
  private static final Logger LOG = LoggerFactory.getLogger(ServingVersion.class);

  private final ManifestSource source;
  private final ManifestLoader loader;
  private final ModelBackend backend;
  private final ManifestListener[] listeners;
  private final @Nullable LastKnownGoodStore lastKnownGood;
  private final Object reloadLock = new Object();
  private volatile LoadedManifest current;
  private @Nullable LoadedManifest fallback;

  /** Loads the first version, from the source or, when it is unreachable, from the last-known-good copy. */
  ServingVersion(ManifestSource source, ManifestLoader loader, ModelBackend backend, ManifestListener[] listeners,
      @Nullable Path lastKnownGood) {
    this.source = source;
    this.loader = loader;
    this.backend = backend;
    this.listeners = listeners;
    this.lastKnownGood = lastKnownGood == null ? null : new LastKnownGoodStore(lastKnownGood);
    this.current = loadAtStart();
  }

  /** Loads the pinned fallback through the same pipeline; it must declare the current version's variables. */
  LoadedManifest loadFallback(ManifestSource from) {
    LoadedManifest loaded = loadAndValidate(from.fetch(), ServedFrom.SOURCE, from, false);
    checkFallbackVariables(current, loaded);
    this.fallback = loaded;
    return loaded;
  }

  /** Tells the manifest listeners which version serves from now on. */
  void announce() {
    LoadedManifest first = current;
    for (ManifestListener l : listeners) {
      safely(() -> l.onSwapped(null, first));
    }
  }

  LoadedManifest current() {
    return current;
  }

  ManifestSource source() {
    return source;
  }

  /** See {@link PinnedModelClient#reload()}. */
  boolean reload() {
    synchronized (reloadLock) {
      LoadedManifest cur = current;
      FetchedManifest fetched;
      try {
        // A copy served from last-known-good is replaced as soon as the source answers again.
        fetched = cur.servedFrom() == ServedFrom.LAST_KNOWN_GOOD ? source.fetch() : source.fetchIfChanged(cur.source());
      } catch (ManifestException e) {
        for (ManifestListener l : listeners) {
          safely(() -> l.onSourceUnavailable(cur, e));
        }
        throw e;
      }
      if (fetched == null) {
        return false;
      }
      LoadedManifest next;
      try {
        next = loadAndValidate(fetched, ServedFrom.SOURCE, source, true);
        if (fallback != null) {
          checkFallbackVariables(next, fallback);
        }
      } catch (ManifestException e) {
        for (ManifestListener l : listeners) {
          safely(() -> l.onRejected(cur, e));
        }
        throw e;
      }
      current = next;
      LOG.info("manifest {} {} ({}) swapped in from {}, replacing {} ({})", next.manifest().name(),
          next.manifest().version(), next.manifest().digest(), next.source().pinnedUri(),
          cur.manifest().version(), cur.manifest().digest());
      for (ManifestListener l : listeners) {
        safely(() -> l.onSwapped(cur, next));
      }
      return true;
    }
  }

  private LoadedManifest loadAtStart() {
    FetchedManifest fetched;
    try {
      fetched = source.fetch();
    } catch (ManifestSourceException e) {
      if (e.notFound()) {
        throw e;
      }
      if (lastKnownGood == null) {
        throw new ManifestSourceException("manifest source " + source.uri() + " is unreachable and no "
            + "last-known-good directory is configured, so the client cannot start: " + e.getMessage(), false, e);
      }
      LastKnownGoodStore.Copy saved = lastKnownGood.load();
      if (saved == null) {
        throw new ManifestSourceException("manifest source " + source.uri() + " is unreachable and the "
            + "last-known-good directory " + lastKnownGood.directory() + " holds no copy yet: " + e.getMessage(), false, e);
      }
      LOG.warn("manifest source {} is unreachable ({}); serving the {} of {}",
          source.uri(), e.getMessage(), saved.description(), saved.fetched().source().pinnedUri());
      LoadedManifest loaded = loader.loadLastKnownGood(saved.fetched(), saved.contentStore(), saved.approval(),
          saved.description());
      return validateForBackend(loaded);
    }
    return loadAndValidate(fetched, ServedFrom.SOURCE, source, true);
  }

  private static void checkFallbackVariables(LoadedManifest primary, LoadedManifest fallback) {
    if (!primary.template().variables().equals(fallback.template().variables())) {
      throw new ManifestException("fallback manifest " + fallback.manifest().name() + " " + fallback.manifest().version()
          + " must declare the same variables as " + primary.manifest().name() + " " + primary.manifest().version()
          + ": " + fallback.template().variables() + " vs " + primary.template().variables());
    }
  }

  private LoadedManifest loadAndValidate(FetchedManifest fetched, ServedFrom servedFrom, ManifestSource from,
      boolean keepCopy) {
    LoadedManifest loaded = validateForBackend(loader.load(fetched, servedFrom, from.contentStore()));
    if (keepCopy && lastKnownGood != null && servedFrom == ServedFrom.SOURCE) {
      try {
        lastKnownGood.save(fetched, loaded);
      } catch (java.io.IOException | RuntimeException e) {
        LOG.warn("could not save the last-known-good copy to {}; serving goes on", lastKnownGood.directory(), e);
      }
    }
    return loaded;
  }

  private LoadedManifest validateForBackend(LoadedManifest loaded) {
    try {
      return loaded.withModelLifecycle(backend.validateAtLoad(loaded.manifest()));
    } catch (ManifestException e) {
      throw e;
    } catch (MvcException e) {
      throw new ManifestException("manifest " + loaded.manifest().name() + " " + loaded.manifest().version()
          + " cannot be served by backend " + backend.provider() + ": " + e.getMessage(), e);
    }
  }

  private static void safely(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.warn("an mvc listener threw; it was skipped", e);
    }
  }
}
