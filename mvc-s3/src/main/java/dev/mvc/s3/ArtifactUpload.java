package dev.mvc.s3;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A request to upload one model artifact file, such as {@code model.tar.gz}, to S3 with the
 * user metadata that says where it came from.
 *
 * <p>Metadata names are lowercase letters, digits and hyphens; they become
 * {@code x-amz-meta-<name>} headers. The conventional names have their own builder methods.
 * Instances are immutable.
 */
public final class ArtifactUpload {
  private final Path file;
  private final S3Location target;
  private final Map<String, String> metadata;
  private final String contentType;
  private final @Nullable String kmsKeyId;

  private ArtifactUpload(Builder b) {
    this.file = Objects.requireNonNull(b.file, "file must be set");
    this.target = Objects.requireNonNull(b.target, "target must be set");
    if (target.isPinned()) {
      throw new IllegalArgumentException(
          "target must not carry a versionId (S3 assigns one on upload), was " + target);
    }
    this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(b.metadata));
    this.contentType = b.contentType;
    this.kmsKeyId = b.kmsKeyId;
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder initialised from this request. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.file = file;
    b.target = target;
    b.metadata.putAll(metadata);
    b.contentType = contentType;
    b.kmsKeyId = kmsKeyId;
    return b;
  }

  /** Returns the local file to upload. */
  public Path file() {
    return file;
  }

  /** Returns where to upload it, without a version id. */
  public S3Location target() {
    return target;
  }

  /** Returns the user metadata, in insertion order. */
  public Map<String, String> metadata() {
    return metadata;
  }

  /** Returns the content type; {@code application/octet-stream} unless set. */
  public String contentType() {
    return contentType;
  }

  /** Returns the KMS key id for SSE-KMS, or {@code null} for the bucket's default encryption. */
  public @Nullable String kmsKeyId() {
    return kmsKeyId;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof ArtifactUpload)) {
      return false;
    }
    ArtifactUpload other = (ArtifactUpload) o;
    return file.equals(other.file) && target.equals(other.target) && metadata.equals(other.metadata)
        && contentType.equals(other.contentType) && Objects.equals(kmsKeyId, other.kmsKeyId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(file, target, metadata, contentType, kmsKeyId);
  }

  @Override
  public String toString() {
    return "ArtifactUpload{file=" + file + ", target=" + target + ", metadata=" + metadata
        + (kmsKeyId == null ? "" : ", kmsKeyId=" + kmsKeyId) + "}";
  }

  /** A builder of {@link ArtifactUpload}; not thread-safe. */
  public static final class Builder {
    private @Nullable Path file;
    private @Nullable S3Location target;
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private String contentType = "application/octet-stream";
    private @Nullable String kmsKeyId;

    private Builder() {}

    /** Sets the local file to upload. */
    public Builder file(Path file) {
      this.file = Objects.requireNonNull(file, "file");
      return this;
    }

    /** Sets where to upload the file. */
    public Builder target(S3Location target) {
      this.target = Objects.requireNonNull(target, "target");
      return this;
    }

    /** Sets where to upload the file, as {@code s3://bucket/key}. */
    public Builder target(String uri) {
      return target(S3Location.parse(uri));
    }

    /** Sets metadata {@code git-sha}: the commit the artifact was built from. */
    public Builder gitSha(String gitSha) {
      return metadata("git-sha", gitSha);
    }

    /** Sets metadata {@code training-date}, such as {@code 2026-11-20}. */
    public Builder trainingDate(String trainingDate) {
      return metadata("training-date", trainingDate);
    }

    /** Sets metadata {@code base-model}: the model the artifact was trained from. */
    public Builder baseModel(String baseModel) {
      return metadata("base-model", baseModel);
    }

    /** Sets metadata {@code eval-accuracy}, a number in [0, 1]. */
    public Builder evalAccuracy(double accuracy) {
      if (!(accuracy >= 0 && accuracy <= 1)) {
        throw new IllegalArgumentException("evalAccuracy must be in [0, 1], was " + accuracy);
      }
      return metadata("eval-accuracy", Double.toString(accuracy));
    }

    /**
     * Sets metadata {@code eval-<name>}, an evaluation result such as {@code eval-f1}.
     *
     * @throws IllegalArgumentException if the value is not a finite number or the name is not
     *     lowercase letters, digits and hyphens
     */
    public Builder evalMetric(String name, String value) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      double v;
      try {
        v = Double.parseDouble(value);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("eval " + name + " must be a number, was " + value, e);
      }
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException("eval " + name + " must be a finite number, was " + value);
      }
      return metadata(ArtifactMetadata.EVAL_PREFIX + name, value);
    }

    /** Sets metadata {@code training-dataset-version}. */
    public Builder trainingDatasetVersion(String version) {
      return metadata("training-dataset-version", version);
    }

    /**
     * Sets one metadata entry.
     *
     * @throws IllegalArgumentException if the name is not lowercase letters, digits and
     *     hyphens, or is reserved ({@code mvc-*})
     */
    public Builder metadata(String name, String value) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      if (!name.matches("[a-z0-9][a-z0-9-]*")) {
        throw new IllegalArgumentException(
            "metadata name must be lowercase letters, digits and hyphens, was " + name);
      }
      if (name.startsWith("mvc-")) {
        throw new IllegalArgumentException("metadata name " + name + " is reserved (mvc-*)");
      }
      metadata.put(name, value);
      return this;
    }

    /** Sets the content type; {@code application/octet-stream} by default. */
    public Builder contentType(String contentType) {
      this.contentType = Objects.requireNonNull(contentType, "contentType");
      return this;
    }

    /** Encrypts with SSE-KMS under this key id or ARN. */
    public Builder kmsKeyId(String kmsKeyId) {
      Objects.requireNonNull(kmsKeyId, "kmsKeyId");
      if (kmsKeyId.isBlank()) {
        throw new IllegalArgumentException("kmsKeyId must not be blank");
      }
      this.kmsKeyId = kmsKeyId;
      return this;
    }

    /**
     * Returns the request.
     *
     * @throws NullPointerException if file or target is missing
     */
    public ArtifactUpload build() {
      return new ArtifactUpload(this);
    }
  }
}
