package dev.mvc.cli.internal;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The base of every subcommand: the {@code --json} option and the output streams. A command
 * returns its exit code, or throws and lets {@link ErrorHandler} report the failure.
 */
public abstract class CommandBase implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--json", description = "Print machine-readable JSON (stable key order) instead of text.")
  boolean json;

  /** Returns whether JSON output was asked for. */
  public boolean json() {
    return json;
  }

  /** Returns standard output. */
  protected PrintWriter out() {
    return spec.commandLine().getOut();
  }

  /** Returns standard error. */
  protected PrintWriter err() {
    return spec.commandLine().getErr();
  }

  /** Prints {@code value} as JSON on standard output. */
  protected void printJson(Object value) {
    out().println(Json.pretty(value));
    out().flush();
  }

  /**
   * Prints the one-line error for {@code e} on standard error (for commands that printed their
   * own report on standard output) and returns its exit code.
   */
  protected int reportFailure(CliException e) {
    boolean wasJson = json;
    json = false;
    try {
      ErrorHandler.report(spec.commandLine(), e);
    } finally {
      json = wasJson;
    }
    return e.exitCode();
  }

  @Override
  public final Integer call() throws Exception {
    try {
      return run();
    } finally {
      out().flush();
      err().flush();
      for (CommandSpec mixin : spec.mixins().values()) {
        if (mixin.userObject() instanceof AutoCloseable) {
          ((AutoCloseable) mixin.userObject()).close();
        }
      }
    }
  }

  /** Runs the command and returns its exit code. */
  protected abstract int run() throws Exception;
}
