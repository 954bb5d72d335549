package dev.mvc;

import dev.mvc.internal.Hashing;
import dev.mvc.internal.Jcs;
import dev.mvc.internal.ManifestJson;
import dev.mvc.spi.ApprovalRegistry;
import dev.mvc.eval.EvaluationReport;
import dev.mvc.internal.ToolSchemas;
import dev.mvc.spi.ContentStore;
import dev.mvc.spi.EvaluationRegistry;
import dev.mvc.spi.FetchedManifest;
import dev.mvc.spi.SignatureVerifier;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The load pipeline: strict parse, prompt text resolution and SHA-256 verification, template
 * compilation and variable check, pinning policy, optional signature check and approval gate.
 * It produces a {@link LoadedManifest} or throws a {@link ManifestException}; nothing half-valid
 * ever comes out of it.
 */
public final class ManifestLoader {
  /** The largest template or system prompt blob accepted, in bytes. */
  public static final int MAX_BLOB_BYTES = 4 << 20;

  private static final Logger LOG = LoggerFactory.getLogger(ManifestLoader.class);

  private final PinningPolicy policy;
  private final List<ContentStore> contentStores;
  private final @Nullable ApprovalRegistry approvalRegistry;
  private final @Nullable EvaluationRegistry evaluationRegistry;
  private final Clock clock;

  private ManifestLoader(Builder b) {
    this.evaluationRegistry = b.evaluationRegistry;
    if (b.policy.requireEvaluation() && b.evaluationRegistry == null) {
      throw new MvcException("the pinning policy requires evaluation but no EvaluationRegistry is configured");
    }
    this.policy = b.policy;
    this.contentStores = List.copyOf(b.contentStores);
    this.approvalRegistry = b.approvalRegistry;
    this.clock = b.clock;
    if (policy.requireApproval() && approvalRegistry == null) {
      throw new MvcException("the pinning policy requires approval but no ApprovalRegistry is configured");
    }
  }

  /** Returns a new builder (strict policy, no content store, no approval registry). */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns the policy in force. */
  public PinningPolicy policy() {
    return policy;
  }

  /** Loads manifest bytes fetched from their source. */
  public LoadedManifest load(FetchedManifest fetched) {
    return load(fetched, ServedFrom.SOURCE, null);
  }

  /**
   * Loads manifest bytes, resolving blob references through the configured content stores and
   * then {@code sourceStore} (the store published beside the source), in that order.
   */
  public LoadedManifest load(FetchedManifest fetched, ServedFrom servedFrom, @Nullable ContentStore sourceStore) {
    List<ContentStore> stores = new ArrayList<>(contentStores);
    if (sourceStore != null) {
      stores.add(sourceStore);
    }
    return load(fetched, servedFrom, stores, null, null);
  }

  /**
   * Loads a last-known-good copy. Its own blobs are consulted first (the configured stores may be
   * as unreachable as the source), its stored signature is checked like any other, and approval
   * is checked against {@code recorded}, the decision kept with the copy, instead of the registry,
   * which usually lives in the same unreachable store.
   *
   * @param where the copy, for messages, such as {@code last-known-good copy in /var/lib/..}
   */
  LoadedManifest loadLastKnownGood(FetchedManifest fetched, ContentStore copyStore,
      @Nullable ApprovalDecision recorded, String where) {
    List<ContentStore> stores = new ArrayList<>();
    stores.add(copyStore);
    stores.addAll(contentStores);
    return load(fetched, ServedFrom.LAST_KNOWN_GOOD, stores, recorded, where);
  }

