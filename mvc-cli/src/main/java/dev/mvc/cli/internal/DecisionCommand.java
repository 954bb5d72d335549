package dev.mvc.cli.internal;

import dev.mvc.ApprovalStatus;
import dev.mvc.cli.ExitCode;
import dev.mvc.s3.ApprovalRecord;
import dev.mvc.s3.S3Location;
import dev.mvc.s3.S3ManifestSource;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mvc approve} and {@code mvc reject}: a decision about the digest of one published
 * manifest version, appended to its record in the {@code S3ApprovalRegistry}.
 */
abstract class DecisionCommand extends CommandBase {
  @Parameters(index = "0", paramLabel = "S3_URI",
      description = "The manifest version: s3://bucket/key?versionId=ID, or s3://bucket/key for the current version.")
  String uri;

  @Option(names = "--reason", paramLabel = "TEXT", required = true, description = "Why, as recorded with the decision.")
  String reason;

  @Mixin
  S3Options s3Options;

  @Mixin
  AwsOptions aws;

  abstract ApprovalStatus status();

  @Override
  protected int run() {
    if (reason.isBlank()) {
      throw new CliException(ExitCode.USAGE, "--reason must say why the decision was made, was blank",
          "give the reason recorded with the decision, such as --reason 'eval 0.93 on set v7'");
    }
    S3Location location = S3Options.location(uri);
    if (!location.isPinned()) {
      // Decide about the exact version that is current now, and say which one it was.
      String versionId = S3ManifestSource.of(aws.s3(), uri).fetch().source().versionId();
      if (versionId == null) {
        throw new CliException(ExitCode.CHECK_FAILED, "the bucket of " + uri + " does not version objects",
            "turn on versioning and publish again with mvc publish");
      }
      location = location.withVersionId(versionId);
    }
    ApprovalRecord r = s3Options.approvals(aws, location).decide(location, status(), s3Options.by(), reason);
    if (json) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("digest", r.digest());
      out.put("status", r.status().wireName());
      out.put("by", r.by());
      out.put("at", r.at().toString());
      out.put("reason", r.reason());
      out.put("manifest", r.manifest());
      printJson(out);
    } else {
      out().println(r.status().wireName().toLowerCase(java.util.Locale.ROOT) + ": " + r.digest());
      out().println("  manifest: " + r.manifest());
      out().println("  by:       " + r.by() + " at " + r.at());
      out().println("  reason:   " + r.reason());
    }
    return ExitCode.OK;
  }

  /** {@code mvc approve}. */
  @Command(
      name = "approve",
      description = {
          "Approve the digest of a published manifest version.",
          "",
          "Approve the digest of a published manifest version. Approval is bound to content: it never",
          "approves other content published later under the same key, and applications with",
          "PinningPolicy.requireApproval(true) serve only approved digests."},
      footerHeading = Help.EXAMPLES,
      footer = {
          "  mvc approve 's3://ml-config/app/manifest.json?versionId=3HL4kqtJ' --reason 'eval 0.93 on set v7'",
          "  mvc approve s3://ml-config/app/manifest.json --reason 'canary ok' --by alice@example.com",
          Help.EXIT_CODES})
  public static final class Approve extends DecisionCommand {
    @Override
    ApprovalStatus status() {
      return ApprovalStatus.APPROVED;
    }
  }

  /** {@code mvc reject}. */
  @Command(
      name = "reject",
      description = "Reject the digest of a published manifest version; last-known-good rollback skips it.",
      footerHeading = Help.EXAMPLES,
      footer = {
          "  mvc reject 's3://ml-config/app/manifest.json?versionId=3HL4kqtJ' --reason 'hallucinates refunds'",
          Help.EXIT_CODES})
  public static final class Reject extends DecisionCommand {
    @Override
    ApprovalStatus status() {
      return ApprovalStatus.REJECTED;
    }
  }
}
