package dev.mvc.cli.internal;

import dev.mvc.BackendException;
import dev.mvc.CheckFailedException;
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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
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

  private static final String LOCAL_FILE_FIX = "check that the path names a regular file you may read";

  private Errors() {}

  /**
   * Returns the fix for an integrity failure: a signature problem wants a signature or a trusted
   * key, an oversize input the right file, and a blob that does not match its hash a rebuild or a
   * publish (which repairs stored blobs).
   */
  private static String integrityFix(String message) {
    String m = String.valueOf(message);
    if (m.contains("signature") || m.contains("signed by key")) {
      return "sign the manifest with mvc sign FILE --key KEYFILE (mvc keygen makes keys; mvc publish stores FILE.sig),"
          + " or trust the signing key with --trust PUBFILE";
    }
    if (m.contains("limit of")) {
      return "check that the file or object named is the manifest, blob or signature you meant";
    }
    return "rebuild the manifest with mvc build, or publish it again with mvc publish, which uploads the prompt"
        + " blobs it references and repairs corrupted ones";
  }

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
      return new CliException(ExitCode.CHECK_FAILED, e.getMessage(), integrityFix(e.getMessage()), e);
    }
    if (e instanceof ManifestApprovalException) {
      return new CliException(ExitCode.CHECK_FAILED, e.getMessage(),
          "approve this digest with mvc approve URI --reason TEXT, or load an approved version", e);
    }
    if (e instanceof ManifestSourceException) {
      ManifestSourceException s = (ManifestSourceException) e;
      if (!s.notFound() && s.getCause() instanceof FileSystemException) {
        // A local file that exists but cannot be read: no network is involved.
        return new CliException(ExitCode.CHECK_FAILED, e.getMessage(), LOCAL_FILE_FIX, e);
      }
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
    Throwable io = e instanceof UncheckedIOException ? e.getCause() : e;
    if (io instanceof NoSuchFileException) {
      return new CliException(ExitCode.NOT_FOUND, "file " + ((NoSuchFileException) io).getFile() + " does not exist",
          "check the path", e);
    }
    if (io instanceof FileSystemException) {
      FileSystemException f = (FileSystemException) io;
      String reason = io instanceof AccessDeniedException ? "permission denied"
          : f.getReason() != null ? f.getReason() : io.getClass().getSimpleName();
      return new CliException(ExitCode.CHECK_FAILED, "file " + f.getFile() + " cannot be used: " + reason,
          LOCAL_FILE_FIX, e);
    }
    if (io instanceof CharacterCodingException) {
      return new CliException(ExitCode.CHECK_FAILED, "a file given is not UTF-8 text", "pass UTF-8 text files", e);
    }
    if (io instanceof IOException) {
      return new CliException(ExitCode.CHECK_FAILED, "cannot read or write a local file: " + io.getMessage(),
          LOCAL_FILE_FIX, e);
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
    if (e instanceof CheckFailedException) {
      return new CliException(ExitCode.CHECK_FAILED, e.getMessage(),
          "the service no longer matches the pin: publish a manifest that pins what it reports, or restore the pinned"
              + " state", e);
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
