package dev.mvc.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mvc.LoadedManifest;
import dev.mvc.ManifestException;
import dev.mvc.ManifestWatcher;
import dev.mvc.PinnedModelClient;
import dev.mvc.VersionManifest;
import dev.mvc.spi.ManifestListener;
import dev.mvc.testkit.InMemoryModelBackend;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

class ManifestWatcherIT {

  private static S3Client s3;
  private static String bucket;
  private static ManifestPublisher publisher;

  @BeforeAll
  static void startEmulator() {
    s3 = S3Emulator.client();
    bucket = S3Emulator.newBucket(s3, "watch", true);
    publisher = ManifestPublisher.builder().client(s3).build();
  }

  @AfterAll
  static void closeClient() {
    s3.close();
  }

  private static PublishResult publish(VersionManifest manifest) {
    return publisher.publish(PublishRequest.builder().target("s3://" + bucket + "/w/manifest.json").manifest(manifest).build());
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(condition.getAsBoolean()).as("condition within 10 s").isTrue();
  }

  @Test
  void watcher_swapsInANewVersion_skipsABadOne_andKeepsPolling() throws Exception {
    publish(Manifests.inline("1.0.0", "Answer: {{question}}"));
    List<String> events = new CopyOnWriteArrayList<>();
    ManifestListener listener = new ManifestListener() {
      @Override
      public void onSwapped(LoadedManifest previous, LoadedManifest current) {
        events.add("swapped " + current.manifest().version());
      }

      @Override
      public void onRejected(LoadedManifest current, ManifestException error) {
        events.add("rejected");
      }
    };
    try (PinnedModelClient client = PinnedModelClient.builder()
            .manifest(S3ManifestSource.of(s3, "s3://" + bucket + "/w/manifest.json"))
            .backend(InMemoryModelBackend.create())
            .manifestListener(listener)
            .build();
        ManifestWatcher watcher = ManifestWatcher.builder(client).interval(Duration.ofMillis(50)).jitter(0.2).start()) {

      Thread.sleep(300);
      assertThat(events).containsExactly("swapped 1.0.0");

      PublishResult v2 = publish(Manifests.inline("2.0.0", "Answer briefly: {{question}}"));
      await(() -> client.currentManifest().manifest().version().equals("2.0.0"));
      assertThat(client.invoke(Map.of("question", "q")).stamp().sourceVersionId()).isEqualTo(v2.versionId());

      s3.putObject(b -> b.bucket(bucket).key("w/manifest.json"), RequestBody.fromString("not json"));
      await(() -> events.contains("rejected"));
      assertThat(client.currentManifest().manifest().version()).isEqualTo("2.0.0");

      publish(Manifests.inline("3.0.0", "Answer kindly: {{question}}"));
      await(() -> client.currentManifest().manifest().version().equals("3.0.0"));
      assertThat(events).filteredOn(e -> e.startsWith("swapped")).containsExactly("swapped 1.0.0", "swapped 2.0.0", "swapped 3.0.0");
    }
  }
}
