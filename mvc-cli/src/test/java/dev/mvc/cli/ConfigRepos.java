package dev.mvc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Git config repositories for tests: a copy of {@code samples/config-repo} committed with fixed
 * author, committer and dates, so its commit SHA and so the built digest are the same on every run.
 */
final class ConfigRepos {
  static final Path SAMPLE = Path.of("../samples/config-repo");
  static final String DATE = "2026-11-20T10:00:00Z";

  private ConfigRepos() {}

  /** Copies the sample config repository into {@code dir} and commits it. */
  static Path sample(Path dir) {
    copy(SAMPLE, dir);
    git(dir, "init", "-q");
    commitAll(dir, "Support answer 1.5.0");
    return dir;
  }

  static void copy(Path from, Path to) {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : files.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void commitAll(Path dir, String message) {
    git(dir, "add", "-A");
    git(dir, "commit", "-q", "-m", message);
  }

  static String git(Path dir, String... args) {
    List<String> command = new ArrayList<>(List.of("git", "-c", "commit.gpgsign=false", "-c", "core.autocrlf=false",
        "-c", "init.defaultBranch=main", "-C", dir.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("GIT_AUTHOR_NAME", "Config Author");
    pb.environment().put("GIT_AUTHOR_EMAIL", "config@example.com");
    pb.environment().put("GIT_AUTHOR_DATE", DATE);
    pb.environment().put("GIT_COMMITTER_NAME", "Config Author");
    pb.environment().put("GIT_COMMITTER_EMAIL", "config@example.com");
    pb.environment().put("GIT_COMMITTER_DATE", DATE);
    pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
    pb.environment().put("HOME", dir.toString());
    try {
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor()).as("git %s: %s", String.join(" ", args), out).isZero();
      return out.strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
