package dev.mvc.cli.internal;

import dev.mvc.cli.ExitCode;
import dev.mvc.s3.S3ApprovalRegistry;
import dev.mvc.s3.S3Location;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** Options and helpers shared by the S3 commands. */
final class S3Options {
  @Option(names = "--by", paramLabel = "WHO",
      description = "Who does this, as recorded in S3 (default: the user name of this process).")
  @Nullable String by;

  @Option(names = "--approvals-prefix", paramLabel = "PREFIX",
      description = "Prefix of approvals/ in the manifest's bucket, as the application's S3ApprovalRegistry uses (default: the bucket root).")
  String approvalsPrefix = "";

  /** Returns who acts. */
  String by() {
    return by != null ? by : System.getProperty("user.name", "unknown");
  }

  /** Returns the approval registry in the bucket of {@code location}. */
  S3ApprovalRegistry approvals(AwsOptions aws, S3Location location) {
    return S3ApprovalRegistry.builder().client(aws.s3()).bucket(location.bucket()).prefix(approvalsPrefix).build();
  }

  /** Parses an {@code s3://bucket/key[?versionId=..]} argument. */
  static S3Location location(String uri) {
    try {
      return S3Location.parse(uri);
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCode.USAGE, e.getMessage(), "write s3://bucket/key or s3://bucket/key?versionId=ID", e);
    }
  }
}
