package dev.mvc.testkit;

import dev.mvc.InvocationResponse;
import dev.mvc.VersionStamp;

/**
 * Entry points of the mvc AssertJ assertions.
 *
 * <pre>{@code
 * assertThat(response).wasServedBy(manifest).hasText("Refunds take 5 days.");
 * }</pre>
 */
public final class MvcAssertions {
  private MvcAssertions() {}

  /** Returns assertions on a response and its stamp. */
  public static InvocationResponseAssert assertThat(InvocationResponse actual) {
    return new InvocationResponseAssert(actual);
  }

  /** Returns assertions on a stamp. */
  public static VersionStampAssert assertThat(VersionStamp actual) {
    return new VersionStampAssert(actual);
  }
}
