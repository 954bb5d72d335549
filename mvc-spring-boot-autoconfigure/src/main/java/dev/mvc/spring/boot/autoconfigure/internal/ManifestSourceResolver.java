package dev.mvc.spring.boot.autoconfigure.internal;

import dev.mvc.spi.ManifestSource;

/** Turns a configured manifest URI into a source; the default is {@code ManifestSources.of}. */
@FunctionalInterface
public interface ManifestSourceResolver {
  /** Returns the source for {@code uri}. */
  ManifestSource resolve(String uri);
}
