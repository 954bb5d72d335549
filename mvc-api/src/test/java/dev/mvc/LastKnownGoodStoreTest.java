package dev.mvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvc.internal.Hashing;
import dev.mvc.internal.LastKnownGoodStore;
import dev.mvc.spi.ApprovalRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The last-known-good store: generations, crash safety, bounded reads, the layout of earlier releases. */
class LastKnownGoodStoreTest {
  static final String KEY_ID = "release";
  private static final KeyPair KEYS = ManifestSignatures.generateKeyPair();
  private static final Instant DECIDED_AT = Instant.parse("2026-02-03T04:05:06Z");

  @TempDir Path dir;

  /** Returns a registry that approves every digest, as alice, with a reason. */
  static ApprovalRegistry approving() {
    return new ApprovalRegistry() {
      @Override
      public ApprovalStatus status(SourceRef source, String digest) {
        return ApprovalStatus.APPROVED;
      }

      @Override
      public ApprovalDecision decision(SourceRef source, String digest) {
        return new ApprovalDecision(digest, ApprovalStatus.APPROVED, "alice@example.com", DECIDED_AT, "eval 0.93");
      }
    };
  }

  /** A loader that requires a signature by {@link #KEYS} and approval, with a registry that is down. */
  private static ManifestLoader strictLoader() {
    return ManifestLoader.builder()
        .policy(PinningPolicy.builder()
            .requireSignature(ManifestSignatures.trusting(Map.of(KEY_ID, KEYS.getPublic())))
            .requireApproval(true).build())
        .approvalRegistry((source, digest) -> {
          throw new ManifestSourceException("approval registry is unreachable", false, null);
        })
        .build();
  }

  private static LoadedManifest loadVerified(Path directory) {
    LastKnownGoodStore.Copy copy = new LastKnownGoodStore(directory).load();
    assertThat(copy).as("a copy in %s", directory).isNotNull();
    return strictLoader().loadLastKnownGood(copy.fetched(), copy.contentStore(), copy.approval(), copy.description());
  }

  private static long generationOf(LoadedManifest loaded) {
    return Long.parseLong(loaded.manifest().version().substring(2));
  }

  private static List<String> generations(Path directory) throws IOException {
    try (Stream<Path> s = Files.list(directory.resolve("generations"))) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static Path currentGeneration(Path directory) throws IOException {
    return directory.resolve("generations").resolve(Files.readString(directory.resolve("current")).strip());
  }

  @Test
  void save_keepsSignatureAndApprovalDecision_andALoadVerifiesThem() throws Exception {
    LastKnownGoodSaveLoop.save(new LastKnownGoodStore(dir), 7, KEYS.getPrivate());

    LoadedManifest loaded = loadVerified(dir);

    assertThat(loaded.servedFrom()).isEqualTo(ServedFrom.LAST_KNOWN_GOOD);
    assertThat(loaded.manifest()).isEqualTo(LastKnownGoodSaveLoop.manifest(7));
    assertThat(loaded.templateText()).isEqualTo(LastKnownGoodSaveLoop.template(7));
    assertThat(loaded.approval()).isEqualTo(ApprovalStatus.APPROVED);
    assertThat(loaded.approvalDecision()).isEqualTo(new ApprovalDecision(
        LastKnownGoodSaveLoop.manifest(7).digest(), ApprovalStatus.APPROVED, "alice@example.com", DECIDED_AT, "eval 0.93"));
    assertThat(loaded.source()).isEqualTo(new SourceRef("s3://models/m.json", "v7", null));
    assertThat(currentGeneration(dir).resolve("manifest.sig")).content()
        .startsWith("ed25519:" + KEY_ID + ":");
  }

  @Test
  void save_switchesGenerations_andKeepsOnlyTheCurrentAndThePreviousOne() throws Exception {
    LastKnownGoodStore store = new LastKnownGoodStore(dir);
    List<String> seen = new ArrayList<>();
    for (long n = 1; n <= 4; n++) {
      LastKnownGoodSaveLoop.save(store, n, KEYS.getPrivate());
      seen.add(currentGeneration(dir).getFileName().toString());
      assertThat(generationOf(loadVerified(dir))).isEqualTo(n);
    }
    assertThat(seen).doesNotHaveDuplicates();
    assertThat(generations(dir)).containsExactlyInAnyOrder(seen.get(2), seen.get(3));
    try (Stream<Path> top = Files.list(dir)) {
      assertThat(top.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("current", "generations");
    }
  }

  /** A child JVM running {@link LastKnownGoodSaveLoop}, warmed up and waiting for "go". */
  private static final class Saver {
    final long first;
    final Process process;
    final BufferedReader out;
    final AtomicLong lastSaved = new AtomicLong(-1);
    final java.util.List<String> other = new java.util.concurrent.CopyOnWriteArrayList<>();
    final Thread reader;

    Saver(Path dir, long first, String key) throws IOException {
      this.first = first;
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
      // VM messages (warnings under memory or CPU pressure) go to stderr, so standard output holds only the child's reports.
      this.process = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData",
          "-XX:+DisplayVMOutputToStderr",
          "-cp", classpath, LastKnownGoodSaveLoop.class.getName(), dir.toString(), Long.toString(first), key)
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      this.reader = new Thread(() -> {
        try {
          for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith("saved ")) {
              lastSaved.set(Long.parseLong(line.substring("saved ".length())));
            } else {
              // A line that is not a report must not end the reading, or later reports would be lost.
              other.add(line);
            }
          }
        } catch (IOException e) {
          // The pipe closes when the child dies.
        }
      });
    }

