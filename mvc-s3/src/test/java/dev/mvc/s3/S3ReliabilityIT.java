package dev.mvc.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvc.ApprovalStatus;
import dev.mvc.InferenceParameters;
import dev.mvc.InvocationResponse;
import dev.mvc.LoadedManifest;
import dev.mvc.ManifestException;
import dev.mvc.ManifestIntegrityException;
import dev.mvc.ManifestSignatures;
import dev.mvc.ManifestSourceException;
import dev.mvc.PinnedModelClient;
import dev.mvc.PinningPolicy;
import dev.mvc.ServedFrom;
import dev.mvc.VersionManifest;
import dev.mvc.emulators.s3.S3MockLauncher;
import dev.mvc.spi.ManifestListener;
import dev.mvc.spi.ResolvedCall;
import dev.mvc.testkit.InMemoryModelBackend;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/** What happens when S3 fails, content is corrupted, or versions change under load. */
class S3ReliabilityIT {

  private static S3Client s3;
  private static String bucket;
  private static ManifestPublisher publisher;

  @BeforeAll
  static void startEmulator() {
    s3 = S3Emulator.client();
    bucket = S3Emulator.newBucket(s3, "reliability", true);
    publisher = ManifestPublisher.builder().client(s3).build();
  }

  @AfterAll
  static void closeClient() {
    s3.close();
  }

  private static PublishResult publish(String key, VersionManifest manifest, String... blobs) {
    PublishRequest.Builder b = PublishRequest.builder().target("s3://" + bucket + "/" + key).manifest(manifest);
    for (String blob : blobs) {
      b.blob(blob);
    }
    return publisher.publish(b.build());
  }

  private static S3Client clientFor(URI endpoint) {
    return S3Client.builder()
        .endpointOverride(endpoint)
        .forcePathStyle(true)
        .region(Region.US_EAST_1)
        .credentialsProvider(AnonymousCredentialsProvider.create())
        .overrideConfiguration(o -> o.retryStrategy(b -> b.maxAttempts(1)))
        .build();
  }

  /** Records manifest events. */
  static final class Events implements ManifestListener {
    final List<String> seen = new CopyOnWriteArrayList<>();

    @Override
    public void onSwapped(LoadedManifest previous, LoadedManifest current) {
      seen.add("swapped " + current.manifest().version());
    }

    @Override
    public void onRejected(LoadedManifest current, ManifestException error) {
      seen.add("rejected " + error.getClass().getSimpleName());
    }

    @Override
    public void onSourceUnavailable(LoadedManifest current, ManifestException error) {
      seen.add("unavailable");
    }
  }

  @Test
  void aCorruptedManifestOrBlob_isRejected_andTheCurrentVersionKeepsServing() {
    String template = "Answer (good): {{question}}";
    PublishResult good = publish("corrupt/manifest.json", Manifests.withBlob("1.0.0", template), template);
    Events events = new Events();
    PinnedModelClient client = PinnedModelClient.builder()
        .manifest(S3ManifestSource.of(s3, "s3://" + bucket + "/corrupt/manifest.json"))
        .backend(InMemoryModelBackend.create())
        .manifestListener(events)
        .build();

    // 1. Bytes that are not a manifest.
    s3.putObject(b -> b.bucket(bucket).key("corrupt/manifest.json"), RequestBody.fromString("{\"schema\":\"mvc/v1\",\"name\":"));
    assertThatThrownBy(client::reload).isInstanceOf(ManifestException.class);
    // 2. A manifest whose blob was tampered with: stored under the pinned SHA-256, other bytes.
    String tamperedTemplate = "Answer (tampered): {{question}}";
    String pinnedSha = Manifests.sha256("Answer (v2): {{question}}");
    s3.putObject(b -> b.bucket(bucket).key("corrupt/blobs/sha256/" + pinnedSha), RequestBody.fromString(tamperedTemplate));
    s3.putObject(b -> b.bucket(bucket).key("corrupt/manifest.json"),
        RequestBody.fromBytes(Manifests.bytes(Manifests.withBlob("2.0.0", "Answer (v2): {{question}}"))));
    assertThatThrownBy(client::reload).isInstanceOf(ManifestIntegrityException.class).hasMessageContaining(pinnedSha);

    InvocationResponse response = client.invoke(Map.of("question", "still there?"));
    assertThat(response.stamp().digest()).isEqualTo(good.digest());
    assertThat(response.stamp().sourceVersionId()).isEqualTo(good.versionId());
    assertThat(client.currentManifest().templateText()).isEqualTo(template);
    assertThat(events.seen).containsExactly("swapped 1.0.0", "rejected ManifestParseException", "rejected ManifestIntegrityException");
    client.close();
  }

