package dev.mvc.cli.internal;

import dev.mvc.ManifestException;
import dev.mvc.cli.ExitCode;
import dev.mvc.s3.ManifestRepository;
import dev.mvc.s3.PublishResult;
import dev.mvc.s3.S3Location;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mvc rollback}: make an earlier version of a manifest key current again. */
@Command(
    name = "rollback",
    description = {
        "Make an earlier version of a manifest key current again.",
        "",
        "Make an earlier version current again by a server-side copy of it, recorded with the version",
        "it came from; nothing is deleted, so the history keeps the bad version and the rollback.",
        "The version must pass the checks of a load first: its blobs present in the bucket and matching",
        "their SHA-256, and the pinning policy; a version that would not load is refused.",
        "--last-known-good picks the newest earlier version with other content that is approved and",
        "passes the pinning policy. Prints the pinned URI of the new current version."},
    footerHeading = Help.EXAMPLES,
    footer = {
        "  mvc rollback s3://ml-config/support-answer/manifest.json --last-known-good",
        "  mvc rollback s3://ml-config/support-answer/manifest.json --to 3HL4kqtJ --by oncall@example.com",
        Help.EXIT_CODES})
public final class RollbackCommand extends CommandBase {
  @Parameters(index = "0", paramLabel = "S3_URI", description = "The manifest key: s3://bucket/key.")
  String uri;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Target target;

  @Option(names = "--relax", paramLabel = "RULE", split = ",",
      description = "Turn off a pinning rule for the version restored (repeatable).",
      completionCandidates = ValidateCommand.RuleNames.class)
  List<String> relax = new ArrayList<>();

  @Mixin
  S3Options s3Options;

  @Mixin
  AwsOptions aws;

  /** Which version to restore. */
  static final class Target {
    @Option(names = "--to", paramLabel = "VERSIONID", description = "Restore this version.")
    @Nullable String versionId;

    @Option(names = "--last-known-good", description = "Restore the newest earlier approved version that passes the policy.")
    boolean lastKnownGood;
  }

  @Override
  protected int run() {
    S3Location location = S3Options.location(uri).withoutVersionId();
    ManifestRepository repository = ManifestRepository.builder().client(aws.s3()).location(location)
        .approvalRegistry(s3Options.approvals(aws, location)).policy(ValidateCommand.policy(relax)).build();
    PublishResult r;
    try {
      r = target.versionId != null
          ? repository.rollbackTo(target.versionId, s3Options.by())
          : repository.rollbackToLastKnownGood(s3Options.by());
    } catch (ManifestException e) {
      // Say that nothing was rolled back, keeping the exit code and fix of the cause.
      CliException cause = Errors.translate(e);
      throw new CliException(cause.exitCode(), "refused to roll back " + location
          + (target.versionId != null ? " to " + target.versionId : "") + ", nothing changed: " + e.getMessage(),
          cause.fix(), e);
    }
    if (json) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("uri", r.uri());
      out.put("versionId", r.versionId());
      out.put("digest", r.digest());
      out.put("created", r.created());
      printJson(out);
    } else {
      out().println(r.uri());
      err().println((r.created() ? "rolled back: " : "already current: ") + location + " is " + r.digest());
    }
    return ExitCode.OK;
  }
}
