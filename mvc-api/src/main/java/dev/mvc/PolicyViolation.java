package dev.mvc;

/**
 * One broken rule of a {@link PinningPolicy}.
 *
 * @param rule the rule that was broken
 * @param path the manifest path of the offending value
 * @param message what is wrong, naming the value
 */
public record PolicyViolation(PinningRule rule, String path, String message) {
  @Override
  public String toString() {
    return "[" + rule.ruleName() + "] " + path + " " + message;
  }
}
