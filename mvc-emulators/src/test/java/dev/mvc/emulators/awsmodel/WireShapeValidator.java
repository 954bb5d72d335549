package dev.mvc.emulators.awsmodel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * A checker of HTTP responses against an official AWS service model: the status, the error
 * code and its modelled status, the required members, member types, enum values, string
 * lengths, numeric ranges, patterns, members the shape does not define, and for event streams
 * the event and exception types the operation's stream models.
 *
 * <p>Each check returns a list of violations, each naming the operation, the JSON path and
 * the offending value; an empty list means the response is one a client generated from the
 * model accepts.
 */
final class WireShapeValidator {
  /**
   * The errors every AWS service may answer without declaring them (the AWS "Common Errors"
   * table), with the statuses they come with; SageMaker's JSON protocol spells the validation
   * error {@code ValidationException}.
   */
  private static final Map<String, Set<Integer>> COMMON_ERRORS = Map.of(
      "AccessDeniedException", Set.of(400, 403),
      "IncompleteSignature", Set.of(400),
      "InternalFailure", Set.of(500),
      "InvalidClientTokenId", Set.of(403),
      "NotAuthorized", Set.of(400),
      "RequestExpired", Set.of(400),
      "ServiceUnavailable", Set.of(503),
      "ThrottlingException", Set.of(400, 429),
      "ValidationError", Set.of(400),
      "ValidationException", Set.of(400));
  /** Keys an error body may carry besides the error shape's members. */
  private static final Set<String> ERROR_ENVELOPE = Set.of("__type", "code");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AwsServiceModel model;
  private final Map<String, @Nullable Pattern> patterns = new HashMap<>();

  WireShapeValidator(AwsServiceModel model) {
    this.model = model;
  }

  AwsServiceModel model() {
    return model;
  }

  /** Returns every way the response differs from what the model allows for the operation. */
  List<String> validate(String operation, WireResponse response) {
    List<String> out = new ArrayList<>();
    String where = model.name() + " " + operation;
    JsonNode op = model.operation(operation);
    if (response.status() >= 300) {
      validateError(where, operation, response, out);
      return out;
    }
    int expected = op.path("http").path("responseCode").asInt(200);
    if (response.status() != expected) {
      out.add(where + ": status " + response.status() + ", the model says " + expected);
    }
    JsonNode outputRef = op.get("output");
    if (outputRef == null) {
      if (response.body().length > 0 && !response.bodyText().trim().equals("{}")) {
        out.add(where + ": the operation has no output, the body was " + response.bodyText());
      }
      return out;
    }
    String outputName = outputRef.path("shape").asText();
    JsonNode output = model.shape(outputName);
    validateHeaders(where, output, response, out);
    String payload = output.path("payload").asText(null);
    if (payload != null) {
      String payloadShapeName = output.path("members").path(payload).path("shape").asText();
      JsonNode payloadShape = model.shape(payloadShapeName);
      if (payloadShape.path("eventstream").asBoolean(false)) {
        validateEventStream(where, payloadShapeName, response.body(), out);
      } else if ("structure".equals(payloadShape.path("type").asText())) {
        JsonNode body = parse(where, response.bodyText(), out);
        if (body != null) {
          validateShape(where, payloadShapeName, body, "$", out);
        }
      }
      return out;
    }
    JsonNode body = parse(where, response.bodyText(), out);
    if (body != null) {
      validateStructure(where, outputName, output, body, "$", true, out);
    }
    return out;
  }

  private void validateError(String where, String operation, WireResponse response, List<String> out) {
    JsonNode body = parse(where, response.bodyText(), out);
    String code = errorCode(response, body);
    if (code == null) {
      out.add(where + ": error status " + response.status() + " without an error code");
      return;
    }
    List<String> declared = model.errors(operation);
    if (declared.contains(code)) {
      JsonNode shape = model.shape(code);
      int status = shape.path("error").path("httpStatusCode").asInt(400);
      if (response.status() != status) {
        out.add(where + ": error " + code + " sent with status " + response.status()
            + ", the model says " + status);
      }
      if (body != null) {
        validateStructure(where, code, shape, body, "$", false, out);
      }
      return;
    }
    Set<Integer> common = COMMON_ERRORS.get(code);
    if (common == null) {
      out.add(where + ": error " + code + " (status " + response.status()
          + ") is not declared by the operation " + declared + " nor an AWS common error");
      return;
    }
    if (!common.contains(response.status())) {
      out.add(where + ": common error " + code + " sent with status " + response.status() + ", expected one of " + common);
    }
    if (body != null) {
      Iterator<String> names = body.fieldNames();
      while (names.hasNext()) {
        String n = names.next();
        if (!ERROR_ENVELOPE.contains(n) && !n.equalsIgnoreCase("message")) {
          out.add(where + ": common error " + code + " carries member '" + n + "'");
        }
      }
    }
  }

