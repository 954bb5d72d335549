package dev.mvc.internal;

import dev.mvc.LoadedManifest;
import dev.mvc.ManifestSourceException;
import dev.mvc.SourceRef;
import dev.mvc.spi.ContentStore;
import dev.mvc.spi.FetchedManifest;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * The local copy of the last manifest that passed the load pipeline, with its prompt blobs, so a
 * service can start while its manifest store is unreachable. Files are replaced atomically; the
 * manifest is written last, so a crash mid-save leaves the previous copy whole.
 */
public final class LastKnownGoodStore {
  private static final String MANIFEST = "manifest.json";
  private static final String SOURCE = "source.properties";

  private final Path directory;
  private final ContentStore blobs;

  /** Creates a store in {@code directory} (created on first save). */
  public LastKnownGoodStore(Path directory) {
    this.directory = directory.toAbsolutePath().normalize();
    this.blobs = LocalContentStore.directory(this.directory);
  }

  /** Returns the directory. */
  public Path directory() {
    return directory;
  }

  /** Returns the store of blobs saved with the manifest. */
  public ContentStore contentStore() {
    return blobs;
  }

  /** Saves {@code fetched} and the verified texts of {@code loaded}. */
  public void save(FetchedManifest fetched, LoadedManifest loaded) throws IOException {
    Path blobDir = Files.createDirectories(directory.resolve("blobs").resolve("sha256"));
    writeAtomically(blobDir.resolve(Hashing.sha256Hex(loaded.templateText())),
        loaded.templateText().getBytes(StandardCharsets.UTF_8));
    if (loaded.systemText() != null) {
      writeAtomically(blobDir.resolve(Hashing.sha256Hex(loaded.systemText())),
          loaded.systemText().getBytes(StandardCharsets.UTF_8));
    }
    Properties p = new Properties();
    SourceRef ref = fetched.source();
    p.setProperty("uri", ref.uri());
    if (ref.versionId() != null) {
      p.setProperty("versionId", ref.versionId());
    }
    if (ref.etag() != null) {
      p.setProperty("etag", ref.etag());
    }
    p.setProperty("sha256", Hashing.sha256Hex(fetched.bytes()));
    Path tmp = Files.createTempFile(directory, SOURCE, ".tmp");
    try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      p.store(w, "last known good manifest source");
    }
    move(tmp, directory.resolve(SOURCE));
    writeAtomically(directory.resolve(MANIFEST), fetched.bytes());
  }

  /**
   * Returns the saved manifest, or null when none was saved.
   *
   * @throws ManifestSourceException when the copy is unreadable or its bytes do not match the
   *     hash recorded with them
   */
  public @Nullable FetchedManifest load() {
    try {
      byte[] bytes = Files.readAllBytes(directory.resolve(MANIFEST));
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(directory.resolve(SOURCE), StandardCharsets.UTF_8)) {
        p.load(r);
      }
      if (!Hashing.sha256Hex(bytes).equals(p.getProperty("sha256"))) {
        throw new ManifestSourceException("last-known-good copy in " + directory
            + " does not match its recorded sha256; it was changed or half-written", false, null);
      }
      SourceRef ref = new SourceRef(p.getProperty("uri"), p.getProperty("versionId"), p.getProperty("etag"));
      return FetchedManifest.of(bytes, ref);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new ManifestSourceException("cannot read the last-known-good copy in " + directory + ": " + e, false, e);
    }
  }

  private void writeAtomically(Path target, byte[] bytes) throws IOException {
    Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
    Files.write(tmp, bytes);
    move(tmp, target);
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
