package dev.mvc;

import java.util.List;
import java.util.stream.Collectors;

/**
 * An exception raised when a manifest breaks one or more rules of the {@link PinningPolicy}
 * in force. Each violation names its rule, so the message says which rule to fix or, when
 * that is a deliberate choice, which rule to relax.
 */
public final class ManifestPolicyException extends ManifestException {
  private static final long serialVersionUID = 1L;
  private final List<PolicyViolation> violations;

  /** Creates an exception listing {@code violations} (at least one). */
  public ManifestPolicyException(String manifest, List<PolicyViolation> violations) {
    super(message(manifest, violations));
    this.violations = List.copyOf(violations);
  }

  private static String message(String manifest, List<PolicyViolation> violations) {
    return "manifest " + manifest + " breaks the pinning policy: "
        + violations.stream().map(PolicyViolation::toString).collect(Collectors.joining("; "));
  }

  /** Returns the violations, in rule order. */
  public List<PolicyViolation> violations() {
    return violations;
  }
}
