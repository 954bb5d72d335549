package dev.mvc.s3;

import dev.mvc.ManifestSourceException;
import dev.mvc.MvcException;
import dev.mvc.SourceRef;
import dev.mvc.eval.EvaluationRegistries;
import dev.mvc.eval.EvaluationReport;
import dev.mvc.s3.internal.BoundedBodies;
import dev.mvc.s3.internal.Checksums;
import dev.mvc.s3.internal.S3Errors;
import dev.mvc.s3.internal.S3Keys;
import dev.mvc.spi.EvaluationRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * An {@link EvaluationRegistry} kept in S3 beside the manifests: the report about a digest is
 * {@code <prefix>evaluations/sha256/<hex>.json}, written with a SHA-256 checksum S3 verifies (and
 * SSE-KMS when a key is given) and read back with checksum validation. A new evaluation of the same
 * digest is a new object version; the loader gates on the latest.
 *
 * <pre>{@code
 * S3EvaluationRegistry evaluations = S3EvaluationRegistry.besideManifest(s3,
 *     S3Location.parse("s3://ml-config/support-answer/manifest.json"));
 * PinnedModelClient client = PinnedModelClient.builder()
 *     .manifest(source).backend(backend).evaluationRegistry(evaluations)
 *     .policy(PinningPolicy.builder().requireEvaluation(0.9, Duration.ofDays(30)).build())
 *     .build();
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class S3EvaluationRegistry implements EvaluationRegistry {
  private final S3Client s3;
  private final String bucket;
  private final String prefix;
  private final @Nullable String expectedBucketOwner;

  private S3EvaluationRegistry(Builder b) {
    this.s3 = Objects.requireNonNull(b.s3, "client must be set");
    this.bucket = Objects.requireNonNull(b.bucket, "bucket must be set");
    this.prefix = b.prefix;
    this.expectedBucketOwner = b.expectedBucketOwner;
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns the registry in the folder of {@code manifest}: reports sit beside the manifest. */
  public static S3EvaluationRegistry besideManifest(S3Client s3, S3Location manifest) {
    return builder().client(s3).bucket(manifest.bucket()).prefix(S3Keys.folderOf(manifest.key())).build();
  }

  /** Returns where the report about {@code digest} is kept. */
  public S3Location reportLocation(String digest) {
    return S3Location.of(bucket, prefix + "evaluations/" + EvaluationRegistries.relativePath(
        "sha256:" + Checksums.digestHex(Objects.requireNonNull(digest, "digest"), "digest")));
  }

  /**
   * Returns the latest report about {@code digest}, or null.
   *
   * @throws ManifestSourceException if S3 cannot be reached or the report is unreadable
   */
  @Override
  public @Nullable EvaluationReport report(SourceRef source, String digest) {
    S3Location where = reportLocation(digest);
    byte[] bytes;
    try {
      bytes = BoundedBodies.get(s3, GetObjectRequest.builder().bucket(bucket).key(where.key())
          .checksumMode(ChecksumMode.ENABLED).expectedBucketOwner(expectedBucketOwner).build(),
          EvaluationRegistries.MAX_REPORT_BYTES, "evaluation report", where).bytes();
    } catch (SdkException e) {
      ManifestSourceException translated = S3Errors.translate("GetObject", where, e);
      if (translated.notFound()) {
        return null;
      }
      throw translated;
    }
    EvaluationReport report;
    try {
      report = EvaluationReport.parse(bytes, where.toString());
    } catch (MvcException e) {
      throw new ManifestSourceException(e.getMessage(), false, e);
    }
    if (!report.digest().equals("sha256:" + Checksums.digestHex(digest, "digest"))) {
      throw new ManifestSourceException("evaluation report " + where + " is about " + report.digest()
          + ", not " + digest + "; a report is only about the digest it names", false, null);
    }
    return report;
  }

  /**
   * Stores {@code report} under its digest with a SHA-256 checksum, encrypted with {@code kmsKeyId}
   * (SSE-KMS) when given, and returns where it went, with the new object version.
   *
   * @throws S3StoreException if S3 refuses the write or cannot be reached
   */
  public S3Location publish(EvaluationReport report, @Nullable String kmsKeyId) {
    S3Location where = reportLocation(report.digest());
    byte[] bytes = report.toJson().getBytes(StandardCharsets.UTF_8);
    PutObjectRequest.Builder put = PutObjectRequest.builder().bucket(bucket).key(where.key())
        .contentType("application/json")
        .checksumSHA256(Base64.getEncoder().encodeToString(Checksums.sha256().digest(bytes)))
        .expectedBucketOwner(expectedBucketOwner);
    if (kmsKeyId != null) {
      put.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(kmsKeyId);
    }
    try {
      PutObjectResponse r = s3.putObject(put.build(), RequestBody.fromBytes(bytes));
      return r.versionId() == null ? where : where.withVersionId(r.versionId());
    } catch (SdkException e) {
      throw S3Errors.translateWrite("PutObject", where, e);
    }
  }

  @Override
  public String describe() {
    return "s3://" + bucket + "/" + prefix + "evaluations/";
  }

  @Override
  public String toString() {
    return "S3EvaluationRegistry{" + describe() + "}";
  }

  /** A builder of {@link S3EvaluationRegistry}. */
  public static final class Builder {
    private @Nullable S3Client s3;
    private @Nullable String bucket;
    private String prefix = "";
    private @Nullable String expectedBucketOwner;

    private Builder() {}

    /** Sets the S3 client. */
    public Builder client(S3Client client) {
      this.s3 = Objects.requireNonNull(client, "client");
      return this;
    }

    /** Sets the bucket. */
    public Builder bucket(String bucket) {
      this.bucket = Objects.requireNonNull(bucket, "bucket");
      return this;
    }

    /** Sets the key prefix the {@code evaluations/} folder sits under (default: the bucket's root). */
    public Builder prefix(String prefix) {
      this.prefix = S3Keys.normalizePrefix(Objects.requireNonNull(prefix, "prefix"));
      return this;
    }

    /** Sends the expected bucket owner with every request. */
    public Builder expectedBucketOwner(@Nullable String accountId) {
      this.expectedBucketOwner = S3Errors.checkAccountId(accountId);
      return this;
    }

    /** Builds the registry. */
    public S3EvaluationRegistry build() {
      return new S3EvaluationRegistry(this);
    }
  }
}
