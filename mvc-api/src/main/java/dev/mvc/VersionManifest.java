package dev.mvc;

import dev.mvc.internal.Checks;
import dev.mvc.internal.Hashing;
import dev.mvc.internal.Jcs;
import dev.mvc.internal.ManifestJson;
import dev.mvc.internal.WellFormedText;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An immutable description of one model version: the model target, the prompt, the inference
 * parameters and the provenance, identified by one {@link #digest()}. Approval status is about
 * a digest and is kept beside the manifest, never inside it.
 *
 * <p>Parse one with {@link #parse(byte[])}; build one with {@link #builder()}; write one with
 * {@link #toJson()}.
 */
public final class VersionManifest {
  /** The schema identifier written in every manifest. */
  public static final String SCHEMA = ManifestJson.SCHEMA;

  private final String name;
  private final String version;
  private final Instant createdAt;
  private final @Nullable Provenance provenance;
  private final ModelTarget model;
  private final PromptSpec prompt;
  private final InferenceParameters inference;
  private final Map<String, Object> document;
  private final String canonicalJson;
  private final String digest;

  private VersionManifest(Builder b) {
    this(b, null);
  }

  /**
   * Creates a manifest from its fields and, when it was parsed, the document as written; a
   * built manifest's document is the JSON its fields are written as.
   */
  private VersionManifest(Builder b, @Nullable Map<String, Object> parsed) {
    this.name = Checks.name("name", b.name);
    this.version = Checks.version("version", b.version);
    this.createdAt = Checks.required("createdAt", b.createdAt);
    this.provenance = b.provenance;
    this.model = Checks.required("model", b.model);
    this.prompt = Checks.required("prompt", b.prompt);
    this.inference = Checks.required("inference", b.inference);
    model.checkSections(prompt, inference);
    if (parsed != null) {
      this.document = parsed;
    } else {
      Map<String, Object> written = ManifestJson.toTree(this);
      ManifestJson.check(written);
      this.document = Collections.unmodifiableMap(written);
    }
    this.canonicalJson = Jcs.canonicalize(document);
    this.digest = "sha256:" + Hashing.sha256Hex(canonicalJson);
  }

  /**
   * Parses {@code mvc/v1} manifest bytes (UTF-8 JSON, at most 1 MiB).
   *
   * @throws ManifestParseException naming the JSON path and value of the first problem
   */
  public static VersionManifest parse(byte[] json) {
    ManifestJson.Parsed parsed = ManifestJson.read(Objects.requireNonNull(json, "json"));
    return new VersionManifest(parsed.manifest(), parsed.document());
  }

  /**
   * Parses manifest JSON text.
   *
   * @throws ManifestParseException also when the text holds a lone surrogate, which has no
   *     UTF-8 form
   */
  public static VersionManifest parse(String json) {
    String problem = WellFormedText.problem(json);
    if (problem != null) {
      throw new ManifestParseException("$", "$ manifest text " + problem);
    }
    return parse(json.getBytes(StandardCharsets.UTF_8));
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder holding this manifest's fields. */
  public Builder toBuilder() {
    return new Builder().name(name).version(version).createdAt(createdAt).provenance(provenance)
        .model(model).prompt(prompt).inference(inference);
  }

  /** Returns the manifest name, shared by all versions of one feature. */
  public String name() {
    return name;
  }

  /** Returns the version label. */
  public String version() {
    return version;
  }

  /** Returns when the manifest was created. */
  public Instant createdAt() {
    return createdAt;
  }

  /** Returns the provenance, or null. */
  public @Nullable Provenance provenance() {
    return provenance;
  }

  /** Returns the pinned model target. */
  public ModelTarget model() {
    return model;
  }

  /** Returns the pinned prompt. */
  public PromptSpec prompt() {
    return prompt;
  }

  /** Returns the pinned inference parameters. */
  public InferenceParameters inference() {
    return inference;
  }

  /**
   * Returns {@code sha256:} followed by the hex SHA-256 of the RFC 8785 canonical JSON of the
   * manifest document as written (for a parsed manifest, the document that was parsed, not a
   * normalised copy), so any RFC 8785 implementation recomputes it: unchanged by key order and
   * white space, changed by any value.
   */
  public String digest() {
    return digest;
  }

  /**
   * Returns the manifest document as indented JSON: for a parsed manifest the document as
   * written (members in their order, {@code createdAt} and every other value unchanged), so
   * parsing it again gives the same digest.
   */
  public String toJson() {
    return ManifestJson.pretty(document);
  }

  /** Returns the RFC 8785 canonical JSON of the document, whose SHA-256 is the digest. */
  public String toCanonicalJson() {
    return canonicalJson;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VersionManifest && digest.equals(((VersionManifest) o).digest);
  }

  @Override
  public int hashCode() {
    return digest.hashCode();
  }

  @Override
  public String toString() {
    return "VersionManifest{" + name + " " + version + ", " + digest + ", " + model.describe() + "}";
  }

  /** A builder of {@link VersionManifest}. */
  public static final class Builder {
    private @Nullable String name;
    private @Nullable String version;
    private @Nullable Instant createdAt;
    private @Nullable Provenance provenance;
    private @Nullable ModelTarget model;
    private @Nullable PromptSpec prompt;
    private @Nullable InferenceParameters inference;

    private Builder() {}

    /** Sets the name. */
    public Builder name(@Nullable String name) {
      this.name = name;
      return this;
    }

    /** Sets the version label. */
    public Builder version(@Nullable String version) {
      this.version = version;
      return this;
    }

    /** Sets the creation time. */
    public Builder createdAt(@Nullable Instant createdAt) {
      this.createdAt = createdAt;
      return this;
    }

    /** Sets the provenance. */
    public Builder provenance(@Nullable Provenance provenance) {
      this.provenance = provenance;
      return this;
    }

    /** Sets the model target. */
    public Builder model(@Nullable ModelTarget model) {
      this.model = model;
      return this;
    }

    /** Sets the prompt. */
    public Builder prompt(@Nullable PromptSpec prompt) {
      this.prompt = prompt;
      return this;
    }

    /** Sets the inference parameters. */
    public Builder inference(@Nullable InferenceParameters inference) {
      this.inference = inference;
      return this;
    }

    /** Builds the manifest, failing with the path and value of the first invalid field. */
    public VersionManifest build() {
      return new VersionManifest(this);
    }
  }
}
