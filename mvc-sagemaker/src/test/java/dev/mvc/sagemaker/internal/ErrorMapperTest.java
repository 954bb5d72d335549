package dev.mvc.sagemaker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mvc.BackendException;
import dev.mvc.sagemaker.SageMakerApiException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;
import software.amazon.awssdk.services.sagemakerruntime.model.SageMakerRuntimeException;

class ErrorMapperTest {

  @ParameterizedTest(name = "{0} {1} -> retryable={2}")
  @CsvSource({
      "429, ThrottlingException, true",
      "429, ModelNotReadyException, true",
      "500, InternalFailure, true",
      "503, ServiceUnavailable, true",
      "502, BadGateway, true",
      "530, InternalDependencyException, true",
      "400, ValidationError, false",
      "424, ModelError, false",
      "404, NotFound, false",
      "403, AccessDeniedException, false"})
  void invocationErrors_areRetryableOnlyWhenAnotherAttemptMaySucceed(int status, String code, boolean retryable) {
    SageMakerRuntimeException e = (SageMakerRuntimeException) SageMakerRuntimeException.builder().statusCode(status)
        .requestId("req-1")
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("scripted").build()).build();
    BackendException mapped = ErrorMapper.invocation(e, "support-llm/blue");
    assertThat(mapped.retryable()).isEqualTo(retryable);
    assertThat(mapped.statusCode()).isEqualTo(status);
    assertThat(mapped.errorCode()).isEqualTo(code);
    assertThat(mapped.requestId()).isEqualTo("req-1");
    assertThat(mapped.getCause()).isSameAs(e);
    assertThat(mapped.getMessage()).contains("support-llm/blue").contains(code).contains("scripted");
  }

  @ParameterizedTest(name = "{0} {1} -> retryable={2}")
  @CsvSource({
      "400, ThrottlingException, true",
      "400, ValidationException, false",
      "400, ResourceLimitExceeded, false",
      "500, InternalFailure, true"})
  void controlPlaneErrors_nameTheOperationAndKeepTheCause(int status, String code, boolean retryable) {
    SageMakerException e = (SageMakerException) SageMakerException.builder().statusCode(status)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("scripted").build()).build();
    SageMakerApiException mapped = ErrorMapper.operation(e, "UpdateEndpoint", "support-llm");
    assertThat(mapped.retryable()).isEqualTo(retryable);
    assertThat(mapped.operation()).isEqualTo("UpdateEndpoint");
    assertThat(mapped.getCause()).isSameAs(e);
    assertThat(mapped.getMessage()).startsWith("SageMaker UpdateEndpoint of support-llm failed with " + status);
  }

  @org.junit.jupiter.api.Test
  void noAnswerAtAll_isRetryableWithStatusZero() {
    BackendException mapped = ErrorMapper.invocation(SdkClientException.create("connection refused"), "e/v");
    assertThat(mapped.retryable()).isTrue();
    assertThat(mapped.statusCode()).isZero();
  }
}
