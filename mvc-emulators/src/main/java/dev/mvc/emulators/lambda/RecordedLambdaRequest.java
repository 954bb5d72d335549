package dev.mvc.emulators.lambda;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A request the {@link LambdaEmulator} received, as it arrived on the wire.
 *
 * @param operation the operation, such as {@code UpdateAlias}, or {@code Unknown}
 * @param functionName the function name from the path, as sent (a name or an ARN)
 * @param method the HTTP method
 * @param path the request path without the query
 * @param headers the request headers with lower-case names (first value of each)
 * @param body the request body as UTF-8 text
 */
public record RecordedLambdaRequest(String operation, @Nullable String functionName, String method, String path,
    Map<String, String> headers, String body) {

  /** Returns the first value of header {@code name} (any case), or null. */
  public @Nullable String header(String name) {
    return headers.get(name.toLowerCase(java.util.Locale.ROOT));
  }

  @Override
  public String toString() {
    return "RecordedLambdaRequest{" + operation + " " + functionName + ", " + body.length() + " bytes}";
  }
}
