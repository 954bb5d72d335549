package dev.mvc.cli.internal;

import dev.mvc.PinningPolicy;
import dev.mvc.cli.ExitCode;
import dev.mvc.s3.ConcurrentRecordUpdateException;
import dev.mvc.s3.LabelMove;
import dev.mvc.s3.ManifestLabels;
import dev.mvc.s3.S3Location;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mvc label}: named environments (staging, production, ...) of a manifest key. */
@Command(
    name = "label",
    description = "Named environments of a manifest: set, history. Applications follow s3://bucket/key@LABEL.",
    subcommands = {LabelCommand.Set.class, LabelCommand.History.class})
public final class LabelCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCode.USAGE;
  }

  static Map<String, Object> moveJson(LabelMove m) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("label", m.label());
    r.put("manifest", m.manifest().toString());
    r.put("digest", m.digest());
    r.put("by", m.by());
    r.put("at", m.at().toString());
    r.put("reason", m.reason());
    r.put("previousVersionId", m.previousVersionId());
    return r;
  }

  /** {@code mvc label set}. */
  @Command(
      name = "set",
      description = {
          "Point a label of a manifest key at one published version.",
          "",
          "Move the label (a small object beside the manifest) to the version named by ?versionId=, or to",
          "the current version. The write is conditional: if another promoter moved the label since it was",
          "read, nothing is written and the command fails. With --require-approval, as applications with",
          "PinningPolicy.requireApproval(true) load, only an approved digest can be labelled. Applications",
          "following s3://bucket/key@LABEL reload on their next poll."},
      footerHeading = Help.EXAMPLES,
      footer = {
          "  mvc label set staging 's3://ml-config/app/manifest.json?versionId=3HL4kqtJ' --reason 'candidate'",
          "  mvc label set production 's3://ml-config/app/manifest.json?versionId=3HL4kqtJ' --require-approval \\",
          "      --reason 'staging ran clean for a week'",
          Help.EXIT_CODES})
  public static final class Set extends CommandBase {
    @Parameters(index = "0", paramLabel = "LABEL", description = "The label, such as production.")
    String label;

    @Parameters(index = "1", paramLabel = "S3_URI", description = "The manifest version: s3://bucket/key?versionId=ID.")
    String uri;

    @Option(names = "--reason", paramLabel = "TEXT", required = true, description = "Why, as recorded with the move.")
    String reason;

    @Option(names = "--require-approval", description = "Refuse a digest that is not approved.")
    boolean requireApproval;

    @Mixin
    S3Options s3Options;

    @Mixin
    AwsOptions aws;

    @Override
    protected int run() {
      if (reason.isBlank()) {
        throw new CliException(ExitCode.USAGE, "--reason must say why the label moves, was blank",
            "give the reason recorded with the move, such as --reason 'staging ran clean'");
      }
      S3Location location = S3Options.location(uri);
      String versionId = location.versionId();
      if (versionId == null) {
        versionId = dev.mvc.s3.S3ManifestSource.of(aws.s3(), uri).fetch().source().versionId();
        if (versionId == null) {
          throw new CliException(ExitCode.CHECK_FAILED, "the bucket of " + uri + " does not version objects",
              "turn on versioning and publish again with mvc publish");
        }
      }
      ManifestLabels labels = ManifestLabels.builder().client(aws.s3()).manifest(location)
          .approvalRegistry(s3Options.approvals(aws, location))
          .policy(PinningPolicy.builder().requireApproval(requireApproval).build()).build();
      LabelMove m;
      try {
        m = labels.set(label, versionId, s3Options.by(), reason);
      } catch (ConcurrentRecordUpdateException e) {
        throw new CliException(ExitCode.CHECK_FAILED, "label " + label + " was not moved: " + e.getMessage(),
            "check mvc label history and set it again if still wanted", e);
      }
      if (json) {
        printJson(moveJson(m));
      } else {
        out().println(location.withoutVersionId() + "@" + m.label() + " -> " + m.manifest());
        out().println("  digest:   " + m.digest());
        out().println("  previous: " + (m.previousVersionId() == null ? "(none)" : m.previousVersionId()));
        out().println("  by:       " + m.by() + " at " + m.at());
        out().println("  reason:   " + m.reason());
      }
      return ExitCode.OK;
    }
  }

  /** {@code mvc label history}. */
  @Command(
      name = "history",
      description = "List the moves of a label, oldest first.",
      footerHeading = Help.EXAMPLES,
      footer = {
          "  mvc label history s3://ml-config/app/manifest.json@production",
          Help.EXIT_CODES})
  public static final class History extends CommandBase {
    @Parameters(index = "0", paramLabel = "S3_URI@LABEL", description = "The label: s3://bucket/key@LABEL.")
    String uri;

    @Mixin
    AwsOptions aws;

    @Override
    protected int run() {
      String label = ManifestLabels.labelOf(uri);
      if (label == null) {
        throw new CliException(ExitCode.USAGE, "expected s3://bucket/key@LABEL, was " + uri,
            "name the label after the key, such as s3://ml-config/app/manifest.json@production");
      }
      S3Location key = S3Options.location(ManifestLabels.withoutLabel(uri));
      List<LabelMove> moves = ManifestLabels.builder().client(aws.s3()).manifest(key).build().history(label);
      if (json) {
        List<Map<String, Object>> list = new ArrayList<>();
        moves.forEach(m -> list.add(moveJson(m)));
        printJson(list);
        return ExitCode.OK;
      }
      if (moves.isEmpty()) {
        err().println("label " + label + " of " + key + " was never set");
      }
      for (LabelMove m : moves) {
        out().println(m.at() + "  " + m.versionId() + "  " + m.digest() + "  " + m.by() + "  " + m.reason());
      }
      return ExitCode.OK;
    }
  }
}
