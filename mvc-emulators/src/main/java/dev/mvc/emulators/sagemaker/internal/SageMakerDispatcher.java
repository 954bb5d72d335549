package dev.mvc.emulators.sagemaker.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.mvc.emulators.sagemaker.RecordedSageMakerRequest;
import dev.mvc.emulators.sagemaker.SageMakerReply;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A WireMock transformer that answers every request of the SageMaker emulator: runtime
 * invocations from the scripted replies, control-plane operations from {@link ControlPlane}.
 */
public final class SageMakerDispatcher implements ResponseDefinitionTransformerV2 {
  /** The extension name. */
  public static final String NAME = "mvc-sagemaker-emulator";

  private static final Pattern INVOKE = Pattern.compile("/endpoints/([^/]+)/(invocations|invocations-response-stream)");
  private static final int PART_BYTES = 16;
  /** The errors SageMaker Runtime's service model defines. */
  private static final java.util.Set<String> RUNTIME_ERRORS = java.util.Set.of("InternalFailure", "ServiceUnavailable",
      "ValidationError", "ModelError", "InternalDependencyException", "ModelNotReadyException");
  /** The errors the model declares for InvokeEndpoint. */
  private static final java.util.Set<String> INVOKE_ERRORS = RUNTIME_ERRORS;
  /** The errors the model declares for InvokeEndpointWithResponseStream (sent before the stream). */
  private static final java.util.Set<String> STREAM_ERRORS =
      java.util.Set.of("InternalFailure", "ServiceUnavailable", "ValidationError", "ModelError");
  private static final Pattern CREDENTIAL_REGION = Pattern.compile("Credential=[^/]+/\\d+/([^/]+)/");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final EmulatorState state;

  /** Creates a dispatcher serving from {@code state}. */
  public SageMakerDispatcher(EmulatorState state) {
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
    String path = request.getUrl();
    int q = path.indexOf('?');
    if (q >= 0) {
      path = path.substring(0, q);
    }
    String body = new String(request.getBody(), StandardCharsets.UTF_8);
    Map<String, String> headers = headersOf(request);
    Matcher m = INVOKE.matcher(path);
    if (m.matches() && request.getMethod().getName().equals("POST")) {
      String endpoint = URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
      boolean stream = m.group(2).equals("invocations-response-stream");
      state.record(new RecordedSageMakerRequest(stream ? RecordedSageMakerRequest.INVOKE_ENDPOINT_STREAM
          : RecordedSageMakerRequest.INVOKE_ENDPOINT, endpoint, headers.get("x-amzn-sagemaker-target-variant"),
          headers.get("x-amzn-sagemaker-inference-component"), headers, body));
      return invoke(endpoint, headers, body, stream);
    }
    String target = headers.get("x-amz-target");
    if (path.equals("/") && target != null && target.startsWith("SageMaker.")) {
      String op = target.substring("SageMaker.".length());
      state.record(new RecordedSageMakerRequest(op, null, null, null, headers, body));
      return control(op, body, regionOf(headers));
    }
    return jsonError(404, "UnknownOperationException", "No SageMaker operation for "
        + request.getMethod().getName() + " " + path, UUID.randomUUID().toString());
  }

  private ResponseDefinition invoke(String endpoint, Map<String, String> headers, String body, boolean stream) {
    JsonNode json;
    try {
      json = JSON.readTree(body);
    } catch (IOException e) {
      json = null;
    }
    String routed = headers.get("x-amzn-sagemaker-target-variant");
    Map<String, Double> variants = state.controlPlane().variantsOf(endpoint);
    if (variants != null) {
      if (routed != null && !variants.containsKey(routed)) {
        return restError(400, "ValidationError", "The variant \"" + routed + "\" does not exist for endpoint \""
            + endpoint + "\".", UUID.randomUUID().toString(), null, 0);
      }
      if (routed == null) {
        routed = variants.entrySet().stream().filter(e -> e.getValue() > 0).map(Map.Entry::getKey)
            .findFirst().orElse(variants.keySet().stream().findFirst().orElse("AllTraffic"));
      }
    } else if (routed == null) {
      routed = "AllTraffic";
    }
    SageMakerReply reply = state.nextReply(endpoint);
    String requestId = reply.requestId() != null ? reply.requestId() : UUID.randomUUID().toString();
    String refused = refusal(reply, stream);
    if (refused != null) {
      return restError(400, "ValidationError", refused, requestId, null, (int) reply.delay().toMillis());
    }
    if (reply.errorCode() != null) {
      return restError(reply.status(), reply.errorCode(), reply.message(), requestId, reply,
          (int) reply.delay().toMillis());
    }
    ResponseDefinitionBuilder r = ResponseDefinitionBuilder.responseDefinition().withStatus(200)
        .withHeader("x-amzn-RequestId", requestId)
        .withHeader("Content-Type", stream ? "application/vnd.amazon.eventstream" : "application/json")
        .withFixedDelay((int) reply.delay().toMillis());
    if (reply.variantHeader()) {
      r.withHeader("x-Amzn-Invoked-Production-Variant", reply.servedVariant() != null ? reply.servedVariant() : routed);
    }
    if (stream) {
      r.withHeader("X-Amzn-SageMaker-Content-Type", "text/event-stream");
      return r.withBody(streamed(reply, json, requestId)).build();
    }
    String out = reply.body() != null ? reply.body() : render(reply, json, requestId);
    return r.withBody(out).build();
  }

