package dev.mvc.bedrock.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mvc.BackendException;
import dev.mvc.MvcException;
import dev.mvc.PinViolationException;
import java.io.IOException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

class BedrockErrorMapperTest {

  @ParameterizedTest
  @CsvSource({
    "ThrottlingException, 429, true",
    "ModelNotReadyException, 429, true",
    "ServiceUnavailableException, 503, true",
    "InternalServerException, 500, true",
    "ValidationException, 400, false",
    "AccessDeniedException, 403, false",
    "ResourceNotFoundException, 404, false",
    "ModelTimeoutException, 408, false",
    "ModelErrorException, 424, false",
    "ServiceQuotaExceededException, 400, false",
    "SomethingNew, 502, true",
    "SomethingNew, 501, false",
    "SomethingNew, 409, false",
  })
  void retryable_followsTheErrorCodeThenTheStatus(String code, int status, boolean retryable) {
    assertThat(BedrockErrorMapper.retryable(code, status)).isEqualTo(retryable);
  }

  @Test
  void map_returnsAnMvcExceptionRaisedInsideTheSdkAsItIs() {
    PinViolationException violation = new PinViolationException("modelId is x, pinned y");

    MvcException mapped = BedrockErrorMapper.map(
        new CompletionException(SdkClientException.create("interceptor failed", violation)), "m");

    assertThat(mapped).isSameAs(violation);
  }

  @Test
  void map_ioFailure_isRetryableWithoutStatus() {
    MvcException mapped = BedrockErrorMapper.map(
        SdkClientException.create("connection reset", new IOException("reset")), "m");

    assertThat(mapped).isInstanceOfSatisfying(BackendException.class, e -> {
      assertThat(e.retryable()).isTrue();
      assertThat(e.statusCode()).isZero();
      assertThat(e.getCause()).isInstanceOf(SdkClientException.class);
    });
  }

  @Test
  void map_clientMisconfiguration_isNotRetryable() {
    MvcException mapped = BedrockErrorMapper.map(SdkClientException.create("Unable to load credentials"), "m");

    assertThat(mapped).isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.retryable()).isFalse());
  }

  @Test
  void map_apiCallTimeout_isRetryable() {
    MvcException mapped = BedrockErrorMapper.map(ApiCallTimeoutException.create(1000), "m");

    assertThat(mapped).isInstanceOfSatisfying(BackendException.class, e -> {
      assertThat(e.retryable()).isTrue();
      assertThat(e.getMessage()).contains("timed out");
    });
  }
}
