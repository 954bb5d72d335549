package dev.mvc.sagemaker.internal;

import dev.mvc.BackendException;
import dev.mvc.sagemaker.SageMakerApiException;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sagemakerruntime.model.ModelErrorException;

/**
 * The one translation of AWS SDK exceptions into the mvc tree: runtime failures become
 * {@link BackendException}, control-plane failures {@link SageMakerApiException}; the AWS
 * exception is kept as the cause.
 */
public final class ErrorMapper {
  private static final Set<Integer> RETRYABLE_STATUS = Set.of(429, 500, 502, 503, 504);
  private static final Set<String> RETRYABLE_CODES = Set.of("ModelNotReadyException", "ThrottlingException",
      "Throttling", "ServiceUnavailable", "InternalFailure", "InternalDependencyException");

  private ErrorMapper() {}

  /** Maps a failed InvokeEndpoint of {@code target} (endpoint and variant, for the message). */
  public static BackendException invocation(SdkException e, String target) {
    Fields f = fields(e);
    StringBuilder message = new StringBuilder("SageMaker endpoint ").append(target).append(": InvokeEndpoint failed");
    if (f.status > 0) {
      message.append(" with ").append(f.status);
    }
    if (f.code != null) {
      message.append(' ').append(f.code);
    }
    message.append(": ").append(f.message);
    if (e instanceof ModelErrorException) {
      ModelErrorException me = (ModelErrorException) e;
      message.append(" (OriginalStatusCode ").append(me.originalStatusCode())
          .append(", OriginalMessage ").append(me.originalMessage());
      if (me.logStreamArn() != null) {
        message.append(", LogStreamArn ").append(me.logStreamArn());
      }
      message.append(')');
    }
    return BackendException.builder(message.toString())
        .cause(e)
        .statusCode(f.status)
        .errorCode(f.code)
        .requestId(f.requestId)
        .retryable(f.retryable)
        .build();
  }

  /** Maps a failed control-plane {@code operation} on {@code subject} (for the message). */
  public static SageMakerApiException operation(SdkException e, String operation, String subject) {
    Fields f = fields(e);
    return new SageMakerApiException(operation, "SageMaker " + operation + " of " + subject + " failed"
        + (f.status > 0 ? " with " + f.status : "") + (f.code != null ? " " + f.code : "") + ": " + f.message,
        f.status, f.code, f.requestId, f.retryable, e);
  }

  private record Fields(int status, @Nullable String code, @Nullable String requestId, String message,
      boolean retryable) {}

  private static Fields fields(SdkException e) {
    if (e instanceof AwsServiceException) {
      AwsServiceException a = (AwsServiceException) e;
      String code = a.awsErrorDetails() != null ? a.awsErrorDetails().errorCode() : null;
      String msg = a.awsErrorDetails() != null && a.awsErrorDetails().errorMessage() != null
          ? a.awsErrorDetails().errorMessage() : String.valueOf(a.getMessage());
      int status = a.statusCode();
      boolean retryable = RETRYABLE_STATUS.contains(status) || (code != null && RETRYABLE_CODES.contains(code));
      if (status == 400 || status == 424) {
        retryable = retryable && code != null && RETRYABLE_CODES.contains(code);
      }
      return new Fields(status, code, a.requestId(), msg, retryable);
    }
    // No answer: connection failures and timeouts may well succeed on another attempt.
    return new Fields(0, null, null, String.valueOf(e.getMessage()), true);
  }
}