  /**
   * Returns why the runtime operation cannot send a scripted error the way AWS would, or null:
   * an error of SageMaker Runtime's model that this operation does not declare. Error codes the
   * model does not define are sent as given.
   */
  static @Nullable String refusal(SageMakerReply reply, boolean stream) {
    String code = reply.errorCode();
    if (code == null || !RUNTIME_ERRORS.contains(code)) {
      return null;
    }
    java.util.Set<String> declared = stream ? STREAM_ERRORS : INVOKE_ERRORS;
    if (declared.contains(code)) {
      return null;
    }
    return "The SageMaker emulator refuses the scripted reply: " + (stream ? RecordedSageMakerRequest.INVOKE_ENDPOINT_STREAM
        : RecordedSageMakerRequest.INVOKE_ENDPOINT) + " does not return " + code + " (its service model declares "
        + String.join(", ", new java.util.TreeSet<>(declared)) + ")";
  }

  /** Renders a streamed reply: server-sent events in the request's format, cut into payload parts. */
  private static byte[] streamed(SageMakerReply reply, @Nullable JsonNode request, String requestId) {
    String text = reply.text() == null ? "" : reply.text();
    java.util.List<String> pieces = new java.util.ArrayList<>();
    for (int i = 0; i < text.length(); ) {
      int end = text.offsetByCodePoints(i, Math.min(4, text.codePointCount(i, text.length())));
      pieces.add(text.substring(i, end));
      i = end;
    }
    StringBuilder sse = new StringBuilder();
    if (reply.body() != null) {
      sse.append(reply.body());
    } else if (request != null && request.has("messages")) {
      for (String piece : pieces) {
        ObjectNode chunk = chunk(requestId);
        chunk.putArray("choices").addObject().put("index", 0).putNull("finish_reason")
            .putObject("delta").put("content", piece);
        sse.append("data: ").append(chunk).append("\n\n");
      }
      ObjectNode last = chunk(requestId);
      ObjectNode choice = last.putArray("choices").addObject().put("index", 0).put("finish_reason", reply.finishReason());
      choice.putObject("delta");
      last.putObject("usage").put("prompt_tokens", reply.inputTokens()).put("completion_tokens", reply.outputTokens())
          .put("total_tokens", reply.inputTokens() + reply.outputTokens());
      sse.append("data: ").append(last).append("\n\n").append("data: [DONE]\n\n");
    } else if (request != null && request.has("inputs")) {
      if (pieces.isEmpty()) {
        pieces.add("");
      }
      for (int i = 0; i < pieces.size(); i++) {
        ObjectNode event = JSON.createObjectNode().put("index", i + 1);
        event.putObject("token").put("id", i + 1).put("text", pieces.get(i)).put("logprob", -0.1).put("special", false);
        if (i == pieces.size() - 1) {
          event.put("generated_text", text);
          event.putObject("details").put("finish_reason", reply.finishReason()).put("generated_tokens", pieces.size());
        } else {
          event.putNull("generated_text");
          event.putNull("details");
        }
        sse.append("data:").append(event).append("\n\n");
      }
    } else {
      sse.append(render(reply, request, requestId));
    }
    byte[] bytes = sse.toString().getBytes(StandardCharsets.UTF_8);
    EventStream out = new EventStream();
    int parts = 0;
    for (int i = 0; i < bytes.length; i += PART_BYTES) {
      if (parts == reply.streamFailureAfter()) {
        break;
      }
      out.event("PayloadPart", "application/octet-stream",
          java.util.Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + PART_BYTES)));
      parts++;
    }
    if (reply.streamFailureAfter() >= 0) {
      out.exception("ModelStreamError", JSON.createObjectNode().put("Message", "The model stream failed")
          .put("ErrorCode", "ModelStreamError").toString());
    }
    return out.bytes();
  }

  private static ObjectNode chunk(String requestId) {
    return JSON.createObjectNode().put("id", "chatcmpl-" + requestId).put("object", "chat.completion.chunk")
        .put("created", 1767225600L).put("model", "lmi");
  }

  private static String render(SageMakerReply reply, @Nullable JsonNode request, String requestId) {
    String text = reply.text() == null ? "" : reply.text();
    if (request != null && request.has("messages")) {
      ObjectNode o = JSON.createObjectNode();
      o.put("id", "chatcmpl-" + requestId);
      o.put("object", "chat.completion");
      o.put("created", 1767225600L);
      o.put("model", request.path("model").asText("lmi"));
      ObjectNode choice = o.putArray("choices").addObject();
      choice.put("index", 0);
      choice.putObject("message").put("role", "assistant").put("content", text);
      choice.put("finish_reason", reply.finishReason());
      o.putObject("usage").put("prompt_tokens", reply.inputTokens()).put("completion_tokens", reply.outputTokens())
          .put("total_tokens", reply.inputTokens() + reply.outputTokens());
      return o.toString();
    }
    if (request != null && request.has("inputs")) {
      ArrayNode a = JSON.createArrayNode();
      ObjectNode g = a.addObject().put("generated_text", text);
      if (request.path("parameters").path("details").asBoolean(false)) {
        g.putObject("details").put("finish_reason", reply.finishReason())
            .put("generated_tokens", reply.outputTokens());
      }
      return a.toString();
    }
    return JSON.createObjectNode().put("generated_text", text).toString();
  }

  private ResponseDefinition control(String op, String body, String region) {
    String requestId = UUID.randomUUID().toString();
    JsonNode json;
    try {
      json = body.isEmpty() ? JSON.createObjectNode() : JSON.readTree(body);
    } catch (IOException e) {
      return jsonError(400, "SerializationException", "request body is not JSON", requestId);
    }
    try {
      ObjectNode out = state.controlPlane().handle(op, json, region);
      return ResponseDefinitionBuilder.responseDefinition().withStatus(200)
          .withHeader("x-amzn-RequestId", requestId)
          .withHeader("Content-Type", "application/x-amz-json-1.1")
          .withBody(out.toString()).build();
    } catch (ControlPlane.ApiError e) {
      return jsonError(e.status, e.type, e.getMessage(), requestId);
    }
  }

  private static ResponseDefinition jsonError(int status, String type, String message, String requestId) {
    ObjectNode o = JSON.createObjectNode().put("__type", type).put("Message", message);
    return ResponseDefinitionBuilder.responseDefinition().withStatus(status)
        .withHeader("x-amzn-RequestId", requestId)
        .withHeader("Content-Type", "application/x-amz-json-1.1")
        .withBody(o.toString()).build();
  }

  private static ResponseDefinition restError(int status, String type, String message, String requestId,
      @Nullable SageMakerReply reply, int delayMs) {
    ObjectNode o = JSON.createObjectNode().put("__type", type).put("Message", message);
    if (reply != null && reply.originalStatusCode() != 0) {
      o.put("OriginalStatusCode", reply.originalStatusCode());
      o.put("OriginalMessage", reply.originalMessage());
      o.put("LogStreamArn", "arn:aws:logs:us-east-1:" + ControlPlane.ACCOUNT
          + ":log-group:/aws/sagemaker/Endpoints/emulated");
    }
    return ResponseDefinitionBuilder.responseDefinition().withStatus(status)
        .withHeader("x-amzn-RequestId", requestId)
        .withHeader("x-amzn-ErrorType", type)
        .withHeader("Content-Type", "application/json")
        .withFixedDelay(delayMs)
        .withBody(o.toString()).build();
  }

  private static Map<String, String> headersOf(LoggedRequest request) {
    Map<String, String> out = new LinkedHashMap<>();
    for (HttpHeader h : request.getHeaders().all()) {
      out.put(h.key().toLowerCase(Locale.ROOT), h.firstValue());
    }
    return out;
  }

  private static String regionOf(Map<String, String> headers) {
    String auth = headers.get("authorization");
    if (auth != null) {
      Matcher m = CREDENTIAL_REGION.matcher(auth);
      if (m.find()) {
        return m.group(1);
      }
    }
    return "us-east-1";
  }
}
