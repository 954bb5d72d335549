package dev.mvc;

/**
 * An exception raised when the client's resilience layer refused or cut a call: the circuit is
 * open, the rate limit or bulkhead is full, or an async call exceeded its time limit. The backend
 * was not called (or its answer was abandoned); no other model was used.
 */
public final class ResilienceException extends MvcException {
  private static final long serialVersionUID = 1L;
  private final Kind kind;

  /** Creates an exception of {@code kind}. */
  public ResilienceException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  /** Returns why the call was refused or cut. */
  public Kind kind() {
    return kind;
  }

  /** Whether a later call may succeed: true for a timeout, false for the others. */
  public boolean retryable() {
    return kind == Kind.TIMEOUT;
  }

  /** Why a call was refused or cut. */
  public enum Kind {
    /** The circuit breaker is open (or half-open and out of trial calls). */
    CIRCUIT_OPEN,
    /** The rate limiter had no permit within its timeout. */
    RATE_LIMITED,
    /** The bulkhead was full within its wait. */
    BULKHEAD_FULL,
    /** The async call exceeded the time limit. */
    TIMEOUT
  }
}
