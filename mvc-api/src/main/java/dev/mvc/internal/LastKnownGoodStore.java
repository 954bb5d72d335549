package dev.mvc.internal;

import dev.mvc.ApprovalDecision;
import dev.mvc.ApprovalStatus;
import dev.mvc.LoadedManifest;
import dev.mvc.ManifestLoader;
import dev.mvc.ManifestSourceException;
import dev.mvc.SourceRef;
import dev.mvc.spi.ContentStore;
import dev.mvc.spi.FetchedManifest;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The local copy of the last manifest that passed the load pipeline, so a service can start while
 * its manifest store is unreachable. Each save writes a new <em>generation</em>, a directory
 * holding the manifest bytes, its detached signature, the approval decision checked at load, the
 * source reference and the prompt blobs, and then switches to it with one atomic rename of the
 * file {@code current}, which names the generation in force. A process killed at any point
 * leaves {@code current} naming either the previous generation or the new one, both whole; a
 * reader never sees a mix. After the switch every generation but the new and the previous one is
 * deleted.
 *
 * <pre>
 * directory/
 *   current                      the name of the generation in force
 *   generations/&lt;name&gt;/
 *     manifest.json              the bytes as fetched
 *     manifest.sig               the detached signature, when the source had one
 *     approval.properties        the approval decision, when a registry was consulted
 *     source.properties          source URI, versionId, etag, sha256 of manifest.json
 *     blobs/sha256/&lt;hex&gt;         template and system prompt text
 * </pre>
 *
 * <p>A directory written by earlier releases ({@code manifest.json} and {@code source.properties}
 * at the top, no {@code current}) is still read, so an upgrade during an outage can start; it has
 * neither signature nor approval record, so a policy that requires either refuses it. The first
 * save replaces it with a generation.
 *
 * <p>The recorded sha256 only detects accidental damage; it is not keyed. Protection against a
 * writer of the directory comes from the signature and approval checks of the load pipeline,
 * which run on the copy like on any fetched manifest (see {@code docs/last-known-good.md}).
 */
public final class LastKnownGoodStore {
  /** The largest signature, approval record or source metadata file read, in bytes. */
  static final int MAX_METADATA_BYTES = 16 << 10;

  private static final String CURRENT = "current";
  private static final String GENERATIONS = "generations";
  private static final String MANIFEST = "manifest.json";
  private static final String SIGNATURE = "manifest.sig";
  private static final String APPROVAL = "approval.properties";
  private static final String SOURCE = "source.properties";
  private static final String BLOBS = "blobs";
  private static final Pattern GENERATION = Pattern.compile("g[0-9]{13}-[0-9a-f]{8}");

  private final Path directory;

  /** A copy read back from the store: the manifest as fetched, its approval record and its blobs. */
  public static final class Copy {
    private final FetchedManifest fetched;
    private final @Nullable ApprovalDecision approval;
    private final ContentStore contentStore;
    private final String description;

    Copy(FetchedManifest fetched, @Nullable ApprovalDecision approval, ContentStore contentStore, String description) {
      this.fetched = fetched;
      this.approval = approval;
      this.contentStore = contentStore;
      this.description = description;
    }

    /** Returns the manifest bytes, source reference and detached signature. */
    public FetchedManifest fetched() {
      return fetched;
    }

    /** Returns the approval decision saved with the copy, or null when none was saved. */
    public @Nullable ApprovalDecision approval() {
      return approval;
    }

    /** Returns the store of the prompt blobs saved with the copy. */
    public ContentStore contentStore() {
      return contentStore;
    }

    /** Returns what the copy is, for messages: {@code last-known-good copy in <dir> (generation g..)}. */
    public String description() {
      return description;
    }

    @Override
    public String toString() {
      return description;
    }
  }

  /** Creates a store in {@code directory} (created on first save). */
  public LastKnownGoodStore(Path directory) {
    this.directory = directory.toAbsolutePath().normalize();
  }

  /** Returns the directory. */
  public Path directory() {
    return directory;
  }

