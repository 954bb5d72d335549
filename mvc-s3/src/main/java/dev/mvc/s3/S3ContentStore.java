package dev.mvc.s3;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.mvc.ManifestIntegrityException;
import dev.mvc.ManifestLoader;
import dev.mvc.ManifestSourceException;
import dev.mvc.s3.internal.BoundedBodies;
import dev.mvc.s3.internal.Checksums;
import dev.mvc.s3.internal.S3Errors;
import dev.mvc.s3.internal.S3Keys;
import dev.mvc.spi.ContentStore;
import java.util.Base64;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * A {@link ContentStore} of prompt blobs in S3 under {@code <prefix>blobs/sha256/<hex>}.
 *
 * <p>Reads use checksum mode and every blob is re-hashed before it is returned, so a blob whose
 * bytes do not match its name is rejected with a {@link ManifestIntegrityException}. Verified
 * blobs are cached in memory by SHA-256; a blob is immutable, so the cache is never stale.
 * Instances are thread-safe.
 */
public final class S3ContentStore implements ContentStore {
  private final S3Client s3;
  private final String bucket;
  private final String prefix;
  private final @Nullable String expectedBucketOwner;
  private final Cache<String, byte[]> cache;

  private S3ContentStore(Builder b) {
    this.s3 = Objects.requireNonNull(b.s3, "client must be set");
    this.bucket = Objects.requireNonNull(b.bucket, "bucket must be set");
    this.prefix = b.prefix;
    this.expectedBucketOwner = b.expectedBucketOwner;
    this.cache = Caffeine.newBuilder()
        .maximumWeight(b.cacheMaximumBytes)
        .<String, byte[]>weigher((k, v) -> v.length + 64)
        .build();
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a store for blobs under {@code s3://bucket/prefix/blobs/sha256/}. */
  public static S3ContentStore of(S3Client client, String bucket, String prefix) {
    return builder().client(client).bucket(bucket).prefix(prefix).build();
  }

  /** Returns the bucket. */
  public String bucket() {
    return bucket;
  }

  /** Returns the prefix blobs live under, empty or ending in {@code /}. */
  public String prefix() {
    return prefix;
  }

  /** Returns the location of the blob with this SHA-256. */
  public S3Location locationOf(String sha256) {
    return S3Location.of(bucket, S3Keys.blobKey(prefix, checkSha(sha256)));
  }

  /**
   * Returns the verified bytes of the blob, or {@code null} when no such blob exists.
   *
   * @throws ManifestIntegrityException if the stored bytes do not hash to {@code sha256}
   * @throws ManifestSourceException if S3 cannot be reached or refuses the read
   */
  @Override
  public byte @Nullable [] fetch(String sha256) {
    checkSha(sha256);
    byte[] cached = cache.getIfPresent(sha256);
    if (cached != null) {
      return cached;
    }
    S3Location location = locationOf(sha256);
    byte[] bytes;
    try {
      bytes = BoundedBodies.get(s3, GetObjectRequest.builder().bucket(bucket).key(location.key())
              .checksumMode(ChecksumMode.ENABLED).expectedBucketOwner(expectedBucketOwner).build(),
          ManifestLoader.MAX_BLOB_BYTES, "blob", location).bytes();
    } catch (SdkException e) {
      ManifestSourceException translated = S3Errors.translate("GetObject", location, e);
      if (translated.notFound()) {
        return null;
      }
      if (S3Errors.isChecksumMismatch(e)) {
        throw new ManifestIntegrityException(
            "blob " + location + " failed S3 checksum validation: " + e.getMessage(), e);
      }
      throw translated;
    }
    String actual = Checksums.sha256Hex(bytes);
    if (!actual.equals(sha256)) {
      throw new ManifestIntegrityException(
          "blob " + location + " has sha256 " + actual + ", not the " + sha256 + " it is stored under");
    }
    cache.put(sha256, bytes);
    return bytes;
  }

  /**
   * Stores {@code bytes} under their SHA-256 unless a blob with that SHA-256 and those bytes
   * exists already, and returns the hex SHA-256. A stored blob whose content does not match its
   * name (corrupted, truncated, overwritten) is replaced.
   *
   * @param kmsKeyId a KMS key id for SSE-KMS, or {@code null} for the bucket default
   * @throws S3StoreException if S3 refuses the write or cannot be reached
   */
  public String put(byte[] bytes, @Nullable String kmsKeyId) {
    String hex = Checksums.sha256Hex(bytes);
    store(bytes, kmsKeyId);
    return hex;
  }

  /** What {@link #store} found and did. */
  enum Stored {
    /** A blob with the same bytes was stored already; nothing was written. */
    PRESENT,
    /** No blob of that name was stored; it was uploaded. */
    UPLOADED,
    /** A blob of that name was stored with other bytes; the right bytes were uploaded over it. */
    REPAIRED
  }

  /** Stores {@code bytes} as {@link #put} does, saying whether it found, uploaded or repaired the blob. */
  Stored store(byte[] bytes, @Nullable String kmsKeyId) {
    byte[] digest = Checksums.sha256().digest(bytes);
    String hex = Checksums.hex(digest);
    S3Location location = locationOf(hex);
    Stored outcome = Stored.UPLOADED;
    HeadObjectResponse head = head(location);
    if (head != null) {
      if (holds(location, head, hex)) {
        return Stored.PRESENT;
      }
      outcome = Stored.REPAIRED;
      cache.invalidate(hex);
    }
    PutObjectRequest.Builder put =
        PutObjectRequest.builder()
            .bucket(bucket)
            .key(location.key())
            .contentType("text/plain; charset=utf-8")
            .checksumSHA256(Base64.getEncoder().encodeToString(digest))
            .expectedBucketOwner(expectedBucketOwner);
    if (kmsKeyId != null) {
      put.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(kmsKeyId);
    }
    try {
      s3.putObject(put.build(), RequestBody.fromBytes(bytes));
    } catch (SdkException e) {
      throw S3Errors.translateWrite("PutObject", location, e);
    }
    return outcome;
  }

  /**
   * Returns whether the stored blob hashes to {@code hex}: by the full-object SHA-256 checksum S3
   * keeps when it was uploaded with one (S3 verified it against the body), else by reading the
   * blob (at most {@link ManifestLoader#MAX_BLOB_BYTES}) and hashing it.
   */
  private boolean holds(S3Location location, HeadObjectResponse head, String hex) {
    String checksum = head.checksumSHA256();
    if (checksum != null && !checksum.contains("-")) {
      return checksum.equals(Checksums.hexToBase64(hex));
    }
    try {
      byte[] stored = BoundedBodies.get(s3, GetObjectRequest.builder().bucket(bucket).key(location.key())
          .expectedBucketOwner(expectedBucketOwner).build(), ManifestLoader.MAX_BLOB_BYTES, "blob", location).bytes();
      return Checksums.sha256Hex(stored).equals(hex);
    } catch (ManifestIntegrityException e) {
      return false;
    } catch (SdkException e) {
      throw S3Errors.translateWrite("GetObject", location, e);
    }
  }

  private @Nullable HeadObjectResponse head(S3Location location) {
    try {
      return s3.headObject(b -> b.bucket(bucket).key(location.key()).checksumMode(ChecksumMode.ENABLED)
          .expectedBucketOwner(expectedBucketOwner));
    } catch (SdkException e) {
      if (S3Errors.translate("HeadObject", location, e).notFound()) {
        return null;
      }
      throw S3Errors.translateWrite("HeadObject", location, e);
    }
  }

  /** Returns {@code s3://bucket/prefix/blobs/sha256/}. */
  @Override
  public String describe() {
    return "s3://" + bucket + "/" + S3Keys.blobKey(prefix, "");
  }

  @Override
  public String toString() {
    return "S3ContentStore{" + describe() + "}";
  }

  private static String checkSha(String sha256) {
    Objects.requireNonNull(sha256, "sha256");
    if (!Checksums.isSha256Hex(sha256)) {
      throw new IllegalArgumentException("sha256 must be 64 lowercase hex digits, was " + sha256);
    }
    return sha256;
  }

  /** A builder of {@link S3ContentStore}; not thread-safe. */
  public static final class Builder {
    private @Nullable S3Client s3;
    private @Nullable String bucket;
    private String prefix = "";
    private @Nullable String expectedBucketOwner;
    private long cacheMaximumBytes = 64L * 1024 * 1024;

    private Builder() {}

    /** Sets the client; the store never closes it. */
    public Builder client(S3Client client) {
      this.s3 = Objects.requireNonNull(client, "client");
      return this;
    }

    /** Sets the bucket. */
    public Builder bucket(String bucket) {
      this.bucket = S3Location.of(bucket, "x").bucket();
      return this;
    }

    /** Sets the prefix under which {@code blobs/sha256/} lives; the bucket root by default. */
    public Builder prefix(String prefix) {
      this.prefix = S3Keys.normalizePrefix(Objects.requireNonNull(prefix, "prefix"));
      return this;
    }

    /** Sends {@code x-amz-expected-bucket-owner} with every request. */
    public Builder expectedBucketOwner(@Nullable String accountId) {
      this.expectedBucketOwner = S3Errors.checkAccountId(accountId);
      return this;
    }

    /** Sets how many bytes of verified blobs the in-memory cache keeps; 64 MiB by default. */
    public Builder cacheMaximumBytes(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("cacheMaximumBytes must be >= 0, was " + bytes);
      }
      this.cacheMaximumBytes = bytes;
      return this;
    }

    /** Returns the store. */
    public S3ContentStore build() {
      return new S3ContentStore(this);
    }
  }
}
