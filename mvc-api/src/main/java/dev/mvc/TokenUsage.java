package dev.mvc;

/**
 * The tokens a call consumed, as reported by the provider.
 *
 * @param inputTokens prompt tokens
 * @param outputTokens generated tokens
 * @param totalTokens the provider's total
 */
public record TokenUsage(int inputTokens, int outputTokens, int totalTokens) {
  /** Usage that the provider did not report. */
  public static final TokenUsage UNKNOWN = new TokenUsage(0, 0, 0);

  /** Returns usage with {@code totalTokens} = input + output. */
  public static TokenUsage of(int inputTokens, int outputTokens) {
    return new TokenUsage(inputTokens, outputTokens, inputTokens + outputTokens);
  }
}
