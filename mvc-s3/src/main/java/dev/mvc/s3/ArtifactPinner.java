package dev.mvc.s3;

import dev.mvc.ManifestIntegrityException;
import dev.mvc.ManifestSourceException;
import dev.mvc.s3.internal.Checksums;
import dev.mvc.s3.internal.PrefixListing;
import dev.mvc.s3.internal.S3Errors;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * A pinner of model artifacts that are already in S3, uploaded by other tools (such as boto3's
 * {@code upload_file}, which stores no SHA-256 of the whole object): it streams the object
 * version once, computes its SHA-256 and returns a {@link PinnedArtifact} ready to be recorded
 * in a manifest. Nothing is written to the bucket, except the SHA-256 tags {@link #pinPrefix} records when asked.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class ArtifactPinner {
  private final S3Client s3;
  private final @Nullable String expectedBucketOwner;

  private ArtifactPinner(Builder b) {
    this.s3 = Objects.requireNonNull(b.s3, "client must be set");
    this.expectedBucketOwner = b.expectedBucketOwner;
  }

  /** Returns a pinner using {@code client}. */
  public static ArtifactPinner create(S3Client client) {
    return builder().client(client).build();
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Pins {@code location}: the version it names, or the current version when it names none.
   *
   * @throws ManifestSourceException if the object or version does not exist ({@code notFound()})
   *     or S3 cannot be reached
   * @throws S3StoreException if the bucket does not version objects, so that no version can be pinned
   * @throws ManifestIntegrityException if fewer or more bytes arrive than S3 announced, or the
   *     body does not match the checksum S3 stores
   */
  public PinnedArtifact pin(S3Location location) {
    MessageDigest sha = Checksums.sha256();
    long size = 0;
    GetObjectResponse response;
    try (ResponseInputStream<GetObjectResponse> in = s3.getObject(
        b -> b.bucket(location.bucket()).key(location.key()).versionId(location.versionId())
            .checksumMode(ChecksumMode.ENABLED).expectedBucketOwner(expectedBucketOwner))) {
      response = in.response();
      size = digest(in, sha);
    } catch (SdkException e) {
      if (S3Errors.isChecksumMismatch(e)) {
        throw new ManifestIntegrityException(
            "artifact " + location + " does not match the checksum S3 stores for it: " + e.getMessage(), e);
      }
      throw S3Errors.translate("GetObject", location, e);
    } catch (IOException e) {
      throw new ManifestSourceException("GetObject " + location + " failed while reading: " + e.getMessage(), false, e);
    }
    String versionId = location.versionId() != null ? location.versionId() : response.versionId();
    if (versionId == null || versionId.isEmpty() || versionId.equals("null")) {
      throw new S3StoreException(location.bucket(),
          "bucket " + location.bucket() + " does not version objects, so " + location
              + " cannot be pinned: enable S3 object versioning on the bucket and upload the artifact again", null);
    }
    if (response.contentLength() != null && response.contentLength() != size) {
      throw new ManifestIntegrityException("artifact " + location + " announced " + response.contentLength()
          + " bytes but " + size + " arrived");
    }
    Map<String, String> metadata = new TreeMap<>(response.metadata());
    ArtifactReference reference =
        new ArtifactReference(location.withVersionId(versionId), Checksums.hex(sha.digest()), size);
    return new PinnedArtifact(reference, new LinkedHashMap<>(metadata), ArtifactMetadata.toProvenance(metadata));
  }

  /**
   * Pins the objects under {@code prefix} (a model directory, as Bedrock Custom Model Import reads
   * it): streams each current object once, computes its SHA-256, and returns them with the SHA-256
   * of their listing ({@link dev.mvc.spi.ArtifactDigests} says what it hashes), the value of
   * {@code model.bedrock.importedModel.sha256}. With {@code record}, the SHA-256 of each object is
   * written to its tag {@value ArtifactUploader#SHA256_TAG}, so that the load-time check
   * ({@link S3ArtifactDigests}) can compare it without downloading; otherwise nothing is written.
   *
   * @throws ManifestSourceException if S3 cannot be reached, or no object is under the prefix ({@code notFound()})
   * @throws ManifestIntegrityException if an object does not match the checksum S3 stores for it
   */
  public PinnedPrefix pinPrefix(S3Location prefix, boolean record) {
    String key = prefix.key().endsWith("/") ? prefix.key() : prefix.key() + "/";
    String where = "s3://" + prefix.bucket() + "/" + key;
    PrefixListing listing = new PrefixListing();
    java.util.Map<String, String> objects = new LinkedHashMap<>();
    long total = 0;
    java.util.List<software.amazon.awssdk.services.s3.model.S3Object> listed;
    try {
      listed = s3.listObjectsV2Paginator(b -> b.bucket(prefix.bucket()).prefix(key)
          .expectedBucketOwner(expectedBucketOwner)).contents().stream()
          .filter(o -> !(o.key().endsWith("/") && o.size() != null && o.size() == 0)).toList();
    } catch (SdkException e) {
      throw S3Errors.translate("ListObjectsV2", where, e);
    }
    if (listed.isEmpty()) {
      throw new ManifestSourceException("no object under " + where, true, null);
    }
    for (software.amazon.awssdk.services.s3.model.S3Object o : listed) {
      S3Location object = S3Location.of(prefix.bucket(), o.key());
      MessageDigest sha = Checksums.sha256();
      String versionId;
      try (ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(object.bucket()).key(object.key())
          .checksumMode(ChecksumMode.ENABLED).expectedBucketOwner(expectedBucketOwner))) {
        versionId = in.response().versionId();
        total += digest(in, sha);
      } catch (SdkException e) {
        if (S3Errors.isChecksumMismatch(e)) {
          throw new ManifestIntegrityException(
              "artifact " + object + " does not match the checksum S3 stores for it: " + e.getMessage(), e);
        }
        throw S3Errors.translate("GetObject", object, e);
      } catch (IOException e) {
        throw new ManifestSourceException("GetObject " + object + " failed while reading: " + e.getMessage(), false, e);
      }
      String hex = Checksums.hex(sha.digest());
      listing.add(o.key().substring(key.length()), hex);
      objects.put(o.key().substring(key.length()), hex);
      if (record) {
        String version = versionId == null || versionId.equals("null") ? null : versionId;
        try {
          s3.putObjectTagging(b -> b.bucket(object.bucket()).key(object.key()).versionId(version)
              .expectedBucketOwner(expectedBucketOwner)
              .tagging(t -> t.tagSet(Tag.builder().key(ArtifactUploader.SHA256_TAG).value(hex).build())));
        } catch (SdkException e) {
          throw S3Errors.translateWrite("PutObjectTagging", object, e);
        }
      }
    }
    return new PinnedPrefix(where, listing.sha256(), objects, total);
  }

  private static long digest(InputStream in, MessageDigest sha) throws IOException {
    byte[] buffer = new byte[1 << 20];
    long total = 0;
    int n;
    while ((n = in.read(buffer)) > 0) {
      sha.update(buffer, 0, n);
      total += n;
    }
    return total;
  }

  /** A builder of {@link ArtifactPinner}; not thread-safe. */
  public static final class Builder {
    private @Nullable S3Client s3;
    private @Nullable String expectedBucketOwner;

    private Builder() {}

    /** Sets the client; the pinner never closes it. */
    public Builder client(S3Client client) {
      this.s3 = Objects.requireNonNull(client, "client");
      return this;
    }

    /** Sends {@code x-amz-expected-bucket-owner} with every request. */
    public Builder expectedBucketOwner(@Nullable String accountId) {
      this.expectedBucketOwner = S3Errors.checkAccountId(accountId);
      return this;
    }

    /** Returns the pinner. */
    public ArtifactPinner build() {
      return new ArtifactPinner(this);
    }
  }
}
