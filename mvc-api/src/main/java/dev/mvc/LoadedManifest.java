package dev.mvc;

import dev.mvc.internal.ToolSchemas;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A manifest that passed the whole load pipeline (parse, content verification, policy,
 * signature, approval) and is ready to serve: the template is compiled and the version part of
 * every stamp is precomputed, so that calls do no parsing or hashing. Immutable.
 */
public final class LoadedManifest {
  private final VersionManifest manifest;
  private final SourceRef source;
  private final ServedFrom servedFrom;
  private final ApprovalStatus approval;
  private final @Nullable ApprovalDecision approvalDecision;
  private final Instant loadedAt;
  private final String templateText;
  private final @Nullable String systemText;
  private final PromptTemplate template;
  private final String inferenceDigest;
  private final VersionStamp.VersionPart stampVersion;
  private final ToolSchemas tools;
  private final @Nullable LifecycleFacts modelLifecycle;

  LoadedManifest(VersionManifest manifest, SourceRef source, ServedFrom servedFrom,
      ApprovalStatus approval, @Nullable ApprovalDecision approvalDecision, Instant loadedAt,
      String templateText, @Nullable String systemText,
      PromptTemplate template, String inferenceDigest, VersionStamp.VersionPart stampVersion, ToolSchemas tools) {
    this(manifest, source, servedFrom, approval, approvalDecision, loadedAt, templateText, systemText, template,
        inferenceDigest, stampVersion, tools, null);
  }

  private LoadedManifest(VersionManifest manifest, SourceRef source, ServedFrom servedFrom,
      ApprovalStatus approval, @Nullable ApprovalDecision approvalDecision, Instant loadedAt,
      String templateText, @Nullable String systemText, PromptTemplate template, String inferenceDigest,
      VersionStamp.VersionPart stampVersion, ToolSchemas tools, @Nullable LifecycleFacts modelLifecycle) {
    this.manifest = manifest;
    this.source = source;
    this.servedFrom = servedFrom;
    this.approval = approval;
    this.approvalDecision = approvalDecision;
    this.loadedAt = loadedAt;
    this.templateText = templateText;
    this.systemText = systemText;
    this.template = template;
    this.inferenceDigest = inferenceDigest;
    this.stampVersion = stampVersion;
    this.tools = tools;
    this.modelLifecycle = modelLifecycle;
  }

  /** Returns a copy that carries what the backend reported about the model's lifecycle at load. */
  LoadedManifest withModelLifecycle(@Nullable LifecycleFacts lifecycle) {
    return lifecycle == null ? this : new LoadedManifest(manifest, source, servedFrom, approval, approvalDecision,
        loadedAt, templateText, systemText, template, inferenceDigest, stampVersion, tools, lifecycle);
  }

  /**
   * Returns the lifecycle of the pinned model as the backend reported it while this version was
   * loaded (for Bedrock, when the lifecycle check is not {@code OFF}), or null when it reported none.
   */
  public @Nullable LifecycleFacts modelLifecycle() {
    return modelLifecycle;
  }

  /** Returns the verified tool definitions ({@code prompt.tools}, inline or from their blob), or an empty list. */
  public List<ToolSpec> tools() {
    return tools.tools();
  }

  /**
   * Returns why the model's request to run tool {@code name} with {@code inputJson} must be
   * refused (the tool is not declared, or the input fails the tool's {@code inputSchema}), or
   * null when it may run.
   */
  public @org.jspecify.annotations.Nullable String toolInputProblem(String name, String inputJson) {
    return tools.inputProblem(name, inputJson);
  }

  /** Returns the manifest. */
  public VersionManifest manifest() {
    return manifest;
  }

  /** Returns where the manifest was read from, with its exact version. */
  public SourceRef source() {
    return source;
  }

  /** Returns whether it came from its source or from the local last-known-good copy. */
  public ServedFrom servedFrom() {
    return servedFrom;
  }

  /** Returns its approval status at load ({@link ApprovalStatus#UNKNOWN} without a registry). */
  public ApprovalStatus approval() {
    return approval;
  }

  /**
   * Returns the approval decision checked at load (from the registry, or the record kept with the
   * last-known-good copy), or null when no decision was consulted.
   */
  public @Nullable ApprovalDecision approvalDecision() {
    return approvalDecision;
  }

  /** Returns when it was loaded. */
  public Instant loadedAt() {
    return loadedAt;
  }

  /** Returns the verified template text. */
  public String templateText() {
    return templateText;
  }

  /** Returns the verified system prompt text, or null. */
  public @Nullable String systemText() {
    return systemText;
  }

  /** Returns the compiled template. */
  public PromptTemplate template() {
    return template;
  }

  /** Returns the digest of the pinned inference parameters (without overrides). */
  public String inferenceDigest() {
    return inferenceDigest;
  }

  /**
   * Returns the version part of this manifest's stamps, computed at load; calls whose allowed
   * overrides change the inference parameters carry their own inference digest instead.
   */
  public VersionStamp.VersionPart stampVersion() {
    return stampVersion;
  }

  /**
   * Returns this manifest's stamp for one call: the version part computed at load with the call's
   * effective inference digest, and the call's provider request ID, invocation ID and time.
   */
  public VersionStamp stamp(String inferenceDigest, @Nullable String requestId, String invocationId, Instant time) {
    return VersionStamp.of(stampVersion.withInferenceDigest(inferenceDigest),
        VersionStamp.CallPart.of(requestId, invocationId, time));
  }

  @Override
  public String toString() {
    return "LoadedManifest{" + manifest.name() + " " + manifest.version() + ", " + manifest.digest()
        + ", " + source.pinnedUri() + ", " + servedFrom.wireName() + ", " + approval.wireName() + "}";
  }
}
