package dev.mvc.cli.internal;

/** The manifest sources the command line configures from its AWS options. */
final class Sources {
  private Sources() {}

  /** Returns the factory for sources that need the AWS options. */
  static ManifestAccess.SourceFactory factory(AwsOptions aws) {
    return ManifestAccess.SourceFactory.DEFAULT;
  }
}
