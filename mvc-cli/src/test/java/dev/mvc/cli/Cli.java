package dev.mvc.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs {@code mvc} in-process with captured standard output and error. */
final class Cli {
  private Cli() {}

  /** The outcome of one run. */
  record Result(int exitCode, String out, String err) {
    /** Returns standard output with {@code path} replaced by {@code <tmp>}, for golden files. */
    String outWithout(java.nio.file.Path path) {
      return Golden.normalize(out, path);
    }
  }

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = MvcCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    return new Result(code, out.toString(), err.toString());
  }
}
