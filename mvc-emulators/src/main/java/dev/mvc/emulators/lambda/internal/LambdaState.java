package dev.mvc.emulators.lambda.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mvc.emulators.lambda.RecordedLambdaRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The state of the emulated Lambda service: functions with their published versions and aliases,
 * the scripted failures and the journal. Operations take and return JSON documents as the SDK
 * sends and reads them (rest-json). Thread-safe.
 */
public final class LambdaState {
  /** The account ID of every ARN the emulator creates. */
  public static final String ACCOUNT = "123456789012";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter LAST_MODIFIED =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);
  private static final Pattern ARN = Pattern.compile(
      "(?:arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:)?(?:\\d{12}:)?(?:function:)?([a-zA-Z0-9_.-]+)(?::([$a-zA-Z0-9_-]+))?");
  private static final int PAGE = 50;

  private final Map<String, Function> functions = new LinkedHashMap<>();
  private final Map<String, Deque<ApiError>> failures = new LinkedHashMap<>();
  private final List<RecordedLambdaRequest> journal = new ArrayList<>();
  private long clock = 1_767_225_600L; // 2026-01-01T00:00:00Z, advanced by one second per change

  /** A failed operation, rendered as a rest-json error. */
  public static final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final String type;

    /** Creates an error with the status and error type Lambda's model gives it. */
    public ApiError(int status, String type, String message) {
      super(message);
      this.status = status;
      this.type = type;
    }
  }

  private static final class Function {
    final String name;
    final String region;
    final List<ObjectNode> versions = new ArrayList<>(); // index 0 is $LATEST
    final Map<String, ObjectNode> aliases = new LinkedHashMap<>();

    Function(String name, String region) {
      this.name = name;
      this.region = region;
    }
  }

  /** Creates a function with its {@code $LATEST} version, unless it exists. */
  public synchronized void createFunction(String name, String region) {
    functions.computeIfAbsent(name, n -> {
      Function f = new Function(n, region);
      f.versions.add(configuration(f, "$LATEST", ""));
      return f;
    });
  }

  /** Publishes the next version of {@code name} and returns its number. */
  public synchronized String publishVersion(String name, String description) {
    Function f = function(name);
    String version = String.valueOf(f.versions.size());
    f.versions.add(configuration(f, version, description));
    return version;
  }

  /** Creates or replaces alias {@code alias} of {@code name} pointing to {@code version}. */
  public synchronized void createAlias(String name, String alias, String version, String description) {
    Function f = function(name);
    version(f, version);
    ObjectNode a = JSON.createObjectNode();
    a.put("AliasArn", arn(f) + ":" + alias);
    a.put("Name", alias);
    a.put("FunctionVersion", version);
    a.put("Description", description);
    a.put("RevisionId", UUID.randomUUID().toString());
    f.aliases.put(alias, a);
  }

  /** Returns the version alias {@code alias} of {@code name} routes to, or null when it does not exist. */
  public synchronized @Nullable String aliasVersion(String name, String alias) {
    Function f = functions.get(name);
    ObjectNode a = f == null ? null : f.aliases.get(alias);
    return a == null ? null : a.path("FunctionVersion").asText();
  }

  /** Makes the next call of {@code operation} fail with {@code error}. */
  public synchronized void failNext(String operation, ApiError error) {
    failures.computeIfAbsent(operation, k -> new ArrayDeque<>()).add(error);
  }

  /** Records a request. */
  public synchronized void record(RecordedLambdaRequest request) {
    journal.add(request);
  }

  /** Returns a copy of the journal. */
  public synchronized List<RecordedLambdaRequest> journal() {
    return List.copyOf(journal);
  }

  /** Forgets everything. */
  public synchronized void reset() {
    functions.clear();
    failures.clear();
    journal.clear();
  }

  /** Performs {@code operation} and returns the response document. */
  public synchronized ObjectNode handle(String operation, String functionName, @Nullable String alias,
      Map<String, String> query, JsonNode body) {
    Deque<ApiError> scripted = failures.get(operation);
    if (scripted != null && !scripted.isEmpty()) {
      throw scripted.poll();
    }
    Matcher m = ARN.matcher(functionName);
    if (!m.matches()) {
      throw invalid("1 validation error detected: Value '" + functionName
          + "' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern");
    }
    String name = m.group(1);
    String qualifier = m.group(2);
    Function f = functions.get(name);
    if (f == null) {
      throw notFound("Function not found: arn:aws:lambda:us-east-1:" + ACCOUNT + ":function:" + name);
    }
    switch (operation) {
      case "GetAlias":
        return alias(f, alias).deepCopy();
      case "UpdateAlias":
        return updateAlias(f, alias, body);
      case "ListVersionsByFunction":
        return listVersions(f, query);
      case "GetFunctionConfiguration":
        return getConfiguration(f, query.getOrDefault("Qualifier", qualifier));
      default:
        throw invalid("The emulator does not support Lambda " + operation);
    }
  }

  private ObjectNode alias(Function f, @Nullable String alias) {
    ObjectNode a = alias == null ? null : f.aliases.get(alias);
    if (a == null) {
      throw notFound("Alias not found: " + arn(f) + ":" + alias);
    }
    return a;
  }

  private ObjectNode updateAlias(Function f, @Nullable String alias, JsonNode body) {
    ObjectNode a = alias(f, alias);
    String revision = body.path("RevisionId").asText(null);
    if (revision != null && !revision.equals(a.path("RevisionId").asText())) {
      throw new ApiError(412, "PreconditionFailedException", "The Revision Id provided does not match the latest "
          + "Revision Id. Call the GetAlias API to retrieve the latest Revision Id");
    }
    if (body.has("FunctionVersion")) {
      String version = body.get("FunctionVersion").asText();
      version(f, version);
      a.put("FunctionVersion", version);
    }
    if (body.has("Description")) {
      String description = body.get("Description").asText();
      if (description.length() > 256) {
        throw invalid("1 validation error detected: Value at 'description' failed to satisfy constraint: "
            + "Member must have length less than or equal to 256");
      }
      a.put("Description", description);
    }
    if (body.has("RoutingConfig")) {
      a.set("RoutingConfig", body.get("RoutingConfig").deepCopy());
    }
    a.put("RevisionId", UUID.randomUUID().toString());
    return a.deepCopy();
  }

  private ObjectNode listVersions(Function f, Map<String, String> query) {
    int start = 0;
    int max = PAGE;
    try {
      start = Integer.parseInt(query.getOrDefault("Marker", "0"));
      max = Math.min(PAGE, Integer.parseInt(query.getOrDefault("MaxItems", String.valueOf(PAGE))));
    } catch (NumberFormatException e) {
      throw invalid("Marker and MaxItems must be numbers, were " + query);
    }
    if (max < 1) {
      throw invalid("1 validation error detected: Value '" + max + "' at 'maxItems' failed to satisfy constraint: "
          + "Member must have value greater than or equal to 1");
    }
    ObjectNode out = JSON.createObjectNode();
    ArrayNode list = out.putArray("Versions");
    for (int i = start; i < Math.min(f.versions.size(), start + max); i++) {
      list.add(f.versions.get(i).deepCopy());
    }
    if (start + max < f.versions.size()) {
      out.put("NextMarker", String.valueOf(start + max));
    }
    return out;
  }

  private ObjectNode getConfiguration(Function f, @Nullable String qualifier) {
    if (qualifier == null || qualifier.isEmpty() || qualifier.equals("$LATEST")) {
      return f.versions.get(0).deepCopy();
    }
    ObjectNode a = f.aliases.get(qualifier);
    if (a != null) {
      ObjectNode c = version(f, a.path("FunctionVersion").asText()).deepCopy();
      c.put("FunctionArn", arn(f) + ":" + qualifier);
      return c;
    }
    return version(f, qualifier).deepCopy();
  }

  private ObjectNode version(Function f, String version) {
    if (version.equals("$LATEST")) {
      return f.versions.get(0);
    }
    if (version.matches("[1-9][0-9]{0,8}")) {
      int n = Integer.parseInt(version);
      if (n < f.versions.size()) {
        return f.versions.get(n);
      }
    }
    throw notFound("Function not found: " + arn(f) + ":" + version);
  }

  private ObjectNode configuration(Function f, String version, String description) {
    ObjectNode c = JSON.createObjectNode();
    c.put("FunctionName", f.name);
    c.put("FunctionArn", arn(f) + ":" + version);
    c.put("Runtime", "java21");
    c.put("Role", "arn:aws:iam::" + ACCOUNT + ":role/" + f.name + "-role");
    c.put("Handler", "example.Handler::handleRequest");
    c.put("CodeSize", 1024);
    c.put("Description", description);
    c.put("Timeout", 30);
    c.put("MemorySize", 512);
    c.put("LastModified", LAST_MODIFIED.format(Instant.ofEpochSecond(++clock)));
    c.put("CodeSha256", Base64.getEncoder().encodeToString(sha256(f.name + ":" + version + ":" + clock)));
    c.put("Version", version);
    c.put("RevisionId", UUID.randomUUID().toString());
    c.put("State", "Active");
    c.put("LastUpdateStatus", "Successful");
    c.put("PackageType", "Zip");
    c.putArray("Architectures").add("x86_64");
    return c;
  }

  private static String arn(Function f) {
    return "arn:aws:lambda:" + f.region + ":" + ACCOUNT + ":function:" + f.name;
  }

  private Function function(String name) {
    Function f = functions.get(name);
    if (f == null) {
      throw new IllegalArgumentException("the emulator has no function '" + name + "': call function(..) first");
    }
    return f;
  }

  private static ApiError notFound(String message) {
    return new ApiError(404, "ResourceNotFoundException", message);
  }

  private static ApiError invalid(String message) {
    return new ApiError(400, "InvalidParameterValueException", message);
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
