package dev.mvc.lambda;

import dev.mvc.VersionStamp;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A {@link VersionStamp} with the Lambda function name and version the call ran in, so a
 * response can be traced to the manifest version and to the function version that served it.
 *
 * <pre>{@code
 * static final LambdaEnvironment LAMBDA = LambdaEnvironment.fromProcess();
 * InvocationResponse response = client.invoke(variables);
 * LambdaStamp stamp = LambdaStamp.of(response.stamp(), LAMBDA);
 * headers.put("x-mvc-stamp", stamp.stamp().toHeaderValue());
 * headers.put("x-mvc-lambda", stamp.headerValue());
 * }</pre>
 *
 * @param stamp the stamp of the response
 * @param functionName the function the call ran in, or null outside Lambda
 * @param functionVersion the function version the call ran in, or null when not known
 */
public record LambdaStamp(VersionStamp stamp, @Nullable String functionName, @Nullable String functionVersion) {

  /** Validates the fields. */
  public LambdaStamp {
    Objects.requireNonNull(stamp, "stamp");
  }

  /** Returns {@code stamp} with the function name and version of {@code environment}. */
  public static LambdaStamp of(VersionStamp stamp, LambdaEnvironment environment) {
    return new LambdaStamp(stamp, environment.functionName(), environment.functionVersion());
  }

  /** Returns {@code function:version}, such as {@code support-answer:7}, or empty outside Lambda. */
  public String headerValue() {
    return functionName == null ? "" : functionName + ":" + (functionVersion == null ? "?" : functionVersion);
  }
}
