package dev.mvc;

/**
 * An exception raised when a prompt template is malformed, or when the variables of a call do
 * not match the variables the template declares (missing, unknown or null values).
 */
public final class TemplateException extends MvcException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message naming the variable or position. */
  public TemplateException(String message) {
    super(message);
  }
}
