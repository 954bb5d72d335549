package dev.mvc.cli.internal;

import dev.mvc.BedrockTarget;
import dev.mvc.MvcException;
import dev.mvc.VersionManifest;
import dev.mvc.bedrock.BedrockBackend;
import dev.mvc.bedrock.ModelLifecycle;
import dev.mvc.cli.ExitCode;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mvc lifecycle}: how long the pinned Bedrock model has left, for a CI cron. */
@Command(
    name = "lifecycle",
    description = {
        "Report the lifecycle of the pinned Bedrock model.",
        "",
        "Look up the foundation model the manifest pins (GetFoundationModel) and print its status and",
        "the dates Bedrock announced: legacy, public extended access (billed higher) and end of life,",
        "with the days left. Exits 1 when the model is not ACTIVE or its end of life is inside the fail",
        "window (or it is in extended access with --fail-on-extended-access); inside the warn window it",
        "prints a warning and exits 0. The manifest is parsed strictly; the policy is not applied."},
    footerHeading = Help.EXAMPLES,
    footer = {
        "  mvc lifecycle manifest.json",
        "  mvc lifecycle s3://ml-config/support-answer/manifest.json --json --warn-days 120",
        Help.EXIT_CODES})
public final class LifecycleCommand extends CommandBase {
  @Parameters(index = "0", paramLabel = "FILE|URI", description = "Manifest path or URI (file:, classpath:, s3://).")
  String uri;

  @Option(names = "--warn-days", paramLabel = "N", description = "Warn when the end of life is within N days (default 90).")
  int warnDays = (int) ModelLifecycle.DEFAULT_WARN_WITHIN.toDays();

  @Option(names = "--fail-days", paramLabel = "N", description = "Fail when the end of life is within N days (default 14).")
  int failDays = (int) ModelLifecycle.DEFAULT_FAIL_WITHIN.toDays();

  @Option(names = "--fail-on-extended-access", description = "Fail when the model is in public extended access.")
  boolean failOnExtendedAccess;

  @Mixin
  AwsOptions aws;

  @Override
  protected int run() {
    if (failDays < 0 || warnDays < failDays) {
      throw new CliException(ExitCode.USAGE, "--fail-days must be between 0 and --warn-days, was --warn-days "
          + warnDays + " --fail-days " + failDays, "give a fail window no longer than the warn window");
    }
    ManifestAccess.Fetched fetched = ManifestAccess.fetch(uri, Sources.factory(aws));
    VersionManifest m = fetched.parse();
    if (!(m.model() instanceof BedrockTarget)) {
      throw new CliException(ExitCode.USAGE, "mvc lifecycle reports Bedrock models; " + m.name()
          + " pins a SageMaker endpoint", "use mvc sagemaker verify-endpoint for SageMaker");
    }
    BedrockTarget target = (BedrockTarget) m.model();
    ModelLifecycle lifecycle;
    BedrockBackend.Builder b = BedrockBackend.builder().credentialsProvider(aws.credentials());
    if (aws.endpointUrl() != null) {
      b.endpointOverride(aws.endpointUrl());
    }
    if (aws.region() != null) {
      b.region(aws.region());
    }
    try (BedrockBackend backend = b.build()) {
      lifecycle = backend.lifecycle(target);
    } catch (MvcException e) {
      throw new CliException(ExitCode.REMOTE_ERROR, "GetFoundationModel failed for " + target.modelId() + ": "
          + e.getMessage(), "check the region, the credentials and the model ID", e);
    }
    if (lifecycle == null) {
      throw new CliException(ExitCode.USAGE, m.name() + " pins " + target.modelId()
          + ", which has no foundation model and no Bedrock lifecycle", "nothing to report for an imported model");
    }
    Instant now = Instant.now();
    ModelLifecycle.Assessment a = lifecycle.assess(now, Duration.ofDays(warnDays), Duration.ofDays(failDays),
        failOnExtendedAccess);
    if (json) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("name", m.name());
      r.put("version", m.version());
      r.put("modelId", lifecycle.modelId());
      r.put("status", lifecycle.status());
      r.put("legacyTime", text(lifecycle.legacyTime()));
      r.put("publicExtendedAccessTime", text(lifecycle.publicExtendedAccessTime()));
      r.put("endOfLifeTime", text(lifecycle.endOfLifeTime()));
      r.put("daysToEndOfLife", lifecycle.daysToEndOfLife(now));
      r.put("verdict", a.verdict());
      r.put("failures", a.failures());
      r.put("warnings", a.warnings());
      printJson(r);
    } else {
      out().println(a.verdict() + ": " + m.name() + " " + m.version() + " " + lifecycle.modelId() + " "
          + lifecycle.status());
      out().println("  legacy:          " + orNone(lifecycle.legacyTime()));
      out().println("  extended access: " + orNone(lifecycle.publicExtendedAccessTime()));
      out().println("  end of life:     " + orNone(lifecycle.endOfLifeTime())
          + (lifecycle.endOfLifeTime() == null ? "" : " (" + lifecycle.daysToEndOfLife(now) + " days)"));
      a.failures().forEach(f -> out().println("  fail: " + f));
      a.warnings().forEach(w -> out().println("  warn: " + w));
    }
    return a.failures().isEmpty() ? ExitCode.OK : ExitCode.CHECK_FAILED;
  }

  private static @Nullable Object text(@Nullable Instant time) {
    return time == null ? null : time.toString();
  }

  private static String orNone(@Nullable Instant time) {
    return time == null ? "not announced" : time.toString();
  }
}
