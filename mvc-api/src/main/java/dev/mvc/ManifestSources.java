package dev.mvc;

import dev.mvc.internal.ClasspathManifestSource;
import dev.mvc.internal.FileManifestSource;
import dev.mvc.internal.FixedManifestSource;
import dev.mvc.spi.ManifestSource;
import dev.mvc.spi.ManifestSourceProvider;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.Objects;
import java.util.ServiceLoader;

/**
 * Factories of {@link ManifestSource}s. Blob references in a classpath or file manifest are
 * resolved from {@code blobs/sha256/<hex>} next to the manifest.
 */
public final class ManifestSources {
  private ManifestSources() {}

  /** Returns a source reading {@code resource} from the class path (for example {@code manifests/app.json}). */
  public static ManifestSource classpath(String resource) {
    return new ClasspathManifestSource(resource, defaultLoader());
  }

  /** Returns a source reading {@code resource} through {@code loader}. */
  public static ManifestSource classpath(String resource, ClassLoader loader) {
    return new ClasspathManifestSource(resource, loader);
  }

  /** Returns a source reading the file at {@code path}. */
  public static ManifestSource file(Path path) {
    return new FileManifestSource(path);
  }

  /** Returns a source that always yields {@code manifest} (for tests and embedded defaults). */
  public static ManifestSource fixed(VersionManifest manifest) {
    return new FixedManifestSource(manifest);
  }

  /**
   * Returns a source for {@code uri}: {@code classpath:path}, {@code file:/path} or a plain path,
   * or any scheme a {@link ManifestSourceProvider} on the class path serves (such as
   * {@code s3://bucket/key?versionId=..} with {@code mvc-s3}).
   *
   * @throws MvcException when no provider serves the scheme, naming the module to add
   */
  public static ManifestSource of(String uri) {
    Objects.requireNonNull(uri, "uri");
    if (uri.startsWith("classpath:")) {
      return classpath(uri.substring("classpath:".length()).replaceFirst("^/+", ""));
    }
    URI parsed;
    try {
      parsed = new URI(uri);
    } catch (URISyntaxException e) {
      if (!uri.contains("://")) {
        return file(Paths.get(uri));
      }
      throw new MvcException("manifest URI is malformed: " + e.getMessage(), e);
    }
    String scheme = parsed.getScheme();
    if (scheme == null || (scheme.length() == 1 && Character.isLetter(scheme.charAt(0)))) {
      return file(Paths.get(uri));
    }
    scheme = scheme.toLowerCase(Locale.ROOT);
    if (scheme.equals("file")) {
      return file(Path.of(parsed));
    }
    for (ManifestSourceProvider provider : ServiceLoader.load(ManifestSourceProvider.class, defaultLoader())) {
      if (provider.scheme().equalsIgnoreCase(scheme)) {
        return provider.create(parsed);
      }
    }
    throw new MvcException("no manifest source for scheme " + scheme + " in " + uri
        + (scheme.equals("s3") ? "; add the dev.mvc:mvc-s3 module to the class path" : ""));
  }

  private static ClassLoader defaultLoader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : ManifestSources.class.getClassLoader();
  }
}
