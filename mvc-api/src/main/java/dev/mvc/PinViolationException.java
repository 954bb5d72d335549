package dev.mvc;

/**
 * An exception raised when a call would leave the process with anything other than the
 * pinned values: an override the manifest does not allow or outside its bound, or a request
 * that something rewrote after mvc built it.
 */
public final class PinViolationException extends MvcException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception whose message names the field, the pinned value and the value seen. */
  public PinViolationException(String message) {
    super(message);
  }
}
