package dev.mvc.spi;

import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One block of reasoning a model returned beside its answer, kept exactly as the provider sent
 * it: either reasoning text with the provider's signature, or reasoning the provider redacted
 * (opaque bytes). With extended thinking, a tool loop must send the blocks of the turn that asked
 * for tools back unchanged, so a backend keeps each block whole instead of joining them.
 */
public final class ReasoningBlock {
  private final String text;
  private final @Nullable String signature;
  private final byte @Nullable [] redacted;

  private ReasoningBlock(String text, @Nullable String signature, byte @Nullable [] redacted) {
    this.text = text;
    this.signature = signature;
    this.redacted = redacted;
  }

  /** Returns a block of reasoning text with its signature ({@code null} when the provider signed none). */
  public static ReasoningBlock text(String text, @Nullable String signature) {
    return new ReasoningBlock(Objects.requireNonNull(text, "text"), signature, null);
  }

  /** Returns a block of redacted reasoning: the provider's opaque bytes, copied. */
  public static ReasoningBlock redacted(byte[] content) {
    return new ReasoningBlock("", null, Objects.requireNonNull(content, "content").clone());
  }

  /** Returns the reasoning text; empty for a redacted block. */
  public String text() {
    return text;
  }

  /** Returns the provider's signature of the text, or null. */
  public @Nullable String signature() {
    return signature;
  }

  /** Returns whether the provider redacted this reasoning. */
  public boolean isRedacted() {
    return redacted != null;
  }

  /** Returns a copy of the redacted bytes, or null for a text block. */
  public byte @Nullable [] redactedContent() {
    return redacted == null ? null : redacted.clone();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ReasoningBlock)) {
      return false;
    }
    ReasoningBlock that = (ReasoningBlock) o;
    return text.equals(that.text) && Objects.equals(signature, that.signature) && Arrays.equals(redacted, that.redacted);
  }

  @Override
  public int hashCode() {
    return Objects.hash(text, signature) * 31 + Arrays.hashCode(redacted);
  }

  @Override
  public String toString() {
    // Reasoning may quote the user's data: only sizes are printed.
    return redacted != null ? "ReasoningBlock{redacted, " + redacted.length + " bytes}"
        : "ReasoningBlock{" + text.length() + " chars" + (signature == null ? "" : ", signed") + "}";
  }
}
