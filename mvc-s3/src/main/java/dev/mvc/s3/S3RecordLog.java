package dev.mvc.s3;

import dev.mvc.ManifestSourceException;
import dev.mvc.s3.internal.BoundedBodies;
import dev.mvc.s3.internal.Checksums;
import dev.mvc.s3.internal.S3Errors;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * An append-only log of small records kept as the versions of one S3 object in a versioned
 * bucket: the current version is the latest record, older versions are the history, and no
 * version is ever deleted.
 *
 * <p>Every append is a conditional write: the first with {@code If-None-Match: *}, each later one
 * with {@code If-Match} on the ETag of the record the writer read. Of two writers that read the
 * same record, S3 lets exactly one write succeed and answers the other {@code 412 Precondition
 * Failed}, reported as {@link ConcurrentRecordUpdateException}; nothing is overwritten unseen.
 * Label moves ({@link ManifestLabels}) and Lambda alias moves are kept this way.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class S3RecordLog {
  /** The largest record read, in bytes; records are a few hundred bytes. */
  public static final int MAX_RECORD_BYTES = 64 << 10;

  private final S3Client s3;
  private final S3Location object;
  private final @Nullable String expectedBucketOwner;

  private S3RecordLog(S3Client s3, S3Location object, @Nullable String expectedBucketOwner) {
    this.s3 = Objects.requireNonNull(s3, "client");
    this.object = Objects.requireNonNull(object, "object").withoutVersionId();
    this.expectedBucketOwner = S3Errors.checkAccountId(expectedBucketOwner);
  }

  /** Returns the log kept in {@code object} (its version id, if any, is ignored). */
  public static S3RecordLog of(S3Client client, S3Location object, @Nullable String expectedBucketOwner) {
    return new S3RecordLog(client, object, expectedBucketOwner);
  }

  /** Returns the object the log is kept in. */
  public S3Location location() {
    return object;
  }

  /** One record of the log as stored: its bytes and the object version holding it. */
  public record Entry(byte[] bytes, S3Location version, String etag) {
    /** Validates the fields. */
    public Entry {
      Objects.requireNonNull(bytes, "bytes");
      Objects.requireNonNull(version, "version");
      Objects.requireNonNull(etag, "etag");
    }
  }

  /**
   * Returns the latest record, or null when nothing has been appended yet.
   *
   * @throws ManifestSourceException if S3 cannot be reached or refuses the read
   */
  public @Nullable Entry latest() {
    BoundedBodies.Body body;
    try {
      body = BoundedBodies.get(s3, GetObjectRequest.builder().bucket(object.bucket()).key(object.key())
          .checksumMode(ChecksumMode.ENABLED).expectedBucketOwner(expectedBucketOwner).build(),
          MAX_RECORD_BYTES, "record", object);
    } catch (SdkException e) {
      ManifestSourceException translated = S3Errors.translate("GetObject", object, e);
      if (translated.notFound()) {
        return null;
      }
      throw translated;
    }
    String versionId = body.response().versionId();
    return new Entry(body.bytes(), versionId == null ? object : object.withVersionId(versionId), body.response().eTag());
  }

  /**
   * Appends {@code record} if the latest record is still {@code expected} (null: if the log is
   * still empty), and returns the new entry.
   *
   * @throws ConcurrentRecordUpdateException if another writer appended first
   * @throws S3StoreException if S3 refuses the write or the bucket does not version objects
   */
  public Entry append(byte[] record, @Nullable Entry expected) {
    Objects.requireNonNull(record, "record");
    if (record.length > MAX_RECORD_BYTES) {
      throw new IllegalArgumentException("record for " + object + " must be at most " + MAX_RECORD_BYTES
          + " bytes, was " + record.length);
    }
    PutObjectResponse r;
    try {
      r = s3.putObject(b -> b.bucket(object.bucket()).key(object.key()).contentType("application/json")
              .checksumSHA256(Checksums.sha256Base64(record)).expectedBucketOwner(expectedBucketOwner)
              .ifNoneMatch(expected == null ? "*" : null).ifMatch(expected == null ? null : expected.etag()),
          RequestBody.fromBytes(record));
    } catch (S3Exception e) {
      if (e.statusCode() == 412 || e.statusCode() == 409) {
        throw new ConcurrentRecordUpdateException(object, expected == null ? null : expected.version().versionId(), e);
      }
      throw S3Errors.translateWrite("PutObject", object, e);
    } catch (SdkException e) {
      throw S3Errors.translateWrite("PutObject", object, e);
    }
    if (r.versionId() == null || "null".equals(r.versionId())) {
      throw new S3StoreException(object.bucket(), "bucket " + object.bucket()
          + " does not version objects, so the record " + object + " would lose its history: turn versioning on", null);
    }
    return new Entry(record.clone(), object.withVersionId(r.versionId()), r.eTag());
  }

  /**
   * Returns every record, oldest first.
   *
   * @throws ManifestSourceException if S3 cannot be reached or refuses a read
   */
  public List<Entry> entries() {
    List<ObjectVersion> versions = new ArrayList<>();
    try {
      s3.listObjectVersionsPaginator(b -> b.bucket(object.bucket()).prefix(object.key())
              .expectedBucketOwner(expectedBucketOwner))
          .versions().forEach(v -> {
            if (v.key().equals(object.key())) {
              versions.add(v);
            }
          });
    } catch (SdkException e) {
      throw S3Errors.translate("ListObjectVersions", object, e);
    }
    // S3 lists the newest version first.
    Collections.reverse(versions);
    List<Entry> out = new ArrayList<>();
    for (ObjectVersion v : versions) {
      S3Location version = object.withVersionId(v.versionId());
      try {
        BoundedBodies.Body body = BoundedBodies.get(s3, GetObjectRequest.builder().bucket(object.bucket())
            .key(object.key()).versionId(v.versionId()).checksumMode(ChecksumMode.ENABLED)
            .expectedBucketOwner(expectedBucketOwner).build(), MAX_RECORD_BYTES, "record", version);
        out.add(new Entry(body.bytes(), version, body.response().eTag()));
      } catch (SdkException e) {
        throw S3Errors.translate("GetObject", version, e);
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return "S3RecordLog{" + object + "}";
  }
}
