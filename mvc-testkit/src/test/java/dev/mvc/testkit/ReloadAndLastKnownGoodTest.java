package dev.mvc.testkit;

import static dev.mvc.testkit.MvcAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvc.InvocationResponse;
import dev.mvc.LoadedManifest;
import dev.mvc.ManifestException;
import dev.mvc.ManifestSourceException;
import dev.mvc.ManifestSources;
import dev.mvc.ManifestWatcher;
import dev.mvc.PinnedModelClient;
import dev.mvc.ServedFrom;
import dev.mvc.SourceRef;
import dev.mvc.VersionManifest;
import dev.mvc.spi.ContentStore;
import dev.mvc.spi.FetchedManifest;
import dev.mvc.spi.ManifestListener;
import dev.mvc.spi.ManifestSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hot reload through the watcher, and starting from the last-known-good copy. */
class ReloadAndLastKnownGoodTest {
  private static final VersionManifest V1 = TestManifests.bedrock("Answer: {{question}}");
  private static final VersionManifest V2 = TestManifests.withVersion(V1, "2.0.0");

  @TempDir Path dir;

  /** A file source that can be switched to behave like an unreachable store. */
  static final class FlakySource implements ManifestSource {
    final ManifestSource delegate;
    final AtomicBoolean down = new AtomicBoolean();

    FlakySource(ManifestSource delegate) {
      this.delegate = delegate;
    }

    @Override
    public String uri() {
      return delegate.uri();
    }

    @Override
    public FetchedManifest fetch() {
      if (down.get()) {
        throw new ManifestSourceException("connection refused: " + uri(), false, null);
      }
      return delegate.fetch();
    }

    @Override
    public ContentStore contentStore() {
      return delegate.contentStore();
    }
  }

  private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 10 s");
      }
      Thread.sleep(10);
    }
  }

  @Test
  void watcher_swapsInANewVersionAndKeepsServingThroughABadOneAndAnOutage() throws Exception {
    Path file = dir.resolve("m.json");
    Files.writeString(file, V1.toJson());
    FlakySource source = new FlakySource(ManifestSources.file(file));
    List<String> events = new CopyOnWriteArrayList<>();
    try (PinnedModelClient client = PinnedModelClient.builder().manifest(source)
        .backend(InMemoryModelBackend.create())
        .manifestListener(new ManifestListener() {
          @Override
          public void onRejected(LoadedManifest current, ManifestException error) {
            events.add("rejected");
          }

          @Override
          public void onSourceUnavailable(LoadedManifest current, ManifestException error) {
            events.add("unavailable");
          }
        }).build();
        ManifestWatcher watcher = ManifestWatcher.builder(client).interval(Duration.ofMillis(20)).start()) {
      Files.writeString(file, V2.toJson());
      await(() -> client.currentManifest().manifest().version().equals("2.0.0"));
      assertThat(client.invoke(Map.of("question", "q"))).wasServedBy(V2);

      Files.writeString(file, "{\"schema\":\"mvc/v1\",\"name\":");
      await(() -> events.contains("rejected"));
      source.down.set(true);
      await(() -> events.contains("unavailable"));
      assertThat(client.invoke(Map.of("question", "q"))).wasServedBy(V2);
      assertThat(watcher.pollNow()).isFalse();
    }
  }

  @Test
  void unreachableSourceAtStart_withoutLastKnownGood_failsFastWithAClearError() throws IOException {
    Path file = dir.resolve("m.json");
    Files.writeString(file, V1.toJson());
    FlakySource source = new FlakySource(ManifestSources.file(file));
    source.down.set(true);
    assertThatThrownBy(() -> PinnedModelClient.builder().manifest(source).backend(InMemoryModelBackend.create()).build())
        .isInstanceOf(ManifestSourceException.class)
        .hasMessageContaining("unreachable").hasMessageContaining("no last-known-good directory");
  }

  @Test
  void unreachableSourceAtStart_withLastKnownGood_servesTheSavedCopyAndSaysSo() throws Exception {
    Path file = dir.resolve("m.json");
    Path lkg = dir.resolve("lkg");
    Files.writeString(file, V1.toJson());
    FlakySource source = new FlakySource(ManifestSources.file(file));
    try (PinnedModelClient first = PinnedModelClient.builder().manifest(source).backend(InMemoryModelBackend.create())
        .lastKnownGood(lkg).build()) {
      assertThat(first.currentManifest().servedFrom()).isEqualTo(ServedFrom.SOURCE);
    }
    assertThat(currentGeneration(lkg).resolve("manifest.json")).hasContent(V1.toJson());

    source.down.set(true);
    try (PinnedModelClient client = PinnedModelClient.builder().manifest(source).backend(InMemoryModelBackend.create())
        .lastKnownGood(lkg).build()) {
      InvocationResponse r = client.invoke(Map.of("question", "q"));
      assertThat(r).wasServedBy(V1);
      assertThat(r.stamp().servedFrom()).isEqualTo(ServedFrom.LAST_KNOWN_GOOD);
      assertThat(r.stamp().toHeaderValue()).contains(";from=last-known-good;");

      source.down.set(false);
      assertThat(client.reload()).isTrue();
      assertThat(client.invoke(Map.of("question", "q")).stamp().servedFrom()).isEqualTo(ServedFrom.SOURCE);
    }
  }

  @Test
  void tamperedLastKnownGoodCopy_isRefused() throws Exception {
    Path file = dir.resolve("m.json");
    Path lkg = dir.resolve("lkg");
    Files.writeString(file, V1.toJson());
    FlakySource source = new FlakySource(ManifestSources.file(file));
    PinnedModelClient.builder().manifest(source).backend(InMemoryModelBackend.create()).lastKnownGood(lkg).build().close();
    Path manifest = currentGeneration(lkg).resolve("manifest.json");
    Files.delete(manifest);
    Files.writeString(manifest, V2.toJson());
    source.down.set(true);
    assertThatThrownBy(() -> PinnedModelClient.builder().manifest(source).backend(InMemoryModelBackend.create())
        .lastKnownGood(lkg).build())
        .isInstanceOf(ManifestSourceException.class).hasMessageContaining("does not match its recorded sha256");
  }

  /** Returns the generation the pointer file {@code current} names. */
  static Path currentGeneration(Path lkg) throws IOException {
    return lkg.resolve("generations").resolve(Files.readString(lkg.resolve("current")).strip());
  }

  @Test
  void sourceRef_ofAFileSource_changesWithItsContent() throws IOException {
    Path file = dir.resolve("m.json");
    Files.writeString(file, V1.toJson());
    SourceRef first = ManifestSources.file(file).fetch().source();
    Files.writeString(file, V2.toJson());
    assertThat(ManifestSources.file(file).fetch().source().sameVersionAs(first)).isFalse();
  }
}
