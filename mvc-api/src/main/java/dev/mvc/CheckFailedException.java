package dev.mvc;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * An exception raised by a remote check under {@link CheckMode#FAIL}: a pin differs from what the
 * provider's service reports, or the lookup failed (the provider's error is then the cause). A
 * client being built or reloaded reports it as the cause of a {@link ManifestException}, and the
 * manifest is not served. Providers may subclass it to carry more, as SageMaker's
 * {@code DeploymentMismatchException} carries the whole deployment report.
 */
public class CheckFailedException extends MvcException {
  private static final long serialVersionUID = 1L;
  private final String check;
  private final transient List<CheckWarning> warnings;

  /** Creates an exception for the differences {@code warnings} found by {@code check}. */
  public CheckFailedException(String check, List<CheckWarning> warnings) {
    this(check, warnings, message(check, warnings), null);
  }

  /** Creates an exception with its own message and an optional cause. */
  public CheckFailedException(String check, List<CheckWarning> warnings, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.check = Objects.requireNonNull(check, "check");
    this.warnings = List.copyOf(warnings);
    if (this.warnings.isEmpty()) {
      throw new IllegalArgumentException("a failed check " + check + " must name at least one difference");
    }
  }

  /** Returns the name of the check that failed, such as {@code bedrock-lifecycle}. */
  public String check() {
    return check;
  }

  /** Returns every difference found (one with {@link CheckWarning#UNKNOWN} when the lookup failed). */
  public List<CheckWarning> warnings() {
    return warnings;
  }

  private static String message(String check, List<CheckWarning> warnings) {
    return warnings.stream().map(CheckWarning::message).collect(Collectors.joining("; "))
        + " (check " + check + " is FAIL)";
  }
}