  @Test
  void aManifestCorruptedAtRest_failsChecksumValidation_andTheCurrentVersionKeepsServing() throws Exception {
    String key = "rot/manifest.json";
    PublishResult good = publish(key, Manifests.inline("1.0.0", "Answer: {{question}}"));
    PinnedModelClient client = PinnedModelClient.builder()
        .manifest(S3ManifestSource.of(s3, "s3://" + bucket + "/" + key))
        .backend(InMemoryModelBackend.create())
        .build();
    VersionManifest next = Manifests.inline("2.0.0", "Answer carefully: {{question}}");
    publish(key, next);

    byte[] stored = Manifests.bytes(next);
    Path file = storedFileWith(stored);
    byte[] rotten = stored.clone();
    int at = new String(stored, StandardCharsets.UTF_8).indexOf("carefully");
    rotten[at] = (byte) 'C';
    Files.write(file, rotten);

    assertThatThrownBy(client::reload)
        .isInstanceOf(ManifestIntegrityException.class)
        .hasMessageContaining("checksum");
    assertThat(client.invoke(Map.of("question", "q")).stamp().digest()).isEqualTo(good.digest());
    client.close();
  }

  private static Path storedFileWith(byte[] content) throws IOException {
    try (Stream<Path> files = Files.walk(S3Emulator.launcher().storeRoot().resolve(bucket))) {
      List<Path> matches = files.filter(Files::isRegularFile).filter(f -> {
        try {
          return Files.size(f) == content.length && Arrays.equals(Files.readAllBytes(f), content);
        } catch (IOException e) {
          return false;
        }
      }).toList();
      assertThat(matches).as("stored copies of the manifest").hasSize(1);
      return matches.get(0);
    }
  }

  @Test
  void s3Unreachable_atStart_failsFastNamingTheSource() {
    try (S3Client down = clientFor(URI.create("http://127.0.0.1:9"))) {
      assertThatThrownBy(() -> PinnedModelClient.builder()
              .manifest(S3ManifestSource.of(down, "s3://" + bucket + "/any/manifest.json"))
              .backend(InMemoryModelBackend.create())
              .build())
          .isInstanceOf(ManifestSourceException.class)
          .hasMessageContaining("s3://" + bucket + "/any/manifest.json")
          .hasMessageContaining("unreachable")
          .satisfies(e -> assertThat(((ManifestSourceException) e).notFound()).isFalse());
    }
  }

  @Test
  void s3Unreachable_atStart_withALastKnownGoodCopy_servesItStampedAsSuch(@TempDir Path lkg) {
    String template = "Answer from the saved copy: {{question}}";
    PublishResult good = publish("lkg/manifest.json", Manifests.withBlob("1.0.0", template), template);
    String uri = "s3://" + bucket + "/lkg/manifest.json";
    PinnedModelClient.builder().manifest(S3ManifestSource.of(s3, uri)).backend(InMemoryModelBackend.create())
        .lastKnownGood(lkg).build().close();

    try (S3Client down = clientFor(URI.create("http://127.0.0.1:9"));
        PinnedModelClient client = PinnedModelClient.builder()
            .manifest(S3ManifestSource.of(down, uri))
            .backend(InMemoryModelBackend.create())
            .lastKnownGood(lkg)
            .build()) {
      InvocationResponse response = client.invoke(Map.of("question", "q"));

      assertThat(response.stamp().servedFrom()).isEqualTo(ServedFrom.LAST_KNOWN_GOOD);
      assertThat(response.stamp().digest()).isEqualTo(good.digest());
      assertThat(response.stamp().sourceVersionId()).isEqualTo(good.versionId());
      assertThat(client.currentManifest().templateText()).isEqualTo(template);
      assertThat(response.stamp().toHeaderValue()).contains("last-known-good");
    }
  }

