package dev.mvc.s3;

import dev.mvc.ManifestException;
import dev.mvc.ManifestLoader;
import dev.mvc.ManifestSourceException;
import dev.mvc.PinningPolicy;
import dev.mvc.ServedFrom;
import dev.mvc.SourceRef;
import dev.mvc.VersionManifest;
import dev.mvc.s3.internal.Buckets;
import dev.mvc.s3.internal.Checksums;
import dev.mvc.s3.internal.ManifestMetadata;
import dev.mvc.s3.internal.MapContentStore;
import dev.mvc.s3.internal.MetadataNames;
import dev.mvc.s3.internal.S3Errors;
import dev.mvc.s3.internal.S3Keys;
import dev.mvc.spi.ContentStore;
import dev.mvc.spi.FetchedManifest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * A publisher of manifest versions to an S3 bucket with object versioning.
 *
 * <p>{@link #publish(PublishRequest)} runs the same checks a load runs (parse, prompt text
 * SHA-256, template variables, the {@linkplain Builder#policy(PinningPolicy) pinning policy},
 * and the signature when the policy requires one; approval is not required, since a new version
 * starts unapproved), refuses a bucket without versioning, uploads the referenced blobs to
 * {@code blobs/sha256/} in the manifest's folder, and then the manifest with its SHA-256
 * checksum and metadata ({@code x-amz-meta-mvc-digest}, {@code -name}, {@code -version},
 * {@code -git-sha}, {@code -created-at}, {@code -eval-<metric>}, {@code -published-by}).
 * Every referenced blob already in the bucket is verified against its SHA-256 (the S3 checksum
 * stored with it, or a read and hash) and uploaded again when it does not match; the result
 * lists the blobs so {@linkplain PublishResult#repairedBlobs() repaired}. Publishing content
 * whose digest equals the current version's writes no manifest version, unless the request
 * carries a signature other than the stored one: then a new version with the same content and
 * the new signature becomes current, so a manifest can be signed again with a rotated key.
 *
 * <pre>{@code
 * ManifestPublisher publisher = ManifestPublisher.builder().client(s3).build();
 * PublishResult r = publisher.publish(PublishRequest.builder()
 *     .target("s3://models-prod/support-answer/manifest.json")
 *     .manifest(manifest)
 *     .blob(templateText)
 *     .publishedBy("ci/build-4711")
 *     .build());
 * // r.uri() is s3://models-prod/support-answer/manifest.json?versionId=..
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class ManifestPublisher {
  private final S3Client s3;
  private final PinningPolicy policy;
  private final @Nullable String expectedBucketOwner;
  private final @Nullable String kmsKeyId;

  private ManifestPublisher(Builder b) {
    this.s3 = Objects.requireNonNull(b.s3, "client must be set");
    this.policy = b.policy;
    this.expectedBucketOwner = b.expectedBucketOwner;
    this.kmsKeyId = b.kmsKeyId;
  }

  /** Returns a new builder (strict policy). */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Publishes the manifest as a new version of the target object.
   *
   * @return the pinned location of the version now current
   * @throws ManifestException if the manifest fails a load check, such as the policy
   *     ({@link dev.mvc.ManifestPolicyException}) or a blob that is neither given nor stored
   * @throws S3StoreException if the bucket has no versioning or a write fails
   */
  public PublishResult publish(PublishRequest request) {
    S3Location target = request.target();
    VersionManifest manifest = request.manifest();
    S3ContentStore blobStore =
        S3ContentStore.builder().client(s3).bucket(target.bucket())
            .prefix(S3Keys.folderOf(target.key())).expectedBucketOwner(expectedBucketOwner).build();
    check(request, blobStore);
    Buckets.requireVersioning(s3, target.bucket(), expectedBucketOwner);

    List<String> repaired = new ArrayList<>();
    for (Map.Entry<String, byte[]> blob : referencedBlobs(request).entrySet()) {
      if (blobStore.store(blob.getValue(), kmsKeyId) == S3ContentStore.Stored.REPAIRED) {
        repaired.add(blob.getKey());
      }
    }
    HeadObjectResponse current = headCurrent(target);
    if (current != null && manifest.digest().equals(current.metadata().get(MetadataNames.DIGEST))
        && current.versionId() != null && sameSignature(request.signature(), current)) {
      return new PublishResult(target.withVersionId(current.versionId()), manifest.digest(), false, repaired);
    }
    byte[] json = request.jsonShared();
    PutObjectRequest.Builder put =
        PutObjectRequest.builder()
            .bucket(target.bucket())
            .key(target.key())
            .contentType("application/json")
            .checksumSHA256(Base64.getEncoder().encodeToString(Checksums.sha256().digest(json)))
            .metadata(ManifestMetadata.of(manifest, request.publishedBy(), request.signature()))
            .expectedBucketOwner(expectedBucketOwner);
    if (kmsKeyId != null) {
      put.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(kmsKeyId);
    }
    String versionId;
    try {
      versionId = s3.putObject(put.build(), RequestBody.fromBytes(json)).versionId();
    } catch (SdkException e) {
      throw S3Errors.translateWrite("PutObject", target, e);
    }
    if (versionId == null || versionId.isEmpty() || "null".equals(versionId)) {
      throw new S3StoreException(target.bucket(),
          "bucket " + target.bucket() + " returned no versionId for " + target + "; enable object versioning", null);
    }
    return new PublishResult(target.withVersionId(versionId), manifest.digest(), true, repaired);
  }

  /**
   * Returns whether publishing {@code signature} would leave the current version's signature as
   * it is: no new signature is given, or the same one is stored. A new signature (a key rotation)
   * is stored by writing a new version with the same content.
   */
  private static boolean sameSignature(@Nullable String signature, HeadObjectResponse current) {
    return signature == null
        || ManifestMetadata.ascii(signature).equals(current.metadata().get(MetadataNames.SIGNATURE));
  }

  private void check(PublishRequest request, S3ContentStore blobStore) {
    ManifestLoader loader =
        ManifestLoader.builder()
            .policy(policy.toBuilder().requireApproval(false).build())
            .contentStore(new MapContentStore(request.blobs()))
            .build();
    SourceRef ref = new SourceRef(request.target().toString(), null, null);
    ContentStore stored = blobStore;
    loader.load(FetchedManifest.of(request.jsonShared(), ref, request.signature()), ServedFrom.SOURCE, stored);
  }

  private static Map<String, byte[]> referencedBlobs(PublishRequest request) {
    Map<String, byte[]> out = new LinkedHashMap<>();
    VersionManifest m = request.manifest();
    String template = m.prompt().template().sha256();
    if (template != null && m.prompt().template().text() == null && request.blobs().containsKey(template)) {
      out.put(template, request.blobs().get(template));
    }
    if (m.prompt().system() != null) {
      String system = m.prompt().system().sha256();
      if (system != null && m.prompt().system().text() == null && request.blobs().containsKey(system)) {
        out.put(system, request.blobs().get(system));
      }
    }
    return out;
  }

  private @Nullable HeadObjectResponse headCurrent(S3Location target) {
    try {
      return s3.headObject(b -> b.bucket(target.bucket()).key(target.key()).expectedBucketOwner(expectedBucketOwner));
    } catch (SdkException e) {
      ManifestSourceException translated = S3Errors.translate("HeadObject", target, e);
      if (translated.notFound()) {
        return null;
      }
      throw S3Errors.translateWrite("HeadObject", target, e);
    }
  }

  /** A builder of {@link ManifestPublisher}; not thread-safe. */
  public static final class Builder {
    private @Nullable S3Client s3;
    private PinningPolicy policy = PinningPolicy.strict();
    private @Nullable String expectedBucketOwner;
    private @Nullable String kmsKeyId;

    private Builder() {}

    /** Sets the client; the publisher never closes it. */
    public Builder client(S3Client client) {
      this.s3 = Objects.requireNonNull(client, "client");
      return this;
    }

    /** Sets the policy every published manifest must pass; {@link PinningPolicy#strict()} by default. */
    public Builder policy(PinningPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** Sends {@code x-amz-expected-bucket-owner} with every request. */
    public Builder expectedBucketOwner(@Nullable String accountId) {
      this.expectedBucketOwner = S3Errors.checkAccountId(accountId);
      return this;
    }

    /** Encrypts manifests and blobs with SSE-KMS under this key id or ARN. */
    public Builder kmsKeyId(@Nullable String kmsKeyId) {
      if (kmsKeyId != null && kmsKeyId.isBlank()) {
        throw new IllegalArgumentException("kmsKeyId must not be blank");
      }
      this.kmsKeyId = kmsKeyId;
      return this;
    }

    /** Returns the publisher. */
    public ManifestPublisher build() {
      return new ManifestPublisher(this);
    }
  }
}
