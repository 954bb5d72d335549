package dev.mvc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Every command documents itself, and usage errors are one line with exit code 2. */
class HelpAndErrorsTest {
  private static final List<String> COMMANDS = List.of("build", "validate", "digest", "show", "diff", "explain",
      "replay", "publish", "artifact", "history", "approve", "reject", "rollback", "keygen", "sign", "verify",
      "sagemaker", "import", "demo", "completion");

  @ParameterizedTest
  @ValueSource(strings = {"build", "validate", "digest", "show", "diff", "explain", "replay", "publish",
      "artifact upload", "artifact pin", "import sagemaker-package", "import bedrock-prompt", "history", "approve", "reject", "rollback", "keygen", "sign", "verify",
      "sagemaker register", "sagemaker approve", "sagemaker reject", "sagemaker verify-endpoint",
      "sagemaker rollback", "demo", "completion"})
  void help_ofEachCommand_hasExamplesAndExitCodes(String command) {
    List<String> args = new java.util.ArrayList<>(List.of(command.split(" ")));
    args.add("--help");
    Cli.Result r = Cli.run(args.toArray(new String[0]));

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("Usage: mvc " + command).contains("Examples:").contains("Exit codes");
  }

  @Test
  void help_ofMvc_listsEveryCommandAndTheExitCodes() {
    Cli.Result r = Cli.run("--help");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains(COMMANDS).contains("4   remote error");
  }

  @Test
  void mvc_withoutACommand_printsUsageAndExitsTwo() {
    Cli.Result r = Cli.run();

    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("Usage: mvc");
  }

  @Test
  void anUnknownOption_isOneLineWithTheFix() {
    Cli.Result r = Cli.run("validate", "m.json", "--strictest");

    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.err()).startsWith("mvc validate: error: Unknown option: '--strictest'; fix: see mvc validate --help");
  }

  @Test
  void aMissingArgument_isAUsageError() {
    Cli.Result r = Cli.run("diff", "a.json");

    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("Missing required parameter: 'B'");
  }

  @Test
  void aMalformedS3Uri_isAUsageErrorNamingTheProblem() {
    Cli.Result r = Cli.run("validate", "s3://b/k");

    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("bucket must be 3 to 63").contains("fix:");
  }

  @Test
  void completion_printsABashScriptForEveryCommand() {
    Cli.Result r = Cli.run("completion");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("complete -F _complete_mvc").contains(COMMANDS).contains("--allow-dirty");
  }

  @Test
  void version_printsTheBuildVersion() {
    Cli.Result r = Cli.run("--version");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).startsWith("mvc ").doesNotContain("${");
  }
}
