package dev.mvc.cli.internal;

import dev.mvc.LoadedManifest;
import dev.mvc.VersionStamp;
import dev.mvc.cli.ExitCode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * The exact manifest version a stamp names: fetched from the stamp's source at its version (or
 * from where the operator says it is now), loaded with its prompt hashes verified, and checked
 * to have the stamp's digest.
 */
record StampedManifest(VersionStamp stamp, ManifestAccess.Fetched fetched, LoadedManifest loaded) {

  /** Parses the stamp from an argument, a whole log line, or standard input for {@code -}. */
  static VersionStamp parseStamp(String arg) {
    String text = arg;
    if (arg.equals("-")) {
      try {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        text = in.lines().filter(l -> l.contains(VersionStamp.HEADER_PREFIX + ";")).findFirst().orElse("");
      } catch (RuntimeException e) {
        throw new CliException(ExitCode.USAGE, "cannot read the stamp from standard input", "pass it as an argument", e);
      }
    }
    try {
      return VersionStamp.parse(text);
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCode.USAGE, e.getMessage(),
          "pass the stamp as logged, 'mvc1;n=...;v=...;d=sha256:...' in single quotes, or a whole log line", e);
    }
  }

  /**
   * Fetches and verifies the manifest {@code stamp} names; {@code override} says where it is
   * instead. The stamp's own source is fetched only when {@code allowed} lets its scheme through.
   */
  static StampedManifest resolve(VersionStamp stamp, @Nullable String override, StampSourceOptions allowed,
      ManifestAccess.SourceFactory sources) {
    String uri;
    if (override != null) {
      uri = override;
    } else {
      uri = stamp.source().pinnedUri();
      allowed.check(uri);
    }
    ManifestAccess.Fetched fetched = ManifestAccess.fetch(uri, sources);
    LoadedManifest loaded = ManifestAccess.load(fetched, ManifestAccess.integrityOnly(), null);
    String digest = loaded.manifest().digest();
    if (!digest.equals(stamp.digest())) {
      throw new CliException(ExitCode.CHECK_FAILED, "the manifest at " + fetched.ref().pinnedUri() + " is " + digest
          + ", not the stamp's " + stamp.digest() + "; the source changed since the call",
          "pass the version that served with --manifest FILE|URI (mvc history lists an S3 key's versions)");
    }
    return new StampedManifest(stamp, fetched, loaded);
  }

  /** Returns whether the call ran with the pinned parameters (no overrides). */
  boolean pinnedParameters() {
    return loaded.inferenceDigest().equals(stamp.inferenceDigest());
  }
}
