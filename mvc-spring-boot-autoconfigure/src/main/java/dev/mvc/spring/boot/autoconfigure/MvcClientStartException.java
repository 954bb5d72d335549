package dev.mvc.spring.boot.autoconfigure;

import dev.mvc.MvcException;

/**
 * Thrown at application start when a configured client cannot be built: its manifest could not
 * be fetched or failed the load pipeline, and no last-known-good copy could serve. Names the
 * property and the source; {@link MvcClientFailureAnalyzer} turns it into the start-up report.
 */
public final class MvcClientStartException extends MvcException {
  private static final long serialVersionUID = 1L;

  private final String clientName;
  private final String property;
  private final String source;

  /** Creates the exception for client {@code clientName} whose {@code property} names {@code source}. */
  public MvcClientStartException(String clientName, String property, String source, Throwable cause) {
    super("mvc client '" + clientName + "' cannot start: " + property + "=" + source + ": " + cause.getMessage(),
        cause);
    this.clientName = clientName;
    this.property = property;
    this.source = source;
  }

  /** Returns the client (bean) name. */
  public String clientName() {
    return clientName;
  }

  /** Returns the property that names the source, such as {@code mvc.clients.support-answer.manifest}. */
  public String property() {
    return property;
  }

  /** Returns the configured source. */
  public String source() {
    return source;
  }
}
