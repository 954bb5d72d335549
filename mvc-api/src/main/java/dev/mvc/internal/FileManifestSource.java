package dev.mvc.internal;

import dev.mvc.ManifestSourceException;
import dev.mvc.SourceRef;
import dev.mvc.spi.ContentStore;
import dev.mvc.spi.FetchedManifest;
import dev.mvc.spi.ManifestSource;
import dev.mvc.ManifestIntegrityException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** A manifest in a local file; blobs come from {@code blobs/sha256/} beside it. */
public final class FileManifestSource implements ManifestSource {
  private final Path path;
  private final ContentStore blobs;

  /** Creates a source for {@code path}. */
  public FileManifestSource(Path path) {
    this.path = path.toAbsolutePath().normalize();
    Path parent = this.path.getParent();
    this.blobs = LocalContentStore.directory(parent == null ? this.path : parent);
  }

  @Override
  public String uri() {
    return path.toUri().toString();
  }

  /**
   * Reads the manifest (a regular file of at most {@link ManifestJson#MAX_BYTES}) and the
   * signature file {@code <file>.sig} beside it, if there is one.
   */
  @Override
  public FetchedManifest fetch() {
    byte[] bytes;
    try {
      bytes = BoundedReads.readFile(path, ManifestJson.MAX_BYTES, "manifest file");
    } catch (NoSuchFileException e) {
      throw new ManifestSourceException("manifest file " + path + " does not exist", true, e);
    } catch (BoundedReads.TooLargeException e) {
      throw new ManifestIntegrityException(e.getMessage(), e);
    } catch (BoundedReads.NotARegularFileException e) {
      throw new ManifestSourceException(e.getMessage(), false, e);
    } catch (AccessDeniedException e) {
      throw new ManifestSourceException("cannot read manifest file " + path + ": permission denied", false, e);
    } catch (IOException e) {
      throw new ManifestSourceException("cannot read manifest file " + path + ": " + e.getMessage(), false, e);
    }
    SourceRef ref = new SourceRef(uri(), null, "sha256:" + Hashing.sha256Hex(bytes));
    return DetachedSignatures.fromFile(bytes, ref, path.resolveSibling(path.getFileName() + ".sig"));
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
