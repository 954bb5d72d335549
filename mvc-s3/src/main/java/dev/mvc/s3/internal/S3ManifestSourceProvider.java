package dev.mvc.s3.internal;

import dev.mvc.s3.S3ManifestSource;
import dev.mvc.spi.ManifestSource;
import dev.mvc.spi.ManifestSourceProvider;
import java.net.URI;

/** Serves {@code s3://} URIs for {@code ManifestSources.of(..)}; registered with ServiceLoader. */
public final class S3ManifestSourceProvider implements ManifestSourceProvider {

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public S3ManifestSourceProvider() {}

  @Override
  public String scheme() {
    return "s3";
  }

  @Override
  public ManifestSource create(URI uri) {
    return S3ManifestSource.builder()
        .client(DefaultS3Client.get())
        .location(uri.toString())
        .build();
  }
}
