package dev.mvc;

/**
 * An exception raised when a backend reports having served something other than the pin,
 * such as another model ID or production variant. The response is discarded: mvc fails closed.
 */
public final class VersionDriftException extends MvcException {
  private static final long serialVersionUID = 1L;
  private final String field;
  private final String pinned;
  private final String served;

  /** Creates an exception for {@code field} whose pinned value differs from the served one. */
  public VersionDriftException(String field, String pinned, String served) {
    super(field + " drifted: pinned " + pinned + " but the backend served " + served);
    this.field = field;
    this.pinned = pinned;
    this.served = served;
  }

  /** Returns the drifted field, such as {@code model.bedrock.modelId}. */
  public String field() {
    return field;
  }

  /** Returns the pinned value. */
  public String pinned() {
    return pinned;
  }

  /** Returns the value the backend reported serving. */
  public String served() {
    return served;
  }
}
