package dev.mvc.emulators.bedrock;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A request that {@link BedrockEmulator} received, as kept in its journal for assertions.
 *
 * @param operation the operation the path addressed
 * @param modelId the model ID, decoded from its path segment (for example
 *     {@code anthropic.claude-3-haiku-20240307-v1:0}); for RetrieveAndGenerate the model ID inside
 *     the body's {@code modelArn}, for InvokeAgent and GetAgentAlias the agent ID, for
 *     ListIngestionJobs the knowledge base ID: the key replies are scripted under
 * @param method the HTTP method
 * @param path the raw request path, still percent-encoded
 * @param headers the request headers, names in lower case
 * @param body the request body as UTF-8 text; for Converse and InvokeModel a JSON document
 */
public record RecordedBedrockRequest(
    BedrockOperation operation,
    String modelId,
    String method,
    String path,
    Map<String, List<String>> headers,
    String body) {

  /** Creates a journal entry; header names are stored in lower case. */
  public RecordedBedrockRequest {
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(modelId, "modelId");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(body, "body");
    Map<String, List<String>> lower = new LinkedHashMap<>();
    headers.forEach((name, values) -> lower.merge(
        name.toLowerCase(Locale.ROOT), List.copyOf(values), (a, b) -> concat(a, b)));
    headers = Map.copyOf(lower);
  }

  /** Returns the first value of the named header (any case), or {@code null} if absent. */
  public @Nullable String header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /**
   * Returns the attempt number the AWS SDK sent in {@code amz-sdk-request} ({@code attempt=N}),
   * or 0 if the header is absent.
   */
  public int attempt() {
    String value = header("amz-sdk-request");
    if (value == null) {
      return 0;
    }
    for (String part : value.split(";")) {
      String trimmed = part.trim();
      if (trimmed.startsWith("attempt=")) {
        try {
          return Integer.parseInt(trimmed.substring("attempt=".length()));
        } catch (NumberFormatException e) {
          return 0;
        }
      }
    }
    return 0;
  }

  /**
   * Returns the lowercase hex SHA-256 of the bytes of each image and document the body carries,
   * in order: Converse {@code image} and {@code document} blocks, and the {@code image} and
   * {@code document} blocks of an Anthropic Messages body (a plain-text document by its UTF-8
   * bytes); empty when there are none.
   */
  public List<String> attachmentSha256s() {
    return dev.mvc.emulators.bedrock.internal.Attachments.sha256s(body);
  }

  @Override
  public String toString() {
    return "RecordedBedrockRequest{" + operation + " " + modelId + ", bodyLength=" + body.length() + "}";
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new java.util.ArrayList<>(a);
    all.addAll(b);
    return List.copyOf(all);
  }
}
