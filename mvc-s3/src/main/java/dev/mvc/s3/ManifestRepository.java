package dev.mvc.s3;

import dev.mvc.ApprovalStatus;
import dev.mvc.ManifestException;
import dev.mvc.ManifestLoader;
import dev.mvc.PinningPolicy;
import dev.mvc.ServedFrom;
import dev.mvc.SourceRef;
import dev.mvc.VersionManifest;
import dev.mvc.s3.internal.Buckets;
import dev.mvc.s3.internal.ManifestMetadata;
import dev.mvc.s3.internal.MetadataNames;
import dev.mvc.s3.internal.S3Errors;
import dev.mvc.s3.internal.S3Keys;
import dev.mvc.spi.ApprovalRegistry;
import dev.mvc.spi.FetchedManifest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * The version history of one manifest object in a versioned bucket, and rollback within it.
 *
 * <p>{@link #history()} lists every version, newest first, with digest, approval and who
 * published it. {@link #rollbackTo(String)} makes an earlier version current again by a
 * server-side copy of that version, recorded in {@code x-amz-meta-mvc-restored-from}; nothing is
 * deleted or overwritten, so the history keeps the bad version and the rollback.
 * {@link #rollbackToLastKnownGood()} picks the newest earlier version whose content differs from
 * the current one, is approved (when an approval registry is set) and passes the policy with
 * its blobs.
 *
 * <p>Instances are immutable and thread-safe; concurrent rollbacks of one key are not
 * coordinated (the last copy wins, and both stay in the history).
 */
public final class ManifestRepository {
  private final S3Client s3;
  private final S3Location location;
  private final @Nullable ApprovalRegistry approvals;
  private final PinningPolicy policy;
  private final @Nullable String expectedBucketOwner;
  private final @Nullable String kmsKeyId;
  private final S3ContentStore blobs;
  private final Clock clock;

  private ManifestRepository(Builder b) {
    this.s3 = Objects.requireNonNull(b.s3, "client must be set");
    this.location = Objects.requireNonNull(b.location, "location must be set").withoutVersionId();
    this.approvals = b.approvals;
    this.policy = b.policy;
    this.expectedBucketOwner = b.expectedBucketOwner;
    this.kmsKeyId = b.kmsKeyId;
    this.clock = b.clock;
    this.blobs = S3ContentStore.builder().client(s3).bucket(location.bucket())
        .prefix(S3Keys.folderOf(location.key())).expectedBucketOwner(expectedBucketOwner).build();
  }

  /** Returns a new builder (strict policy, no approval registry). */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns the manifest object, without a version id. */
  public S3Location location() {
    return location;
  }

  /**
   * Lists every stored version of the manifest object, newest first. Delete markers are skipped.
   *
   * @throws dev.mvc.ManifestSourceException if S3 cannot be reached
   */
  public List<ManifestVersion> history() {
    List<ObjectVersion> versions = new ArrayList<>();
    try {
      s3.listObjectVersionsPaginator(
              b -> b.bucket(location.bucket()).prefix(location.key()).expectedBucketOwner(expectedBucketOwner))
          .versions().forEach(v -> {
            if (v.key().equals(location.key())) {
              versions.add(v);
            }
          });
    } catch (SdkException e) {
      throw S3Errors.translate("ListObjectVersions", location, e);
    }
    // S3 lists the versions of a key newest first; timestamps alone may tie within a second.
    List<ManifestVersion> out = new ArrayList<>(versions.size());
    for (ObjectVersion v : versions) {
      out.add(describe(v.versionId(), Boolean.TRUE.equals(v.isLatest())));
    }
    return out;
  }

  private ManifestVersion describe(String versionId, boolean current) {
    S3Location pinned = location.withVersionId(versionId);
    HeadObjectResponse head = head(pinned);
    Map<String, String> meta = head.metadata();
    String digest = meta.get(MetadataNames.DIGEST);
    String name = meta.get(MetadataNames.NAME);
    String version = meta.get(MetadataNames.VERSION);
    if (digest == null) {
      // Not written by mvc: read it to learn what it is.
      try {
        VersionManifest m = VersionManifest.parse(fetch(pinned).bytes());
        digest = m.digest();
        name = m.name();
        version = m.version();
      } catch (ManifestException e) {
        digest = null;
      }
    }
    ApprovalStatus approval =
        approvals == null || digest == null
            ? ApprovalStatus.UNKNOWN
            : approvals.status(new SourceRef(location.toString(), versionId, head.eTag()), digest);
    return new ManifestVersion(pinned, head.lastModified(), current, digest, name, version, approval,
        meta.get(MetadataNames.PUBLISHED_BY), meta.get(MetadataNames.RESTORED_FROM),
        head.contentLength() == null ? 0 : head.contentLength());
  }

  /**
   * Makes the content of {@code versionId} the current version again, by a server-side copy
   * that records where it came from ({@code x-amz-meta-mvc-restored-from}) and who did it.
   * The version must pass the checks of a load before anything is written: it parses, its
   * blobs are present in the bucket and match their SHA-256, it passes the
   * {@linkplain Builder#policy(PinningPolicy) policy}, and its stored signature verifies when the
   * policy requires one. Nothing is copied when the current version already has the same digest.
   *
   * @param versionId the version to restore
   * @param by who rolls back, recorded as {@code x-amz-meta-mvc-published-by}
   * @throws dev.mvc.ManifestSourceException if the version does not exist ({@code notFound()})
   * @throws ManifestException if the version fails a load check, such as a missing blob
   *     ({@code ManifestSourceException} with {@code notFound()}), a corrupted blob or a bad
   *     signature ({@code ManifestIntegrityException}) or the policy; nothing is written then
   * @throws S3StoreException if the bucket has no versioning or the copy fails
   */
  public PublishResult rollbackTo(String versionId, String by) {
    Objects.requireNonNull(versionId, "versionId");
    Objects.requireNonNull(by, "by");
    S3Location source = location.withVersionId(versionId);
    FetchedManifest fetched = fetch(source);
    // The same checks an application runs when it loads the version, before it becomes current.
    VersionManifest manifest = loader().load(fetched, ServedFrom.SOURCE, blobs).manifest();
    Buckets.requireVersioning(s3, location.bucket(), expectedBucketOwner);
    HeadObjectResponse current = headCurrent();
    if (current != null && manifest.digest().equals(current.metadata().get(MetadataNames.DIGEST))) {
      return new PublishResult(location.withVersionId(current.versionId()), manifest.digest(), false);
    }
    HeadObjectResponse sourceHead = head(source);
    Map<String, String> metadata = new HashMap<>(sourceHead.metadata());
    metadata.putAll(ManifestMetadata.of(manifest, by, sourceHead.metadata().get(MetadataNames.SIGNATURE)));
    metadata.put(MetadataNames.RESTORED_FROM, versionId);
    metadata.put("mvc-restored-at", clock.instant().toString());

    // Two server-side copies: the version to a staging key, then back onto the manifest key.
    // A direct copy of a version onto its own key makes a new version on S3, but some
    // S3-compatible stores treat it as an in-place metadata update of the source version.
    S3Location staging = location.resolveKey(location.key() + ".mvc-rollback");
    String stagedVersion = copy(source, staging, null);
    String restored;
    try {
      restored = copy(staging.withVersionId(stagedVersion), location, metadata);
    } finally {
      deleteQuietly(staging.withVersionId(stagedVersion));
    }
    if (restored.equals(versionId) || restored.equals(stagedVersion)) {
      throw new S3StoreException(location.bucket(),
          "copy of " + source + " onto " + location + " did not create a new version", null);
    }
    return new PublishResult(location.withVersionId(restored), manifest.digest(), true);
  }

  /** Rolls back as {@link #rollbackTo(String, String)}, recorded as done by {@code mvc}. */
  public PublishResult rollbackTo(String versionId) {
    return rollbackTo(versionId, "mvc");
  }

  /**
   * Rolls back to the newest version older than the current one whose digest differs from the
   * current digest, that is {@link ApprovalStatus#APPROVED} (when this repository has an
   * approval registry) and that passes the policy with its blobs.
   *
   * @throws ManifestException if no earlier version qualifies, naming how many were examined
   */
  public PublishResult rollbackToLastKnownGood(String by) {
    List<ManifestVersion> history = history();
    if (history.isEmpty()) {
      throw new ManifestException("no versions of " + location + " exist");
    }
    int currentIndex = 0;
    while (currentIndex < history.size() - 1 && !history.get(currentIndex).current()) {
      currentIndex++;
    }
    ManifestVersion current = history.get(currentIndex);
    ManifestLoader loader = loader();
    int examined = 0;
    for (ManifestVersion candidate : history.subList(currentIndex + 1, history.size())) {
      if (candidate.digest() == null || candidate.digest().equals(current.digest())) {
        continue;
      }
      examined++;
      if (approvals != null && candidate.approval() != ApprovalStatus.APPROVED) {
        continue;
      }
      try {
        loader.load(fetch(candidate.location()), ServedFrom.SOURCE, blobs);
      } catch (ManifestException e) {
        continue;
      }
      return rollbackTo(candidate.versionId(), by);
    }
    throw new ManifestException("no earlier version of " + location + " than " + current.versionId()
        + " is " + (approvals != null ? "approved, " : "") + "different from it and passes the policy ("
        + examined + " examined)");
  }

  /** Returns the loader that checks a version before it is restored; approval is checked apart. */
  private ManifestLoader loader() {
    return ManifestLoader.builder().policy(policy.toBuilder().requireApproval(false).build()).build();
  }

  /** Rolls back as {@link #rollbackToLastKnownGood(String)}, recorded as done by {@code mvc}. */
  public PublishResult rollbackToLastKnownGood() {
    return rollbackToLastKnownGood("mvc");
  }

  private String copy(S3Location from, S3Location to, @Nullable Map<String, String> metadata) {
    CopyObjectRequest.Builder copy =
        CopyObjectRequest.builder()
            .sourceBucket(from.bucket()).sourceKey(from.key()).sourceVersionId(from.versionId())
            .destinationBucket(to.bucket()).destinationKey(to.key())
            .checksumAlgorithm(ChecksumAlgorithm.SHA256)
            .expectedBucketOwner(expectedBucketOwner)
            .expectedSourceBucketOwner(expectedBucketOwner);
    if (metadata != null) {
      copy.metadataDirective(MetadataDirective.REPLACE).metadata(metadata).contentType("application/json");
    }
    if (kmsKeyId != null) {
      copy.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(kmsKeyId);
    }
    String versionId;
    try {
      versionId = s3.copyObject(copy.build()).versionId();
    } catch (SdkException e) {
      throw S3Errors.translateWrite("CopyObject " + from + " to", to, e);
    }
    if (versionId == null || versionId.isEmpty() || "null".equals(versionId)) {
      throw new S3StoreException(to.bucket(), "copy to " + to + " returned no versionId; enable object versioning", null);
    }
    return versionId;
  }

  private void deleteQuietly(S3Location version) {
    try {
      s3.deleteObject(b -> b.bucket(version.bucket()).key(version.key()).versionId(version.versionId())
          .expectedBucketOwner(expectedBucketOwner));
    } catch (SdkException e) {
      // A leftover staging copy is harmless: it is never read.
    }
  }

  private FetchedManifest fetch(S3Location pinned) {
    return S3ManifestSource.builder().client(s3).location(pinned).expectedBucketOwner(expectedBucketOwner)
        .build().fetch();
  }

  private HeadObjectResponse head(S3Location pinned) {
    try {
      return s3.headObject(b -> b.bucket(pinned.bucket()).key(pinned.key()).versionId(pinned.versionId())
          .expectedBucketOwner(expectedBucketOwner));
    } catch (SdkException e) {
      throw S3Errors.translate("HeadObject", pinned, e);
    }
  }

  private @Nullable HeadObjectResponse headCurrent() {
    try {
      return s3.headObject(b -> b.bucket(location.bucket()).key(location.key()).expectedBucketOwner(expectedBucketOwner));
    } catch (SdkException e) {
      if (S3Errors.translate("HeadObject", location, e).notFound()) {
        return null;
      }
      throw S3Errors.translate("HeadObject", location, e);
    }
  }

  @Override
  public String toString() {
    return "ManifestRepository{" + location + "}";
  }

  /** A builder of {@link ManifestRepository}; not thread-safe. */
  public static final class Builder {
    private @Nullable S3Client s3;
    private @Nullable S3Location location;
    private @Nullable ApprovalRegistry approvals;
    private PinningPolicy policy = PinningPolicy.strict();
    private @Nullable String expectedBucketOwner;
    private @Nullable String kmsKeyId;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** Sets the client; the repository never closes it. */
    public Builder client(S3Client client) {
      this.s3 = Objects.requireNonNull(client, "client");
      return this;
    }

    /** Sets the manifest object; a version id, if any, is ignored. */
    public Builder location(S3Location location) {
      this.location = Objects.requireNonNull(location, "location");
      return this;
    }

    /** Sets the manifest object as {@code s3://bucket/key}. */
    public Builder location(String uri) {
      return location(S3Location.parse(uri));
    }

    /** Sets the registry that history reports and last-known-good requires approval from. */
    public Builder approvalRegistry(@Nullable ApprovalRegistry registry) {
      this.approvals = registry;
      return this;
    }

    /**
     * Sets the policy every restored version must pass, its signature requirement included;
     * {@link PinningPolicy#strict()} by default.
     */
    public Builder policy(PinningPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** Sends {@code x-amz-expected-bucket-owner} (and the source owner on copies) with every request. */
    public Builder expectedBucketOwner(@Nullable String accountId) {
      this.expectedBucketOwner = S3Errors.checkAccountId(accountId);
      return this;
    }

    /** Encrypts restored versions with SSE-KMS under this key; the bucket default otherwise. */
    public Builder kmsKeyId(@Nullable String kmsKeyId) {
      this.kmsKeyId = kmsKeyId;
      return this;
    }

    /** Sets the clock that dates rollbacks. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Returns the repository. */
    public ManifestRepository build() {
      return new ManifestRepository(this);
    }
  }
}
