package dev.mvc.cli.internal;

/** Help text shared by the commands. */
final class Help {
  /** The footer heading of the examples. */
  static final String EXAMPLES = "%nExamples:%n";
  /** The exit codes, one line. */
  static final String EXIT_CODES =
      "%nExit codes: 0 ok, 1 check failed, 2 usage, 3 not found, 4 remote error.";

  private Help() {}
}
