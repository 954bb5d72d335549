package dev.mvc;

import dev.mvc.internal.LastKnownGoodStore;
import dev.mvc.spi.ContentStore;
import dev.mvc.spi.FetchedManifest;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Instant;

/**
 * A process that saves signed, approved last-known-good generations in a loop until it is
 * killed, printing {@code ready} after a warm-up save elsewhere, then, once it reads a line
 * from standard input, {@code saved <n>} after each save returns. Run by
 * {@link LastKnownGoodStoreTest} in a child JVM that it kills at random points.
 *
 * <p>Arguments: the store directory, the first generation number, the private key (base64 PKCS#8).
 */
public final class LastKnownGoodSaveLoop {
  private LastKnownGoodSaveLoop() {}

  /** Saves generations {@code first}, {@code first + 1}, ... until killed. */
  public static void main(String[] args) throws Exception {
    LastKnownGoodStore store = new LastKnownGoodStore(Path.of(args[0]));
    long n = Long.parseLong(args[1]);
    PrivateKey key = ManifestSignatures.decodePrivateKey(args[2]);
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    // One save elsewhere first loads every class, so kills land in saves rather than in start-up.
    Path scratch = java.nio.file.Files.createTempDirectory("lkg-warm-up");
    save(new LastKnownGoodStore(scratch), n, key);
    try (java.util.stream.Stream<Path> walk = java.nio.file.Files.walk(scratch)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    out.println("ready");
    out.flush();
    // Waits for the parent's "go", so a child can start while the previous one is still saving.
    if (new java.io.BufferedReader(new java.io.InputStreamReader(System.in, StandardCharsets.US_ASCII)).readLine() == null) {
      return;
    }
    while (true) {
      save(store, n, key);
      out.println("saved " + n);
      out.flush();
      n++;
    }
  }

  /** Saves generation {@code n}: a manifest whose template blob and version both name {@code n}. */
  static void save(LastKnownGoodStore store, long n, PrivateKey key) throws Exception {
    String template = template(n);
    VersionManifest m = manifest(n);
    String signature = ManifestSignatures.sign(m, LastKnownGoodStoreTest.KEY_ID, key);
    byte[] bytes = m.toJson().getBytes(StandardCharsets.UTF_8);
    FetchedManifest fetched = FetchedManifest.of(bytes, new SourceRef("s3://models/m.json", "v" + n, null), signature);
    ContentStore blobs = new ContentStore() {
      @Override
      public byte[] fetch(String sha256) {
        return template.getBytes(StandardCharsets.UTF_8);
      }

      @Override
      public String describe() {
        return "memory";
      }
    };
    LoadedManifest loaded = ManifestLoader.builder()
        .approvalRegistry(LastKnownGoodStoreTest.approving())
        .contentStore(blobs).build().load(fetched);
    store.save(fetched, loaded);
  }

  /** Returns the template text of generation {@code n}, large enough that a save takes a while. */
  static String template(long n) {
    return "Generation " + n + ": {{q}}\n" + ("padding " + n + " ").repeat(8_000);
  }

  /** Returns the manifest of generation {@code n}, its template referenced as a blob. */
  static VersionManifest manifest(long n) {
    return VersionManifest.builder()
        .name("lkg-crash").version("1." + n).createdAt(Instant.parse("2026-01-01T00:00:00Z"))
        .model(BedrockTarget.builder("amazon.nova-pro-v1:0").build())
        .prompt(PromptSpec.builder(PromptText.blob(dev.mvc.internal.Hashing.sha256Hex(template(n))))
            .variables("q").build())
        .inference(InferenceParameters.builder().temperature(0.0).maxTokens(10).topP(1.0).build())
        .build();
  }
}