  @Test
  void s3Unreachable_atStart_withASignedApprovedCopy_startsUnderSignatureAndApprovalPolicy(@TempDir Path lkg) {
    String template = "Answer from the signed copy: {{question}}";
    VersionManifest manifest = Manifests.withBlob("3.0.0", template);
    java.security.KeyPair keys = ManifestSignatures.generateKeyPair();
    PublishResult good = publisher.publish(PublishRequest.builder().target("s3://" + bucket + "/signed-lkg/manifest.json")
        .manifest(manifest).blob(template).signature(ManifestSignatures.sign(manifest, "release", keys.getPrivate()))
        .build());
    S3ApprovalRegistry.builder().client(s3).bucket(bucket).prefix("signed-lkg").build()
        .approve(good.location(), "alice@example.com", "eval 0.93");
    PinningPolicy policy = PinningPolicy.builder()
        .requireSignature(ManifestSignatures.trusting(Map.of("release", keys.getPublic())))
        .requireApproval(true).build();
    String uri = "s3://" + bucket + "/signed-lkg/manifest.json";
    PinnedModelClient.builder().manifest(S3ManifestSource.of(s3, uri)).backend(InMemoryModelBackend.create())
        .policy(policy).approvalRegistry(S3ApprovalRegistry.builder().client(s3).bucket(bucket).prefix("signed-lkg").build())
        .lastKnownGood(lkg).build().close();

    try (S3Client down = clientFor(URI.create("http://127.0.0.1:9"));
        PinnedModelClient client = PinnedModelClient.builder()
            .manifest(S3ManifestSource.of(down, uri))
            .backend(InMemoryModelBackend.create())
            .policy(policy)
            .approvalRegistry(S3ApprovalRegistry.builder().client(down).bucket(bucket).prefix("signed-lkg").build())
            .lastKnownGood(lkg)
            .build()) {
      InvocationResponse response = client.invoke(Map.of("question", "q"));

      assertThat(response.stamp().servedFrom()).isEqualTo(ServedFrom.LAST_KNOWN_GOOD);
      assertThat(response.stamp().digest()).isEqualTo(good.digest());
      assertThat(response.stamp().approval()).isEqualTo(ApprovalStatus.APPROVED);
      assertThat(client.currentManifest().approvalDecision().by()).isEqualTo("alice@example.com");
      assertThat(client.currentManifest().templateText()).isEqualTo(template);
    }
  }

