package dev.mvc.testkit;

import dev.mvc.TargetStamp;
import dev.mvc.VersionManifest;
import dev.mvc.VersionStamp;
import java.util.Objects;
import org.assertj.core.api.AbstractObjectAssert;

/** AssertJ assertions on a {@link VersionStamp}. */
public final class VersionStampAssert extends AbstractObjectAssert<VersionStampAssert, VersionStamp> {

  VersionStampAssert(VersionStamp actual) {
    super(actual, VersionStampAssert.class);
  }

  /**
   * Asserts that the stamp names {@code manifest}: name, version, digest, provider, every target
   * field (model, guardrail, knowledge base, agent, or endpoint and variant), and the prompt hashes.
   */
  public VersionStampAssert isFor(VersionManifest manifest) {
    isNotNull();
    check("manifest name", manifest.name(), actual.manifestName());
    check("manifest version", manifest.version(), actual.manifestVersion());
    check("digest", manifest.digest(), actual.digest());
    check("provider", manifest.model().provider(), actual.provider());
    TargetStamp pinned = manifest.model().stampFields();
    check("model id", pinned.modelId(), actual.modelId());
    check("endpoint", pinned.endpoint(), actual.endpoint());
    check("variant", pinned.variant(), actual.variant());
    check("guardrail", pinned.guardrail(), actual.guardrail());
    check("knowledge base id", pinned.knowledgeBaseId(), actual.knowledgeBaseId());
    check("data-source version", pinned.dataSourceVersion(), actual.dataSourceVersion());
    check("agent id", pinned.agentId(), actual.agentId());
    check("agent alias id", pinned.agentAliasId(), actual.agentAliasId());
    check("target arn", pinned.targetArn(), actual.targetArn());
    if (manifest.prompt().template().sha256() != null) {
      check("template sha256", manifest.prompt().template().sha256(), actual.templateSha256());
    }
    return this;
  }

  /** Asserts that the header form parses back to an equal stamp. */
  public VersionStampAssert roundTripsThroughItsHeaderForm() {
    isNotNull();
    VersionStamp parsed = VersionStamp.parse(actual.toHeaderValue());
    if (!parsed.equals(actual)) {
      failWithMessage("stamp <%s> parsed back as <%s>", actual.toHeaderValue(), parsed.toHeaderValue());
    }
    return this;
  }

  private void check(String what, Object expected, Object actualValue) {
    if (!Objects.equals(expected, actualValue)) {
      failWithMessage("expected stamp %s <%s> but was <%s>", what, expected, actualValue);
    }
  }
}
