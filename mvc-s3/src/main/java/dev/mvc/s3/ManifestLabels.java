package dev.mvc.s3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mvc.ApprovalStatus;
import dev.mvc.ManifestApprovalException;
import dev.mvc.ManifestSourceException;
import dev.mvc.PinningPolicy;
import dev.mvc.VersionManifest;
import dev.mvc.s3.internal.BoundedBodies;
import dev.mvc.s3.internal.S3Errors;
import dev.mvc.spi.ApprovalRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;

/**
 * Named environments of one manifest key: labels such as {@code staging} and {@code production},
 * each pointing to one published manifest version, so the same approved version goes from
 * staging to production without being published twice.
 *
 * <p>A label is a small JSON object beside the manifest, {@code <manifest key>.labels/<label>.json},
 * kept as an {@link S3RecordLog}: every move is a new object version written conditionally, so two
 * promoters moving the same label at once cannot both succeed (the second gets
 * {@link ConcurrentRecordUpdateException} and nothing is written), and the history of the label is
 * the list of its versions, none deleted. A move names the manifest version, its digest, who moved
 * it, when, why and where the label pointed before.
 *
 * <p>Applications follow a label with {@code s3://bucket/key@production}: {@link S3ManifestSource}
 * resolves it on every fetch, so a {@code ManifestWatcher} reloads when the label moves.
 *
 * <pre>{@code
 * ManifestLabels labels = ManifestLabels.builder().client(s3)
 *     .manifest(S3Location.parse("s3://ml-config/support/manifest.json"))
 *     .approvalRegistry(approvals).policy(PinningPolicy.builder().requireApproval(true).build())
 *     .build();
 * labels.set("production", "3HL4kqtJ", "alice@example.com", "staging ran clean for a week");
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class ManifestLabels {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LABEL = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,62}");
  private static final Pattern LABELED_URI = Pattern.compile("(s3://[^?#]+)@([A-Za-z][A-Za-z0-9_-]{0,62})");

  private final S3Client s3;
  private final S3Location manifest;
  private final @Nullable ApprovalRegistry approvals;
  private final PinningPolicy policy;
  private final @Nullable String expectedBucketOwner;
  private final Clock clock;

  private ManifestLabels(Builder b) {
    this.s3 = Objects.requireNonNull(b.s3, "client must be set");
    this.manifest = Objects.requireNonNull(b.manifest, "manifest must be set").withoutVersionId();
    this.approvals = b.approvals;
    this.policy = b.policy;
    this.expectedBucketOwner = b.expectedBucketOwner;
    this.clock = b.clock;
    if (policy.requireApproval() && approvals == null) {
      throw new IllegalArgumentException("approvalRegistry must be set when the policy requires approval (labels of "
          + manifest + ")");
    }
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the label of {@code s3://bucket/key@label}, or null when the URI names no label. A key
   * that itself contains {@code @} followed by a label-like name is written with {@code %40}.
   */
  public static @Nullable String labelOf(String uri) {
    Matcher m = LABELED_URI.matcher(uri);
    return m.matches() ? m.group(2) : null;
  }

  /** Returns {@code uri} without its {@code @label} suffix, unchanged when it has none. */
  public static String withoutLabel(String uri) {
    Matcher m = LABELED_URI.matcher(uri);
    return m.matches() ? m.group(1) : uri;
  }

  /**
   * Checks a label name: a letter, then up to 62 letters, digits, {@code _} or {@code -}.
   *
   * @throws IllegalArgumentException naming the label otherwise
   */
  public static String checkLabel(String label) {
    Objects.requireNonNull(label, "label");
    if (!LABEL.matcher(label).matches()) {
      throw new IllegalArgumentException("label must be a letter followed by up to 62 letters, digits, '_' or '-', was '"
          + label + "'");
    }
    return label;
  }

  /** Returns the manifest key whose labels these are. */
  public S3Location manifest() {
    return manifest;
  }

  /** Returns where {@code label} is kept: {@code <manifest key>.labels/<label>.json}. */
  public S3Location labelLocation(String label) {
    return manifest.resolveKey(manifest.key() + ".labels/" + checkLabel(label) + ".json");
  }

  /**
   * Moves {@code label} to manifest version {@code versionId} and returns the recorded move.
   *
   * @throws ManifestApprovalException if the policy requires approval and the version's digest is not approved
   * @throws ConcurrentRecordUpdateException if another promoter moved the label since it was read here
   * @throws dev.mvc.ManifestException if the version cannot be read or is not a manifest
   * @throws S3StoreException if the write fails
   */
  public LabelMove set(String label, String versionId, String by, String reason) {
    checkLabel(label);
    Objects.requireNonNull(versionId, "versionId");
    Objects.requireNonNull(by, "by");
    Objects.requireNonNull(reason, "reason");
    if (reason.isBlank()) {
      throw new IllegalArgumentException("reason for moving label " + label + " of " + manifest + " must not be blank");
    }
    S3Location version = manifest.withVersionId(versionId);
    String digest = digestOf(version);
    if (policy.requireApproval()) {
      ApprovalStatus status = Objects.requireNonNull(approvals).decision(
          new dev.mvc.SourceRef(manifest.toString(), versionId, null), digest).status();
      if (status != ApprovalStatus.APPROVED) {
        throw new ManifestApprovalException("label " + label + " of " + manifest + " cannot move to " + version
            + ": the policy requires approval and digest " + digest + " is " + status.wireName(), status);
      }
    }
    S3RecordLog log = log(label);
    S3RecordLog.Entry latest = log.latest();
    String previous = latest == null ? null : parse(latest).versionId();
    LabelMove move = new LabelMove(label, version, digest, by, clock.instant(), reason, previous);
    log.append(toJson(move), latest);
    return move;
  }

  /**
   * Returns the latest move of {@code label}, or null when it was never set.
   *
   * @throws ManifestSourceException if S3 cannot be reached
   */
  public @Nullable LabelMove current(String label) {
    S3RecordLog.Entry latest = log(label).latest();
    return latest == null ? null : parse(latest);
  }

  /**
   * Returns the manifest version {@code label} points to.
   *
   * @throws ManifestSourceException with {@code notFound()} when the label was never set
   */
  public S3Location resolve(String label) {
    LabelMove current = current(label);
    if (current == null) {
      throw new ManifestSourceException("label " + label + " of " + manifest + " is not set (no "
          + labelLocation(label) + "): set it with mvc label set " + label + " '" + manifest + "?versionId=..'", true, null);
    }
    return current.manifest();
  }

  /**
   * Returns every move of {@code label}, oldest first.
   *
   * @throws ManifestSourceException if S3 cannot be reached
   */
  public List<LabelMove> history(String label) {
    List<LabelMove> out = new ArrayList<>();
    for (S3RecordLog.Entry e : log(label).entries()) {
      out.add(parse(e));
    }
    return out;
  }

  private S3RecordLog log(String label) {
    return S3RecordLog.of(s3, labelLocation(label), expectedBucketOwner);
  }

  private String digestOf(S3Location version) {
    try {
      return VersionManifest.parse(BoundedBodies.get(s3, GetObjectRequest.builder().bucket(version.bucket())
          .key(version.key()).versionId(version.versionId()).checksumMode(ChecksumMode.ENABLED)
          .expectedBucketOwner(expectedBucketOwner).build(), S3ManifestSource.MAX_MANIFEST_BYTES, "manifest",
          version).bytes()).digest();
    } catch (SdkException e) {
      throw S3Errors.translate("GetObject", version, e);
    }
  }

  private static byte[] toJson(LabelMove m) {
    ObjectNode node = JSON.createObjectNode();
    node.put("label", m.label());
    node.put("manifest", m.manifest().toString());
    node.put("digest", m.digest());
    node.put("by", m.by());
    node.put("at", m.at().toString());
    node.put("reason", m.reason());
    node.put("previousVersionId", m.previousVersionId());
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write label record", e);
    }
  }

  private static LabelMove parse(S3RecordLog.Entry e) {
    try {
      JsonNode n = JSON.readTree(e.bytes());
      JsonNode previous = n.path("previousVersionId");
      return new LabelMove(n.path("label").asText(), S3Location.parse(n.path("manifest").asText()),
          n.path("digest").asText(), n.path("by").asText(), Instant.parse(n.path("at").asText()),
          n.path("reason").asText(), previous.isTextual() ? previous.asText() : null);
    } catch (IOException | RuntimeException ex) {
      throw new ManifestSourceException("label record " + e.version() + " is unreadable: " + ex.getMessage(), false, ex);
    }
  }

  @Override
  public String toString() {
    return "ManifestLabels{" + manifest + "}";
  }

  /** A builder of {@link ManifestLabels}; not thread-safe. */
  public static final class Builder {
    private @Nullable S3Client s3;
    private @Nullable S3Location manifest;
    private @Nullable ApprovalRegistry approvals;
    private PinningPolicy policy = PinningPolicy.strict();
    private @Nullable String expectedBucketOwner;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** Sets the client; the labels never close it. */
    public Builder client(S3Client client) {
      this.s3 = Objects.requireNonNull(client, "client");
      return this;
    }

    /** Sets the manifest key ({@code s3://bucket/key}; a version id is ignored). */
    public Builder manifest(S3Location manifest) {
      this.manifest = Objects.requireNonNull(manifest, "manifest");
      return this;
    }

    /** Sets the registry asked for approval when the policy requires it. */
    public Builder approvalRegistry(@Nullable ApprovalRegistry approvals) {
      this.approvals = approvals;
      return this;
    }

    /** Sets the policy: with {@code requireApproval(true)} a label moves only to approved digests. */
    public Builder policy(PinningPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** Sends {@code x-amz-expected-bucket-owner} with every request. */
    public Builder expectedBucketOwner(@Nullable String accountId) {
      this.expectedBucketOwner = S3Errors.checkAccountId(accountId);
      return this;
    }

    /** Sets the clock that dates moves. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Returns the labels. */
    public ManifestLabels build() {
      return new ManifestLabels(this);
    }
  }
}
