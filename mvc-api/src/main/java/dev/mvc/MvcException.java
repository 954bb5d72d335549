package dev.mvc;

import org.jspecify.annotations.Nullable;

/**
 * The root of every exception mvc throws. All mvc exceptions are unchecked; provider
 * modules translate provider exceptions into this tree and keep the original as the cause.
 */
public class MvcException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message. */
  public MvcException(String message) {
    super(message);
  }

  /** Creates an exception with a message and a cause. */
  public MvcException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
