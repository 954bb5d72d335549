package dev.mvc.s3;

import dev.mvc.VersionManifest;
import dev.mvc.s3.internal.Checksums;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A request to publish one manifest version to S3: where, the manifest (and optionally its
 * exact JSON bytes), the prompt blobs it references, who publishes it and an optional detached
 * signature. Instances are immutable.
 */
public final class PublishRequest {
  private final S3Location target;
  private final VersionManifest manifest;
  private final byte[] json;
  private final Map<String, byte[]> blobs;
  private final @Nullable String publishedBy;
  private final @Nullable String signature;

  private PublishRequest(Builder b) {
    this.target = Objects.requireNonNull(b.target, "target must be set");
    if (target.isPinned()) {
      throw new IllegalArgumentException(
          "target must not carry a versionId (S3 assigns one on publish), was " + target);
    }
    if (b.manifest == null) {
      throw new NullPointerException("manifest must be set");
    }
    this.manifest = b.manifest;
    this.json = b.json != null ? b.json : b.manifest.toJson().getBytes(StandardCharsets.UTF_8);
    this.blobs = Collections.unmodifiableMap(new LinkedHashMap<>(b.blobs));
    this.publishedBy = b.publishedBy;
    this.signature = b.signature;
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns where the manifest is published, without a version id. */
  public S3Location target() {
    return target;
  }

  /** Returns the manifest. */
  public VersionManifest manifest() {
    return manifest;
  }

  /** Returns a copy of the JSON bytes that are stored. */
  public byte[] json() {
    return json.clone();
  }

  byte[] jsonShared() {
    return json;
  }

  /** Returns the blobs to publish, keyed by hex SHA-256. The arrays are shared; do not change them. */
  public Map<String, byte[]> blobs() {
    return blobs;
  }

  /** Returns who publishes, or {@code null}. */
  public @Nullable String publishedBy() {
    return publishedBy;
  }

  /** Returns the detached signature stored with the manifest, or {@code null}. */
  public @Nullable String signature() {
    return signature;
  }

  @Override
  public String toString() {
    return "PublishRequest{" + target + ", " + manifest.name() + " " + manifest.version() + " "
        + manifest.digest() + ", " + blobs.size() + " blobs}";
  }

  /** A builder of {@link PublishRequest}; not thread-safe. */
  public static final class Builder {
    private @Nullable S3Location target;
    private @Nullable VersionManifest manifest;
    private byte @Nullable [] json;
    private final Map<String, byte[]> blobs = new LinkedHashMap<>();
    private @Nullable String publishedBy;
    private @Nullable String signature;

    private Builder() {}

    /** Sets the manifest object to publish a new version of. */
    public Builder target(S3Location target) {
      this.target = Objects.requireNonNull(target, "target");
      return this;
    }

    /** Sets the manifest object as {@code s3://bucket/key}. */
    public Builder target(String uri) {
      return target(S3Location.parse(uri));
    }

    /** Sets the manifest; its {@link VersionManifest#toJson()} is stored. */
    public Builder manifest(VersionManifest manifest) {
      this.manifest = Objects.requireNonNull(manifest, "manifest");
      this.json = null;
      return this;
    }

    /**
     * Sets the manifest as JSON bytes, stored exactly as given (for example a file from a
     * config repository).
     *
     * @throws dev.mvc.ManifestParseException if the bytes are not a valid manifest
     */
    public Builder manifestJson(byte[] json) {
      Objects.requireNonNull(json, "json");
      this.manifest = VersionManifest.parse(json);
      this.json = json.clone();
      return this;
    }

    /** Adds a prompt blob (template or system text) that the manifest references by SHA-256. */
    public Builder blob(byte[] content) {
      Objects.requireNonNull(content, "content");
      byte[] copy = content.clone();
      blobs.put(Checksums.sha256Hex(copy), copy);
      return this;
    }

    /** Adds a prompt blob given as text, stored as UTF-8. */
    public Builder blob(String text) {
      return blob(Objects.requireNonNull(text, "text").getBytes(StandardCharsets.UTF_8));
    }

    /** Records who publishes (a user or a CI job), stored as {@code x-amz-meta-mvc-published-by}. */
    public Builder publishedBy(@Nullable String publishedBy) {
      this.publishedBy = publishedBy;
      return this;
    }

    /** Stores a detached signature over the digest with the manifest. */
    public Builder signature(@Nullable String signature) {
      this.signature = signature;
      return this;
    }

    /** Returns the request. */
    public PublishRequest build() {
      return new PublishRequest(this);
    }
  }
}