  private static @Nullable String errorCode(WireResponse response, @Nullable JsonNode body) {
    String raw = response.header("x-amzn-ErrorType");
    if (raw == null && body != null) {
      raw = body.path("__type").asText(null);
      if (raw == null) {
        raw = body.path("code").asText(null);
      }
    }
    if (raw == null) {
      return null;
    }
    int colon = raw.indexOf(':');
    if (colon >= 0) {
      raw = raw.substring(0, colon);
    }
    int hash = raw.lastIndexOf('#');
    return hash >= 0 ? raw.substring(hash + 1) : raw;
  }

  private void validateHeaders(String where, JsonNode output, WireResponse response, List<String> out) {
    Set<String> required = requiredOf(output);
    Iterator<Map.Entry<String, JsonNode>> members = output.path("members").fields();
    while (members.hasNext()) {
      Map.Entry<String, JsonNode> m = members.next();
      if (!"header".equals(m.getValue().path("location").asText())) {
        continue;
      }
      String header = m.getValue().path("locationName").asText(m.getKey());
      String value = response.header(header);
      if (value == null) {
        if (required.contains(m.getKey())) {
          out.add(where + ": required header " + header + " (" + m.getKey() + ") is missing");
        }
        continue;
      }
      JsonNode shape = model.shape(m.getValue().path("shape").asText());
      String type = shape.path("type").asText();
      if ("string".equals(type)) {
        validateString(where, m.getValue().path("shape").asText(), shape, value, "header " + header, out);
      } else if ("integer".equals(type) || "long".equals(type)) {
        try {
          Long.parseLong(value);
        } catch (NumberFormatException e) {
          out.add(where + ": header " + header + " must be an integer, was '" + value + "'");
        }
      }
    }
  }

  private void validateEventStream(String where, String unionName, byte[] body, List<String> out) {
    JsonNode union = model.shape(unionName);
    List<EventStreamFrames.Frame> frames;
    try {
      frames = EventStreamFrames.decode(body);
    } catch (RuntimeException e) {
      out.add(where + ": the event stream does not decode: " + e.getMessage());
      return;
    }
    for (int i = 0; i < frames.size(); i++) {
      EventStreamFrames.Frame f = frames.get(i);
      String path = "frame " + i;
      String messageType = f.header(":message-type");
      String member;
      if ("event".equals(messageType)) {
        member = f.header(":event-type");
      } else if ("exception".equals(messageType)) {
        member = f.header(":exception-type");
      } else {
        out.add(where + ": " + path + " has :message-type '" + messageType + "'");
        continue;
      }
      JsonNode ref = union.path("members").get(member);
      if (ref == null) {
        out.add(where + ": " + path + " is " + messageType + " '" + member + "', which the stream " + unionName
            + " does not model (it models " + names(union.path("members")) + ")");
        continue;
      }
      String shapeName = ref.path("shape").asText();
      JsonNode shape = model.shape(shapeName);
      boolean isException = shape.path("exception").asBoolean(false);
      if ("exception".equals(messageType) != isException) {
        out.add(where + ": " + path + " sends " + member + " as " + messageType + ", the model makes it "
            + (isException ? "an exception" : "an event"));
      }
      String eventPayload = eventPayloadMember(shape);
      if (eventPayload != null) {
        continue;
      }
      JsonNode payload = parse(where + " " + path, f.payloadText(), out);
      if (payload != null) {
        validateStructure(where, shapeName, shape, payload, path + " " + member, false, out);
      }
    }
  }

  private static @Nullable String eventPayloadMember(JsonNode shape) {
    Iterator<Map.Entry<String, JsonNode>> members = shape.path("members").fields();
    while (members.hasNext()) {
      Map.Entry<String, JsonNode> m = members.next();
      if (m.getValue().path("eventpayload").asBoolean(false)) {
        return m.getKey();
      }
    }
    return null;
  }

