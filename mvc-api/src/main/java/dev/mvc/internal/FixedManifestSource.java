package dev.mvc.internal;

import dev.mvc.SourceRef;
import dev.mvc.VersionManifest;
import dev.mvc.spi.FetchedManifest;
import dev.mvc.spi.ManifestSource;
import java.nio.charset.StandardCharsets;

/** A source that always yields one manifest, serialised once. */
public final class FixedManifestSource implements ManifestSource {
  private final FetchedManifest fetched;

  /** Creates a source for {@code manifest}. */
  public FixedManifestSource(VersionManifest manifest) {
    String uri = "memory:" + manifest.name() + "/" + manifest.version();
    this.fetched = FetchedManifest.of(manifest.toJson().getBytes(StandardCharsets.UTF_8),
        new SourceRef(uri, null, manifest.digest()));
  }

  @Override
  public String uri() {
    return fetched.source().uri();
  }

  @Override
  public FetchedManifest fetch() {
    return fetched;
  }

  @Override
  public String toString() {
    return uri();
  }
}
