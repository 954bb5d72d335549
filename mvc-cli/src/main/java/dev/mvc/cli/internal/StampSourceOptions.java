package dev.mvc.cli.internal;

import dev.mvc.cli.ExitCode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * Which manifest sources named by a stamp the stamp commands may fetch. A stamp usually comes
 * from a log line, and anyone who can put text in a log line can write one, so by default only
 * the stores a manifest is published to are read ({@code s3://} and {@code classpath:}); a local
 * file only with {@code --allow-file-source}. A source given with {@code --manifest} is the
 * operator's own choice and is not checked.
 */
final class StampSourceOptions {
  @Option(names = "--allow-file-source",
      description = "Also fetch a stamp whose manifest source is a local file (file: URI or path). "
          + "Off by default: a stamp is read from a log line anyone can write into, so only s3:// and "
          + "classpath: sources are fetched.")
  boolean allowFileSource;

  /**
   * Refuses, before anything is read, a stamp source whose scheme is not allowed.
   *
   * @throws CliException with the usage exit code, naming the source and the flag
   */
  void check(String uri) {
    String scheme = scheme(uri);
    if (scheme.equals("s3") || scheme.equals("classpath") || (scheme.equals("file") && allowFileSource)) {
      return;
    }
    String shown = printable(uri);
    if (scheme.equals("file")) {
      throw new CliException(ExitCode.USAGE, "the stamp's manifest source " + shown
          + " is a local file, which is not fetched for a stamp by default",
          "if you trust the log line, pass --allow-file-source; or name the manifest with --manifest FILE|URI");
    }
    throw new CliException(ExitCode.USAGE, "the stamp's manifest source " + shown + " has scheme " + printable(scheme)
        + ", which is not fetched for a stamp (only s3:// and classpath:, and file: with --allow-file-source)",
        "name the manifest with --manifest FILE|URI");
  }

  /**
   * Returns the scheme {@link dev.mvc.ManifestSources#of(String)} would read {@code uri} with,
   * lowercase: {@code file} for a path (also a Windows drive letter) or a URI that does not parse.
   */
  static String scheme(String uri) {
    if (uri.startsWith("classpath:")) {
      return "classpath";
    }
    if (uri.toLowerCase(Locale.ROOT).startsWith("s3://")) {
      return "s3";
    }
    String scheme;
    try {
      scheme = new URI(uri).getScheme();
    } catch (URISyntaxException e) {
      int colon = uri.indexOf("://");
      return colon > 0 ? uri.substring(0, colon).toLowerCase(Locale.ROOT) : "file";
    }
    if (scheme == null || (scheme.length() == 1 && Character.isLetter(scheme.charAt(0)))) {
      return "file";
    }
    return scheme.toLowerCase(Locale.ROOT);
  }

  /** Returns {@code text} with control characters shown as {@code ?} and cut at 200 characters. */
  private static String printable(String text) {
    StringBuilder out = new StringBuilder(Math.min(text.length(), 201));
    for (int i = 0; i < text.length() && i < 200; i++) {
      char c = text.charAt(i);
      out.append(Character.isISOControl(c) ? '?' : c);
    }
    return text.length() > 200 ? out.append("...").toString() : out.toString();
  }
}