  /** Checks a JSON value against a named shape. */
  void validateShape(String where, String shapeName, JsonNode value, String path, List<String> out) {
    JsonNode shape = model.shape(shapeName);
    String type = shape.path("type").asText();
    if (shape.path("document").asBoolean(false)) {
      // A document shape (a structure marked document) holds any JSON: tool inputs, model fields.
      return;
    }
    switch (type) {
      case "structure":
        validateStructure(where, shapeName, shape, value, path, false, out);
        break;
      case "list":
        if (!value.isArray()) {
          out.add(where + ": " + path + " must be a list (" + shapeName + "), was " + value);
          return;
        }
        checkRange(where, shapeName, shape, value.size(), path + " size", out);
        for (int i = 0; i < value.size(); i++) {
          validateShape(where, shape.path("member").path("shape").asText(), value.get(i), path + "[" + i + "]", out);
        }
        break;
      case "map":
        if (!value.isObject()) {
          out.add(where + ": " + path + " must be a map (" + shapeName + "), was " + value);
          return;
        }
        checkRange(where, shapeName, shape, value.size(), path + " size", out);
        Iterator<Map.Entry<String, JsonNode>> entries = value.fields();
        while (entries.hasNext()) {
          Map.Entry<String, JsonNode> e = entries.next();
          String keyShape = shape.path("key").path("shape").asText();
          validateString(where, keyShape, model.shape(keyShape), e.getKey(), path + " key '" + e.getKey() + "'", out);
          validateShape(where, shape.path("value").path("shape").asText(), e.getValue(), path + "." + e.getKey(), out);
        }
        break;
      case "string":
        if (!value.isTextual()) {
          out.add(where + ": " + path + " must be a string (" + shapeName + "), was " + value);
          return;
        }
        validateString(where, shapeName, shape, value.asText(), path, out);
        break;
      case "integer":
      case "long":
        if (!value.isIntegralNumber() || ("integer".equals(type) && !value.canConvertToInt())) {
          out.add(where + ": " + path + " must be an " + type + " (" + shapeName + "), was " + value);
          return;
        }
        checkRange(where, shapeName, shape, value.asLong(), path, out);
        break;
      case "float":
      case "double":
        if (!value.isNumber()) {
          out.add(where + ": " + path + " must be a " + type + " (" + shapeName + "), was " + value);
          return;
        }
        checkDoubleRange(where, shapeName, shape, value.asDouble(), path, out);
        break;
      case "boolean":
        if (!value.isBoolean()) {
          out.add(where + ": " + path + " must be a boolean (" + shapeName + "), was " + value);
        }
        break;
      case "timestamp":
        validateTimestamp(where, shapeName, shape, value, path, out);
        break;
      case "blob":
        if (!value.isTextual()) {
          out.add(where + ": " + path + " must be a base64 string (" + shapeName + "), was " + value);
          return;
        }
        try {
          Base64.getDecoder().decode(value.asText());
        } catch (IllegalArgumentException e) {
          out.add(where + ": " + path + " is not base64 (" + shapeName + "): " + value.asText());
        }
        break;
      case "document":
        break;
      default:
        out.add(where + ": " + path + " has shape " + shapeName + " of unknown type '" + type + "'");
    }
  }

