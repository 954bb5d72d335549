package dev.mvc.testkit;

import dev.mvc.BedrockTarget;
import dev.mvc.SageMakerTarget;
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
   * Asserts that the stamp names {@code manifest}: name, version, digest, provider, model or
   * endpoint and variant, and the prompt hashes.
   */
  public VersionStampAssert isFor(VersionManifest manifest) {
    isNotNull();
    check("manifest name", manifest.name(), actual.manifestName());
    check("manifest version", manifest.version(), actual.manifestVersion());
    check("digest", manifest.digest(), actual.digest());
    check("provider", manifest.model().provider(), actual.provider());
    if (manifest.model() instanceof BedrockTarget) {
      check("model id", ((BedrockTarget) manifest.model()).modelId(), actual.modelId());
    } else {
      SageMakerTarget t = (SageMakerTarget) manifest.model();
      check("endpoint", t.endpointName(), actual.endpoint());
      check("variant", t.variant() != null ? t.variant() : t.inferenceComponent(), actual.variant());
    }
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
