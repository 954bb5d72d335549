package dev.mvc.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvc.LoadedManifest;
import dev.mvc.ManifestIntegrityException;
import dev.mvc.ManifestLoader;
import dev.mvc.ManifestSourceException;
import dev.mvc.ManifestSources;
import dev.mvc.ServedFrom;
import dev.mvc.SourceRef;
import dev.mvc.VersionManifest;
import dev.mvc.emulators.s3.S3MockLauncher;
import dev.mvc.spi.FetchedManifest;
import dev.mvc.spi.ManifestSource;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

class S3ManifestSourceIT {

  private static S3Client s3;
  private static String bucket;
  private static final AtomicLong bodyBytes = new AtomicLong();

  @BeforeAll
  static void startEmulator() {
    S3MockLauncher launcher = S3Emulator.launcher();
    // Counts response body bytes, to show that an unchanged poll transfers none.
    ExecutionInterceptor counter = new ExecutionInterceptor() {
      @Override
      public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        context.httpResponse().firstMatchingHeader("Content-Length")
            .ifPresent(v -> bodyBytes.addAndGet(Long.parseLong(v)));
      }
    };
    s3 = S3Client.builder()
        .endpointOverride(launcher.endpoint())
        .forcePathStyle(true)
        .region(Region.of(launcher.region()))
        .credentialsProvider(AnonymousCredentialsProvider.create())
        .overrideConfiguration(o -> o.addExecutionInterceptor(counter))
        .build();
    bucket = S3Emulator.newBucket(s3, "source", true);
  }

  @AfterAll
  static void closeClient() {
    S3ManifestSource.setDefaultClient(null);
    s3.close();
  }

  private static String put(String key, VersionManifest manifest) {
    return s3.putObject(
            b -> b.bucket(bucket).key(key).checksumAlgorithm(ChecksumAlgorithm.SHA256),
            RequestBody.fromBytes(Manifests.bytes(manifest)))
        .versionId();
  }

  @Test
  void pinnedVersion_isReadFromS3OnceAndThenServedFromTheCache() {
    String v1 = put("cached/app.json", Manifests.inline("1.0.0", "Answer: {{question}}"));
    String pinned = "s3://" + bucket + "/cached/app.json?versionId=" + v1;
    long before = bodyBytes.get();
    FetchedManifest first = S3ManifestSource.of(s3, pinned).fetch();
    long afterFirst = bodyBytes.get();
    FetchedManifest second = S3ManifestSource.of(s3, pinned).fetch();
    assertThat(afterFirst - before).isEqualTo(first.bytes().length);
    assertThat(bodyBytes.get()).isEqualTo(afterFirst);
    assertThat(second.bytes()).isEqualTo(first.bytes());
    assertThat(second.source().versionId()).isEqualTo(v1);

    String v2 = put("cached/app.json", Manifests.inline("2.0.0", "Answer: {{question}}"));
    FetchedManifest other = S3ManifestSource.of(s3, "s3://" + bucket + "/cached/app.json?versionId=" + v2).fetch();
    assertThat(other.source().versionId()).isEqualTo(v2);
    assertThat(other.bytes()).isNotEqualTo(first.bytes());
  }

  @Test
  void fetch_ofTheCurrentVersion_recordsItsVersionIdAndEtag() {
    String v1 = put("current/app.json", Manifests.inline("1.0.0", "Answer: {{question}}"));
    S3ManifestSource source = S3ManifestSource.of(s3, "s3://" + bucket + "/current/app.json");

    FetchedManifest fetched = source.fetch();

    assertThat(source.uri()).isEqualTo("s3://" + bucket + "/current/app.json");
    assertThat(fetched.source().uri()).isEqualTo(source.uri());
    assertThat(fetched.source().versionId()).isEqualTo(v1);
    assertThat(fetched.source().etag()).isNotBlank();
    assertThat(fetched.source().pinnedUri()).isEqualTo("s3://" + bucket + "/current/app.json?versionId=" + v1);
    assertThat(VersionManifest.parse(fetched.bytes()).version()).isEqualTo("1.0.0");
  }

  @Test
  void fetch_ofAPinnedVersion_returnsThatVersionAfterNewerOnes() {
    String v1 = put("pinned/app.json", Manifests.inline("1.0.0", "Answer: {{question}}"));
    put("pinned/app.json", Manifests.inline("2.0.0", "Answer briefly: {{question}}"));
    S3ManifestSource source = S3ManifestSource.of(s3, "s3://" + bucket + "/pinned/app.json?versionId=" + v1);

    FetchedManifest fetched = source.fetch();

    assertThat(VersionManifest.parse(fetched.bytes()).version()).isEqualTo("1.0.0");
    assertThat(fetched.source().versionId()).isEqualTo(v1);
    assertThat(source.fetchIfChanged(fetched.source())).isNull();
  }

  @Test
  void fetchIfChanged_onAnUnchangedObject_transfersNoBody_andOnANewVersionReturnsIt() {
    put("poll/app.json", Manifests.inline("1.0.0", "Answer: {{question}}"));
    S3ManifestSource source = S3ManifestSource.of(s3, "s3://" + bucket + "/poll/app.json");
    SourceRef first = source.fetch().source();

    long before = bodyBytes.get();
    FetchedManifest unchanged = source.fetchIfChanged(first);
    long polled = bodyBytes.get() - before;
    String v2 = put("poll/app.json", Manifests.inline("2.0.0", "Answer briefly: {{question}}"));
    FetchedManifest changed = source.fetchIfChanged(first);

    assertThat(unchanged).isNull();
    assertThat(polled).isZero();
    assertThat(changed).isNotNull();
    assertThat(changed.source().versionId()).isEqualTo(v2);
    assertThat(VersionManifest.parse(changed.bytes()).version()).isEqualTo("2.0.0");
  }

  @Test
  void fetch_ofAMissingKeyOrVersion_isNotFound() {
    put("missing/app.json", Manifests.inline("1.0.0", "Answer: {{question}}"));

    assertThatThrownBy(() -> S3ManifestSource.of(s3, "s3://" + bucket + "/missing/absent.json").fetch())
        .isInstanceOf(ManifestSourceException.class)
        .hasMessageContaining("s3://" + bucket + "/missing/absent.json")
        .satisfies(e -> assertThat(((ManifestSourceException) e).notFound()).isTrue());
    assertThatThrownBy(() -> S3ManifestSource.of(s3, "s3://" + bucket + "/missing/app.json?versionId=nope").fetch())
        .isInstanceOf(ManifestSourceException.class)
        .hasMessageContaining("versionId=nope")
        .satisfies(e -> assertThat(((ManifestSourceException) e).notFound()).isTrue());
  }

  @Test
  void fetch_fromAnUnreachableStore_isASourceErrorThatIsNotNotFound() {
    try (S3Client down = S3Client.builder()
        .endpointOverride(URI.create("http://127.0.0.1:9"))
        .forcePathStyle(true)
        .region(Region.US_EAST_1)
        .credentialsProvider(AnonymousCredentialsProvider.create())
        .overrideConfiguration(o -> o.retryStrategy(b -> b.maxAttempts(1)))
        .build()) {
      assertThatThrownBy(() -> S3ManifestSource.of(down, "s3://" + bucket + "/any/app.json").fetch())
          .isInstanceOf(ManifestSourceException.class)
          .hasMessageContaining("unreachable")
          .satisfies(e -> assertThat(((ManifestSourceException) e).notFound()).isFalse());
    }
  }

  @Test
  void manifestSourcesOf_anS3Uri_usesTheS3Source() {
    String v1 = put("uri/app.json", Manifests.inline("1.0.0", "Answer: {{question}}"));
    S3ManifestSource.setDefaultClient(s3);

    ManifestSource source = ManifestSources.of("s3://" + bucket + "/uri/app.json?versionId=" + v1);

    assertThat(source).isInstanceOf(S3ManifestSource.class);
    assertThat(((S3ManifestSource) source).location().versionId()).isEqualTo(v1);
    assertThat(source.fetch().source().versionId()).isEqualTo(v1);
  }

  @Test
  void load_resolvesBlobsBesideTheManifest_andStampsTheConcreteVersion() {
    String template = "Answer from the knowledge base: {{question}}";
    S3ContentStore.of(s3, bucket, "blobs-demo/").put(template.getBytes(StandardCharsets.UTF_8), null);
    String v1 = put("blobs-demo/app.json", Manifests.withBlob("1.0.0", template));
    S3ManifestSource source = S3ManifestSource.of(s3, "s3://" + bucket + "/blobs-demo/app.json");

    LoadedManifest loaded =
        ManifestLoader.builder().build().load(source.fetch(), ServedFrom.SOURCE, source.contentStore());

    assertThat(loaded.templateText()).isEqualTo(template);
    assertThat(loaded.source().versionId()).isEqualTo(v1);
    assertThat(loaded.source().pinnedUri()).endsWith("?versionId=" + v1);
  }

  @Test
  void fetch_ofAnSseKmsObject_readsItTransparently() {
    byte[] body = Manifests.bytes(Manifests.inline("1.0.0", "Answer: {{question}}"));
    s3.putObject(b -> b.bucket(bucket).key("kms/app.json")
            .serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(S3MockLauncher.DEFAULT_KMS_KEY_ID)
            .checksumAlgorithm(ChecksumAlgorithm.SHA256),
        RequestBody.fromBytes(body));

    assertThat(S3ManifestSource.of(s3, "s3://" + bucket + "/kms/app.json").fetch().bytes()).isEqualTo(body);
  }

  @Test
  void blobStore_rejectsABlobWhoseBytesDoNotMatchItsName() {
    String claimed = Manifests.sha256("the real template {{question}}");
    s3.putObject(b -> b.bucket(bucket).key("tampered/blobs/sha256/" + claimed), RequestBody.fromString("tampered {{question}}"));
    S3ContentStore store = S3ContentStore.of(s3, bucket, "tampered");

    assertThatThrownBy(() -> store.fetch(claimed))
        .isInstanceOf(ManifestIntegrityException.class)
        .hasMessageContaining("s3://" + bucket + "/tampered/blobs/sha256/" + claimed)
        .hasMessageContaining("not the " + claimed);
    assertThat(store.fetch(Manifests.sha256("absent"))).isNull();
  }

  @Test
  void blobStore_servesAVerifiedBlobFromMemoryOnceRead() {
    S3ContentStore store = S3ContentStore.of(s3, bucket, "cached");
    String sha = store.put("cached template {{question}}".getBytes(StandardCharsets.UTF_8), null);
    assertThat(store.fetch(sha)).asString(StandardCharsets.UTF_8).isEqualTo("cached template {{question}}");

    s3.deleteObject(b -> b.bucket(bucket).key("cached/blobs/sha256/" + sha));

    assertThat(store.fetch(sha)).asString(StandardCharsets.UTF_8).isEqualTo("cached template {{question}}");
    assertThat(store.describe()).isEqualTo("s3://" + bucket + "/cached/blobs/sha256/");
  }
}
