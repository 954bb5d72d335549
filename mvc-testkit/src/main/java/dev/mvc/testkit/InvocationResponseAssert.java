package dev.mvc.testkit;

import dev.mvc.InvocationResponse;
import dev.mvc.LoadedManifest;
import dev.mvc.VersionManifest;
import org.assertj.core.api.AbstractObjectAssert;

/** AssertJ assertions on an {@link InvocationResponse}. */
public final class InvocationResponseAssert
    extends AbstractObjectAssert<InvocationResponseAssert, InvocationResponse> {

  InvocationResponseAssert(InvocationResponse actual) {
    super(actual, InvocationResponseAssert.class);
  }

  /** Asserts that the response was produced by {@code manifest} (name, version and digest). */
  public InvocationResponseAssert wasServedBy(VersionManifest manifest) {
    isNotNull();
    new VersionStampAssert(actual.stamp()).isFor(manifest);
    return this;
  }

  /** Asserts that the response was produced by the loaded manifest, from its exact source version. */
  public InvocationResponseAssert wasServedBy(LoadedManifest manifest) {
    wasServedBy(manifest.manifest());
    if (!actual.stamp().source().equals(manifest.source())) {
      failWithMessage("expected response served from %s but it was served from %s",
          manifest.source().pinnedUri(), actual.stamp().source().pinnedUri());
    }
    return this;
  }

  /** Asserts the response text. */
  public InvocationResponseAssert hasText(String expected) {
    isNotNull();
    if (!actual.text().equals(expected)) {
      failWithMessage("expected response text <%s> but was <%s>", expected, actual.text());
    }
    return this;
  }

  /** Asserts the backend request ID in the stamp. */
  public InvocationResponseAssert hasBackendRequestId(String expected) {
    isNotNull();
    if (!expected.equals(actual.stamp().backendRequestId())) {
      failWithMessage("expected backend request id <%s> but was <%s>", expected, actual.stamp().backendRequestId());
    }
    return this;
  }
}
