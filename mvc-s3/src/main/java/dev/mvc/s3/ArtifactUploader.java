package dev.mvc.s3;

import dev.mvc.ManifestIntegrityException;
import dev.mvc.ManifestSourceException;
import dev.mvc.s3.internal.Checksums;
import dev.mvc.s3.internal.S3Errors;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.ChecksumType;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * An uploader of model artifacts to S3 that computes the SHA-256 of the whole file while it
 * streams it, so the returned {@link ArtifactReference} is ready to be pinned in a manifest.
 *
 * <p>Files up to the {@linkplain Builder#multipartThreshold(long) multipart threshold} go up
 * in one PUT carrying their SHA-256, which S3 verifies. Larger files go up in parts read one
 * at a time (memory use is one part, whatever the file size), each part carrying its own
 * SHA-256 that S3 verifies; the SHA-256 of the whole file is recorded in the object tag
 * {@value #SHA256_TAG} of the new version, since S3 keeps only a checksum of the part checksums
 * for multipart objects. {@link #verify(ArtifactReference)} checks a reference against the
 * store without downloading the object.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class ArtifactUploader {

  /** The metadata name and object tag that hold the hex SHA-256 of the whole object: {@value}. */
  public static final String SHA256_TAG = "mvc-sha256";

  private static final long MIN_PART_SIZE = 5L * 1024 * 1024;
  private static final int MAX_PARTS = 10_000;

  private final S3Client s3;
  private final long partSize;
  private final long multipartThreshold;
  private final @Nullable String expectedBucketOwner;

  private ArtifactUploader(Builder b) {
    this.s3 = Objects.requireNonNull(b.s3, "client must be set");
    this.partSize = b.partSize;
    this.multipartThreshold = b.multipartThreshold < 0 ? b.partSize : b.multipartThreshold;
    this.expectedBucketOwner = b.expectedBucketOwner;
  }

  /** Returns an uploader with default settings (16 MiB parts) using {@code client}. */
  public static ArtifactUploader create(S3Client client) {
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
   *     version objects; a started multipart upload is aborted
   * @throws UncheckedIOException if the file cannot be read, or is a directory or special file
   *     (a FIFO would block the upload)
   */
  public ArtifactReference upload(ArtifactUpload upload) {
    long size;
    try {
      java.nio.file.attribute.BasicFileAttributes attrs =
          Files.readAttributes(upload.file(), java.nio.file.attribute.BasicFileAttributes.class);
      if (!attrs.isRegularFile()) {
        throw new java.nio.file.FileSystemException(upload.file().toString(), null,
            attrs.isDirectory() ? "is a directory" : "is not a regular file");
      }
      size = attrs.size();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read artifact file " + upload.file(), e);
    }
    ArtifactReference reference =
        size <= multipartThreshold ? uploadSingle(upload, size) : uploadMultipart(upload, size);
    tagSha256(reference);
    return reference;
  }

  private ArtifactReference uploadSingle(ArtifactUpload upload, long size) {
    // First pass: the digest, so that the PUT can carry it and S3 can verify what it stores.
    MessageDigest sha = Checksums.sha256();
    long read = 0;
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(upload.file())) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        sha.update(buffer, 0, n);
        read += n;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read artifact file " + upload.file(), e);
    }
    if (read != size) {
      throw new UncheckedIOException(
          new IOException("artifact file " + upload.file() + " changed while it was read"));
    }
    byte[] digest = sha.digest();
    String hex = Checksums.hex(digest);
    Map<String, String> metadata = new HashMap<>(upload.metadata());
    metadata.put(SHA256_TAG, hex);
    S3Location target = upload.target();
    PutObjectRequest.Builder put =
        PutObjectRequest.builder()
            .bucket(target.bucket())
            .key(target.key())
            .contentType(upload.contentType())
            .contentLength(size)
            .metadata(metadata)
            .checksumSHA256(Base64.getEncoder().encodeToString(digest))
            .expectedBucketOwner(expectedBucketOwner);
    if (upload.kmsKeyId() != null) {
      put.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(upload.kmsKeyId());
    }
    try {
      String versionId = s3.putObject(put.build(), RequestBody.fromFile(upload.file())).versionId();
      return new ArtifactReference(target.withVersionId(requireVersion(versionId, target)), hex, size);
    } catch (SdkException e) {
      throw S3Errors.translateWrite("PutObject", target, e);
    }
  }

  private ArtifactReference uploadMultipart(ArtifactUpload upload, long size) {
    S3Location target = upload.target();
    // S3 allows at most 10,000 parts; grow the part size for very large files.
    long effectivePartSize = Math.max(partSize, (size + MAX_PARTS - 1) / MAX_PARTS);
    if (effectivePartSize > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("artifact " + upload.file() + " is too large: " + size + " bytes");
    }
    CreateMultipartUploadRequest.Builder create =
        CreateMultipartUploadRequest.builder()
            .bucket(target.bucket())
            .key(target.key())
            .contentType(upload.contentType())
            .metadata(upload.metadata())
            .checksumAlgorithm(ChecksumAlgorithm.SHA256)
            .expectedBucketOwner(expectedBucketOwner);
    if (upload.kmsKeyId() != null) {
      create.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(upload.kmsKeyId());
    }
    String uploadId;
    try {
      uploadId = s3.createMultipartUpload(create.build()).uploadId();
    } catch (SdkException e) {
      throw S3Errors.translateWrite("CreateMultipartUpload", target, e);
    }
    boolean completed = false;
    try {
      MessageDigest whole = Checksums.sha256();
      List<CompletedPart> parts = new ArrayList<>();
      byte[] buffer = new byte[(int) effectivePartSize];
      long total = 0;
      try (InputStream in = Files.newInputStream(upload.file())) {
        int partNumber = 1;
        while (true) {
          int n = in.readNBytes(buffer, 0, buffer.length);
          if (n == 0) {
            break;
          }
          whole.update(buffer, 0, n);
          MessageDigest part = Checksums.sha256();
          part.update(buffer, 0, n);
          String partChecksum = Base64.getEncoder().encodeToString(part.digest());
          int number = partNumber++;
          String etag =
              s3.uploadPart(
                      b -> b.bucket(target.bucket()).key(target.key()).uploadId(uploadId)
                          .partNumber(number).contentLength((long) n)
                          .checksumSHA256(partChecksum)
                          .expectedBucketOwner(expectedBucketOwner),
                      RequestBody.fromInputStream(new ByteArrayInputStream(buffer, 0, n), n))
                  .eTag();
          parts.add(CompletedPart.builder().partNumber(number).eTag(etag).checksumSHA256(partChecksum).build());
          total += n;
          if (n < buffer.length) {
            break;
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read artifact file " + upload.file(), e);
      }
      if (total != size) {
        throw new UncheckedIOException(
            new IOException("artifact file " + upload.file() + " changed while it was uploaded"));
      }
      String versionId =
          s3.completeMultipartUpload(
                  b -> b.bucket(target.bucket()).key(target.key()).uploadId(uploadId)
                      .multipartUpload(m -> m.parts(parts))
                      .expectedBucketOwner(expectedBucketOwner))
              .versionId();
      completed = true;
      return new ArtifactReference(
          target.withVersionId(requireVersion(versionId, target)), Checksums.hex(whole.digest()), total);
    } catch (SdkException e) {
      throw S3Errors.translateWrite("multipart upload to", target, e);
    } finally {
      if (!completed) {
        abortQuietly(target, uploadId);
      }
    }
  }

  private void abortQuietly(S3Location target, String uploadId) {
    try {
      s3.abortMultipartUpload(
          b -> b.bucket(target.bucket()).key(target.key()).uploadId(uploadId)
              .expectedBucketOwner(expectedBucketOwner));
    } catch (SdkException e) {
      // The upload failed already; a leftover incomplete upload is removed by lifecycle rules.
    }
  }

  private void tagSha256(ArtifactReference reference) {
    S3Location location = reference.location();
    try {
      s3.putObjectTagging(
          b -> b.bucket(location.bucket()).key(location.key()).versionId(location.versionId())
              .expectedBucketOwner(expectedBucketOwner)
              .tagging(t -> t.tagSet(Tag.builder().key(SHA256_TAG).value(reference.sha256()).build())));
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
          s3.headObject(
              b -> b.bucket(location.bucket()).key(location.key()).versionId(location.versionId())
                  .checksumMode(ChecksumMode.ENABLED).expectedBucketOwner(expectedBucketOwner));
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
            s3.getObjectTagging(
                    b -> b.bucket(location.bucket()).key(location.key()).versionId(location.versionId())
                        .expectedBucketOwner(expectedBucketOwner))
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
    private @Nullable S3Client s3;
    private long partSize = 16L * 1024 * 1024;
    private long multipartThreshold = -1;
    private @Nullable String expectedBucketOwner;

    private Builder() {}

    /** Sets the client; the uploader never closes it. */
    public Builder client(S3Client client) {
      this.s3 = Objects.requireNonNull(client, "client");
      return this;
    }

    /** Sets the part size for multipart uploads; at least 5 MiB, 16 MiB by default. */
    public Builder partSize(long bytes) {
      if (bytes < MIN_PART_SIZE) {
        throw new IllegalArgumentException("partSize must be >= 5 MiB (5242880), was " + bytes);
      }
      this.partSize = bytes;
      return this;
    }

    /**
     * Sets the size above which files go up in parts; the part size by default. Smaller files
     * are read twice (digest, then upload); neither pass holds the file in memory.
     */
    public Builder multipartThreshold(long bytes) {
      if (bytes < 0 || bytes > 5L * 1024 * 1024 * 1024) {
        throw new IllegalArgumentException("multipartThreshold must be in [0, 5 GiB], was " + bytes);
      }
      this.multipartThreshold = bytes;
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
