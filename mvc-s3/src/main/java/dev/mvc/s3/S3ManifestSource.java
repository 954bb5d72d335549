package dev.mvc.s3;

import dev.mvc.ManifestIntegrityException;
import dev.mvc.ManifestSourceException;
import dev.mvc.SourceRef;
import dev.mvc.s3.internal.BoundedBodies;
import dev.mvc.s3.internal.DefaultS3Client;
import dev.mvc.s3.internal.MetadataNames;
import dev.mvc.s3.internal.S3Errors;
import dev.mvc.s3.internal.S3Keys;
import dev.mvc.spi.ContentStore;
import dev.mvc.spi.FetchedManifest;
import dev.mvc.spi.ManifestSource;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * A {@link ManifestSource} reading a manifest object from S3: {@code s3://bucket/key} follows
 * the current version, {@code s3://bucket/key?versionId=..} is pinned to one version.
 *
 * <p>Every read uses checksum mode, so the SDK verifies the body against the SHA-256 stored
 * with it. The {@link SourceRef} of a fetch carries the concrete versionId and ETag that were
 * read, so stamps name the exact bytes even when the source follows the current version. Polls
 * ({@link #fetchIfChanged(SourceRef)}) are conditional GETs: an unchanged object answers
 * {@code 304 Not Modified} without a body. SSE-KMS objects are read transparently, given the
 * caller may use the key.
 *
 * <p><b>Labels.</b> {@code s3://bucket/key@production} follows a named environment: every fetch
 * and every poll first reads the label ({@link ManifestLabels}) and then the manifest version it
 * points to, so a watcher reloads when the label moves. The {@link SourceRef} names the key and the
 * versionId the label resolved to.
 *
 * <p>Blob references in the manifest are resolved from {@code blobs/sha256/<hex>} in the
 * manifest's folder (see {@link S3ContentStore}) unless another prefix is set.
 *
 * <p>Bodies are read with a cap: a manifest object larger than {@link #MAX_MANIFEST_BYTES} fails
 * from its {@code Content-Length}, or after one byte past the limit, without being buffered.
 *
 * <p>{@code ManifestSources.of("s3://..")} creates this source with the client set by
 * {@link #setDefaultClient(S3Client)}, or a client built on first use with the default region and
 * credentials chain and an API call timeout of 60 s (20 s per attempt), which bounds the body
 * read too. A client you pass yourself is used as it is: give it timeouts, since the SDK sets
 * none for API calls, for example
 * {@code S3Client.builder().overrideConfiguration(o -> o.apiCallTimeout(Duration.ofSeconds(60))
 * .apiCallAttemptTimeout(Duration.ofSeconds(20))).build()}. Instances are immutable and
 * thread-safe.
 */
public final class S3ManifestSource implements ManifestSource {

  /** The largest manifest object read, in bytes. */
  public static final int MAX_MANIFEST_BYTES = 1 << 20;

  /** Manifests read at a pinned versionId, which are immutable, by URI (with the version). */
  private static final com.github.benmanes.caffeine.cache.Cache<String, FetchedManifest> PINNED =
      com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(256).build();

  private final S3Client s3;
  private final S3Location location;
  private final String uri;
  private final @Nullable String expectedBucketOwner;
  private final S3ContentStore contentStore;
  private final @Nullable ManifestLabels labels;
  private final @Nullable String label;

  private S3ManifestSource(Builder b) {
    this.s3 = Objects.requireNonNull(b.s3, "client must be set");
    this.location = Objects.requireNonNull(b.location, "location must be set");
    this.uri = location.withoutVersionId().toString();
    this.expectedBucketOwner = b.expectedBucketOwner;
    String prefix = b.blobPrefix != null ? b.blobPrefix : S3Keys.folderOf(location.key());
    this.contentStore =
        S3ContentStore.builder().client(s3).bucket(location.bucket()).prefix(prefix)
            .expectedBucketOwner(expectedBucketOwner).build();
    this.label = b.label;
    if (label != null && location.isPinned()) {
      throw new IllegalArgumentException("a source follows a label or a versionId, not both: " + location + "@" + label);
    }
    this.labels = label == null ? null
        : ManifestLabels.builder().client(s3).manifest(location).expectedBucketOwner(expectedBucketOwner).build();
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a source for {@code uri} ({@code s3://bucket/key[?versionId=..]}, or
   * {@code s3://bucket/key@label}) read through {@code client}.
   */
  public static S3ManifestSource of(S3Client client, String uri) {
    return builder().client(client).location(uri).build();
  }

  /**
   * Sets the client that sources created by {@code ManifestSources.of("s3://..")} use from now
   * on; {@code null} restores the default (a client with API call timeouts, built on first use).
   * The caller keeps ownership of the client and should give it API call timeouts (see above).
   */
  public static void setDefaultClient(@Nullable S3Client client) {
    DefaultS3Client.set(client);
  }

  /** Returns {@code s3://bucket/key}, without the version id. */
  @Override
  public String uri() {
    return uri;
  }

  /** Returns the location this source reads, with the version id when pinned. */
  public S3Location location() {
    return location;
  }

  /** Returns the label this source follows, or null. */
  public @Nullable String label() {
    return label;
  }

  /**
   * Fetches the pinned version, or the current version when not pinned.
   *
   * @throws ManifestSourceException if the object or version does not exist ({@code notFound()})
   *     or S3 cannot be reached or refuses the read
   * @throws ManifestIntegrityException if the body does not match its stored checksum or is too large
   */
  @Override
  public FetchedManifest fetch() {
    if (labels != null) {
      return pinned(labels.resolve(Objects.requireNonNull(label)));
    }
    if (location.isPinned()) {
      return pinned(location);
    }
    FetchedManifest fetched = get(location, null);
    return Objects.requireNonNull(fetched);
  }

  private FetchedManifest pinned(S3Location version) {
    // An S3 object version never changes: one read per (bucket, key, versionId) in this JVM.
    return PINNED.get(version + "\n" + expectedBucketOwner, k -> Objects.requireNonNull(get(version, null)));
  }

  /**
   * Returns {@code null} without transferring a body when the object is unchanged since
   * {@code current}; a pinned source never changes.
   */
  @Override
  public @Nullable FetchedManifest fetchIfChanged(SourceRef current) {
    if (labels != null) {
      // A label move is a new version: resolve the label on every poll, read the manifest only when it moved.
      S3Location version = labels.resolve(Objects.requireNonNull(label));
      return uri.equals(current.uri()) && Objects.equals(version.versionId(), current.versionId()) ? null : pinned(version);
    }
    if (location.isPinned() && uri.equals(current.uri())
        && Objects.equals(location.versionId(), current.versionId())) {
      return null;
    }
    FetchedManifest fetched = get(location, uri.equals(current.uri()) ? current.etag() : null);
    if (fetched == null || fetched.source().sameVersionAs(current)) {
      return null;
    }
    return fetched;
  }

  private @Nullable FetchedManifest get(S3Location location, @Nullable String ifNoneMatch) {
    GetObjectRequest request =
        GetObjectRequest.builder()
            .bucket(location.bucket())
            .key(location.key())
            .versionId(location.versionId())
            .checksumMode(ChecksumMode.ENABLED)
            .expectedBucketOwner(expectedBucketOwner)
            .ifNoneMatch(location.isPinned() ? null : ifNoneMatch)
            .build();
    BoundedBodies.Body response;
    try {
      response = BoundedBodies.get(s3, request, MAX_MANIFEST_BYTES, "manifest", location);
    } catch (SdkException e) {
      if (S3Errors.isNotModified(e)) {
        return null;
      }
      if (S3Errors.isChecksumMismatch(e)) {
        throw new ManifestIntegrityException(
            "manifest " + location + " failed S3 checksum validation: " + e.getMessage(), e);
      }
      throw S3Errors.translate("GetObject", location, e);
    }
    GetObjectResponse r = response.response();
    byte[] bytes = response.bytes();
    String versionId = r.versionId() == null || "null".equals(r.versionId()) ? null : r.versionId();
    SourceRef ref = new SourceRef(uri, versionId, r.eTag());
    return FetchedManifest.of(bytes, ref, r.metadata().get(MetadataNames.SIGNATURE));
  }

  /** Returns the store of blobs published beside the manifest. */
  @Override
  public ContentStore contentStore() {
    return contentStore;
  }

  @Override
  public String toString() {
    return "S3ManifestSource{" + location + (label != null ? "@" + label : "") + "}";
  }

  /** A builder of {@link S3ManifestSource}; not thread-safe. */
  public static final class Builder {
    private @Nullable S3Client s3;
    private @Nullable S3Location location;
    private @Nullable String expectedBucketOwner;
    private @Nullable String blobPrefix;
    private @Nullable String label;

    private Builder() {}

    /** Sets the client; the source never closes it. */
    public Builder client(S3Client client) {
      this.s3 = Objects.requireNonNull(client, "client");
      return this;
    }

    /** Sets the manifest object, pinned to a version or not. */
    public Builder location(S3Location location) {
      this.location = Objects.requireNonNull(location, "location");
      return this;
    }

    /**
     * Sets the manifest object as {@code s3://bucket/key[?versionId=..]}, or the label it follows
     * as {@code s3://bucket/key@label}.
     */
    public Builder location(String uri) {
      String named = ManifestLabels.labelOf(uri);
      if (named != null) {
        this.label = named;
      }
      return location(S3Location.parse(named == null ? uri : ManifestLabels.withoutLabel(uri)));
    }

    /** Follows the named environment {@code label} of the manifest key instead of its current version. */
    public Builder label(@Nullable String label) {
      this.label = label == null ? null : ManifestLabels.checkLabel(label);
      return this;
    }

    /** Sends {@code x-amz-expected-bucket-owner}: S3 refuses the read if another account owns the bucket. */
    public Builder expectedBucketOwner(@Nullable String accountId) {
      this.expectedBucketOwner = S3Errors.checkAccountId(accountId);
      return this;
    }

    /** Sets the prefix of {@code blobs/sha256/} in the same bucket; the manifest's folder by default. */
    public Builder blobPrefix(String prefix) {
      this.blobPrefix = Objects.requireNonNull(prefix, "prefix");
      return this;
    }

    /** Returns the source. */
    public S3ManifestSource build() {
      return new S3ManifestSource(this);
    }
  }
}
