package dev.mvc.cli;

/**
 * The exit codes of the {@code mvc} command, the same for every subcommand so that pipelines
 * can branch on them.
 */
public final class ExitCode {
  /** The command did what was asked. */
  public static final int OK = 0;
  /**
   * A check failed: the manifest is invalid, breaks the policy, is not approved, or differs; or a
   * local file that exists cannot be used: permission denied, a directory or special file where
   * a file is expected, larger than mvc reads, or not the text it should be.
   */
  public static final int CHECK_FAILED = 1;
  /** The command line is wrong: unknown option, missing argument, malformed value. */
  public static final int USAGE = 2;
  /** What was named does not exist: file, object, object version, git ref, blob. */
  public static final int NOT_FOUND = 3;
  /** A remote service failed or could not be reached (S3, Bedrock, SageMaker); never a local file. */
  public static final int REMOTE_ERROR = 4;

  private ExitCode() {}
}
