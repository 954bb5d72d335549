package dev.mvc.cli.internal;

import dev.mvc.cli.ExitCode;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Reports every failure as one line on standard error, {@code <command>: error: <cause>; fix:
 * <what to do>}, plus a JSON error object on standard output when {@code --json} was given, and
 * returns the documented exit code.
 */
public final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {

  @Override
  public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult parseResult) {
    CliException e = Errors.translate(ex);
    report(commandLine, e);
    if (System.getenv("MVC_STACKTRACE") != null) {
      ex.printStackTrace(commandLine.getErr());
    }
    return e.exitCode();
  }

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine commandLine = ex.getCommandLine();
    String name = commandLine.getCommandSpec().qualifiedName();
    report(commandLine, new CliException(ExitCode.USAGE, ex.getMessage(), "see " + name + " --help"));
    return ExitCode.USAGE;
  }

  static void report(CommandLine commandLine, CliException e) {
    PrintWriter err = commandLine.getErr();
    String message = oneLine(e.getMessage());
    err.println(commandLine.getCommandSpec().qualifiedName() + ": error: " + message + "; fix: " + oneLine(e.fix()));
    err.flush();
    Object command = commandLine.getCommand();
    if (command instanceof CommandBase && ((CommandBase) command).json()) {
      Map<String, Object> error = new LinkedHashMap<>();
      error.put("exitCode", e.exitCode());
      error.put("message", message);
      error.put("fix", oneLine(e.fix()));
      PrintWriter out = commandLine.getOut();
      out.println(Json.pretty(Map.of("error", error)));
      out.flush();
    }
  }

  private static String oneLine(String text) {
    return text == null ? "" : text.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
  }
}
