package dev.mvc;

/**
 * The tokens a call consumed, as reported by the provider.
 *
 * @param inputTokens prompt tokens
 * @param outputTokens generated tokens
 * @param totalTokens the provider's total
 * @param cacheReadInputTokens prompt tokens read from the provider's prompt cache
 * @param cacheWriteInputTokens prompt tokens written to the provider's prompt cache
 */
public record TokenUsage(int inputTokens, int outputTokens, int totalTokens, int cacheReadInputTokens,
    int cacheWriteInputTokens) {
  /** Usage that the provider did not report. */
  public static final TokenUsage UNKNOWN = new TokenUsage(0, 0, 0);

  /** Returns usage without prompt-cache figures. */
  public TokenUsage(int inputTokens, int outputTokens, int totalTokens) {
    this(inputTokens, outputTokens, totalTokens, 0, 0);
  }

  /** Returns this usage with the prompt-cache figures. */
  public TokenUsage withCache(int cacheReadInputTokens, int cacheWriteInputTokens) {
    return new TokenUsage(inputTokens, outputTokens, totalTokens, cacheReadInputTokens, cacheWriteInputTokens);
  }

  /** Returns the sum of this usage and {@code other}, as a tool loop reports its rounds. */
  public TokenUsage plus(TokenUsage other) {
    return new TokenUsage(inputTokens + other.inputTokens, outputTokens + other.outputTokens,
        totalTokens + other.totalTokens, cacheReadInputTokens + other.cacheReadInputTokens,
        cacheWriteInputTokens + other.cacheWriteInputTokens);
  }

  /** Returns usage with {@code totalTokens} = input + output. */
  public static TokenUsage of(int inputTokens, int outputTokens) {
    return new TokenUsage(inputTokens, outputTokens, inputTokens + outputTokens);
  }
}
