package dev.mvc.cli.internal;

import dev.mvc.spi.ContentStore;
import dev.mvc.spi.FetchedManifest;
import dev.mvc.spi.ManifestSource;
import org.jspecify.annotations.Nullable;

/** A source that yields bytes already fetched, keeping their exact source reference and blob store. */
final class FetchedSource implements ManifestSource {
  private final ManifestAccess.Fetched fetched;

  FetchedSource(ManifestAccess.Fetched fetched) {
    this.fetched = fetched;
  }

  @Override
  public String uri() {
    return fetched.ref().uri();
  }

  @Override
  public FetchedManifest fetch() {
    return fetched.fetched();
  }

  @Override
  public @Nullable ContentStore contentStore() {
    return fetched.source().contentStore();
  }
}
