package dev.mvc.internal;

import dev.mvc.ManifestIntegrityException;
import dev.mvc.ManifestSourceException;
import dev.mvc.SourceRef;
import dev.mvc.spi.ContentStore;
import dev.mvc.spi.FetchedManifest;
import dev.mvc.spi.ManifestSource;
import java.io.IOException;
import java.io.InputStream;

/** A manifest on the class path; blobs come from {@code blobs/sha256/} beside it. */
public final class ClasspathManifestSource implements ManifestSource {
  private final String resource;
  private final ClassLoader loader;
  private final ContentStore blobs;

  /** Creates a source for {@code resource}. */
  public ClasspathManifestSource(String resource, ClassLoader loader) {
    this.resource = resource.replaceFirst("^/+", "");
    this.loader = loader;
    int slash = this.resource.lastIndexOf('/');
    this.blobs = LocalContentStore.classpath(slash < 0 ? "" : this.resource.substring(0, slash), loader);
  }

  @Override
  public String uri() {
    return "classpath:" + resource;
  }

  /**
   * Reads the resource (at most {@link ManifestJson#MAX_BYTES}) and the signature resource
   * {@code <resource>.sig} beside it, if there is one.
   */
  @Override
  public FetchedManifest fetch() {
    byte[] bytes;
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        throw new ManifestSourceException("manifest " + uri() + " was not found on the class path", true, null);
      }
      bytes = BoundedReads.read(in, ManifestJson.MAX_BYTES, "manifest " + uri());
    } catch (BoundedReads.TooLargeException e) {
      throw new ManifestIntegrityException(e.getMessage(), e);
    } catch (IOException e) {
      throw new ManifestSourceException("cannot read manifest " + uri() + ": " + e.getMessage(), false, e);
    }
    SourceRef ref = new SourceRef(uri(), null, "sha256:" + Hashing.sha256Hex(bytes));
    return DetachedSignatures.fromStream(bytes, ref, loader.getResourceAsStream(resource + ".sig"),
        "signature " + uri() + ".sig");
  }

  @Override
  public ContentStore contentStore() {
    return blobs;
  }

  @Override
  public String toString() {
    return uri();
  }
}
