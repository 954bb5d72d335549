package dev.mvc.s3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mvc.ApprovalDecision;
import dev.mvc.ApprovalStatus;
import dev.mvc.ManifestSourceException;
import dev.mvc.SourceRef;
import dev.mvc.VersionManifest;
import dev.mvc.s3.internal.BoundedBodies;
import dev.mvc.s3.internal.Checksums;
import dev.mvc.s3.internal.MetadataNames;
import dev.mvc.s3.internal.S3Errors;
import dev.mvc.s3.internal.S3Keys;
import dev.mvc.spi.ApprovalRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * An {@link ApprovalRegistry} kept in S3: each decision (approve, reject, back to pending) is
 * appended to the record of the manifest digest, {@code <prefix>approvals/sha256/<hex>.json},
 * as a new object version (the bucket must version objects; no record version is ever
 * deleted), and mirrored as the tags {@code mvc-approval} and {@code mvc-approval-digest} on
 * the manifest version it was made on.
 *
 * <p>Status is looked up by digest in the record, never from tags, so an approval is bound to
 * content: approving one digest never approves different content published later under the same
 * key, and a rollback that restores approved content is approved. A digest without a record is
 * {@link ApprovalStatus#UNKNOWN}.
 *
 * <pre>{@code
 * S3ApprovalRegistry approvals = S3ApprovalRegistry.builder().client(s3).bucket("models-prod").build();
 * approvals.approve(S3Location.parse(published.uri()), "alice@example.com", "eval 0.93 on set v7");
 * PinnedModelClient client = PinnedModelClient.builder()
 *     .manifest(source).backend(backend).approvalRegistry(approvals)
 *     .policy(PinningPolicy.builder().requireApproval(true).build())
 *     .build();
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class S3ApprovalRegistry implements ApprovalRegistry {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The largest approval record read, in bytes; a record is a few hundred bytes. */
  private static final int MAX_RECORD_BYTES = 64 << 10;

  private final S3Client s3;
  private final String bucket;
  private final String prefix;
  private final @Nullable String expectedBucketOwner;
  private final Clock clock;

  private S3ApprovalRegistry(Builder b) {
    this.s3 = Objects.requireNonNull(b.s3, "client must be set");
    this.bucket = Objects.requireNonNull(b.bucket, "bucket must be set");
    this.prefix = b.prefix;
    this.expectedBucketOwner = b.expectedBucketOwner;
    this.clock = b.clock;
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns the status recorded for {@code digest}; the source is not consulted. */
  @Override
  public ApprovalStatus status(SourceRef source, String digest) {
    return status(digest);
  }

  /**
   * Returns the latest status recorded for {@code digest}, or {@link ApprovalStatus#UNKNOWN}.
   *
   * @throws ManifestSourceException if S3 cannot be reached
   */
  public ApprovalStatus status(String digest) {
    ApprovalRecord latest = latest(digest);
    return latest == null ? ApprovalStatus.UNKNOWN : latest.status();
  }

  /**
   * Returns the latest decision recorded for {@code digest} with who made it, when and why; only
   * the status ({@link ApprovalStatus#UNKNOWN}) when there is no record. The source is not
   * consulted.
   *
   * @throws ManifestSourceException if S3 cannot be reached
   */
  @Override
  public ApprovalDecision decision(SourceRef source, String digest) {
    ApprovalRecord latest = latest(digest);
    return latest == null ? ApprovalDecision.of(normalize(digest), ApprovalStatus.UNKNOWN)
        : new ApprovalDecision(latest.digest(), latest.status(), latest.by(), latest.at(), latest.reason());
  }

  private @Nullable ApprovalRecord latest(String digest) {
    S3Location record = recordLocation(digest);
    byte[] bytes;
    try {
      bytes = BoundedBodies.get(s3, GetObjectRequest.builder().bucket(bucket).key(record.key())
          .checksumMode(ChecksumMode.ENABLED).expectedBucketOwner(expectedBucketOwner).build(),
          MAX_RECORD_BYTES, "approval record", record).bytes();
    } catch (SdkException e) {
      ManifestSourceException translated = S3Errors.translate("GetObject", record, e);
      if (translated.notFound()) {
        return null;
      }
      throw translated;
    }
    ApprovalRecord latest = parse(bytes, record);
    // A record stored under another digest's key is not about this content.
    return latest.digest().equals(normalize(digest)) ? latest : null;
  }

  /** Records that the manifest version at {@code manifest} is approved; see {@link #decide}. */
  public ApprovalRecord approve(S3Location manifest, String by, String reason) {
    return decide(manifest, ApprovalStatus.APPROVED, by, reason);
  }

  /** Records that the manifest version at {@code manifest} is rejected; see {@link #decide}. */
  public ApprovalRecord reject(S3Location manifest, String by, String reason) {
    return decide(manifest, ApprovalStatus.REJECTED, by, reason);
  }

  /**
   * Appends a decision about the content of one manifest version: reads that version, computes
   * its digest from its bytes, appends the decision to the digest's record and tags the version.
   *
   * @param manifest the manifest version, pinned to a versionId
   * @throws IllegalArgumentException if {@code manifest} is not pinned, {@code status} is Unknown
   *     or {@code reason} is blank
   * @throws dev.mvc.ManifestException if the version cannot be read or is not a valid manifest
   * @throws S3StoreException if a write fails
   */
  public ApprovalRecord decide(S3Location manifest, ApprovalStatus status, String by, String reason) {
    Objects.requireNonNull(manifest, "manifest");
    Objects.requireNonNull(by, "by");
    Objects.requireNonNull(reason, "reason");
    if (reason.isBlank()) {
      throw new IllegalArgumentException("reason of a decision about " + manifest + " must not be blank");
    }
    if (!manifest.isPinned()) {
      throw new IllegalArgumentException(
          "approval is about one manifest version: manifest must carry a versionId, was " + manifest);
    }
    byte[] bytes;
    try {
      bytes = BoundedBodies.get(s3, GetObjectRequest.builder().bucket(manifest.bucket()).key(manifest.key())
          .versionId(manifest.versionId()).checksumMode(ChecksumMode.ENABLED)
          .expectedBucketOwner(expectedBucketOwner).build(),
          S3ManifestSource.MAX_MANIFEST_BYTES, "manifest", manifest).bytes();
    } catch (SdkException e) {
      throw S3Errors.translate("GetObject", manifest, e);
    }
    String digest = VersionManifest.parse(bytes).digest();
    ApprovalRecord decision = new ApprovalRecord(digest, status, by, clock.instant(), reason, manifest.toString());
    S3Location record = recordLocation(digest);
    byte[] json = toJson(decision);
    try {
      s3.putObject(
          b -> b.bucket(bucket).key(record.key()).contentType("application/json")
              .checksumSHA256(Base64.getEncoder().encodeToString(Checksums.sha256().digest(json)))
              .expectedBucketOwner(expectedBucketOwner),
          RequestBody.fromBytes(json));
    } catch (SdkException e) {
      throw S3Errors.translateWrite("PutObject", record, e);
    }
    tag(manifest, decision);
    return decision;
  }

  private void tag(S3Location manifest, ApprovalRecord decision) {
    try {
      List<Tag> tags = new ArrayList<>();
      for (Tag t : s3.getObjectTagging(
              b -> b.bucket(manifest.bucket()).key(manifest.key()).versionId(manifest.versionId())
                  .expectedBucketOwner(expectedBucketOwner)).tagSet()) {
        if (!t.key().equals(MetadataNames.TAG_APPROVAL) && !t.key().equals(MetadataNames.TAG_APPROVAL_DIGEST)) {
          tags.add(t);
        }
      }
      tags.add(Tag.builder().key(MetadataNames.TAG_APPROVAL).value(decision.status().wireName()).build());
      tags.add(Tag.builder().key(MetadataNames.TAG_APPROVAL_DIGEST).value(decision.digest()).build());
      s3.putObjectTagging(
          b -> b.bucket(manifest.bucket()).key(manifest.key()).versionId(manifest.versionId())
              .expectedBucketOwner(expectedBucketOwner).tagging(t -> t.tagSet(tags)));
    } catch (SdkException e) {
      throw S3Errors.translateWrite("PutObjectTagging", manifest, e);
    }
  }

  /**
   * Returns every decision recorded for {@code digest}, oldest first.
   *
   * @throws ManifestSourceException if S3 cannot be reached
   */
  public List<ApprovalRecord> history(String digest) {
    S3Location record = recordLocation(digest);
    List<ObjectVersion> versions = new ArrayList<>();
    try {
      s3.listObjectVersionsPaginator(
              b -> b.bucket(bucket).prefix(record.key()).expectedBucketOwner(expectedBucketOwner))
          .versions().forEach(v -> {
            if (v.key().equals(record.key())) {
              versions.add(v);
            }
          });
    } catch (SdkException e) {
      throw S3Errors.translate("ListObjectVersions", record, e);
    }
    // S3 lists the newest version first.
    java.util.Collections.reverse(versions);
    List<ApprovalRecord> out = new ArrayList<>();
    for (ObjectVersion v : versions) {
      S3Location version = record.withVersionId(v.versionId());
      try {
        out.add(parse(BoundedBodies.get(s3, GetObjectRequest.builder().bucket(bucket).key(record.key())
            .versionId(v.versionId()).expectedBucketOwner(expectedBucketOwner).build(),
            MAX_RECORD_BYTES, "approval record", version).bytes(), version));
      } catch (SdkException e) {
        throw S3Errors.translate("GetObject", version, e);
      }
    }
    out.sort((a, b) -> a.at().compareTo(b.at()));
    return out;
  }

  /** Returns where the record of {@code digest} is kept. */
  public S3Location recordLocation(String digest) {
    String hex = Checksums.digestHex(Objects.requireNonNull(digest, "digest"), "digest");
    return S3Location.of(bucket, prefix + "approvals/sha256/" + hex + ".json");
  }

  private static String normalize(String digest) {
    return "sha256:" + Checksums.digestHex(digest, "digest");
  }

  private static byte[] toJson(ApprovalRecord r) {
    ObjectNode node = JSON.createObjectNode();
    node.put("digest", r.digest());
    node.put("status", r.status().wireName());
    node.put("by", r.by());
    node.put("at", r.at().toString());
    node.put("reason", r.reason());
    node.put("manifest", r.manifest());
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write approval record", e);
    }
  }

  private static ApprovalRecord parse(byte[] bytes, S3Location where) {
    try {
      JsonNode n = JSON.readTree(bytes);
      return new ApprovalRecord(
          n.path("digest").asText(), ApprovalStatus.fromWireName(n.path("status").asText()),
          n.path("by").asText(), Instant.parse(n.path("at").asText()), n.path("reason").asText(),
          n.path("manifest").asText());
    } catch (IOException | RuntimeException e) {
      throw new ManifestSourceException("approval record " + where + " is unreadable: " + e.getMessage(), false, e);
    }
  }

  @Override
  public String toString() {
    return "S3ApprovalRegistry{s3://" + bucket + "/" + prefix + "approvals/}";
  }

  /** A builder of {@link S3ApprovalRegistry}; not thread-safe. */
  public static final class Builder {
    private @Nullable S3Client s3;
    private @Nullable String bucket;
    private String prefix = "";
    private @Nullable String expectedBucketOwner;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** Sets the client; the registry never closes it. */
    public Builder client(S3Client client) {
      this.s3 = Objects.requireNonNull(client, "client");
      return this;
    }

    /** Sets the bucket the approval records live in. */
    public Builder bucket(String bucket) {
      this.bucket = S3Location.of(bucket, "x").bucket();
      return this;
    }

    /** Sets the prefix of {@code approvals/}; the bucket root by default. */
    public Builder prefix(String prefix) {
      this.prefix = S3Keys.normalizePrefix(Objects.requireNonNull(prefix, "prefix"));
      return this;
    }

    /** Sends {@code x-amz-expected-bucket-owner} with every request. */
    public Builder expectedBucketOwner(@Nullable String accountId) {
      this.expectedBucketOwner = S3Errors.checkAccountId(accountId);
      return this;
    }

    /** Sets the clock that dates decisions. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Returns the registry. */
    public S3ApprovalRegistry build() {
      return new S3ApprovalRegistry(this);
    }
  }
}
