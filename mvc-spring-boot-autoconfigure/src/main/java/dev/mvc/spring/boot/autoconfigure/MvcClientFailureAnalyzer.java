package dev.mvc.spring.boot.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a client that could not load its manifest at start: the property, the source and the
 * cause, and what to do about it.
 */
public final class MvcClientFailureAnalyzer extends AbstractFailureAnalyzer<MvcClientStartException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, MvcClientStartException cause) {
    Throwable reason = cause.getCause() != null ? cause.getCause() : cause;
    String description = "The mvc client '" + cause.clientName() + "' could not load its manifest.\n\n"
        + "    Property: " + cause.property() + "\n"
        + "    Source:   " + cause.source() + "\n"
        + "    Cause:    " + reason.getClass().getSimpleName() + ": " + reason.getMessage() + "\n";
    String prefix = MvcProperties.PREFIX + ".clients." + cause.clientName();
    String action = "Point " + cause.property() + " at a manifest that exists and passes the pinning policy"
        + " (classpath:, file: or s3://), or set " + prefix + ".last-known-good to a directory holding a copy"
        + " that can serve while the source is unreachable.";
    return new FailureAnalysis(description, action, cause);
  }
}
