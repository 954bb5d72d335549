package dev.mvc;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The identity of everything that produced one response: manifest name, version and digest,
 * provider and model (or endpoint and variant), prompt hashes, the digest of the effective
 * inference parameters, the config repo's git SHA, where the manifest came from, its approval at
 * load, and the backend request and invocation IDs with the time.
 *
 * <p>{@link #toHeaderValue()} gives a compact one-line form for logs and HTTP headers;
 * {@link #parse(String)} reads it back.
 */
public final class VersionStamp {
  /** The prefix of the header form. */
  public static final String HEADER_PREFIX = "mvc1";

  private final String manifestName;
  private final String manifestVersion;
  private final String digest;
  private final String provider;
  private final @Nullable String modelId;
  private final @Nullable String endpoint;
  private final @Nullable String variant;
  private final @Nullable String guardrail;
  private final @Nullable String knowledgeBaseId;
  private final @Nullable String dataSourceVersion;
  private final @Nullable String agentId;
  private final @Nullable String agentAliasId;
  private final String templateSha256;
  private final @Nullable String systemSha256;
  private final String inferenceDigest;
  private final @Nullable String gitSha;
  private final String sourceUri;
  private final @Nullable String sourceVersionId;
  private final @Nullable String sourceEtag;
  private final ServedFrom servedFrom;
  private final ApprovalStatus approval;
  private final @Nullable String backendRequestId;
  private final String invocationId;
  private final Instant time;
  private final boolean fallback;
  private final @Nullable String arm;
  private final boolean cached;

  private VersionStamp(Builder b) {
    this.manifestName = req(b.manifestName, "manifestName");
    this.manifestVersion = req(b.manifestVersion, "manifestVersion");
    this.digest = req(b.digest, "digest");
    this.provider = req(b.provider, "provider");
    this.modelId = b.modelId;
    this.endpoint = b.endpoint;
    this.variant = b.variant;
    this.guardrail = b.guardrail;
    this.knowledgeBaseId = b.knowledgeBaseId;
    this.dataSourceVersion = b.dataSourceVersion;
    this.agentId = b.agentId;
    this.agentAliasId = b.agentAliasId;
    this.templateSha256 = req(b.templateSha256, "templateSha256");
    this.systemSha256 = b.systemSha256;
    this.inferenceDigest = req(b.inferenceDigest, "inferenceDigest");
    this.gitSha = b.gitSha;
    this.sourceUri = req(b.sourceUri, "sourceUri");
    this.sourceVersionId = b.sourceVersionId;
    this.sourceEtag = b.sourceEtag;
    this.servedFrom = req(b.servedFrom, "servedFrom");
    this.approval = req(b.approval, "approval");
    this.backendRequestId = b.backendRequestId;
    this.invocationId = req(b.invocationId, "invocationId");
    this.time = req(b.time, "time");
    this.fallback = b.fallback;
    this.arm = b.arm;
    this.cached = b.cached;
  }

  private static <T> T req(@Nullable T value, String name) {
    if (value == null) {
      throw new IllegalArgumentException("version stamp needs " + name);
    }
    return value;
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder holding this stamp's fields. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.manifestName = manifestName;
    b.manifestVersion = manifestVersion;
    b.digest = digest;
    b.provider = provider;
    b.modelId = modelId;
    b.endpoint = endpoint;
    b.variant = variant;
    b.guardrail = guardrail;
    b.knowledgeBaseId = knowledgeBaseId;
    b.dataSourceVersion = dataSourceVersion;
    b.agentId = agentId;
    b.agentAliasId = agentAliasId;
    b.templateSha256 = templateSha256;
    b.systemSha256 = systemSha256;
    b.inferenceDigest = inferenceDigest;
    b.gitSha = gitSha;
    b.sourceUri = sourceUri;
    b.sourceVersionId = sourceVersionId;
    b.sourceEtag = sourceEtag;
    b.servedFrom = servedFrom;
    b.approval = approval;
    b.backendRequestId = backendRequestId;
    b.invocationId = invocationId;
    b.time = time;
    b.fallback = fallback;
    b.arm = arm;
    b.cached = cached;
    return b;
  }

  /** Returns the manifest name. */
  public String manifestName() {
    return manifestName;
  }

  /** Returns the manifest version label. */
  public String manifestVersion() {
    return manifestVersion;
  }

  /** Returns the manifest digest ({@code sha256:...}). */
  public String digest() {
    return digest;
  }

  /** Returns the provider: {@code bedrock}, {@code sagemaker}, ... */
  public String provider() {
    return provider;
  }

  /** Returns the pinned Bedrock model ID, or null for endpoint targets. */
  public @Nullable String modelId() {
    return modelId;
  }

  /** Returns the SageMaker endpoint, or null. */
  public @Nullable String endpoint() {
    return endpoint;
  }

  /** Returns the SageMaker production variant or inference component, or null. */
  public @Nullable String variant() {
    return variant;
  }

  /** Returns the guardrail as {@code id:version}, or null. */
  public @Nullable String guardrail() {
    return guardrail;
  }

  /** Returns the knowledge base ID, or null. */
  public @Nullable String knowledgeBaseId() {
    return knowledgeBaseId;
  }

  /** Returns the pinned knowledge-base data-source version, or null. */
  public @Nullable String dataSourceVersion() {
    return dataSourceVersion;
  }

  /** Returns the agent ID, or null. */
  public @Nullable String agentId() {
    return agentId;
  }

  /** Returns the agent alias ID, or null. */
  public @Nullable String agentAliasId() {
    return agentAliasId;
  }

  /** Returns the SHA-256 of the template text. */
  public String templateSha256() {
    return templateSha256;
  }

  /** Returns the SHA-256 of the system prompt, or null when there is none. */
  public @Nullable String systemSha256() {
    return systemSha256;
  }

  /** Returns the digest of the effective inference parameters (pin plus overrides). */
  public String inferenceDigest() {
    return inferenceDigest;
  }

  /** Returns the config repository's git SHA, or null. */
  public @Nullable String gitSha() {
    return gitSha;
  }

  /** Returns the manifest source URI. */
  public String sourceUri() {
    return sourceUri;
  }

  /** Returns the source version ID (such as the S3 versionId), or null. */
  public @Nullable String sourceVersionId() {
    return sourceVersionId;
  }

  /** Returns the source entity tag, or null. */
  public @Nullable String sourceEtag() {
    return sourceEtag;
  }

  /** Returns the source reference. */
  public SourceRef source() {
    return new SourceRef(sourceUri, sourceVersionId, sourceEtag);
  }

  /** Returns where the manifest was loaded from. */
  public ServedFrom servedFrom() {
    return servedFrom;
  }

  /** Returns the manifest's approval status when it was loaded. */
  public ApprovalStatus approval() {
    return approval;
  }

  /** Returns the provider's request ID, or null. */
  public @Nullable String backendRequestId() {
    return backendRequestId;
  }

  /** Returns the invocation ID. */
  public String invocationId() {
    return invocationId;
  }

  /** Returns when the response was produced. */
  public Instant time() {
    return time;
  }

  /**
   * Returns whether the response came from the explicitly configured fallback manifest because
   * the primary could not serve; the other fields then describe the fallback version.
   */
  public boolean fallback() {
    return fallback;
  }

  /** Returns the canary arm that served the call ({@code baseline} or {@code candidate}), or null. */
  public @Nullable String arm() {
    return arm;
  }

  /** Returns whether the response was served from the response cache of this manifest version. */
  public boolean cached() {
    return cached;
  }

  /** Returns a copy that records the canary arm that served the call. */
  public VersionStamp withArm(String arm) {
    Builder b = toBuilder();
    b.arm = java.util.Objects.requireNonNull(arm, "arm");
    return new VersionStamp(b);
  }

  /** Returns a copy marked as served by the fallback manifest ({@code fb=1}). */
  public VersionStamp asFallback() {
    Builder b = toBuilder();
    b.fallback = true;
    return new VersionStamp(b);
  }

  /** Returns a copy marked as served from the response cache ({@code ch=1}), with new call parts. */
  public VersionStamp asCached(String invocationId, Instant time) {
    Builder b = toBuilder();
    b.cached = true;
    b.invocationId = invocationId;
    b.time = time;
    return new VersionStamp(b);
  }

  /** Returns a copy for one call: same manifest parts, new call parts. */
  VersionStamp forCall(String inferenceDigest, @Nullable String backendRequestId,
      String invocationId, Instant time) {
    return new VersionStamp(this, inferenceDigest, backendRequestId, invocationId, time);
  }

  private VersionStamp(VersionStamp p, String inferenceDigest, @Nullable String backendRequestId,
      String invocationId, Instant time) {
    this.manifestName = p.manifestName;
    this.manifestVersion = p.manifestVersion;
    this.digest = p.digest;
    this.provider = p.provider;
    this.modelId = p.modelId;
    this.endpoint = p.endpoint;
    this.variant = p.variant;
    this.guardrail = p.guardrail;
    this.knowledgeBaseId = p.knowledgeBaseId;
    this.dataSourceVersion = p.dataSourceVersion;
    this.agentId = p.agentId;
    this.agentAliasId = p.agentAliasId;
    this.templateSha256 = p.templateSha256;
    this.systemSha256 = p.systemSha256;
    this.inferenceDigest = inferenceDigest;
    this.gitSha = p.gitSha;
    this.sourceUri = p.sourceUri;
    this.sourceVersionId = p.sourceVersionId;
    this.sourceEtag = p.sourceEtag;
    this.servedFrom = p.servedFrom;
    this.approval = p.approval;
    this.backendRequestId = backendRequestId;
    this.invocationId = invocationId;
    this.time = time;
    this.fallback = p.fallback;
    this.arm = p.arm;
    this.cached = p.cached;
  }

  /**
   * Returns the compact one-line form: {@code mvc1;n=<name>;v=<version>;d=<digest>;...}, with
   * {@code % ; = ,}, spaces, control and non-ASCII characters percent-encoded (UTF-8).
   */
  public String toHeaderValue() {
    StringBuilder out = new StringBuilder(512).append(HEADER_PREFIX);
    for (Map.Entry<String, String> e : fields().entrySet()) {
      out.append(';').append(e.getKey()).append('=');
      encode(out, e.getValue());
    }
    return out.toString();
  }

  private Map<String, String> fields() {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("n", manifestName);
    f.put("v", manifestVersion);
    f.put("d", digest);
    f.put("p", provider);
    opt(f, "m", modelId);
    opt(f, "ep", endpoint);
    opt(f, "va", variant);
    opt(f, "gr", guardrail);
    opt(f, "kb", knowledgeBaseId);
    opt(f, "dsv", dataSourceVersion);
    opt(f, "ag", agentId);
    opt(f, "al", agentAliasId);
    f.put("t", templateSha256);
    opt(f, "s", systemSha256);
    f.put("i", inferenceDigest);
    opt(f, "g", gitSha);
    f.put("src", sourceUri);
    opt(f, "sv", sourceVersionId);
    opt(f, "et", sourceEtag);
    f.put("from", servedFrom.wireName());
    f.put("ap", approval.wireName());
    opt(f, "rid", backendRequestId);
    f.put("iid", invocationId);
    f.put("at", time.toString());
    if (fallback) {
      f.put("fb", "1");
    }
    opt(f, "arm", arm);
    if (cached) {
      f.put("ch", "1");
    }
    return f;
  }

  private static void opt(Map<String, String> f, String k, @Nullable String v) {
    if (v != null) {
      f.put(k, v);
    }
  }

  private static void encode(StringBuilder out, String s) {
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c <= 0x20 || c >= 0x7f || c == '%' || c == ';' || c == '=' || c == ',' || c == '"') {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      } else {
        out.append((char) c);
      }
    }
  }

  private static String decode(String s, String key) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= s.length()) {
          throw new IllegalArgumentException("version stamp field " + key + " has a truncated %-escape");
        }
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw new IllegalArgumentException("version stamp field " + key + " has a bad %-escape");
        }
        out.write(hi << 4 | lo);
        i += 2;
      } else {
        out.write(c);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
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
    Objects.requireNonNull(headerValue, "headerValue");
    int start = lastStampStart(headerValue);
    if (start < 0) {
      throw new IllegalArgumentException("not a version stamp: it must start with " + HEADER_PREFIX
          + "; at the start of the text or after a delimiter such as a space or =");
    }
    int end = start;
    while (end < headerValue.length() && headerValue.charAt(end) > 0x20 && headerValue.charAt(end) != '"') {
      end++;
    }
    String[] parts = headerValue.substring(start, end).split(";", -1);
    Map<String, String> f = new LinkedHashMap<>();
    for (int i = 1; i < parts.length; i++) {
      int eq = parts[i].indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("version stamp field " + (i) + " is not key=value: " + parts[i]);
      }
      String key = parts[i].substring(0, eq);
      if (f.put(key, decode(parts[i].substring(eq + 1), key)) != null) {
        throw new IllegalArgumentException("version stamp field " + key + " appears twice");
      }
    }
    Builder b = builder();
    b.manifestName = need(f, "n");
    b.manifestVersion = need(f, "v");
    b.digest = need(f, "d");
    b.provider = need(f, "p");
    b.modelId = f.get("m");
    b.endpoint = f.get("ep");
    b.variant = f.get("va");
    b.guardrail = f.get("gr");
    b.knowledgeBaseId = f.get("kb");
    b.dataSourceVersion = f.get("dsv");
    b.agentId = f.get("ag");
    b.agentAliasId = f.get("al");
    b.templateSha256 = need(f, "t");
    b.systemSha256 = f.get("s");
    b.inferenceDigest = need(f, "i");
    b.gitSha = f.get("g");
    b.sourceUri = need(f, "src");
    b.sourceVersionId = f.get("sv");
    b.sourceEtag = f.get("et");
    b.servedFrom = ServedFrom.fromWireName(need(f, "from"));
    b.approval = ApprovalStatus.fromWireName(need(f, "ap"));
    b.backendRequestId = f.get("rid");
    b.invocationId = need(f, "iid");
    try {
      b.time = Instant.parse(need(f, "at"));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("version stamp field at must be an ISO-8601 instant, was " + f.get("at"), e);
    }
    b.fallback = "1".equals(f.get("fb"));
    b.arm = f.get("arm");
    b.cached = "1".equals(f.get("ch"));
    return b.build();
  }

  /** Returns where the last delimited {@code mvc1;} in {@code text} starts, or -1 if none does. */
  private static int lastStampStart(String text) {
    String marker = HEADER_PREFIX + ";";
    for (int at = text.lastIndexOf(marker); at >= 0; at = at == 0 ? -1 : text.lastIndexOf(marker, at - 1)) {
      if (at == 0 || isDelimiter(text.charAt(at - 1))) {
        return at;
      }
    }
    return -1;
  }

  /** Returns whether {@code c} can end the text before a stamp: anything but a word character. */
  private static boolean isDelimiter(char c) {
    return !(Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.' || c == '%');
  }

  private static String need(Map<String, String> f, String key) {
    String v = f.get(key);
    if (v == null || v.isEmpty()) {
      throw new IllegalArgumentException("version stamp lacks field " + key);
    }
    return v;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VersionStamp && fields().equals(((VersionStamp) o).fields());
  }

  @Override
  public int hashCode() {
    return fields().hashCode();
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
    private @Nullable String templateSha256;
    private @Nullable String systemSha256;
    private @Nullable String inferenceDigest;
    private @Nullable String gitSha;
    private @Nullable String sourceUri;
    private @Nullable String sourceVersionId;
    private @Nullable String sourceEtag;
    private @Nullable ServedFrom servedFrom;
    private @Nullable ApprovalStatus approval;
    private @Nullable String backendRequestId;
    private @Nullable String invocationId;
    private @Nullable Instant time;
    private boolean fallback;
    private @Nullable String arm;
    private boolean cached;

    private Builder() {}

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
      this.sourceUri = source.uri();
      this.sourceVersionId = source.versionId();
      this.sourceEtag = source.etag();
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
      return new VersionStamp(this);
    }
  }
}
