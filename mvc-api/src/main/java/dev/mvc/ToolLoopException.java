package dev.mvc;

/**
 * An exception raised when a tool loop cannot go on: the model asked for a tool the manifest does
 * not declare or the caller has no handler for, gave input that fails the tool's pinned
 * {@code inputSchema}, or was still asking for tools when the pinned {@code prompt.maxToolRounds}
 * model calls were made. The refused tool's handler never ran.
 */
public final class ToolLoopException extends MvcException {
  private static final long serialVersionUID = 1L;
  private final int rounds;

  /** Creates an exception naming the tool or the limit, after {@code rounds} model calls. */
  public ToolLoopException(String message, int rounds) {
    super(message);
    this.rounds = rounds;
  }

  /** Returns how many model calls the loop made before it stopped. */
  public int rounds() {
    return rounds;
  }
}
