package dev.mvc;

import dev.mvc.internal.StampHeader;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The identity of everything that produced one response: manifest name, version and digest,
 * provider and model (or endpoint and variant), prompt hashes, the digest of the effective
 * inference parameters, the config repo's git SHA, where the manifest came from, its approval at
 * load, and the backend request and invocation IDs with the time, plus the SHA-256 of each
 * document and image the caller sent with the call (never their bytes).
 *
 * <p>A stamp is two parts: the {@link VersionPart}, which identifies the version and is computed
 * once when the manifest is loaded, and the {@link CallPart}, the facts of one call.
 * {@link #toHeaderValue()} gives a compact one-line form for logs and HTTP headers;
 * {@link #parse(String)} reads it back.
 */
public final class VersionStamp {
  /** The prefix of the header form. */
  public static final String HEADER_PREFIX = "mvc1";

  private final VersionPart version;
  private final CallPart call;

  private VersionStamp(VersionPart version, CallPart call) {
    this.version = Objects.requireNonNull(version, "version");
    this.call = Objects.requireNonNull(call, "call");
  }

  /**
   * The part of a stamp that identifies the version that served: the same for every call of one
   * loaded manifest, except that the inference digest includes the call's allowed overrides.
   *
   * @param manifestName the manifest name
   * @param manifestVersion the manifest version label
   * @param digest the manifest digest ({@code sha256:...})
   * @param target the facts of the pinned target
   * @param templateSha256 the SHA-256 of the template text
   * @param systemSha256 the SHA-256 of the system prompt, or null when there is none
   * @param inferenceDigest the digest of the effective inference parameters (pin plus overrides)
   * @param gitSha the config repository's git SHA, or null
   * @param source where the manifest was read from
   * @param servedFrom whether it came from its source or the last-known-good copy
   * @param approval the manifest's approval status when it was loaded
   */
  public record VersionPart(String manifestName, String manifestVersion, String digest,
      TargetStamp target, String templateSha256, @Nullable String systemSha256,
      String inferenceDigest, @Nullable String gitSha, SourceRef source, ServedFrom servedFrom,
      ApprovalStatus approval) {

    /** Requires every field that is not marked nullable, naming the first one missing. */
    public VersionPart {
      req(manifestName, "manifestName");
      req(manifestVersion, "manifestVersion");
      req(digest, "digest");
      req(target, "provider");
      req(templateSha256, "templateSha256");
      req(inferenceDigest, "inferenceDigest");
      req(source == null ? null : source.uri(), "sourceUri");
      req(servedFrom, "servedFrom");
      req(approval, "approval");
    }

    /** Returns this part with {@code inferenceDigest}, or this part when it already has it. */
    public VersionPart withInferenceDigest(String inferenceDigest) {
      return this.inferenceDigest.equals(inferenceDigest) ? this
          : new VersionPart(manifestName, manifestVersion, digest, target, templateSha256, systemSha256,
              inferenceDigest, gitSha, source, servedFrom, approval);
    }
  }

  /**
   * The facts of one call: the provider's request ID, the invocation ID, when the response was
   * produced, and how it was served (fallback manifest, canary arm, response cache).
   *
   * @param backendRequestId the provider's request ID, or null
   * @param invocationId the invocation ID
   * @param time when the response was produced
   * @param fallback whether the explicitly configured fallback manifest served the call
   * @param arm the canary arm that served the call, or null
   * @param cached whether the response came from the response cache
   * @param toolRounds the number of model calls a tool loop made, 0 outside a tool loop
   * @param attachmentSha256s the lowercase hex SHA-256 of each document and image the caller sent,
   *     in the order sent (never the bytes); empty when none
   */
  public record CallPart(@Nullable String backendRequestId, String invocationId, Instant time,
      boolean fallback, @Nullable String arm, boolean cached, int toolRounds, List<String> attachmentSha256s) {

    /** Requires the invocation ID and the time, and SHA-256 hex values for the attachments. */
    public CallPart {
      req(invocationId, "invocationId");
      req(time, "time");
      if (toolRounds < 0) {
        throw new IllegalArgumentException("version stamp toolRounds must be >= 0, was " + toolRounds);
      }
      attachmentSha256s = List.copyOf(req(attachmentSha256s, "attachmentSha256s"));
      for (String sha : attachmentSha256s) {
        if (!SHA256_HEX.matcher(sha).matches()) {
          throw new IllegalArgumentException("version stamp attachmentSha256s must hold lowercase hex SHA-256"
              + " values, was " + sha);
        }
      }
    }

    /** Returns the facts of a call that sent no documents or images. */
    public CallPart(@Nullable String backendRequestId, String invocationId, Instant time, boolean fallback,
        @Nullable String arm, boolean cached, int toolRounds) {
      this(backendRequestId, invocationId, time, fallback, arm, cached, toolRounds, List.of());
    }

    /** Returns the facts of a call that ran no tool loop. */
    public CallPart(@Nullable String backendRequestId, String invocationId, Instant time, boolean fallback,
        @Nullable String arm, boolean cached) {
      this(backendRequestId, invocationId, time, fallback, arm, cached, 0, List.of());
    }

    /** Returns the facts of a call that has just produced a response: no fallback, arm or cache. */
    public static CallPart of(@Nullable String backendRequestId, String invocationId, Instant time) {
      return new CallPart(backendRequestId, invocationId, time, false, null, false);
    }
  }

  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  private static <T> T req(@Nullable T value, String name) {
    if (value == null) {
      throw new IllegalArgumentException("version stamp needs " + name);
    }
    return value;
  }

  /** Returns the stamp made of {@code version} and {@code call}. */
  public static VersionStamp of(VersionPart version, CallPart call) {
    return new VersionStamp(version, call);
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder holding this stamp's fields. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.manifestName = version.manifestName();
    b.manifestVersion = version.manifestVersion();
    b.digest = version.digest();
    TargetStamp t = version.target();
    b.provider = t.provider();
    b.modelId = t.modelId();
    b.endpoint = t.endpoint();
    b.variant = t.variant();
    b.guardrail = t.guardrail();
    b.knowledgeBaseId = t.knowledgeBaseId();
    b.dataSourceVersion = t.dataSourceVersion();
    b.agentId = t.agentId();
    b.agentAliasId = t.agentAliasId();
    b.targetArn = t.targetArn();
    b.templateSha256 = version.templateSha256();
    b.systemSha256 = version.systemSha256();
    b.inferenceDigest = version.inferenceDigest();
    b.gitSha = version.gitSha();
    b.source = version.source();
    b.servedFrom = version.servedFrom();
    b.approval = version.approval();
    b.backendRequestId = call.backendRequestId();
    b.invocationId = call.invocationId();
    b.time = call.time();
    b.fallback = call.fallback();
    b.arm = call.arm();
    b.cached = call.cached();
    b.toolRounds = call.toolRounds();
    b.attachmentSha256s = call.attachmentSha256s();
    return b;
  }

  /** Returns the part that identifies the version, computed when the manifest was loaded. */
  public VersionPart versionPart() {
    return version;
  }

  /** Returns the facts of this call. */
  public CallPart callPart() {
    return call;
  }

  /** Returns the manifest name. */
  public String manifestName() {
    return version.manifestName();
  }

  /** Returns the manifest version label. */
  public String manifestVersion() {
    return version.manifestVersion();
  }

  /** Returns the manifest digest ({@code sha256:...}). */
  public String digest() {
    return version.digest();
  }

  /** Returns the provider: {@code bedrock}, {@code sagemaker}, ... */
  public String provider() {
    return version.target().provider();
  }

  /** Returns the pinned Bedrock model ID, or null for endpoint targets. */
  public @Nullable String modelId() {
    return version.target().modelId();
  }

  /** Returns the SageMaker endpoint, or null. */
  public @Nullable String endpoint() {
    return version.target().endpoint();
  }

  /** Returns the SageMaker production variant or inference component, or null. */
  public @Nullable String variant() {
    return version.target().variant();
  }

  /** Returns the guardrail as {@code id:version}, or null. */
  public @Nullable String guardrail() {
    return version.target().guardrail();
  }

  /** Returns the knowledge base ID, or null. */
  public @Nullable String knowledgeBaseId() {
    return version.target().knowledgeBaseId();
  }

  /** Returns the pinned knowledge-base data-source version, or null. */
  public @Nullable String dataSourceVersion() {
    return version.target().dataSourceVersion();
  }

  /** Returns the agent ID, or null. */
  public @Nullable String agentId() {
    return version.target().agentId();
  }

  /** Returns the agent alias ID, or null. */
  public @Nullable String agentAliasId() {
    return version.target().agentAliasId();
  }

  /**
   * Returns the ARN the call went through instead of {@link #modelId()} (an application inference
   * profile, provisioned throughput, custom or imported model, or prompt version), or null.
   */
  public @Nullable String targetArn() {
    return version.target().targetArn();
  }

  /** Returns the SHA-256 of the template text. */
  public String templateSha256() {
    return version.templateSha256();
  }

  /** Returns the SHA-256 of the system prompt, or null when there is none. */
  public @Nullable String systemSha256() {
    return version.systemSha256();
  }

  /** Returns the digest of the effective inference parameters (pin plus overrides). */
  public String inferenceDigest() {
    return version.inferenceDigest();
  }

  /** Returns the config repository's git SHA, or null. */
  public @Nullable String gitSha() {
    return version.gitSha();
  }

  /** Returns the manifest source URI. */
  public String sourceUri() {
    return version.source().uri();
  }

  /** Returns the source version ID (such as the S3 versionId), or null. */
  public @Nullable String sourceVersionId() {
    return version.source().versionId();
  }

  /** Returns the source entity tag, or null. */
  public @Nullable String sourceEtag() {
    return version.source().etag();
  }

  /** Returns the source reference. */
  public SourceRef source() {
    return version.source();
  }

  /** Returns where the manifest was loaded from. */
  public ServedFrom servedFrom() {
    return version.servedFrom();
  }

  /** Returns the manifest's approval status when it was loaded. */
  public ApprovalStatus approval() {
    return version.approval();
  }

  /** Returns the provider's request ID, or null. */
  public @Nullable String backendRequestId() {
    return call.backendRequestId();
  }

  /** Returns the invocation ID. */
  public String invocationId() {
    return call.invocationId();
  }

  /** Returns when the response was produced. */
  public Instant time() {
    return call.time();
  }

  /**
   * Returns whether the response came from the explicitly configured fallback manifest because
   * the primary could not serve; the other fields then describe the fallback version.
   */
  public boolean fallback() {
    return call.fallback();
  }

  /** Returns the canary arm that served the call ({@code baseline} or {@code candidate}), or null. */
  public @Nullable String arm() {
    return call.arm();
  }

  /** Returns whether the response was served from the response cache of this manifest version. */
  public boolean cached() {
    return call.cached();
  }

  /** Returns a copy that records the canary arm that served the call. */
  public VersionStamp withArm(String arm) {
    Objects.requireNonNull(arm, "arm");
    return new VersionStamp(version, new CallPart(call.backendRequestId(), call.invocationId(), call.time(),
        call.fallback(), arm, call.cached(), call.toolRounds(), call.attachmentSha256s()));
  }

  /** Returns a copy marked as served by the fallback manifest ({@code fb=1}). */
  public VersionStamp asFallback() {
    return new VersionStamp(version, new CallPart(call.backendRequestId(), call.invocationId(), call.time(),
        true, call.arm(), call.cached(), call.toolRounds(), call.attachmentSha256s()));
  }

  /** Returns a copy marked as served from the response cache ({@code ch=1}), with new call parts. */
  public VersionStamp asCached(String invocationId, Instant time) {
    return new VersionStamp(version, new CallPart(call.backendRequestId(), invocationId, time,
        call.fallback(), call.arm(), true, call.toolRounds(), call.attachmentSha256s()));
  }

  /**
   * Returns a copy that records the number of model calls a tool loop made ({@code tr=N}); 0
   * for a call outside a tool loop.
   */
  public VersionStamp withToolRounds(int toolRounds) {
    return new VersionStamp(version, new CallPart(call.backendRequestId(), call.invocationId(), call.time(),
        call.fallback(), call.arm(), call.cached(), toolRounds, call.attachmentSha256s()));
  }

  /**
   * Returns a copy that records the SHA-256 of each document and image the call sent
   * ({@code att=<hex>,<hex>}), in the order sent.
   */
  public VersionStamp withAttachments(List<String> attachmentSha256s) {
    return new VersionStamp(version, new CallPart(call.backendRequestId(), call.invocationId(), call.time(),
        call.fallback(), call.arm(), call.cached(), call.toolRounds(), attachmentSha256s));
  }

  /**
   * Returns the lowercase hex SHA-256 of each document and image the caller sent with the call,
   * in the order sent; empty when it sent none. The bytes themselves are never in a stamp.
   */
  public List<String> attachmentSha256s() {
    return call.attachmentSha256s();
  }

  /** Returns how many model calls the tool loop that produced this response made, 0 outside a tool loop. */
  public int toolRounds() {
    return call.toolRounds();
  }

  /**
   * Returns the compact one-line form: {@code mvc1;n=<name>;v=<version>;d=<digest>;...}, with
   * {@code % ; = ,}, spaces, control and non-ASCII characters percent-encoded (UTF-8).
   */
  public String toHeaderValue() {
    return StampHeader.format(this);
  }

  /**
   * Parses the form written by {@link #toHeaderValue()}, also when it stands inside a longer log
   * line; unknown fields are ignored so that newer stamps stay readable.
   *
   * <p>In a longer line the stamp is the <em>last</em> {@code mvc1;} that starts the line or
   * follows a delimiter (whitespace or punctuation such as {@code = : [ " ,}), and it runs to the
   * next whitespace or {@code "}. A stamp's own values never hold a raw {@code ;}, so text a user
   * put earlier in the line (a prompt, a message) cannot stand in for the stamp mvc wrote after
   * it; {@code xmvc1;} inside a word is not a stamp at all. Log the stamp at the end of the line.
   *
   * @throws IllegalArgumentException naming the missing or malformed field
   */
  public static VersionStamp parse(String headerValue) {
    return StampHeader.parse(headerValue);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VersionStamp && version.equals(((VersionStamp) o).version)
        && call.equals(((VersionStamp) o).call);
  }

  @Override
  public int hashCode() {
    return 31 * version.hashCode() + call.hashCode();
  }

  @Override
  public String toString() {
    return toHeaderValue();
  }

  /** A builder of {@link VersionStamp}, for tests and tools; clients build stamps themselves. */
  public static final class Builder {
    private @Nullable String manifestName;
    private @Nullable String manifestVersion;
    private @Nullable String digest;
    private @Nullable String provider;
    private @Nullable String modelId;
    private @Nullable String endpoint;
    private @Nullable String variant;
    private @Nullable String guardrail;
    private @Nullable String knowledgeBaseId;
    private @Nullable String dataSourceVersion;
    private @Nullable String agentId;
    private @Nullable String agentAliasId;
    private @Nullable String targetArn;
    private @Nullable String templateSha256;
    private @Nullable String systemSha256;
    private @Nullable String inferenceDigest;
    private @Nullable String gitSha;
    private @Nullable SourceRef source;
    private @Nullable ServedFrom servedFrom;
    private @Nullable ApprovalStatus approval;
    private @Nullable String backendRequestId;
    private @Nullable String invocationId;
    private @Nullable Instant time;
    private boolean fallback;
    private @Nullable String arm;
    private boolean cached;
    private int toolRounds;
    private List<String> attachmentSha256s = List.of();

    private Builder() {}

    /** Sets the number of model calls a tool loop made (0, the default, outside a tool loop). */
    public Builder toolRounds(int toolRounds) {
      this.toolRounds = toolRounds;
      return this;
    }

    /** Sets the SHA-256 of each document and image the call sent. */
    public Builder attachmentSha256s(List<String> attachmentSha256s) {
      this.attachmentSha256s = attachmentSha256s;
      return this;
    }

    /** Marks the stamp as served by the fallback manifest. */
    public Builder fallback(boolean fallback) {
      this.fallback = fallback;
      return this;
    }

    /** Sets the canary arm. */
    public Builder arm(@Nullable String arm) {
      this.arm = arm;
      return this;
    }

    /** Marks the stamp as served from the response cache. */
    public Builder cached(boolean cached) {
      this.cached = cached;
      return this;
    }

    /** Sets the manifest name, version and digest. */
    public Builder manifest(String name, String version, String digest) {
      this.manifestName = name;
      this.manifestVersion = version;
      this.digest = digest;
      return this;
    }

    /** Sets the provider. */
    public Builder provider(String provider) {
      this.provider = provider;
      return this;
    }

    /** Sets the provider and every target field from {@code target}. */
    public Builder target(TargetStamp target) {
      this.provider = target.provider();
      this.modelId = target.modelId();
      this.endpoint = target.endpoint();
      this.variant = target.variant();
      this.guardrail = target.guardrail();
      this.knowledgeBaseId = target.knowledgeBaseId();
      this.dataSourceVersion = target.dataSourceVersion();
      this.agentId = target.agentId();
      this.agentAliasId = target.agentAliasId();
      this.targetArn = target.targetArn();
      return this;
    }

    /** Sets the Bedrock model ID. */
    public Builder modelId(@Nullable String modelId) {
      this.modelId = modelId;
      return this;
    }

    /** Sets the SageMaker endpoint and variant. */
    public Builder endpoint(@Nullable String endpoint, @Nullable String variant) {
      this.endpoint = endpoint;
      this.variant = variant;
      return this;
    }

    /** Sets the guardrail as {@code id:version}. */
    public Builder guardrail(@Nullable String guardrail) {
      this.guardrail = guardrail;
      return this;
    }

    /** Sets the knowledge base and its pinned data-source version. */
    public Builder knowledgeBase(@Nullable String id, @Nullable String dataSourceVersion) {
      this.knowledgeBaseId = id;
      this.dataSourceVersion = dataSourceVersion;
      return this;
    }

    /** Sets the ARN the call went through instead of the model ID. */
    public Builder targetArn(@Nullable String targetArn) {
      this.targetArn = targetArn;
      return this;
    }

    /** Sets the agent and alias. */
    public Builder agent(@Nullable String id, @Nullable String aliasId) {
      this.agentId = id;
      this.agentAliasId = aliasId;
      return this;
    }

    /** Sets the prompt hashes. */
    public Builder prompt(String templateSha256, @Nullable String systemSha256) {
      this.templateSha256 = templateSha256;
      this.systemSha256 = systemSha256;
      return this;
    }

    /** Sets the inference digest. */
    public Builder inferenceDigest(String inferenceDigest) {
      this.inferenceDigest = inferenceDigest;
      return this;
    }

    /** Sets the git SHA. */
    public Builder gitSha(@Nullable String gitSha) {
      this.gitSha = gitSha;
      return this;
    }

    /** Sets the source reference. */
    public Builder source(SourceRef source) {
      this.source = source;
      return this;
    }

    /** Sets where the manifest was loaded from. */
    public Builder servedFrom(ServedFrom servedFrom) {
      this.servedFrom = servedFrom;
      return this;
    }

    /** Sets the approval at load. */
    public Builder approval(ApprovalStatus approval) {
      this.approval = approval;
      return this;
    }

    /** Sets the backend request ID. */
    public Builder backendRequestId(@Nullable String backendRequestId) {
      this.backendRequestId = backendRequestId;
      return this;
    }

    /** Sets the invocation ID. */
    public Builder invocationId(String invocationId) {
      this.invocationId = invocationId;
      return this;
    }

    /** Sets the time. */
    public Builder time(Instant time) {
      this.time = time;
      return this;
    }

    /** Builds the stamp; throws {@link IllegalArgumentException} naming a missing field. */
    public VersionStamp build() {
      req(manifestName, "manifestName");
      req(manifestVersion, "manifestVersion");
      req(digest, "digest");
      TargetStamp target = new TargetStamp(req(provider, "provider"), modelId, endpoint, variant,
          guardrail, knowledgeBaseId, dataSourceVersion, agentId, agentAliasId, targetArn);
      return new VersionStamp(
          new VersionPart(manifestName, manifestVersion, digest, target, templateSha256, systemSha256,
              inferenceDigest, gitSha, source, servedFrom, approval),
          new CallPart(backendRequestId, invocationId, time, fallback, arm, cached, toolRounds, attachmentSha256s));
    }
  }
}