    void go() throws IOException {
      assertThat(out.readLine()).as("child saving from %d", first).isEqualTo("ready");
      reader.start();
      process.getOutputStream().write("go\n".getBytes(StandardCharsets.US_ASCII));
      process.getOutputStream().flush();
    }

    void kill() throws InterruptedException {
      process.destroyForcibly();
      assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
      reader.join(30_000);
      assertThat(reader.isAlive()).as("the reports of the child saving from %d were still being read after 30 s", first)
          .isFalse();
    }
  }

  // Tagged so the mutation profile leaves it out: its saves run in child JVMs, which load the
  // classes from disk and never see a mutant, and rerunning it for every mutant of the store costs
  // about twenty minutes; the checks its loads make are each covered by a fast test.
  @Tag("child-process")
  @Test
  void save_killedAtRandomPoints_alwaysLeavesAWholeVerifiedCopy() throws Exception {
    String key = ManifestSignatures.encodePrivateKey(KEYS.getPrivate());
    Random random = new Random(20261130L);
    int rounds = 32;
    long lastLoaded = -1;
    int kills = 0;
    int midWrite = 0;
    int unreported = 0;
    long saves = 0;
    long started = System.nanoTime();
    // The next child starts and warms up while the current one saves, so kills are not paced by JVM start-up.
    Saver next = new Saver(dir, 0, key);
    Saver child = null;
    try {
      for (int round = 0; round < rounds; round++) {
        child = next;
        child.go();
        next = round + 1 < rounds ? new Saver(dir, (round + 1) * 1_000_000L, key) : null;
        if (round == 0) {
          // The first round lets one save finish, so every later round has a copy to fall back on.
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
          while (child.lastSaved.get() < 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
          }
        }
        Set<String> before = new HashSet<>(generations(dir));
        // Kill anywhere from the first save on; a save takes a few milliseconds.
        Thread.sleep(random.nextInt(100));
        child.kill();
        kills++;

        long saved = child.lastSaved.get();
        saves += saved < 0 ? 0 : saved - child.first + 1;
        LoadedManifest loaded = loadVerified(dir);
        long n = generationOf(loaded);
        if (saved < 0) {
          assertThat(n).as("round %d, nothing reported saved (other output: %s)", round, child.other)
              .isIn(lastLoaded, child.first);
        } else {
          assertThat(n).as("round %d, last reported %d (other output: %s)", round, saved, child.other)
              .isIn(saved, saved + 1);
        }
        assertThat(loaded.templateText()).isEqualTo(LastKnownGoodSaveLoop.template(n));
        assertThat(loaded.approvalDecision().digest()).isEqualTo(loaded.manifest().digest());
        if (n != (saved < 0 ? lastLoaded : saved)) {
          unreported++;
        }
        String current = currentGeneration(dir).getFileName().toString();
        if (generations(dir).stream().anyMatch(g -> !before.contains(g) && !g.equals(current))) {
          midWrite++;
        }
        lastLoaded = n;
      }
    } finally {
      // Only after a failed assertion is a child still alive here.
      for (Saver s : new Saver[] {child, next}) {
        if (s != null) {
          s.process.destroyForcibly();
        }
      }
    }
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
    assertThat(kills).isGreaterThanOrEqualTo(30);
    assertThat(midWrite).as("kills that left a half-written generation").isPositive();
    // Generations a kill interrupted (half written, or half deleted) go at the next save.
    LastKnownGoodSaveLoop.save(new LastKnownGoodStore(dir), lastLoaded + 1, KEYS.getPrivate());
    assertThat(generations(dir)).hasSize(2);
    assertThat(generationOf(loadVerified(dir))).isEqualTo(lastLoaded + 1);
    System.err.printf("last-known-good crash test: %d kills, %d saves completed, %d kills left a half-written "
        + "generation, %d fell between the switch and its report, %d s%n", kills, saves, midWrite, unreported, seconds);
  }

  @Test
  void load_ofTheLayoutOfEarlierReleases_readsIt_andTheNextSaveReplacesIt() throws Exception {
    VersionManifest m = PinningPolicyTest.manifest("amazon.nova-pro-v1:0");
    byte[] bytes = m.toJson().getBytes(StandardCharsets.UTF_8);
    Files.write(dir.resolve("manifest.json"), bytes);
    Files.writeString(dir.resolve("source.properties"),
        "uri=file\\:/srv/m.json\netag=e1\nsha256=" + Hashing.sha256Hex(bytes) + "\n");
    Files.createDirectories(dir.resolve("blobs/sha256"));

    LastKnownGoodStore.Copy copy = new LastKnownGoodStore(dir).load();

    assertThat(copy.fetched().bytes()).isEqualTo(bytes);
    assertThat(copy.fetched().source()).isEqualTo(new SourceRef("file:/srv/m.json", null, "e1"));
    assertThat(copy.fetched().signature()).isNull();
    assertThat(copy.approval()).isNull();
    assertThat(copy.description()).contains("layout of earlier releases");
    assertThatThrownBy(() -> strictLoader().loadLastKnownGood(copy.fetched(), copy.contentStore(), copy.approval(),
        copy.description()))
        .isInstanceOf(ManifestIntegrityException.class).hasMessageContaining("has no signature");

    LastKnownGoodSaveLoop.save(new LastKnownGoodStore(dir), 3, KEYS.getPrivate());
    assertThat(dir.resolve("manifest.json")).doesNotExist();
    assertThat(dir.resolve("source.properties")).doesNotExist();
    assertThat(dir.resolve("blobs")).doesNotExist();
    assertThat(generationOf(loadVerified(dir))).isEqualTo(3);
  }

  @Test
  void load_withAPointerToAMissingGeneration_failsNamingIt() throws Exception {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("current"), "g0000000000001-0000beef");
    assertThatThrownBy(() -> new LastKnownGoodStore(dir).load())
        .isInstanceOf(ManifestSourceException.class)
        .hasMessageContaining("g0000000000001-0000beef").hasMessageContaining("does not exist");
  }

  @Test
  void load_withAPointerOutsideTheStore_isRefused_andTheNextSaveRepairsIt() throws Exception {
    Files.writeString(dir.resolve("current"), "../../etc");
    assertThatThrownBy(() -> new LastKnownGoodStore(dir).load())
        .isInstanceOf(ManifestSourceException.class).hasMessageContaining("must name a generation")
        .hasMessageContaining("../../etc");

    LastKnownGoodSaveLoop.save(new LastKnownGoodStore(dir), 5, KEYS.getPrivate());
    assertThat(generationOf(loadVerified(dir))).isEqualTo(5);
  }

  @Test
  void load_boundsEveryFileOfTheCopy() throws Exception {
    LastKnownGoodSaveLoop.save(new LastKnownGoodStore(dir), 1, KEYS.getPrivate());
    Path generation = currentGeneration(dir);
    grow(generation.resolve("manifest.sig"), 300L << 20);
    assertThatThrownBy(() -> new LastKnownGoodStore(dir).load())
        .isInstanceOf(ManifestSourceException.class)
        .hasMessageContaining("manifest.sig").hasMessageContaining("larger than the limit of 16384 bytes");

    LastKnownGoodSaveLoop.save(new LastKnownGoodStore(dir), 2, KEYS.getPrivate());
    grow(currentGeneration(dir).resolve("manifest.json"), 300L << 20);
    assertThatThrownBy(() -> new LastKnownGoodStore(dir).load())
        .isInstanceOf(ManifestSourceException.class)
        .hasMessageContaining("manifest.json").hasMessageContaining("larger than the limit of 1048576 bytes");

    LastKnownGoodSaveLoop.save(new LastKnownGoodStore(dir), 3, KEYS.getPrivate());
    Path blob = currentGeneration(dir).resolve("blobs/sha256")
        .resolve(Hashing.sha256Hex(LastKnownGoodSaveLoop.template(3)));
    grow(blob, 300L << 20);
    // Blobs of the copy are read like every other local blob: an oversize one is an integrity error.
    assertThatThrownBy(() -> loadVerified(dir))
        .isInstanceOf(ManifestIntegrityException.class)
        .hasMessageContaining(blob.getFileName().toString())
        .hasMessageContaining("larger than the limit of " + ManifestLoader.MAX_BLOB_BYTES + " bytes");
  }

  @Test
  void load_ofADirectoryInPlaceOfTheManifest_isRefusedAsNotARegularFile() throws Exception {
    LastKnownGoodSaveLoop.save(new LastKnownGoodStore(dir), 1, KEYS.getPrivate());
    Path manifest = currentGeneration(dir).resolve("manifest.json");
    Files.delete(manifest);
    Files.createDirectory(manifest);
    assertThatThrownBy(() -> new LastKnownGoodStore(dir).load())
        .isInstanceOf(ManifestSourceException.class).hasMessageContaining("is a directory");
  }

  /** Makes {@code file} a sparse file of {@code size} bytes, so no test writes hundreds of megabytes. */
  private static void grow(Path file, long size) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(size);
    }
  }
}