  private LoadedManifest load(FetchedManifest fetched, ServedFrom servedFrom, List<ContentStore> stores,
      @Nullable ApprovalDecision recorded, @Nullable String copy) {
    VersionManifest manifest = VersionManifest.parse(fetched.bytes());
    String label = manifest.name() + " " + manifest.version();
    String templateText = resolve(label, "prompt.template", manifest.prompt().template(), stores);
    PromptText systemPart = manifest.prompt().system();
    String systemText = systemPart == null ? null : resolve(label, "prompt.system", systemPart, stores);
    PromptTemplate template;
    try {
      template = PromptTemplate.compile(templateText);
    } catch (TemplateException e) {
      throw new ManifestParseException("prompt.template", "prompt.template of " + label + ": " + e.getMessage());
    }
    Set<String> declared = new LinkedHashSet<>(manifest.prompt().variables());
    if (!declared.equals(template.variables())) {
      throw new ManifestParseException("prompt.variables", "prompt.variables of " + label
          + " must equal the template's placeholders " + template.variables() + ", was " + declared);
    }
    ToolSchemas tools = tools(label, manifest.prompt(), stores);
    policy.enforce(manifest);
    SignatureVerifier verifier = policy.signatureVerifier();
    if (verifier != null) {
      if (copy == null) {
        verifier.verify(manifest, fetched);
      } else {
        try {
          verifier.verify(manifest, fetched);
        } catch (ManifestIntegrityException e) {
          throw new ManifestIntegrityException("the " + copy + " was refused: " + e.getMessage(), e);
        }
      }
    } else if (fetched.signatureProblem() != null) {
      // No signature is required, so a stray or damaged signature file is a fact to report, not a reason to refuse.
      LOG.warn("ignoring the signature of manifest {} at {}: {}; the pinning policy requires none",
          label, fetched.source().pinnedUri(), fetched.signatureProblem());
    }
    ApprovalDecision decision = copy == null ? consultRegistry(manifest, label, fetched)
        : checkRecorded(manifest, label, recorded, copy);
    if (copy == null) {
      // A last-known-good copy passed this gate when it was loaded from the source and saved.
      checkEvaluation(manifest, label, fetched);
    }
    ApprovalStatus approval = decision == null ? ApprovalStatus.UNKNOWN : decision.status();
    String templateSha = manifest.prompt().template().sha256() != null
        ? manifest.prompt().template().sha256() : Hashing.sha256Hex(templateText);
    String systemSha = systemText == null ? null
        : systemPart.sha256() != null ? systemPart.sha256() : Hashing.sha256Hex(systemText);
    String inferenceDigest = inferenceDigest(manifest.inference());
    return new LoadedManifest(manifest, fetched.source(), servedFrom, approval, decision, clock.instant(),
        templateText, systemText, template, inferenceDigest,
        stampVersion(manifest, fetched, servedFrom, approval, templateSha, systemSha, inferenceDigest), tools);
  }

  /**
   * Returns the pinned tools with their schemas compiled: inline, or read from their blob (hashed,
   * then parsed as strictly as a manifest), checking that a pinned tool choice names one of them.
   */
  private static ToolSchemas tools(String label, PromptSpec prompt, List<ContentStore> stores) {
    ToolSet set = prompt.tools();
    if (set == null) {
      return ToolSchemas.NONE;
    }
    List<ToolSpec> tools = set.tools();
    if (tools == null) {
      String json = resolve(label, "prompt.tools", PromptText.blob(set.sha256()), stores);
      try {
        byte[] wrapped = ("{\"tools\":" + json + "}").getBytes(StandardCharsets.UTF_8);
        com.fasterxml.jackson.databind.JsonNode node = ManifestJson.mapper().readTree(wrapped).get("tools");
        tools = ManifestJson.tools("prompt.tools", node);
        ToolSet.inline(tools);
      } catch (java.io.IOException e) {
        throw new ManifestParseException("prompt.tools", "prompt.tools of " + label + ": blob " + set.sha256()
            + " is not a JSON array of tools: " + e.getMessage(), e);
      }
      ToolChoice choice = prompt.toolChoice();
      if (choice != null && choice.tool() != null && tools.stream().noneMatch(t -> t.name().equals(choice.tool()))) {
        throw new ManifestParseException("prompt.toolChoice.tool", "prompt.toolChoice.tool of " + label
            + " must name a tool of prompt.tools, was \"" + choice.tool() + "\"");
      }
    }
    return ToolSchemas.compile("prompt.tools", tools);
  }

