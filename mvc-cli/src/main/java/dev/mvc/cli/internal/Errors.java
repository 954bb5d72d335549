package dev.mvc.cli.internal;

import dev.mvc.BackendException;
import dev.mvc.ManifestApprovalException;
import dev.mvc.ManifestIntegrityException;
import dev.mvc.ManifestParseException;
import dev.mvc.ManifestPolicyException;
import dev.mvc.ManifestSourceException;
import dev.mvc.MvcException;
import dev.mvc.PinViolationException;
import dev.mvc.TemplateException;
import dev.mvc.VersionDriftException;
import dev.mvc.cli.ExitCode;
import dev.mvc.s3.S3StoreException;
import dev.mvc.sagemaker.DeploymentException;
import dev.mvc.sagemaker.DeploymentMismatchException;
import dev.mvc.sagemaker.SageMakerApiException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Translates the exceptions of the library and the AWS SDK into {@link CliException}s: one exit
 * code per kind of failure and a fix that says what to do next.
 */
public final class Errors {
  private static final String NETWORK_FIX = "check the endpoint, region and credentials (--endpoint-url, --region, "
      + "--profile) and network access, then retry";

  private Errors() {}

  /** Returns {@code e} as a command failure. */
  public static CliException translate(Throwable e) {
    if (e instanceof CliException) {
      return (CliException) e;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (String.valueOf(t.getMessage()).contains("Unable to load credentials")) {
        return new CliException(ExitCode.REMOTE_ERROR, "no AWS credentials found for this request",
            "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE or --profile, or run on a role", e);
      }
    }
    if (e instanceof ManifestParseException) {
      return new CliException(ExitCode.CHECK_FAILED, e.getMessage(),
          "correct " + ((ManifestParseException) e).path() + " in the manifest (fields: docs/manifest.md)", e);
    }
    if (e instanceof ManifestPolicyException) {
      return new CliException(ExitCode.CHECK_FAILED, e.getMessage(),
          "pin the named fields, or relax a rule deliberately with --relax RULE", e);
    }
    if (e instanceof ManifestIntegrityException) {
      return new CliException(ExitCode.CHECK_FAILED, e.getMessage(),
          "rebuild the manifest with mvc build, or publish the prompt blob it references", e);
    }
    if (e instanceof ManifestApprovalException) {
      return new CliException(ExitCode.CHECK_FAILED, e.getMessage(),
          "approve this digest with mvc approve URI --reason TEXT, or load an approved version", e);
    }
    if (e instanceof ManifestSourceException) {
      ManifestSourceException s = (ManifestSourceException) e;
      return s.notFound()
          ? new CliException(ExitCode.NOT_FOUND, e.getMessage(), "check the path or URI and its versionId", e)
          : new CliException(ExitCode.REMOTE_ERROR, e.getMessage(), NETWORK_FIX, e);
    }
    if (e instanceof TemplateException) {
      return new CliException(ExitCode.CHECK_FAILED, e.getMessage(),
          "pass exactly the variables the template declares (mvc show FILE lists them)", e);
    }
    if (e instanceof PinViolationException || e instanceof VersionDriftException) {
      return new CliException(ExitCode.CHECK_FAILED, e.getMessage(),
          "serve only what the manifest pins; see the fields named above", e);
    }
    if (e instanceof BackendException) {
      BackendException b = (BackendException) e;
      return new CliException(b.statusCode() == 404 ? ExitCode.NOT_FOUND : ExitCode.REMOTE_ERROR, e.getMessage(),
          b.retryable() ? "retry later; the error is transient" : NETWORK_FIX, e);
    }
    if (e instanceof SdkClientException) {
      return new CliException(ExitCode.REMOTE_ERROR, "cannot reach AWS: " + e.getMessage(), NETWORK_FIX, e);
    }
    if (e instanceof AwsServiceException) {
      AwsServiceException a = (AwsServiceException) e;
      return new CliException(a.statusCode() == 404 ? ExitCode.NOT_FOUND : ExitCode.REMOTE_ERROR,
          "AWS answered " + a.statusCode() + " " + a.awsErrorDetails().errorCode() + ": "
              + a.awsErrorDetails().errorMessage(),
          a.statusCode() == 403 ? "check the credentials and their permissions (--profile)" : NETWORK_FIX, e);
    }
    if (e instanceof UncheckedIOException && e.getCause() instanceof NoSuchFileException) {
      return new CliException(ExitCode.NOT_FOUND, "file " + e.getCause().getMessage() + " does not exist",
          "check the path", e);
    }
    if (e instanceof S3StoreException) {
      boolean missing = e.getCause() instanceof AwsServiceException
          && ((AwsServiceException) e.getCause()).statusCode() == 404;
      return new CliException(missing ? ExitCode.NOT_FOUND : ExitCode.REMOTE_ERROR, e.getMessage(),
          missing ? "check the bucket and key" : "check that the bucket exists with versioning on, and " + NETWORK_FIX, e);
    }
    if (e instanceof SageMakerApiException) {
      SageMakerApiException a = (SageMakerApiException) e;
      boolean missing = a.statusCode() == 404 || "ValidationException".equals(a.errorCode())
          && String.valueOf(a.getMessage()).contains("not found");
      return new CliException(missing ? ExitCode.NOT_FOUND : ExitCode.REMOTE_ERROR, e.getMessage(),
          missing ? "check the endpoint, group or package ARN" : NETWORK_FIX, e);
    }
    if (e instanceof DeploymentMismatchException) {
      return new CliException(ExitCode.CHECK_FAILED, e.getMessage(),
          "deploy the package the manifest pins, or roll the endpoint back with mvc sagemaker rollback", e);
    }
    if (e instanceof DeploymentException) {
      return new CliException(ExitCode.CHECK_FAILED, e.getMessage(),
          "check the endpoint and the group's approved versions (SageMaker console or mvc sagemaker approve)", e);
    }
    if (e instanceof MvcException) {
      return new CliException(ExitCode.CHECK_FAILED, e.getMessage(), "see the cause above", e);
    }
    if (e instanceof IllegalArgumentException) {
      // Builders and parsers of the library reject malformed arguments (bucket names, URIs, ...).
      return new CliException(ExitCode.USAGE, e.getMessage(), "correct the argument named in the message", e);
    }
    return new CliException(ExitCode.CHECK_FAILED, e.getClass().getSimpleName() + ": " + e.getMessage(),
        "rerun with MVC_STACKTRACE=1 for the stack trace and report it", e);
  }
}
