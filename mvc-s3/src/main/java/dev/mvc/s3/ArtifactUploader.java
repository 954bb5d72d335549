package dev.mvc.s3;

import dev.mvc.ManifestIntegrityException;
import dev.mvc.ManifestSourceException;
import dev.mvc.s3.internal.Checksums;
import dev.mvc.s3.internal.S3Errors;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkClientException;
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
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * An uploader of model artifacts to S3 that computes the SHA-256 of the whole file while it
 * reads it, so the returned {@link ArtifactReference} is ready to be pinned in a manifest.
 *
 * <p>The file is read once, in order, and digested as it is read. A file of at most one part
 * ({@link Builder#partSize(long)}, 16 MiB by default) goes up in one PUT that carries its
 * SHA-256, which S3 verifies and stores. A larger file goes up as a multipart upload: the one
 * read fills part buffers, and up to {@link Builder#parallelParts(int)} parts (8 by default) are
 * sent at a time through the client's {@code UploadPart}, each with a CRC32 that S3 verifies;
 * memory use is about one part more than that. Parts are sent from memory, so the SDK can retry
 * one and can send it as a plain body: build the client with {@code
 * S3Configuration.chunkedEncodingEnabled(false)} so that it does (over plain HTTP the SDK signs
 * every chunk of a chunked body, which costs both ends more than signing the part once). If a
 * part fails, the file cannot be read or changes size while it is read, the multipart upload is
 * aborted and nothing is stored. The SHA-256 of the whole file is recorded in the object tag
 * {@value #SHA256_TAG} of the new version (and in its metadata when it went up in one PUT).
 * {@link #verify(ArtifactReference)} checks a reference against the store without downloading
 * the object.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class ArtifactUploader {

  /** The metadata name and object tag that hold the hex SHA-256 of the whole object: {@value}. */
  public static final String SHA256_TAG = "mvc-sha256";

  /** The default part size: 16 MiB. */
  public static final long DEFAULT_PART_SIZE = 16L << 20;

  /** The default number of parts sent at a time: 8. */
  public static final int DEFAULT_PARALLEL_PARTS = 8;

  private static final long MIN_PART_SIZE = 5L << 20;
  private static final long MAX_PART_SIZE = 1L << 30;
  private static final int MAX_PARTS = 10_000;
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final S3Client s3;
  private final @Nullable String expectedBucketOwner;
  private final long partSize;
  private final int parallelParts;

  private ArtifactUploader(Builder b) {
    this.s3 = Objects.requireNonNull(b.s3, "client must be set");
    this.expectedBucketOwner = b.expectedBucketOwner;
    this.partSize = b.partSize;
    this.parallelParts = b.parallelParts;
  }

  /** Returns an uploader using {@code client} with the default part size and parallelism. */
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
    ArtifactReference reference;
    try (InputStream in = Files.newInputStream(upload.file())) {
      reference = size <= partSize ? putWhole(upload, in, size) : putInParts(upload, in, size);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read artifact file " + upload.file() + ": " + e.getMessage(), e);
    }
    tagSha256(reference);
    return reference;
  }

  private ArtifactReference putWhole(ArtifactUpload upload, InputStream in, long size) throws IOException {
    byte[] bytes = in.readNBytes((int) size);
    requireUnchanged(upload, in, size, bytes.length);
    byte[] digest = Checksums.sha256().digest(bytes);
    String sha256 = Checksums.hex(digest);
    S3Location target = upload.target();
    PutObjectRequest.Builder put =
        PutObjectRequest.builder()
            .bucket(target.bucket())
            .key(target.key())
            .contentType(upload.contentType())
            .contentLength(size)
            .metadata(withSha256(upload, sha256))
            .checksumSHA256(java.util.Base64.getEncoder().encodeToString(digest))
            .expectedBucketOwner(expectedBucketOwner);
    if (upload.kmsKeyId() != null) {
      put.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(upload.kmsKeyId());
    }
    String versionId;
    try {
      versionId = s3.putObject(put.build(), body(bytes, bytes.length, upload.contentType())).versionId();
    } catch (SdkException e) {
      throw S3Errors.translateWrite("upload to", target, e);
    }
    return new ArtifactReference(target.withVersionId(requireVersion(versionId, target)), sha256, size);
  }

  private static java.util.Map<String, String> withSha256(ArtifactUpload upload, String sha256) {
    java.util.Map<String, String> metadata = new java.util.LinkedHashMap<>(upload.metadata());
    metadata.put(SHA256_TAG, sha256);
    return metadata;
  }

  private ArtifactReference putInParts(ArtifactUpload upload, InputStream in, long size) throws IOException {
    S3Location target = upload.target();
    // S3 allows 10,000 parts: a larger file gets larger parts, whole MiB.
    long perPart = Math.max(partSize, ((size + MAX_PARTS - 1) / MAX_PARTS + (1L << 20) - 1) >> 20 << 20);
    if (perPart > MAX_PART_SIZE) {
      throw new IllegalArgumentException("artifact file " + upload.file() + " has " + size
          + " bytes, more than 10,000 parts of 1 GiB");
    }
    CreateMultipartUploadRequest.Builder create =
        CreateMultipartUploadRequest.builder()
            .bucket(target.bucket())
            .key(target.key())
            .contentType(upload.contentType())
            .metadata(upload.metadata())
            .checksumAlgorithm(ChecksumAlgorithm.CRC32)
            .expectedBucketOwner(expectedBucketOwner);
    if (upload.kmsKeyId() != null) {
      create.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(upload.kmsKeyId());
    }
    String uploadId;
    try {
      uploadId = s3.createMultipartUpload(create.build()).uploadId();
    } catch (SdkException e) {
      throw S3Errors.translateWrite("CreateMultipartUpload for", target, e);
    }
    int threads = (int) Math.min(parallelParts, (size + perPart - 1) / perPart);
    BlockingQueue<byte[]> buffers = new ArrayBlockingQueue<>(threads + 1);
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "mvc-artifact-upload-" + THREADS.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    List<Future<CompletedPart>> parts = new ArrayList<>();
    boolean completed = false;
    try {
      MessageDigest sha = Checksums.sha256();
      long read = 0;
      int allocated = 0;
      for (int number = 1; read < size; number++) {
        byte[] buffer = buffers.poll();
        if (buffer == null) {
          if (allocated <= threads) {
            buffer = new byte[(int) perPart];
            allocated++;
          } else {
            buffer = buffers.take();
          }
        }
        failFast(parts);
        int n = in.readNBytes(buffer, 0, (int) Math.min(perPart, size - read));
        if (n == 0) {
          break;
        }
        sha.update(buffer, 0, n);
        read += n;
        parts.add(pool.submit(part(target, uploadId, number, buffer, n, buffers)));
      }
      requireUnchanged(upload, in, size, read);
      List<CompletedPart> done = new ArrayList<>(parts.size());
      for (Future<CompletedPart> part : parts) {
        done.add(part.get());
      }
      String versionId;
      try {
        versionId = s3.completeMultipartUpload(b -> b.bucket(target.bucket()).key(target.key()).uploadId(uploadId)
            .expectedBucketOwner(expectedBucketOwner).multipartUpload(m -> m.parts(done))).versionId();
      } catch (SdkException e) {
        throw S3Errors.translateWrite("CompleteMultipartUpload for", target, e);
      }
      completed = true;
      return new ArtifactReference(target.withVersionId(requireVersion(versionId, target)),
          Checksums.hex(sha.digest()), size);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new InterruptedIOException("upload of " + upload.file() + " was interrupted"));
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof SdkException) {
        throw S3Errors.translateWrite("UploadPart to", target, (SdkException) cause);
      }
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      throw SdkClientException.create(String.valueOf(cause), cause);
    } finally {
      if (!completed) {
        parts.forEach(p -> p.cancel(true));
      }
      pool.shutdownNow();
      if (!completed) {
        abort(target, uploadId);
      }
    }
  }

  /** Throws the failure of a part already finished, so a failed upload stops reading early. */
  private static void failFast(List<Future<CompletedPart>> parts) throws ExecutionException, InterruptedException {
    for (int i = parts.size() - 1; i >= 0 && i >= parts.size() - 64; i--) {
      Future<CompletedPart> part = parts.get(i);
      if (part.isDone() && !part.isCancelled()) {
        part.get();
      }
    }
  }

  private java.util.concurrent.Callable<CompletedPart> part(
      S3Location target, String uploadId, int number, byte[] buffer, int length, BlockingQueue<byte[]> buffers) {
    return () -> {
      try {
        UploadPartResponse r = s3.uploadPart(
            b -> b.bucket(target.bucket()).key(target.key()).uploadId(uploadId).partNumber(number)
                .contentLength((long) length).checksumAlgorithm(ChecksumAlgorithm.CRC32)
                .expectedBucketOwner(expectedBucketOwner),
            body(buffer, length, "application/octet-stream"));
        return CompletedPart.builder().partNumber(number).eTag(r.eTag()).checksumCRC32(r.checksumCRC32()).build();
      } finally {
        buffers.offer(buffer);
      }
    };
  }

  private static RequestBody body(byte[] bytes, int length, String contentType) {
    return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(bytes, 0, length), length, contentType);
  }

  private static void requireUnchanged(ArtifactUpload upload, InputStream in, long size, long read) throws IOException {
    if (read != size || in.read() != -1) {
      throw new IOException("artifact file " + upload.file() + " changed while it was uploaded: " + size
          + " bytes before, " + (read != size ? read + " read" : "more read"));
    }
  }

  private void abort(S3Location target, String uploadId) {
    try {
      s3.abortMultipartUpload(b -> b.bucket(target.bucket()).key(target.key()).uploadId(uploadId)
          .expectedBucketOwner(expectedBucketOwner));
    } catch (SdkException e) {
      // The upload failed already; S3's lifecycle rule for incomplete uploads removes the parts.
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
    private @Nullable String expectedBucketOwner;
    private long partSize = DEFAULT_PART_SIZE;
    private int parallelParts = DEFAULT_PARALLEL_PARTS;

    private Builder() {}

    /**
     * Sets the client; the uploader never closes it. Build it with {@code
     * S3Configuration.chunkedEncodingEnabled(false)} so parts go up as plain bodies, and with an
     * HTTP client that allows at least {@link #parallelParts(int)} connections.
     */
    public Builder client(S3Client client) {
      this.s3 = Objects.requireNonNull(client, "client");
      return this;
    }

    /** Sends {@code x-amz-expected-bucket-owner} with every request. */
    public Builder expectedBucketOwner(@Nullable String accountId) {
      this.expectedBucketOwner = S3Errors.checkAccountId(accountId);
      return this;
    }

    /**
     * Sets the part size, 5 MiB (S3's minimum) to 1 GiB (parts are held in memory; default 16 MiB). Files up to one part go up
     * in one PUT; a file of more than 10,000 parts gets larger parts.
     *
     * @throws IllegalArgumentException naming the value when it is outside S3's limits
     */
    public Builder partSize(long bytes) {
      if (bytes < MIN_PART_SIZE || bytes > MAX_PART_SIZE) {
        throw new IllegalArgumentException("partSize must be 5 MiB to 1 GiB, was " + bytes);
      }
      this.partSize = bytes;
      return this;
    }

    /**
     * Sets how many parts are sent at a time, 1 to 64 (default 8); memory use is about one part
     * more than that.
     *
     * @throws IllegalArgumentException naming the value when it is outside 1 to 64
     */
    public Builder parallelParts(int parts) {
      if (parts < 1 || parts > 64) {
        throw new IllegalArgumentException("parallelParts must be 1 to 64, was " + parts);
      }
      this.parallelParts = parts;
      return this;
    }

    /** Returns the uploader. */
    public ArtifactUploader build() {
      return new ArtifactUploader(this);
    }
  }
}
