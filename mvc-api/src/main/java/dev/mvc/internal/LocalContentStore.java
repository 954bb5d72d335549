package dev.mvc.internal;

import dev.mvc.ManifestIntegrityException;
import dev.mvc.ManifestLoader;
import dev.mvc.ManifestSourceException;
import dev.mvc.spi.ContentStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/** A content store on the class path or in a local directory. */
public final class LocalContentStore implements ContentStore {
  private final @Nullable Path directory;
  private final @Nullable String resourceRoot;
  private final @Nullable ClassLoader loader;

  private LocalContentStore(@Nullable Path directory, @Nullable String resourceRoot, @Nullable ClassLoader loader) {
    this.directory = directory;
    this.resourceRoot = resourceRoot;
    this.loader = loader;
  }

  /** Returns a store under a class-path folder. */
  public static LocalContentStore classpath(String root, ClassLoader loader) {
    String r = root.replaceFirst("^/+", "").replaceFirst("/+$", "");
    return new LocalContentStore(null, r, loader);
  }

  /** Returns a store under a directory. */
  public static LocalContentStore directory(Path root) {
    return new LocalContentStore(root, null, null);
  }

  /**
   * Returns the blob's bytes, or null when absent. At most {@link ManifestLoader#MAX_BLOB_BYTES}
   * are read; a larger blob fails as an integrity error, a directory or special file (a FIFO,
   * {@code /dev/zero}) in the blob's place as an unreadable source, before it is opened.
   */
  @Override
  public byte @Nullable [] fetch(String sha256) {
    Checks.sha256("blob", sha256);
    if (directory != null) {
      Path p = directory.resolve("blobs").resolve("sha256").resolve(sha256);
      try {
        return BoundedReads.readFileIfPresent(p, ManifestLoader.MAX_BLOB_BYTES, "blob file");
      } catch (BoundedReads.TooLargeException e) {
        throw new ManifestIntegrityException(e.getMessage(), e);
      } catch (BoundedReads.NotARegularFileException e) {
        throw new ManifestSourceException(e.getMessage(), false, e);
      } catch (AccessDeniedException e) {
        throw new ManifestSourceException("cannot read blob file " + p + ": permission denied", false, e);
      } catch (IOException e) {
        throw new ManifestSourceException("cannot read blob file " + p + ": " + e.getMessage(), false, e);
      }
    }
    String name = (resourceRoot.isEmpty() ? "" : resourceRoot + "/") + "blobs/sha256/" + sha256;
    try (InputStream in = loader.getResourceAsStream(name)) {
      return in == null ? null : BoundedReads.read(in, ManifestLoader.MAX_BLOB_BYTES, "blob classpath:" + name);
    } catch (BoundedReads.TooLargeException e) {
      throw new ManifestIntegrityException(e.getMessage(), e);
    } catch (IOException e) {
      throw new ManifestSourceException("cannot read blob " + sha256 + " from " + describe() + ": " + e.getMessage(), false, e);
    }
  }

  @Override
  public String describe() {
    return directory != null ? "directory " + directory : "classpath:" + resourceRoot;
  }
}