  private void validateStructure(String where, String shapeName, JsonNode shape, JsonNode value, String path,
      boolean bodyOnly, List<String> out) {
    if (!value.isObject()) {
      out.add(where + ": " + path + " must be a structure (" + shapeName + "), was " + value);
      return;
    }
    boolean error = shape.path("exception").asBoolean(false);
    Map<String, String> byWireName = new HashMap<>();
    Iterator<Map.Entry<String, JsonNode>> members = shape.path("members").fields();
    while (members.hasNext()) {
      Map.Entry<String, JsonNode> m = members.next();
      if (m.getValue().has("location")) {
        continue;
      }
      byWireName.put(m.getValue().path("jsonName").asText(m.getValue().path("locationName").asText(m.getKey())), m.getKey());
    }
    for (String required : requiredOf(shape)) {
      JsonNode member = shape.path("members").path(required);
      if (member.has("location")) {
        continue;
      }
      String wire = member.path("jsonName").asText(member.path("locationName").asText(required));
      JsonNode v = value.get(wire);
      if (v == null || v.isNull()) {
        out.add(where + ": " + path + "." + wire + " is required by " + shapeName + " but missing");
      }
    }
    int set = 0;
    Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      String member = byWireName.get(f.getKey());
      if (member == null && error) {
        member = caseInsensitive(byWireName, f.getKey());
      }
      if (member == null) {
        if (!(error && ERROR_ENVELOPE.contains(f.getKey()))) {
          out.add(where + ": " + path + "." + f.getKey() + " is not a member of " + shapeName
              + " (members " + byWireName.keySet() + ")");
        }
        continue;
      }
      if (f.getValue().isNull()) {
        continue;
      }
      set++;
      validateShape(where, shape.path("members").path(member).path("shape").asText(), f.getValue(),
          path + "." + f.getKey(), out);
    }
    if (shape.path("union").asBoolean(false) && set != 1) {
      out.add(where + ": " + path + " is the union " + shapeName + " and must set exactly one member, set " + set);
    }
  }

  private static @Nullable String caseInsensitive(Map<String, String> byWireName, String key) {
    for (Map.Entry<String, String> e : byWireName.entrySet()) {
      if (e.getKey().equalsIgnoreCase(key)) {
        return e.getValue();
      }
    }
    return null;
  }

  private void validateString(String where, String shapeName, JsonNode shape, String value, String path, List<String> out) {
    JsonNode enumValues = shape.get("enum");
    if (enumValues != null) {
      boolean found = false;
      for (JsonNode e : enumValues) {
        found |= e.asText().equals(value);
      }
      if (!found) {
        out.add(where + ": " + path + " = '" + value + "' is not in the enum " + shapeName + " " + enumValues);
      }
    }
    checkRange(where, shapeName, shape, value.codePointCount(0, value.length()), path + " length ('" + abbreviate(value) + "')", out);
    Pattern pattern = pattern(shape.path("pattern").asText(null));
    if (pattern != null && !pattern.matcher(value).find()) {
      out.add(where + ": " + path + " = '" + abbreviate(value) + "' does not match the pattern of " + shapeName
          + ": " + pattern.pattern());
    }
  }

  private void validateTimestamp(String where, String shapeName, JsonNode shape, JsonNode value, String path,
      List<String> out) {
    String format = shape.path("timestampFormat").asText("json".equals(model.protocol()) ? "unixTimestamp" : "iso8601");
    if ("unixTimestamp".equals(format)) {
      if (!value.isNumber()) {
        out.add(where + ": " + path + " must be epoch seconds (" + shapeName + "), was " + value);
      }
      return;
    }
    if (!value.isTextual()) {
      out.add(where + ": " + path + " must be an ISO 8601 timestamp (" + shapeName + "), was " + value);
      return;
    }
    try {
      OffsetDateTime.parse(value.asText());
    } catch (DateTimeParseException e) {
      out.add(where + ": " + path + " is not an ISO 8601 timestamp (" + shapeName + "): " + value.asText());
    }
  }

  private static void checkRange(String where, String shapeName, JsonNode shape, long actual, String path, List<String> out) {
    if (shape.has("min") && actual < shape.get("min").asLong()) {
      out.add(where + ": " + path + " is " + actual + ", below the minimum " + shape.get("min").asLong() + " of " + shapeName);
    }
    if (shape.has("max") && actual > shape.get("max").asLong()) {
      out.add(where + ": " + path + " is " + actual + ", above the maximum " + shape.get("max").asLong() + " of " + shapeName);
    }
  }

  private static void checkDoubleRange(String where, String shapeName, JsonNode shape, double actual, String path,
      List<String> out) {
    if (shape.has("min") && actual < shape.get("min").asDouble()) {
      out.add(where + ": " + path + " is " + actual + ", below the minimum of " + shapeName);
    }
    if (shape.has("max") && actual > shape.get("max").asDouble()) {
      out.add(where + ": " + path + " is " + actual + ", above the maximum of " + shapeName);
    }
  }

  private @Nullable Pattern pattern(@Nullable String regex) {
    if (regex == null) {
      return null;
    }
    return patterns.computeIfAbsent(regex, r -> {
      try {
        return Pattern.compile(r);
      } catch (PatternSyntaxException e) {
        return null; // an ECMAScript construct Java does not read; lengths and enums are still checked
      }
    });
  }

  private static Set<String> requiredOf(JsonNode shape) {
    java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
    shape.path("required").forEach(r -> out.add(r.asText()));
    return out;
  }

  private static List<String> names(JsonNode members) {
    List<String> out = new ArrayList<>();
    members.fieldNames().forEachRemaining(out::add);
    return out;
  }

  private static @Nullable JsonNode parse(String where, String text, List<String> out) {
    if (text.isEmpty()) {
      out.add(where + ": the body is empty, expected JSON");
      return null;
    }
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      out.add(where + ": the body is not JSON: " + abbreviate(text));
      return null;
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }
}
