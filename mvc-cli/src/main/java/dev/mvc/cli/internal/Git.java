package dev.mvc.cli.internal;

import dev.mvc.cli.ExitCode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The {@code git} program, run in one directory; the command line reads commits through it. */
final class Git {
  private final Path dir;

  Git(Path dir) {
    this.dir = dir;
  }

  /** The result of one git run. */
  record Result(int exitCode, byte[] stdout, String stderr) {
    String text() {
      return new String(stdout, StandardCharsets.UTF_8).strip();
    }

    boolean ok() {
      return exitCode == 0;
    }
  }

  /** Runs {@code git -C dir args...} and returns its exit code and output. */
  Result run(String... args) {
    List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("GIT_TERMINAL_PROMPT", "0");
    pb.environment().put("LC_ALL", "C");
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new CliException(ExitCode.USAGE, "cannot run git: " + e.getMessage(),
          "install git and put it on the PATH", e);
    }
    try {
      p.getOutputStream().close();
      CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
      byte[] out = readAll(p.getInputStream());
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new CliException(ExitCode.CHECK_FAILED, "git " + String.join(" ", args) + " did not finish in 60 s",
            "check the repository with git fsck");
      }
      return new Result(p.exitValue(), out, new String(err.join(), StandardCharsets.UTF_8).strip());
    } catch (IOException e) {
      throw new CliException(ExitCode.CHECK_FAILED, "cannot read git output: " + e.getMessage(), "retry", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new CliException(ExitCode.CHECK_FAILED, "interrupted while running git", "retry", e);
    }
  }

  /** Runs git and returns its standard output, failing with its error output. */
  Result require(String... args) {
    Result r = run(args);
    if (!r.ok()) {
      throw new CliException(ExitCode.CHECK_FAILED, "git " + String.join(" ", args) + " failed: " + r.stderr(),
          "run the same git command in " + dir + " to see why");
    }
    return r;
  }

  private static byte[] readAll(InputStream in) {
    try (in) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
