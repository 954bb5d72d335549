package dev.mvc.s3;

import dev.mvc.ManifestIntegrityException;
import dev.mvc.ManifestSourceException;
import dev.mvc.s3.internal.Checksums;
import dev.mvc.s3.internal.S3Errors;
import dev.mvc.s3.internal.Sha256FileBody;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.ChecksumType;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * An uploader of model artifacts to S3 that computes the SHA-256 of the whole file while it
 * streams it, so the returned {@link ArtifactReference} is ready to be pinned in a manifest.
 *
 * <p>The file is read once, in order, and digested as it is read. It goes up through the given
 * {@link S3AsyncClient}: built with {@code multipartEnabled(true)}, the SDK's own multipart
 * support splits that one read into parts and sends several at a time (part size, threshold
 * and buffer are the client's {@code MultipartConfiguration}); files below its threshold go up
 * in one PUT. Each part (or the one PUT) carries a CRC32 that S3 verifies, so what S3 stores is
 * what was sent, and what was sent is what was digested. CRC32 rather than SHA-256 per part:
 * the pin is the whole-file SHA-256, which S3 cannot compute for a multipart object anyway, and
 * a second SHA-256 per part doubled the hashing on both ends. The SHA-256 of the whole file is
 * recorded in the object tag {@value #SHA256_TAG} of the new version. {@link #verify(ArtifactReference)} checks a reference against the store without
 * downloading the object.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class ArtifactUploader {

  /** The metadata name and object tag that hold the hex SHA-256 of the whole object: {@value}. */
  public static final String SHA256_TAG = "mvc-sha256";

  private final S3AsyncClient s3;
  private final @Nullable String expectedBucketOwner;

  private ArtifactUploader(Builder b) {
    this.s3 = Objects.requireNonNull(b.s3, "client must be set");
    this.expectedBucketOwner = b.expectedBucketOwner;
  }

  /**
   * Returns an uploader using {@code client}; build it with {@code multipartEnabled(true)} so
   * that large files go up in parallel parts.
   */
  public static ArtifactUploader create(S3AsyncClient client) {
    return builder().client(client).build();
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Uploads the file and returns its pinned reference.
   *
   * @throws S3StoreException if S3 refuses or cannot be reached, or the bucket does not
   *     version objects; a started multipart upload is aborted by the SDK
   * @throws UncheckedIOException if the file cannot be read, changes while it is read, or is a
   *     directory or special file (a FIFO would block the upload)
   */
  public ArtifactReference upload(ArtifactUpload upload) {
    long size;
    try {
      BasicFileAttributes attrs = Files.readAttributes(upload.file(), BasicFileAttributes.class);
      if (!attrs.isRegularFile()) {
        throw new FileSystemException(upload.file().toString(), null,
            attrs.isDirectory() ? "is a directory" : "is not a regular file");
      }
      size = attrs.size();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read artifact file " + upload.file(), e);
    }
    S3Location target = upload.target();
    PutObjectRequest.Builder put =
        PutObjectRequest.builder()
            .bucket(target.bucket())
            .key(target.key())
            .contentType(upload.contentType())
            .metadata(upload.metadata())
            .checksumAlgorithm(ChecksumAlgorithm.CRC32)
            .expectedBucketOwner(expectedBucketOwner);
    if (upload.kmsKeyId() != null) {
      put.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(upload.kmsKeyId());
    }
    Sha256FileBody body = new Sha256FileBody(upload.file());
    String versionId;
    try {
      versionId = join(s3.putObject(put.build(), body)).versionId();
    } catch (SdkException e) {
      Throwable readError = body.readError();
      if (readError != null) {
        throw new UncheckedIOException("cannot read artifact file " + upload.file() + ": " + readError.getMessage(),
            readError instanceof IOException ? (IOException) readError : new IOException(readError));
      }
      throw S3Errors.translateWrite("upload to", target, e);
    }
    byte[] digest = body.digest();
    if (digest == null || body.bytesRead() != size) {
      throw new UncheckedIOException(
          new IOException("artifact file " + upload.file() + " changed while it was uploaded: " + size
              + " bytes before, " + body.bytesRead() + " read"));
    }
    ArtifactReference reference =
        new ArtifactReference(target.withVersionId(requireVersion(versionId, target)), Checksums.hex(digest), size);
    tagSha256(reference);
    return reference;
  }

  /** Waits for {@code future}, rethrowing the failure it completed with. */
  private static <T> T join(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      throw SdkClientException.create(String.valueOf(cause), cause);
    }
  }

  private void tagSha256(ArtifactReference reference) {
    S3Location location = reference.location();
    try {
      join(s3.putObjectTagging(
          b -> b.bucket(location.bucket()).key(location.key()).versionId(location.versionId())
              .expectedBucketOwner(expectedBucketOwner)
              .tagging(t -> t.tagSet(Tag.builder().key(SHA256_TAG).value(reference.sha256()).build()))));
    } catch (SdkException e) {
      throw S3Errors.translateWrite("PutObjectTagging", location, e);
    }
  }

  /**
   * Checks that the referenced version exists, has the referenced size, and that the SHA-256
   * S3 holds for it equals the reference, without downloading the object.
   *
   * @return the reference
   * @throws ManifestSourceException if the version does not exist ({@code notFound()}) or S3
   *     cannot be reached
   * @throws ManifestIntegrityException if the size or SHA-256 differ, or no SHA-256 is stored
   */
  public ArtifactReference verify(ArtifactReference reference) {
    S3Location location = reference.location();
    HeadObjectResponse head;
    try {
      head =
          join(s3.headObject(
              b -> b.bucket(location.bucket()).key(location.key()).versionId(location.versionId())
                  .checksumMode(ChecksumMode.ENABLED).expectedBucketOwner(expectedBucketOwner)));
    } catch (SdkException e) {
      throw S3Errors.translate("HeadObject", location, e);
    }
    if (head.contentLength() == null || head.contentLength() != reference.size()) {
      throw new ManifestIntegrityException(
          "artifact " + location + " has " + head.contentLength() + " bytes, the reference says "
              + reference.size());
    }
    if (head.checksumSHA256() != null && head.checksumType() == ChecksumType.FULL_OBJECT
        && !head.checksumSHA256().contains("-")) {
      String stored = Checksums.base64ToHex(head.checksumSHA256());
      if (!stored.equals(reference.sha256())) {
        throw mismatch(location, stored, reference);
      }
    }
    String recorded = head.metadata().get(SHA256_TAG);
    if (recorded == null) {
      try {
        recorded =
            join(s3.getObjectTagging(
                    b -> b.bucket(location.bucket()).key(location.key()).versionId(location.versionId())
                        .expectedBucketOwner(expectedBucketOwner)))
                .tagSet().stream()
                .filter(t -> t.key().equals(SHA256_TAG))
                .map(Tag::value)
                .findFirst()
                .orElse(null);
      } catch (SdkException e) {
        throw S3Errors.translate("GetObjectTagging", location, e);
      }
    }
    if (recorded == null) {
      throw new ManifestIntegrityException(
          "artifact " + location + " carries no SHA-256 (metadata or tag " + SHA256_TAG + ")");
    }
    if (!recorded.equals(reference.sha256())) {
      throw mismatch(location, recorded, reference);
    }
    return reference;
  }

  private static ManifestIntegrityException mismatch(S3Location location, String stored, ArtifactReference ref) {
    return new ManifestIntegrityException(
        "artifact " + location + " has sha256 " + stored + ", the reference says " + ref.sha256());
  }

  private static String requireVersion(@Nullable String versionId, S3Location target) {
    if (versionId == null || versionId.isEmpty() || versionId.equals("null")) {
      throw new S3StoreException(target.bucket(),
          "bucket " + target.bucket() + " returned no versionId for " + target
              + ": enable S3 object versioning on the bucket so artifacts can be pinned", null);
    }
    return versionId;
  }

  /** A builder of {@link ArtifactUploader}; not thread-safe. */
  public static final class Builder {
    private @Nullable S3AsyncClient s3;
    private @Nullable String expectedBucketOwner;

    private Builder() {}

    /**
     * Sets the client; the uploader never closes it. Build it with {@code multipartEnabled(true)}
     * (and a {@code MultipartConfiguration} for part size and threshold) for parallel parts.
     */
    public Builder client(S3AsyncClient client) {
      this.s3 = Objects.requireNonNull(client, "client");
      return this;
    }

    /** Sends {@code x-amz-expected-bucket-owner} with every request. */
    public Builder expectedBucketOwner(@Nullable String accountId) {
      this.expectedBucketOwner = S3Errors.checkAccountId(accountId);
      return this;
    }

    /** Returns the uploader. */
    public ArtifactUploader build() {
      return new ArtifactUploader(this);
    }
  }
}