  private @Nullable ApprovalDecision consultRegistry(VersionManifest manifest, String label, FetchedManifest fetched) {
    if (approvalRegistry == null) {
      return null;
    }
    ApprovalDecision decision = Objects.requireNonNull(
        approvalRegistry.decision(fetched.source(), manifest.digest()), "approval decision");
    if (!decision.digest().equals(manifest.digest())) {
      throw new ManifestApprovalException("the approval registry answered for manifest " + label + " ("
          + manifest.digest() + ") at " + fetched.source().pinnedUri() + " with a decision about "
          + decision.digest() + "; a decision is only about the digest it names", ApprovalStatus.UNKNOWN);
    }
    if (policy.requireApproval() && decision.status() != ApprovalStatus.APPROVED) {
      throw new ManifestApprovalException("manifest " + label + " (" + manifest.digest() + ") at "
          + fetched.source().pinnedUri() + " is " + decision.status().wireName()
          + "; the policy serves only Approved manifests", decision.status());
    }
    return decision;
  }

  private void checkEvaluation(VersionManifest manifest, String label, FetchedManifest fetched) {
    Double min = policy.minEvaluationScore();
    if (min == null) {
      return;
    }
    EvaluationRegistry registry = Objects.requireNonNull(evaluationRegistry);
    String where = "manifest " + label + " (" + manifest.digest() + ") at " + fetched.source().pinnedUri();
    EvaluationReport report = registry.report(fetched.source(), manifest.digest());
    if (report == null) {
      throw new ManifestEvaluationException(where + " has no evaluation report in " + registry.describe()
          + "; the policy serves only evaluated manifests (run mvc eval and publish its report)", null);
    }
    if (!report.digest().equals(manifest.digest())) {
      throw new ManifestEvaluationException("the evaluation registry " + registry.describe() + " answered for "
          + where + " with a report about " + report.digest() + "; a report is only about the digest it names", null);
    }
    double score = report.score();
    if (score < min) {
      throw new ManifestEvaluationException(where + " scored " + score + " in its evaluation of "
          + report.createdAt() + "; the policy requires at least " + min, score);
    }
    java.time.Duration maxAge = Objects.requireNonNull(policy.maxEvaluationAge());
    java.time.Instant now = clock.instant();
    if (report.createdAt().plus(maxAge).isBefore(now)) {
      throw new ManifestEvaluationException(where + " was last evaluated at " + report.createdAt()
          + ", more than " + maxAge + " before " + now + "; evaluate it again", score);
    }
  }

  private @Nullable ApprovalDecision checkRecorded(VersionManifest manifest, String label,
      @Nullable ApprovalDecision recorded, String copy) {
    if (recorded != null && !recorded.digest().equals(manifest.digest())) {
      throw new ManifestIntegrityException("the approval record kept with the " + copy + " is about "
          + recorded.digest() + ", but the copy is manifest " + label + " (" + manifest.digest()
          + "); the copy was altered");
    }
    if (policy.requireApproval()) {
      if (recorded == null) {
        throw new ManifestApprovalException("the " + copy + " (manifest " + label + ", " + manifest.digest()
            + ") has no approval record, and the policy serves only Approved manifests; it was saved "
            + "by a client without an approval registry or by an older version", ApprovalStatus.UNKNOWN);
      }
      if (recorded.status() != ApprovalStatus.APPROVED) {
        throw new ManifestApprovalException("the " + copy + " (manifest " + label + ", " + manifest.digest()
            + ") was recorded as " + recorded.status().wireName()
            + "; the policy serves only Approved manifests", recorded.status());
      }
    }
    return recorded;
  }