  @Test
  void s3GoingDown_whilePolling_keepsTheCurrentVersionServing() {
    try (S3MockLauncher own = S3MockLauncher.builder().build().start();
        S3Client ownClient = clientFor(own.endpoint())) {
      ownClient.createBucket(b -> b.bucket("down"));
      ownClient.putBucketVersioning(b -> b.bucket("down").versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
      PublishResult v1 = ManifestPublisher.builder().client(ownClient).build().publish(PublishRequest.builder()
          .target("s3://down/manifest.json").manifest(Manifests.inline("1.0.0", "Answer: {{question}}")).build());
      Events events = new Events();
      PinnedModelClient client = PinnedModelClient.builder()
          .manifest(S3ManifestSource.of(ownClient, "s3://down/manifest.json"))
          .backend(InMemoryModelBackend.create())
          .manifestListener(events)
          .build();

      own.close();

      assertThatThrownBy(client::reload)
          .isInstanceOf(ManifestSourceException.class)
          .hasMessageContaining("unreachable");
      InvocationResponse response = client.invoke(Map.of("question", "still serving?"));
      assertThat(response.stamp().digest()).isEqualTo(v1.digest());
      assertThat(response.stamp().sourceVersionId()).isEqualTo(v1.versionId());
      assertThat(events.seen).containsExactly("swapped 1.0.0", "unavailable");
      client.close();
    }
  }

  @Test
  void swapUnderLoad_everyResponseIsStampedWithTheManifestWhoseValuesTheBackendReceived() throws Exception {
    int threads = 8;
    int versions = 200;
    String key = "load/manifest.json";
    Map<String, PublishResult> publishedByDigest = new ConcurrentHashMap<>();
    Map<String, VersionManifest> manifestByDigest = new ConcurrentHashMap<>();
    VersionManifest first = loadVersion(0);
    PublishResult p0 = publish(key, first);
    publishedByDigest.put(p0.digest(), p0);
    manifestByDigest.put(first.digest(), first);
    InMemoryModelBackend backend = InMemoryModelBackend.create();
    Map<String, ResolvedCall> received = new ConcurrentHashMap<>();
    backend.otherwise().replyWith(call -> {
      received.put(call.invocationId(), call);
      return "ok";
    });
    backend.recordCalls(false);
    PinnedModelClient client = PinnedModelClient.builder()
        .manifest(S3ManifestSource.of(s3, "s3://" + bucket + "/" + key))
        .backend(backend)
        .build();

    AtomicBoolean publishing = new AtomicBoolean(true);
    AtomicInteger failures = new AtomicInteger();
    List<InvocationResponse> responses = new CopyOnWriteArrayList<>();
    CountDownLatch started = new CountDownLatch(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      workers.add(pool.submit(() -> {
        started.countDown();
        int i = 0;
        while (publishing.get() || i < 20) {
          try {
            responses.add(client.invoke(Map.of("question", "q" + thread + "-" + i++)));
            // Leave CPU to the emulator: the machine running the suite may have two cores.
            Thread.sleep(3);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          } catch (RuntimeException e) {
            failures.incrementAndGet();
          }
        }
      }));
    }
    started.await();
    long startNanos = System.nanoTime();
    int swaps = 0;
    for (int v = 1; v <= versions; v++) {
      VersionManifest next = loadVersion(v);
      PublishResult p = publish(key, next);
      publishedByDigest.put(p.digest(), p);
      manifestByDigest.put(next.digest(), next);
      if (client.reload()) {
        swaps++;
      }
    }
    publishing.set(false);
    for (Future<?> w : workers) {
      w.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();

    assertThat(failures.get()).isZero();
    assertThat(swaps).isEqualTo(versions);
    assertThat(responses.size()).isGreaterThanOrEqualTo(threads * 20);
    assertThat(client.currentManifest().manifest().version()).isEqualTo("1." + versions + ".0");
    java.util.Set<String> digestsServed = new java.util.HashSet<>();
    for (InvocationResponse r : responses) {
      ResolvedCall call = received.get(r.stamp().invocationId());
      assertThat(call).as("backend call for %s", r.stamp().invocationId()).isNotNull();
      VersionManifest stamped = manifestByDigest.get(r.stamp().digest());
      assertThat(call.manifest().digest()).isEqualTo(r.stamp().digest());
      assertThat(call.parameters()).isEqualTo(stamped.inference());
      assertThat(call.renderedPrompt()).startsWith("Answer (v" + stamped.version() + ")");
      assertThat(r.stamp().sourceVersionId()).isEqualTo(publishedByDigest.get(r.stamp().digest()).versionId());
      digestsServed.add(r.stamp().digest());
    }
    assertThat(digestsServed.size()).isGreaterThan(1);
    System.err.printf("swap under load: %d versions published and swapped in %d ms; %d calls on %d threads,"
        + " %d distinct digests served, 0 failures%n", versions, (System.nanoTime() - startNanos) / 1_000_000,
        responses.size(), threads, digestsServed.size());
    client.close();
  }

  private static VersionManifest loadVersion(int v) {
    String version = "1." + v + ".0";
    return Manifests.inline(version, "Answer (v" + version + "): {{question}}").toBuilder()
        .inference(InferenceParameters.builder().temperature((v % 100) / 100.0).maxTokens(100 + v).topP(0.9).build())
        .build();
  }
}
