package dev.mvc.cli.internal;

/**
 * A failure of a command, with the exit code, the cause and what to do about it; printed as one
 * line on standard error.
 */
public final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int exitCode;
  private final String fix;

  /** Creates a failure with {@code exitCode}, the {@code cause} in words and the {@code fix}. */
  public CliException(int exitCode, String cause, String fix) {
    super(cause);
    this.exitCode = exitCode;
    this.fix = fix;
  }

  /** Creates a failure that wraps {@code cause}. */
  public CliException(int exitCode, String message, String fix, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
    this.fix = fix;
  }

  /** Returns the exit code. */
  public int exitCode() {
    return exitCode;
  }

  /** Returns what to do about it. */
  public String fix() {
    return fix;
  }
}