  private static VersionStamp.VersionPart stampVersion(VersionManifest m, FetchedManifest fetched,
      ServedFrom servedFrom, ApprovalStatus approval, String templateSha, @Nullable String systemSha,
      String inferenceDigest) {
    return new VersionStamp.VersionPart(m.name(), m.version(), m.digest(), m.model().stampFields(),
        templateSha, systemSha, inferenceDigest, m.provenance() == null ? null : m.provenance().gitSha(),
        fetched.source(), servedFrom, approval);
  }

  /** Returns {@code sha256:} + hex SHA-256 of the canonical JSON of the parameters sent. */
  public static String inferenceDigest(InferenceParameters p) {
    Map<String, Object> tree = ManifestJson.inferenceTree(p);
    tree.remove("overridable");
    return "sha256:" + Hashing.sha256Hex(Jcs.canonicalize(tree));
  }

  private static String resolve(String label, String path, PromptText part, List<ContentStore> stores) {
    String expected = part.sha256();
    if (part.text() != null) {
      if (expected != null) {
        String actual = Hashing.sha256Hex(part.text());
        if (!actual.equals(expected)) {
          throw new ManifestIntegrityException(path + " of " + label + " does not match its sha256: pinned "
              + expected + ", text hashes to " + actual);
        }
      }
      return part.text();
    }
    if (stores.isEmpty()) {
      throw new ManifestIntegrityException(path + " of " + label + " references blob " + expected
          + " but no content store is configured");
    }
    for (ContentStore store : stores) {
      byte[] bytes = store.fetch(expected);
      if (bytes == null) {
        continue;
      }
      if (bytes.length > MAX_BLOB_BYTES) {
        throw new ManifestIntegrityException(path + " of " + label + ": blob " + expected + " in "
            + store.describe() + " is " + bytes.length + " bytes, more than " + MAX_BLOB_BYTES);
      }
      String actual = Hashing.sha256Hex(bytes);
      if (!actual.equals(expected)) {
        throw new ManifestIntegrityException(path + " of " + label + ": blob " + expected + " in "
            + store.describe() + " hashes to " + actual + "; the store holds corrupted content");
      }
      try {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
      } catch (CharacterCodingException e) {
        throw new ManifestIntegrityException(path + " of " + label + ": blob " + expected + " is not UTF-8 text", e);
      }
    }
    StringBuilder where = new StringBuilder();
    for (ContentStore s : stores) {
      where.append(where.length() == 0 ? "" : ", ").append(s.describe());
    }
    throw new ManifestSourceException(path + " of " + label + ": blob " + expected + " was not found in "
        + where, true, null);
  }

  /** A builder of {@link ManifestLoader}. */
  public static final class Builder {
    private PinningPolicy policy = PinningPolicy.strict();
    private final List<ContentStore> contentStores = new ArrayList<>();
    private @Nullable ApprovalRegistry approvalRegistry;
    private @Nullable EvaluationRegistry evaluationRegistry;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** Sets the pinning policy (default {@link PinningPolicy#strict()}). */
    public Builder policy(PinningPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** Adds a content store consulted for blob references, before the source's own store. */
    public Builder contentStore(ContentStore store) {
      this.contentStores.add(Objects.requireNonNull(store, "store"));
      return this;
    }

    /** Sets the approval registry consulted at load. */
    public Builder approvalRegistry(@Nullable ApprovalRegistry registry) {
      this.approvalRegistry = registry;
      return this;
    }

    /** Sets the evaluation registry consulted at load when the policy requires evaluation. */
    public Builder evaluationRegistry(@Nullable EvaluationRegistry registry) {
      this.evaluationRegistry = registry;
      return this;
    }

    /** Sets the clock for load times. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Builds the loader. */
    public ManifestLoader build() {
      return new ManifestLoader(this);
    }
  }
}