  /**
   * Saves {@code fetched} (bytes, source reference, signature), the approval decision of
   * {@code loaded} and its verified texts as a new generation, and makes it current.
   *
   * @throws IOException when the generation cannot be written or the file system cannot rename
   *     atomically; the previous generation stays current
   */
  public void save(FetchedManifest fetched, LoadedManifest loaded) throws IOException {
    Path generations = Files.createDirectories(directory.resolve(GENERATIONS));
    String previous;
    try {
      previous = readCurrentName();
    } catch (IOException | RuntimeException e) {
      // A damaged pointer must not stop the save that repairs it.
      previous = null;
    }
    String name = newGenerationName();
    Path generation = generations.resolve(name);
    Files.createDirectory(generation);
    Path blobDir = Files.createDirectories(generation.resolve(BLOBS).resolve("sha256"));
    writeDurably(blobDir.resolve(Hashing.sha256Hex(loaded.templateText())),
        loaded.templateText().getBytes(StandardCharsets.UTF_8));
    if (loaded.systemText() != null) {
      writeDurably(blobDir.resolve(Hashing.sha256Hex(loaded.systemText())),
          loaded.systemText().getBytes(StandardCharsets.UTF_8));
    }
    syncDirectory(blobDir);
    writeDurably(generation.resolve(MANIFEST), fetched.bytes());
    if (fetched.signature() != null) {
      writeDurably(generation.resolve(SIGNATURE), fetched.signature().getBytes(StandardCharsets.UTF_8));
    }
    ApprovalDecision decision = loaded.approvalDecision();
    if (decision != null) {
      writeDurably(generation.resolve(APPROVAL), approvalProperties(decision));
    }
    writeDurably(generation.resolve(SOURCE), sourceProperties(fetched));
    syncDirectory(generation);
    syncDirectory(generations);

    // The switch: one rename of a file naming the new generation onto "current".
    Path tmp = directory.resolve(CURRENT + "." + name + ".tmp");
    writeDurably(tmp, name.getBytes(StandardCharsets.US_ASCII));
    try {
      Files.move(tmp, directory.resolve(CURRENT), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.deleteIfExists(tmp);
      throw new IOException("the file system of " + directory + " cannot rename atomically, which a "
          + "last-known-good copy needs to stay whole across a crash", e);
    }
    syncDirectory(directory);
    prune(name, previous);
  }

  /**
   * Returns the copy in force, or null when none was saved.
   *
   * @throws ManifestSourceException when the copy is unreadable, incomplete, larger than its
   *     limits, or its manifest bytes do not match the hash recorded with them
   */
  public @Nullable Copy load() {
    try {
      String name = readCurrentName();
      if (name == null) {
        return Files.isRegularFile(directory.resolve(MANIFEST)) ? loadLegacy() : null;
      }
      Path generation = directory.resolve(GENERATIONS).resolve(name);
      String description = "last-known-good copy in " + directory + " (generation " + name + ")";
      if (!Files.isDirectory(generation)) {
        throw new ManifestSourceException(description + " is missing: " + directory.resolve(CURRENT)
            + " names generation " + name + ", but " + generation + " does not exist", false, null);
      }
      byte[] sourceBytes = readMetadata(generation.resolve(SOURCE), description);
      if (sourceBytes == null) {
        throw new ManifestSourceException(description + " has no " + SOURCE, false, null);
      }
      byte[] bytes = BoundedReads.readFile(generation.resolve(MANIFEST), ManifestJson.MAX_BYTES,
          "last-known-good manifest");
      SourceRef ref = checkedSource(properties(sourceBytes, generation.resolve(SOURCE)), bytes, description);
      byte[] sig = readMetadata(generation.resolve(SIGNATURE), description);
      byte[] approval = readMetadata(generation.resolve(APPROVAL), description);
      FetchedManifest fetched = FetchedManifest.of(bytes, ref,
          sig == null ? null : utf8(sig, generation.resolve(SIGNATURE)));
      ApprovalDecision decision = approval == null ? null
          : approvalDecision(properties(approval, generation.resolve(APPROVAL)), generation.resolve(APPROVAL));
      return new Copy(fetched, decision, LocalContentStore.directory(generation), description);
    } catch (NoSuchFileException e) {
      throw new ManifestSourceException("the last-known-good copy in " + directory + " is incomplete: "
          + e.getFile() + " is missing", false, e);
    } catch (IOException e) {
      throw new ManifestSourceException("cannot read the last-known-good copy in " + directory + ": " + e.getMessage(),
          false, e);
    }
  }

  private Copy loadLegacy() throws IOException {
    String description = "last-known-good copy in " + directory + " (layout of earlier releases)";
    byte[] bytes = BoundedReads.readFile(directory.resolve(MANIFEST), ManifestJson.MAX_BYTES, "last-known-good manifest");
    byte[] sourceBytes = readMetadata(directory.resolve(SOURCE), description);
    if (sourceBytes == null) {
      throw new ManifestSourceException(description + " has no " + SOURCE, false, null);
    }
    SourceRef ref = checkedSource(properties(sourceBytes, directory.resolve(SOURCE)), bytes, description);
    return new Copy(FetchedManifest.of(bytes, ref), null, LocalContentStore.directory(directory), description);
  }

  private static SourceRef checkedSource(Properties p, byte[] bytes, String description) {
    if (!Hashing.sha256Hex(bytes).equals(p.getProperty("sha256"))) {
      throw new ManifestSourceException(description + " does not match its recorded sha256; it was changed "
          + "or damaged", false, null);
    }
    String uri = p.getProperty("uri");
    if (uri == null || uri.isEmpty()) {
      throw new ManifestSourceException(description + " records no source uri in " + SOURCE, false, null);
    }
    return new SourceRef(uri, p.getProperty("versionId"), p.getProperty("etag"));
  }

  private @Nullable String readCurrentName() throws IOException {
    byte[] bytes = BoundedReads.readFileIfPresent(directory.resolve(CURRENT), 128, "last-known-good pointer");
    if (bytes == null) {
      return null;
    }
    String name = new String(bytes, StandardCharsets.US_ASCII).strip();
    if (!GENERATION.matcher(name).matches()) {
      throw new ManifestSourceException("last-known-good pointer " + directory.resolve(CURRENT)
          + " must name a generation (" + GENERATION.pattern() + "), was " + Checks.show(name), false, null);
    }
    return name;
  }

  private static String newGenerationName() {
    return String.format("g%013d-%08x", System.currentTimeMillis(), ThreadLocalRandom.current().nextInt());
  }

  private void prune(String keep, @Nullable String previous) {
    Set<String> kept = new HashSet<>();
    kept.add(keep);
    if (previous != null) {
      kept.add(previous);
    }
    try (DirectoryStream<Path> all = Files.newDirectoryStream(directory.resolve(GENERATIONS))) {
      for (Path g : all) {
        if (!kept.contains(g.getFileName().toString())) {
          deleteTree(g);
        }
      }
      try (DirectoryStream<Path> tmps = Files.newDirectoryStream(directory, CURRENT + ".*.tmp")) {
        for (Path t : tmps) {
          Files.deleteIfExists(t);
        }
      }
      // The layout of earlier releases is no longer read once a generation is current.
      Files.deleteIfExists(directory.resolve(MANIFEST));
      Files.deleteIfExists(directory.resolve(SOURCE));
      deleteTree(directory.resolve(BLOBS));
    } catch (IOException e) {
      // Leftovers cost disk space only; the next save tries again.
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static byte @Nullable [] readMetadata(Path file, String description) throws IOException {
    return BoundedReads.readFileIfPresent(file, MAX_METADATA_BYTES, description + " file");
  }

  private static Properties properties(byte[] bytes, Path file) throws IOException {
    Properties p = new Properties();
    p.load(new StringReader(utf8(bytes, file)));
    return p;
  }

  private static String utf8(byte[] bytes, Path file) throws IOException {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new IOException(file + " is not UTF-8 text", e);
    }
  }

  private static byte[] sourceProperties(FetchedManifest fetched) throws IOException {
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
    return store(p, "last-known-good manifest source");
  }

  private static byte[] approvalProperties(ApprovalDecision d) throws IOException {
    Properties p = new Properties();
    p.setProperty("digest", d.digest());
    p.setProperty("status", d.status().wireName());
    if (d.by() != null) {
      p.setProperty("by", d.by());
    }
    if (d.at() != null) {
      p.setProperty("at", d.at().toString());
    }
    if (d.reason() != null) {
      p.setProperty("reason", d.reason());
    }
    return store(p, "approval decision checked when the manifest was loaded");
  }

  private static ApprovalDecision approvalDecision(Properties p, Path file) {
    try {
      String at = p.getProperty("at");
      return new ApprovalDecision(String.valueOf(p.getProperty("digest")),
          ApprovalStatus.fromWireName(String.valueOf(p.getProperty("status"))), p.getProperty("by"),
          at == null ? null : Instant.parse(at), p.getProperty("reason"));
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw new ManifestSourceException("approval record " + file + " is malformed: " + e.getMessage(), false, e);
    }
  }

  private static byte[] store(Properties p, String comment) throws IOException {
    StringWriter w = new StringWriter();
    p.store(w, comment);
    return w.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void writeDurably(Path target, byte[] bytes) throws IOException {
    try (FileChannel ch = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer buf = ByteBuffer.wrap(bytes);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    }
  }

  private static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Some platforms cannot open a directory; the rename is still atomic there.
    }
  }
}
