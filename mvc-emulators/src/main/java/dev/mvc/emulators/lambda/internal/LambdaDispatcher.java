package dev.mvc.emulators.lambda.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.mvc.emulators.lambda.RecordedLambdaRequest;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A WireMock transformer that answers every request of the Lambda emulator from {@link LambdaState}. */
public final class LambdaDispatcher implements ResponseDefinitionTransformerV2 {
  /** The extension name. */
  public static final String NAME = "mvc-lambda-emulator";

  private static final Pattern ALIAS = Pattern.compile("/2015-03-31/functions/([^/]+)/aliases/([^/]+)");
  private static final Pattern VERSIONS = Pattern.compile("/2015-03-31/functions/([^/]+)/versions");
  private static final Pattern CONFIGURATION = Pattern.compile("/2015-03-31/functions/([^/]+)/configuration");
  private static final Pattern CREDENTIAL_REGION = Pattern.compile("Credential=[^/]+/\\d+/([^/]+)/");
  /** Error shapes whose message member Lambda's model spells {@code Message}; the others spell it {@code message}. */
  private static final Set<String> CAPITAL_MESSAGE = Set.of("ResourceNotFoundException", "ServiceException");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final LambdaState state;

  /** Creates a dispatcher serving from {@code state}. */
  public LambdaDispatcher(LambdaState state) {
    this.state = state;
  }

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  public boolean applyGlobally() {
    return true;
  }

  @Override
  public ResponseDefinition transform(ServeEvent serveEvent) {
    LoggedRequest request = serveEvent.getRequest();
    String url = request.getUrl();
    int q = url.indexOf('?');
    String path = q >= 0 ? url.substring(0, q) : url;
    Map<String, String> query = query(q >= 0 ? url.substring(q + 1) : "");
    String method = request.getMethod().getName();
    String body = new String(request.getBody(), StandardCharsets.UTF_8);
    Map<String, String> headers = new LinkedHashMap<>();
    for (HttpHeader h : request.getHeaders().all()) {
      headers.putIfAbsent(h.key().toLowerCase(Locale.ROOT), h.firstValue());
    }
    String operation = "Unknown";
    String function = null;
    String alias = null;
    Matcher m;
    if ((m = ALIAS.matcher(path)).matches() && (method.equals("GET") || method.equals("PUT"))) {
      operation = method.equals("GET") ? "GetAlias" : "UpdateAlias";
      function = decode(m.group(1));
      alias = decode(m.group(2));
    } else if ((m = VERSIONS.matcher(path)).matches() && method.equals("GET")) {
      operation = "ListVersionsByFunction";
      function = decode(m.group(1));
    } else if ((m = CONFIGURATION.matcher(path)).matches() && method.equals("GET")) {
      operation = "GetFunctionConfiguration";
      function = decode(m.group(1));
    }
    state.record(new RecordedLambdaRequest(operation, function, method, path, Map.copyOf(headers), body));
    String requestId = UUID.randomUUID().toString();
    if (function == null) {
      return error(404, "UnknownOperationException", "No Lambda operation for " + method + " " + path, requestId);
    }
    JsonNode json;
    try {
      json = body.isEmpty() ? JSON.createObjectNode() : JSON.readTree(body);
    } catch (IOException e) {
      return error(400, "InvalidRequestContentException", "Could not parse request body into json", requestId);
    }
    try {
      ObjectNode out = state.handle(operation, function, alias, query, json);
      return ResponseDefinitionBuilder.responseDefinition().withStatus(200)
          .withHeader("Content-Type", "application/json")
          .withHeader("x-amzn-RequestId", requestId)
          .withBody(out.toString()).build();
    } catch (LambdaState.ApiError e) {
      return error(e.status, e.type, e.getMessage(), requestId);
    }
  }

  private static ResponseDefinition error(int status, String type, String message, String requestId) {
    ObjectNode body = JSON.createObjectNode();
    body.put("Type", type.equals("ServiceException") ? "Service" : "User");
    body.put(CAPITAL_MESSAGE.contains(type) ? "Message" : "message", message);
    ResponseDefinitionBuilder r = ResponseDefinitionBuilder.responseDefinition().withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withHeader("x-amzn-RequestId", requestId)
        .withHeader("x-amzn-ErrorType", type);
    if (status == 429) {
      r.withHeader("Retry-After", "1");
    }
    return r.withBody(body.toString()).build();
  }

  /** Returns the region the request was signed for, or us-east-1. */
  static String regionOf(Map<String, String> headers) {
    String auth = headers.get("authorization");
    Matcher m = auth == null ? null : CREDENTIAL_REGION.matcher(auth);
    return m != null && m.find() ? m.group(1) : "us-east-1";
  }

  private static Map<String, String> query(String query) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String p : query.split("&")) {
      if (p.isEmpty()) {
        continue;
      }
      int eq = p.indexOf('=');
      out.put(decode(eq < 0 ? p : p.substring(0, eq)), eq < 0 ? "" : decode(p.substring(eq + 1)));
    }
    return out;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
