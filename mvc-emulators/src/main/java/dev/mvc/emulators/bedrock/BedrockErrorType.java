package dev.mvc.emulators.bedrock;

/**
 * An error that the Bedrock Runtime or Agents for Bedrock Runtime answers with, as the HTTP
 * status and the {@code x-amzn-ErrorType} name the AWS SDK turns into its exception types.
 *
 * <p>Each operation answers only the errors its AWS service model declares
 * ({@link BedrockOperation#errors()}), with the status that service gives the error
 * ({@link #statusCode(BedrockOperation)}): {@code ModelNotReadyException} is 429 in Bedrock
 * Runtime and 424 in Agents for Bedrock Runtime. {@link #retryableBySdk()} tells whether the AWS
 * SDK's default retry policy retries the error; the emulator itself never retries.
 */
public enum BedrockErrorType {
  /** Too many requests; HTTP 429, retried by the SDK. */
  THROTTLING(429, "ThrottlingException", true),
  /** The model is not ready to serve; HTTP 429 (424 from the agent operations), retried by the SDK. */
  MODEL_NOT_READY(429, "ModelNotReadyException", true),
  /** The service is unavailable; HTTP 503, retried by the SDK. */
  SERVICE_UNAVAILABLE(503, "ServiceUnavailableException", true),
  /** An internal server error; HTTP 500, retried by the SDK. */
  INTERNAL_SERVER(500, "InternalServerException", true),
  /** The request is invalid; HTTP 400, not retried. */
  VALIDATION(400, "ValidationException", false),
  /** The account quota is exceeded; HTTP 400, not retried. */
  SERVICE_QUOTA_EXCEEDED(400, "ServiceQuotaExceededException", false),
  /** The caller may not use the model; HTTP 403, not retried. */
  ACCESS_DENIED(403, "AccessDeniedException", false),
  /** The model or resource does not exist; HTTP 404, not retried. */
  RESOURCE_NOT_FOUND(404, "ResourceNotFoundException", false),
  /** The model took too long; HTTP 408, not retried. */
  MODEL_TIMEOUT(408, "ModelTimeoutException", false),
  /** The model failed to process the request; HTTP 424, not retried. */
  MODEL_ERROR(424, "ModelErrorException", false),
  /** The model failed while streaming; HTTP 424, normally sent only inside a stream. */
  MODEL_STREAM_ERROR(424, "ModelStreamErrorException", false),
  /** A conflicting operation is in progress (Agents for Bedrock Runtime); HTTP 409, not retried. */
  CONFLICT(409, "ConflictException", false),
  /** A resource the agent or knowledge base depends on failed (Agents for Bedrock Runtime); HTTP 424, not retried. */
  DEPENDENCY_FAILED(424, "DependencyFailedException", false),
  /** A dependency failed on the server side (Agents for Bedrock Runtime); HTTP 502, retried by the SDK. */
  BAD_GATEWAY(502, "BadGatewayException", true);

  private final int statusCode;
  private final String errorTypeName;
  private final boolean retryableBySdk;

  BedrockErrorType(int statusCode, String errorTypeName, boolean retryableBySdk) {
    this.statusCode = statusCode;
    this.errorTypeName = errorTypeName;
    this.retryableBySdk = retryableBySdk;
  }

  /** Returns the HTTP status code Bedrock Runtime sends, for example {@code 429}. */
  public int statusCode() {
    return statusCode;
  }

  /**
   * Returns the HTTP status code the service of {@code operation} sends with this error: the
   * agent operations send {@code ModelNotReadyException} as 424, everything else is
   * {@link #statusCode()}.
   */
  public int statusCode(BedrockOperation operation) {
    if (this == MODEL_NOT_READY && operation.agentRuntime()) {
      return 424;
    }
    return statusCode;
  }

  /** Returns the error type name sent in {@code x-amzn-ErrorType}, for example {@code ThrottlingException}. */
  public String errorTypeName() {
    return errorTypeName;
  }

  /** Returns the name used in an in-stream exception frame, for example {@code throttlingException}. */
  public String streamExceptionTypeName() {
    return Character.toLowerCase(errorTypeName.charAt(0)) + errorTypeName.substring(1);
  }

  /** Returns whether the AWS SDK's default retry policy retries this error. */
  public boolean retryableBySdk() {
    return retryableBySdk;
  }
}
