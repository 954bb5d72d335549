package dev.mvc.bedrock.internal;

import dev.mvc.BackendException;
import dev.mvc.MvcException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The one place that translates AWS SDK failures of Bedrock calls into the mvc exception tree.
 * The AWS exception stays the cause; an mvc exception raised inside the SDK (such as the
 * request guard's) is returned as it is.
 */
public final class BedrockErrorMapper {

  private static final Set<String> RETRYABLE = Set.of(
      "ThrottlingException", "ModelNotReadyException", "ServiceUnavailableException",
      "InternalServerException", "InternalFailure", "ServiceUnavailable", "TooManyRequestsException",
      "BadGatewayException");
  private static final Set<String> NOT_RETRYABLE = Set.of(
      "ValidationException", "AccessDeniedException", "ResourceNotFoundException",
      "ModelTimeoutException", "ModelErrorException", "ServiceQuotaExceededException",
      "ModelStreamErrorException", "ConflictException", "DependencyFailedException");

  private BedrockErrorMapper() {}

  /** Returns the mvc exception for a failure of a call to {@code modelId}. */
  public static MvcException map(Throwable error, String modelId) {
    Throwable t = unwrap(error);
    MvcException inner = findMvc(t);
    if (inner != null) {
      return inner;
    }
    if (t instanceof AwsServiceException) {
      AwsServiceException e = (AwsServiceException) t;
      String code = errorCode(e);
      String message = e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null
          ? e.awsErrorDetails().errorMessage() : e.getMessage();
      int status = e.statusCode();
      return BackendException.builder("Bedrock " + (code != null ? code : "error") + " (HTTP " + status
              + (e.requestId() != null ? ", request id " + e.requestId() : "") + ") for "
              + subject(modelId) + ": " + message)
          .cause(e)
          .retryable(retryable(code, status))
          .statusCode(status)
          .requestId(e.requestId())
          .errorCode(code)
          .build();
    }
    if (t instanceof ApiCallTimeoutException || t instanceof ApiCallAttemptTimeoutException) {
      return BackendException.builder("Bedrock call for " + subject(modelId) + " timed out: " + t.getMessage())
          .cause(t).retryable(true).errorCode(t.getClass().getSimpleName()).build();
    }
    if (t instanceof SdkClientException) {
      boolean io = hasIoCause(t);
      return BackendException.builder("Bedrock call for " + subject(modelId) + " failed in the client: " + t.getMessage())
          .cause(t).retryable(io).errorCode(io ? "IOException" : "SdkClientException").build();
    }
    if (t instanceof IOException || t instanceof UncheckedIOException) {
      return BackendException.builder("Bedrock call for " + subject(modelId) + " failed: " + t.getMessage())
          .cause(t).retryable(true).errorCode("IOException").build();
    }
    return BackendException.builder("Bedrock call for " + subject(modelId) + " failed: " + t)
        .cause(t).retryable(false).build();
  }

  /** Returns what a call addressed: {@code model <id>}, or an agent or knowledge base as described by the caller. */
  private static String subject(String modelId) {
    return modelId.startsWith("agent ") || modelId.startsWith("knowledge base ") ? modelId : "model " + modelId;
  }

  /** Returns the error code; in-stream exception frames name it in lower camel case, HTTP errors in upper. */
  private static @Nullable String errorCode(AwsServiceException e) {
    String code = e.awsErrorDetails() != null ? e.awsErrorDetails().errorCode() : null;
    if (code == null || code.isEmpty() || Character.isUpperCase(code.charAt(0))) {
      return code;
    }
    return Character.toUpperCase(code.charAt(0)) + code.substring(1);
  }

  /** Returns whether an error code, or failing that the status, means a retry may succeed. */
  static boolean retryable(@Nullable String code, int status) {
    if (code != null && RETRYABLE.contains(code)) {
      return true;
    }
    if (code != null && NOT_RETRYABLE.contains(code)) {
      return false;
    }
    return status == 429 || (status >= 500 && status != 501);
  }

  private static Throwable unwrap(Throwable error) {
    Throwable t = error;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static @Nullable MvcException findMvc(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof MvcException) {
        return (MvcException) c;
      }
    }
    return null;
  }

  private static boolean hasIoCause(Throwable t) {
    for (Throwable c = t.getCause(); c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof IOException) {
        return true;
      }
    }
    return false;
  }
}
