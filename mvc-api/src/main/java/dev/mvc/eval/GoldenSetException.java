package dev.mvc.eval;

import dev.mvc.MvcException;
import org.jspecify.annotations.Nullable;

/**
 * A golden set that cannot be read: the message names the file, the line and the field, such as
 * {@code golden.jsonl line 7: expect.number.tolerance must be a number >= 0, was "half"}.
 */
public class GoldenSetException extends MvcException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final int line;
  private final @Nullable String field;

  /** Creates the exception for {@code field} (null for the line as a whole) on {@code line} of {@code source}. */
  public GoldenSetException(String source, int line, @Nullable String field, String problem) {
    super(source + " line " + line + ": " + (field == null ? "" : field + " ") + problem);
    this.source = source;
    this.line = line;
    this.field = field;
  }

  /** Returns the file or name the set was read from. */
  public String source() {
    return source;
  }

  /** Returns the line, from 1. */
  public int line() {
    return line;
  }

  /** Returns the JSON path of the bad field within the line, such as {@code expect.regex}, or null. */
  public @Nullable String field() {
    return field;
  }
}
