package dev.mvc.cli.internal;

import dev.mvc.cli.ExitCode;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code mvc completion}: the bash/zsh completion script. */
@Command(
    name = "completion",
    description = "Print a bash and zsh completion script for mvc.",
    footerHeading = Help.EXAMPLES,
    footer = {
        "  source <(mvc completion)",
        "  mvc completion > /etc/bash_completion.d/mvc",
        Help.EXIT_CODES})
public final class CompletionCommand implements java.util.concurrent.Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    String script = AutoComplete.bash("mvc", spec.root().commandLine());
    spec.commandLine().getOut().print(script);
    spec.commandLine().getOut().flush();
    return ExitCode.OK;
  }
}
