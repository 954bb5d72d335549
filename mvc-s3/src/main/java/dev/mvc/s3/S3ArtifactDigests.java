package dev.mvc.s3;

import dev.mvc.ManifestIntegrityException;
import dev.mvc.ManifestSourceException;
import dev.mvc.s3.internal.Checksums;
import dev.mvc.s3.internal.PrefixListing;
import dev.mvc.s3.internal.S3Errors;
import dev.mvc.spi.ArtifactDigests;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.ChecksumType;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * An {@link ArtifactDigests} over S3 that reads the SHA-256 each object already carries, without
 * downloading it: the metadata or object tag {@value ArtifactUploader#SHA256_TAG} (written by
 * {@link ArtifactUploader} and by {@code mvc artifact pin --record}), else the full-object
 * {@code SHA256} checksum S3 stores when the object was uploaded with one. An object with none of
 * them cannot be checked and is refused, naming its key. A URI ending in {@code /} is a prefix,
 * hashed as the listing {@link ArtifactDigests} describes; a URI naming no object is read as the
 * prefix {@code uri + "/"}.
 *
 * <pre>{@code
 * BedrockBackend bedrock = BedrockBackend.builder()
 *     .artifactDigests(S3ArtifactDigests.create(s3))     // imported model data pinned by sha256
 *     .build();
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class S3ArtifactDigests implements ArtifactDigests {
  private final S3Client s3;

  private S3ArtifactDigests(S3Client s3) {
    this.s3 = s3;
  }

  /** Returns a reader using {@code client}, which it never closes. */
  public static S3ArtifactDigests create(S3Client client) {
    return new S3ArtifactDigests(Objects.requireNonNull(client, "client"));
  }

  /**
   * Returns the SHA-256 of the object or prefix at {@code uri}.
   *
   * @throws ManifestSourceException if S3 cannot be reached, or nothing exists at {@code uri}
   *     ({@code notFound()})
   * @throws ManifestIntegrityException if an object carries no SHA-256
   */
  @Override
  public String sha256(String uri) {
    S3Location location = S3Location.parse(uri);
    if (!location.key().endsWith("/")) {
      HeadObjectResponse head = head(location);
      if (head != null) {
        return recorded(location, head);
      }
    }
    String prefix = location.key().endsWith("/") ? location.key() : location.key() + "/";
    PrefixListing listing = new PrefixListing();
    String where = "s3://" + location.bucket() + "/" + prefix;
    try {
      for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(location.bucket()).prefix(prefix)).contents()) {
        if (o.key().endsWith("/") && o.size() != null && o.size() == 0) {
          continue; // a folder marker of the S3 console
        }
        S3Location object = S3Location.of(location.bucket(), o.key());
        HeadObjectResponse head = head(object);
        if (head == null) {
          throw new ManifestSourceException("HeadObject " + object + " failed: the object listed under " + where
              + " is gone", true, null);
        }
        listing.add(o.key().substring(prefix.length()), recorded(object, head));
      }
    } catch (SdkException e) {
      throw S3Errors.translate("ListObjectsV2", where, e);
    }
    if (listing.size() == 0) {
      throw new ManifestSourceException("no object at " + uri + " and none under " + where, true, null);
    }
    return listing.sha256();
  }

  private @Nullable HeadObjectResponse head(S3Location location) {
    try {
      return s3.headObject(b -> b.bucket(location.bucket()).key(location.key()).checksumMode(ChecksumMode.ENABLED));
    } catch (SdkException e) {
      ManifestSourceException translated = S3Errors.translate("HeadObject", location, e);
      if (translated.notFound()) {
        return null;
      }
      throw translated;
    }
  }

  private String recorded(S3Location location, HeadObjectResponse head) {
    String sha = head.metadata().get(ArtifactUploader.SHA256_TAG);
    if (sha == null) {
      try {
        sha = s3.getObjectTagging(b -> b.bucket(location.bucket()).key(location.key()).versionId(head.versionId()))
            .tagSet().stream().filter(t -> t.key().equals(ArtifactUploader.SHA256_TAG)).map(Tag::value)
            .findFirst().orElse(null);
      } catch (SdkException e) {
        throw S3Errors.translate("GetObjectTagging", location, e);
      }
    }
    if (sha == null && head.checksumSHA256() != null && head.checksumType() == ChecksumType.FULL_OBJECT
        && !head.checksumSHA256().contains("-")) {
      sha = Checksums.base64ToHex(head.checksumSHA256());
    }
    if (sha == null) {
      throw new ManifestIntegrityException("artifact " + location + " carries no SHA-256 (metadata or tag "
          + ArtifactUploader.SHA256_TAG + ", or an S3 full-object SHA256 checksum): upload it with mvc artifact"
          + " upload or record it with mvc artifact pin --record");
    }
    if (!Checksums.isSha256Hex(sha)) {
      throw new ManifestIntegrityException("artifact " + location + " carries " + ArtifactUploader.SHA256_TAG
          + " '" + sha + "', not 64 lowercase hex digits");
    }
    return sha;
  }

  @Override
  public String toString() {
    return "S3ArtifactDigests";
  }
}
