package dev.mvc.spi;

import java.net.URI;

/**
 * A factory of {@link ManifestSource}s for one URI scheme, found with {@link java.util.ServiceLoader}
 * so that {@link dev.mvc.ManifestSources#of(String)} understands schemes that other modules add
 * (for example {@code s3://} from {@code mvc-s3}).
 */
public interface ManifestSourceProvider {

  /** Returns the URI scheme this provider serves, such as {@code s3}. */
  String scheme();

  /** Creates a source for {@code uri}, whose scheme is {@link #scheme()}. */
  ManifestSource create(URI uri);
}
