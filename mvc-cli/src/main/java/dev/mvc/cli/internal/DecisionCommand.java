package dev.mvc.cli.internal;

import dev.mvc.ApprovalStatus;
import dev.mvc.spi.FetchedManifest;
import dev.mvc.VersionManifest;
import dev.mvc.eval.EvaluationReport;
import dev.mvc.s3.S3EvaluationRegistry;
import org.jspecify.annotations.Nullable;
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

  /** Returns the reason recorded with the decision, after any check the decision needs. */
  String reasonToRecord(S3Location location) {
    return reason;
  }

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
    String recorded = reasonToRecord(location);
    ApprovalRecord r = s3Options.approvals(aws, location).decide(location, status(), s3Options.by(), recorded);
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
          "PinningPolicy.requireApproval(true) serve only approved digests.",
          "",
          "An approval needs a passing evaluation report about that digest beside the manifest",
          "(evaluations/sha256/<hex>.json, written by mvc eval --publish); the report's score and hash",
          "are recorded with the reason. --without-evaluation --reason TEXT approves without one and",
          "records that it did."},
      footerHeading = Help.EXAMPLES,
      footer = {
          "  mvc approve 's3://ml-config/app/manifest.json?versionId=3HL4kqtJ' --reason 'eval 0.93 on set v7'",
          "  mvc approve s3://ml-config/app/manifest.json --reason 'canary ok' --by alice@example.com",
          "  mvc approve s3://ml-config/app/manifest.json --without-evaluation --reason 'hotfix, eval follows'",
          Help.EXIT_CODES})
  public static final class Approve extends DecisionCommand {
    @Option(names = "--without-evaluation",
        description = "Approve without a passing evaluation report; recorded with the reason.")
    boolean withoutEvaluation;

    @Option(names = "--min-score", paramLabel = "X",
        description = "The score the evaluation report must reach (default: the --min-score it was run with).")
    @Nullable Double minScore;

    @Override
    ApprovalStatus status() {
      return ApprovalStatus.APPROVED;
    }

    @Override
    String reasonToRecord(S3Location location) {
      if (withoutEvaluation) {
        return "[approved without evaluation] " + reason;
      }
      FetchedManifest fetched = S3ManifestSource.of(aws.s3(), location.toUri().toString()).fetch();
      VersionManifest m = VersionManifest.parse(fetched.bytes());
      S3EvaluationRegistry evaluations = S3EvaluationRegistry.besideManifest(aws.s3(), location);
      EvaluationReport report = evaluations.report(fetched.source(), m.digest());
      if (report == null) {
        throw new CliException(ExitCode.CHECK_FAILED, "no evaluation report about " + m.digest() + " ("
            + m.name() + " " + m.version() + ") at " + evaluations.reportLocation(m.digest()),
            "run mvc eval ... --publish " + location.withoutVersionId().toUri()
            + ", or approve with --without-evaluation --reason TEXT");
      }
      Double threshold = minScore != null ? minScore : report.minScore();
      if (threshold != null && !report.meets(threshold)) {
        throw new CliException(ExitCode.CHECK_FAILED, String.format(java.util.Locale.ROOT,
            "the evaluation of %s (%s) scored %.4f, below %s", m.digest(), report.createdAt(), report.score(), threshold),
            "fix the version and evaluate again, or approve with --without-evaluation --reason TEXT");
      }
      return reason + String.format(java.util.Locale.ROOT, " [evaluation %.4f of %d cases, report %s]",
          report.score(), report.cases().size(), report.sha256());
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
