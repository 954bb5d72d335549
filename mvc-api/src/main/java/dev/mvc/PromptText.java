package dev.mvc;

import dev.mvc.internal.Checks;
import dev.mvc.internal.Hashing;
import dev.mvc.internal.WellFormedText;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One part of a prompt (the template or the system prompt), pinned by SHA-256. The text is
 * either inline or, when only the hash is given, a content-addressed blob fetched from a
 * {@link dev.mvc.spi.ContentStore} at load time. Either way the loader re-hashes the text.
 */
public final class PromptText {
  private final @Nullable String sha256;
  private final @Nullable String text;

  private PromptText(String path, @Nullable String sha256, @Nullable String text) {
    this.sha256 = Checks.sha256(path + ".sha256", sha256);
    if (sha256 == null && text == null) {
      throw Checks.fail(path, "needs sha256, text or both");
    }
    String problem = text == null ? null : WellFormedText.problem(text);
    if (problem != null) {
      throw Checks.fail(path + ".text", problem, text);
    }
    this.text = text;
  }

  /** Returns inline text pinned by its SHA-256 (computed here). */
  public static PromptText inline(String text) {
    Objects.requireNonNull(text, "text");
    String problem = WellFormedText.problem(text);
    if (problem != null) {
      throw Checks.fail("prompt.text", problem, text);
    }
    return new PromptText("prompt", Hashing.sha256Hex(text), text);
  }

  /** Returns a reference to a content-addressed blob. */
  public static PromptText blob(String sha256) {
    return new PromptText("prompt", Objects.requireNonNull(sha256, "sha256"), null);
  }

  /**
   * Returns a part as written in a manifest at {@code path}; either value may be null but not
   * both. A mismatch between text and hash is detected at load, not here.
   */
  public static PromptText of(String path, @Nullable String sha256, @Nullable String text) {
    return new PromptText(path, sha256, text);
  }

  /** Returns the pinned SHA-256 (hex), or null when the manifest relies on inline text alone. */
  public @Nullable String sha256() {
    return sha256;
  }

  /** Returns the inline text, or null when it is a blob reference. */
  public @Nullable String text() {
    return text;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PromptText && Objects.equals(sha256, ((PromptText) o).sha256)
        && Objects.equals(text, ((PromptText) o).text);
  }

  @Override
  public int hashCode() {
    return Objects.hash(sha256, text);
  }

  @Override
  public String toString() {
    // Prompt text is never printed.
    return "PromptText{sha256=" + sha256 + (text != null ? ", inline " + text.length() + " chars" : ", blob") + "}";
  }
}
