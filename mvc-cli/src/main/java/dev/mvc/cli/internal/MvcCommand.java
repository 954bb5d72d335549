package dev.mvc.cli.internal;

import dev.mvc.cli.ExitCode;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code mvc} command; it only dispatches to its subcommands. */
@Command(
    name = "mvc",
    mixinStandardHelpOptions = true,
    scope = CommandLine.ScopeType.INHERIT,
    versionProvider = MvcCommand.Version.class,
    usageHelpAutoWidth = true,
    description = {
        "Model version control: build, check, inspect, compare and trace version-pinned model manifests.",
        "Every command takes --json for machine-readable output and --help for examples."},
    subcommands = {
        BuildCommand.class,
        ValidateCommand.class,
        LifecycleCommand.class,
        DigestCommand.class,
        ShowCommand.class,
        DiffCommand.class,
        ExplainCommand.class,
        ReplayCommand.class,
        PublishCommand.class,
        ArtifactCommand.class,
        ImportCommand.class,
        HistoryCommand.class,
        DecisionCommand.Approve.class,
        DecisionCommand.Reject.class,
        GoldenCommand.class,
        EvalCommand.class,
        RollbackCommand.class,
        SignatureCommands.Keygen.class,
        SignatureCommands.Sign.class,
        SignatureCommands.Verify.class,
        SageMakerCommand.class,
        LambdaCommand.class,
        LabelCommand.class,
        DemoCommand.class,
        CompletionCommand.class,
        CommandLine.HelpCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:ok",
        "1:a check failed (invalid manifest, policy violation, not approved, digest mismatch)",
        "2:usage error (unknown option, missing or malformed argument)",
        "3:not found (file, S3 object or version, git ref)",
        "4:remote error (S3, Bedrock or SageMaker failed or unreachable)"},
    footerHeading = Help.EXAMPLES,
    footer = {
        "  mvc build --repo config-repo -o manifest.json",
        "  mvc validate manifest.json",
        "  mvc publish manifest.json s3://ml-config/support-answer/manifest.json",
        "  mvc rollback s3://ml-config/support-answer/manifest.json --last-known-good",
        "  mvc diff old.json new.json",
        "  mvc explain 'mvc1;n=support-answer;v=1.4.0;d=sha256:...'",
        "  source <(mvc completion)"})
public final class MvcCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCode.USAGE;
  }

  /** Reads the version from the build. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties p = new Properties();
      try (InputStream in = MvcCommand.class.getResourceAsStream("/dev/mvc/cli/version.properties")) {
        if (in != null) {
          p.load(in);
        }
      }
      return new String[] {"mvc " + p.getProperty("version", "unknown")};
    }
  }
}
