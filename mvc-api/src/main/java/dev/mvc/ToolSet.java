package dev.mvc;

import dev.mvc.internal.Checks;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The tool definitions of a model version ({@code prompt.tools}): either inline, as an array of
 * {@link ToolSpec}, or, like the template, a content-addressed blob ({@code {"sha256": ..}})
 * holding that array as JSON, fetched from a {@link dev.mvc.spi.ContentStore} and re-hashed at
 * load.
 */
public final class ToolSet {
  private final @Nullable List<ToolSpec> tools;
  private final @Nullable String sha256;

  private ToolSet(@Nullable List<ToolSpec> tools, @Nullable String sha256) {
    this.tools = tools == null ? null : List.copyOf(tools);
    this.sha256 = Checks.sha256("prompt.tools.sha256", sha256);
    if (this.tools != null) {
      checkUnique(this.tools);
    }
  }

  /** Returns inline tool definitions. */
  public static ToolSet inline(List<ToolSpec> tools) {
    return new ToolSet(Objects.requireNonNull(tools, "tools"), null);
  }

  /** Returns inline tool definitions. */
  public static ToolSet inline(ToolSpec... tools) {
    return inline(List.of(tools));
  }

  /** Returns a reference to a blob holding the JSON array of tool definitions. */
  public static ToolSet blob(String sha256) {
    return new ToolSet(null, Objects.requireNonNull(sha256, "sha256"));
  }

  /** Fails when two tools share a name. */
  static void checkUnique(List<ToolSpec> tools) {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < tools.size(); i++) {
      if (!seen.add(tools.get(i).name())) {
        throw Checks.fail("prompt.tools[" + i + "].name", "is declared twice", tools.get(i).name());
      }
    }
  }

  /** Returns the inline tools, or null when this is a blob reference. */
  public @Nullable List<ToolSpec> tools() {
    return tools;
  }

  /** Returns the blob's SHA-256 (hex), or null for inline tools. */
  public @Nullable String sha256() {
    return sha256;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ToolSet && Objects.equals(tools, ((ToolSet) o).tools)
        && Objects.equals(sha256, ((ToolSet) o).sha256);
  }

  @Override
  public int hashCode() {
    return Objects.hash(tools, sha256);
  }

  @Override
  public String toString() {
    return tools != null ? "ToolSet{" + tools.size() + " inline}" : "ToolSet{sha256=" + sha256 + "}";
  }
}
