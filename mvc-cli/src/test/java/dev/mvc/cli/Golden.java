package dev.mvc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden outputs under {@code src/test/resources/golden}. Run the tests with
 * {@code -Dmvc.golden.update=true} to rewrite them after a deliberate change, then review the diff.
 */
final class Golden {
  private static final Path DIR = Path.of("src/test/resources/golden");

  private Golden() {}

  /** Asserts that {@code actual} equals the golden file {@code name}. */
  static void assertMatches(String name, String actual) {
    Path file = DIR.resolve(name);
    try {
      if (Boolean.getBoolean("mvc.golden.update")) {
        Files.createDirectories(file.getParent());
        Files.writeString(file, actual, StandardCharsets.UTF_8);
        return;
      }
      assertThat(file).as("golden file %s (create it with -Dmvc.golden.update=true)", file).exists();
      assertThat(actual).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Replaces {@code dir} (as a path and as a file URI) with {@code <tmp>}. */
  static String normalize(String text, Path dir) {
    String abs = dir.toAbsolutePath().toString();
    return text.replace(dir.toAbsolutePath().toUri().toString().replaceAll("/$", ""), "file://<tmp>")
        .replace(abs, "<tmp>");
  }
}
