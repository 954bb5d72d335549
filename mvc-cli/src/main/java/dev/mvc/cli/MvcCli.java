package dev.mvc.cli;

import dev.mvc.cli.internal.ErrorHandler;
import dev.mvc.cli.internal.MvcCommand;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * The entry point of the {@code mvc} command line. {@link #commandLine(PrintWriter, PrintWriter)}
 * gives the configured picocli command for running it in-process, for example in tests:
 *
 * <pre>{@code
 * StringWriter out = new StringWriter();
 * int exit = MvcCli.commandLine(new PrintWriter(out), new PrintWriter(System.err))
 *     .execute("validate", "manifest.json", "--json");
 * }</pre>
 */
public final class MvcCli {
  private MvcCli() {}

  /** Runs {@code mvc} with {@code args} and exits with its {@link ExitCode}. */
  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    int exit = commandLine(out, err).execute(args);
    out.flush();
    err.flush();
    System.exit(exit);
  }

  /** Returns the {@code mvc} command writing its output to {@code out} and errors to {@code err}. */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine cmd = new CommandLine(new MvcCommand());
    ErrorHandler handler = new ErrorHandler();
    cmd.setOut(out)
        .setErr(err)
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler(handler)
        .setParameterExceptionHandler(handler);
    return cmd;
  }
}
