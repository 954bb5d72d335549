package dev.mvc.internal;

import dev.mvc.ManifestSourceException;
import dev.mvc.SourceRef;
import dev.mvc.spi.ContentStore;
import dev.mvc.spi.FetchedManifest;
import dev.mvc.spi.ManifestSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

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

  @Override
  public FetchedManifest fetch() {
    try (InputStream in = Files.newInputStream(path)) {
      // Read one byte past the limit so the parser can report an oversize file without reading it all.
      byte[] bytes = in.readNBytes(ManifestJson.MAX_BYTES + 1);
      return FetchedManifest.of(bytes, new SourceRef(uri(), null, "sha256:" + Hashing.sha256Hex(bytes)), signature());
    } catch (NoSuchFileException e) {
      throw new ManifestSourceException("manifest file " + path + " does not exist", true, e);
    } catch (IOException e) {
      throw new ManifestSourceException("cannot read manifest file " + path + ": " + e.getMessage(), false, e);
    }
  }

  /** Reads the detached signature {@code <file>.sig} beside the manifest, if there is one. */
  private @Nullable String signature() throws IOException {
    Path sig = path.resolveSibling(path.getFileName() + ".sig");
    return Files.isRegularFile(sig) ? Files.readString(sig, java.nio.charset.StandardCharsets.UTF_8).strip() : null;
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
