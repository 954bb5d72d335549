package dev.mvc.cli.internal;

import dev.mvc.s3.S3ManifestSource;
import java.util.Locale;

/** The manifest sources the command line configures from its AWS options. */
final class Sources {
  private Sources() {}

  /** Returns the factory that reads {@code s3://} URIs with the S3 client of {@code aws}. */
  static ManifestAccess.SourceFactory factory(AwsOptions aws) {
    return uri -> uri.toLowerCase(Locale.ROOT).startsWith("s3://") ? S3ManifestSource.of(aws.s3(), uri) : null;
  }
}
