package dev.mvc.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mvc.BedrockApi;
import dev.mvc.BedrockTarget;
import dev.mvc.CachePoint;
import dev.mvc.InferenceParameters;
import dev.mvc.ManifestParseException;
import dev.mvc.ModelTarget;
import dev.mvc.OverrideBound;
import dev.mvc.PromptSpec;
import dev.mvc.PromptText;
import dev.mvc.Provenance;
import dev.mvc.SageMakerTarget;
import dev.mvc.ToolChoice;
import dev.mvc.ToolSet;
import dev.mvc.ToolSpec;
import dev.mvc.VersionManifest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The strict reader and the writer of {@code mvc/v1} manifest JSON. Reading rejects oversize or
 * non-UTF-8 input, duplicate keys, unknown fields, unknown schemas, wrong types and out-of-range
 * values; every error names the JSON path and the offending value.
 */
public final class ManifestJson {
  /** The schema identifier of this manifest format. */
  public static final String SCHEMA = "mvc/v1";
  /** The largest manifest accepted, in bytes. */
  public static final int MAX_BYTES = 1 << 20;
  /** The deepest nesting accepted. */
  public static final int MAX_DEPTH = 32;

  private static final ObjectMapper MAPPER = createMapper();
  private static final Pattern DATE_TIME = Pattern.compile(
      "(\\d{4})-(\\d{2})-(\\d{2})[Tt](\\d{2}):(\\d{2}):(\\d{2})(\\.\\d{1,9})?([Zz]|[+-]\\d{2}:\\d{2})");
  private static final Pattern TOOL_NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
  private static final Pattern FULL_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

  private ManifestJson() {}

  private static ObjectMapper createMapper() {
    JsonFactory factory = JsonFactory.builder()
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxNestingDepth(MAX_DEPTH).maxStringLength(MAX_BYTES).maxNumberLength(64).build())
        .build();
    return new ObjectMapper(factory)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        // Exact decimals, so a number beyond 2^53 is seen as written, not as its nearest double.
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .enable(SerializationFeature.INDENT_OUTPUT);
  }

  /** Returns the shared mapper configured for manifests. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /**
   * A manifest read from JSON: the builder holding its fields, and the document as written
   * (numbers as the values canonical JSON hashes), whose canonical form the digest covers.
   *
   * @param manifest the fields, validated when built
   * @param document the whole document, members in the order written
   */
  public record Parsed(VersionManifest.Builder manifest, Map<String, Object> document) {}

  /** Parses and validates manifest bytes. */
  public static Parsed read(byte[] bytes) {
    if (bytes.length > MAX_BYTES) {
      throw new ManifestParseException("$",
          "$ manifest is " + bytes.length + " bytes, more than the limit of " + MAX_BYTES);
    }
    if (bytes.length == 0) {
      throw new ManifestParseException("$", "$ manifest is empty");
    }
    String text = decodeUtf8(bytes);
    JsonNode root = readTree(text);
    if (!root.isObject()) {
      throw Checks.fail("$", "must be a JSON object", (Object) root.getNodeType().toString().toLowerCase());
    }
    normalise("", root);
    VersionManifest.Builder manifest = toManifest(new Obj("", (ObjectNode) root));
    @SuppressWarnings("unchecked")
    Map<String, Object> document = (Map<String, Object>) toJava(root);
    return new Parsed(manifest, Collections.unmodifiableMap(document));
  }

  /**
   * Checks a document built in code the way {@link #read} checks a parsed one, so a built
   * manifest cannot hash a value it would refuse to read.
   */
  public static void check(Map<String, Object> document) {
    normalise("", MAPPER.valueToTree(unwrapNulls(document)));
  }

  /**
   * Replaces every number of the tree with the value canonical JSON hashes ({@code 50.0} and
   * {@code 5e1} become {@code 50}), so what is sent is what is hashed, and refuses what would
   * make two documents share a digest: integers beyond 2^53 and text holding a lone surrogate.
   */
  private static JsonNode normalise(String path, JsonNode n) {
    if (n.isObject()) {
      ObjectNode o = (ObjectNode) n;
      for (String field : fieldNames(o)) {
        String problem = WellFormedText.problem(field);
        if (problem != null) {
          throw Checks.fail(path.isEmpty() ? "$" : path, "has a member name that " + problem, field);
        }
        JsonNode child = o.get(field);
        JsonNode normal = normalise(path.isEmpty() ? field : path + "." + field, child);
        if (normal != child) {
          o.replace(field, normal);
        }
      }
    } else if (n.isArray()) {
      ArrayNode a = (ArrayNode) n;
      for (int i = 0; i < a.size(); i++) {
        JsonNode child = a.get(i);
        JsonNode normal = normalise(path + "[" + i + "]", child);
        if (normal != child) {
          a.set(i, normal);
        }
      }
    } else if (n.isNumber()) {
      Number v = JsonValues.number(path, n.numberValue());
      return v instanceof Long ? LongNode.valueOf((Long) v) : DoubleNode.valueOf((Double) v);
    } else if (n.isTextual()) {
      String problem = WellFormedText.problem(n.textValue());
      if (problem != null) {
        throw Checks.fail(path, problem, n.textValue());
      }
    }
    return n;
  }

  private static List<String> fieldNames(JsonNode o) {
    List<String> names = new ArrayList<>(o.size());
    o.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static String decodeUtf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new ManifestParseException("$", "$ manifest is not valid UTF-8: " + e.getMessage(), e);
    }
  }

  private static JsonNode readTree(String text) {
    if (text.startsWith("\uFEFF")) {
      throw new ManifestParseException("$", "$ manifest starts with a byte-order mark; save it as UTF-8 without BOM");
    }
    try (JsonParser parser = MAPPER.createParser(text)) {
      try {
        JsonNode node = MAPPER.readTree(parser);
        if (node == null || node.isMissingNode()) {
          throw new ManifestParseException("$", "$ manifest holds no JSON value");
        }
        return node;
      } catch (JsonProcessingException e) {
        String path = dotted(parser.getParsingContext().pathAsPointer());
        String msg = e.getOriginalMessage();
        String where = e.getLocation() == null ? ""
            : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        throw new ManifestParseException(path, path + " is not valid JSON: " + msg + where, e);
      }
    } catch (IOException e) {
      throw new ManifestParseException("$", "$ manifest cannot be read: " + e.getMessage(), e);
    }
  }

  private static String dotted(JsonPointer pointer) {
    StringBuilder out = new StringBuilder();
    for (JsonPointer p = pointer; p != null && !p.matches(); p = p.tail()) {
      if (p.mayMatchElement()) {
        out.append('[').append(p.getMatchingIndex()).append(']');
      } else {
        if (out.length() > 0) {
          out.append('.');
        }
        out.append(p.getMatchingProperty());
      }
    }
    return out.length() == 0 ? "$" : out.toString();
  }

  // ---------------------------------------------------------------- reading

  private static VersionManifest.Builder toManifest(Obj root) {
    String schema = root.requiredString("schema");
    if (!SCHEMA.equals(schema)) {
      throw Checks.fail("schema", "must be " + SCHEMA, schema);
    }
    VersionManifest.Builder b = VersionManifest.builder()
        .name(root.requiredString("name"))
        .version(root.requiredString("version"))
        .createdAt(instant(root, "createdAt", root.requiredString("createdAt")));
    Obj prov = root.optionalObject("provenance");
    if (prov != null) {
      b.provenance(provenance(prov));
    }
    b.model(model(root.requiredObject("model")));
    b.prompt(prompt(root.requiredObject("prompt")));
    b.inference(inference(root.requiredObject("inference")));
    root.finish();
    return b;
  }

  /**
   * Reads an RFC 3339 date-time, the form JSON Schema's {@code date-time} format means: four
   * digit years, {@code T} and {@code Z} in either case, a numeric offset or {@code Z}, up to
   * nine fraction digits (what an instant holds, and what date-time validators accept), and no
   * leap second.
   */
  private static Instant instant(Obj o, String field, String value) {
    Matcher m = DATE_TIME.matcher(value);
    try {
      if (!m.matches()) {
        throw new DateTimeException(value);
      }
      String fraction = m.group(7) == null ? "" : m.group(7).substring(1);
      int nanos = fraction.isEmpty() ? 0 : Integer.parseInt(fraction + "000000000".substring(fraction.length()));
      LocalDateTime local = LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
          Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
          Integer.parseInt(m.group(6)), nanos);
      String zone = m.group(8);
      ZoneOffset offset = zone.equalsIgnoreCase("z") ? ZoneOffset.UTC
          : ZoneOffset.ofHoursMinutes((zone.charAt(0) == '-' ? -1 : 1) * Integer.parseInt(zone.substring(1, 3)),
              (zone.charAt(0) == '-' ? -1 : 1) * Integer.parseInt(zone.substring(4, 6)));
      return local.toInstant(offset);
    } catch (DateTimeException e) {
      throw Checks.fail(o.path(field),
          "must be an ISO-8601 instant in RFC 3339 form, such as 2026-01-31T12:00:00Z", value);
    }
  }

  private static Provenance provenance(Obj o) {
    Provenance.Builder b = Provenance.builder()
        .gitSha(o.optionalString("gitSha"))
        .repository(o.optionalString("repository"))
        .baseModel(o.optionalString("baseModel"))
        .trainingDataVersion(o.optionalString("trainingDataVersion"))
        .evaluationReportUri(o.optionalString("evaluationReportUri"));
    Boolean dirty = o.optionalBoolean("dirty");
    b.dirty(dirty != null && dirty);
    String date = o.optionalString("trainingDate");
    if (date != null) {
      try {
        if (!FULL_DATE.matcher(date).matches()) {
          throw new DateTimeException(date);
        }
        b.trainingDate(LocalDate.parse(date));
      } catch (DateTimeException e) {
        throw Checks.fail(o.path("trainingDate"), "must be an ISO-8601 date such as 2026-01-31", date);
      }
    }
    Obj metrics = o.optionalObject("evaluationMetrics");
    if (metrics != null) {
      for (String k : metrics.fieldNames()) {
        b.evaluationMetric(k, metrics.requiredNumber(k));
      }
      metrics.finish();
    }
    o.finish();
    return b.build();
  }

  private static ModelTarget model(Obj o) {
    Obj bedrock = o.optionalObject("bedrock");
    Obj sagemaker = o.optionalObject("sagemaker");
    if ((bedrock == null) == (sagemaker == null)) {
      throw Checks.fail("model", "must hold exactly one of bedrock or sagemaker");
    }
    ModelTarget target = bedrock != null ? bedrock(bedrock) : sagemaker(sagemaker);
    o.finish();
    return target;
  }

  private static BedrockTarget bedrock(Obj o) {
    BedrockTarget.Builder b = BedrockTarget.builder(o.requiredString("modelId"))
        .region(o.optionalString("region"))
        .bodyFormat(o.optionalString("bodyFormat"));
    String api = o.optionalString("api");
    if (api != null) {
      b.api(BedrockApi.fromJsonName(o.path("api"), api));
    }
    Obj g = o.optionalObject("guardrail");
    if (g != null) {
      b.guardrail(g.requiredString("id"), g.requiredString("version"));
      g.finish();
    }
    Obj kb = o.optionalObject("knowledgeBase");
    if (kb != null) {
      b.knowledgeBase(kb.requiredString("id"), kb.optionalString("dataSourceId"),
          kb.optionalString("dataSourceVersion"));
      Obj retrieval = kb.optionalObject("retrieval");
      if (retrieval != null) {
        BedrockTarget.Reranking reranking = null;
        Obj rerank = retrieval.optionalObject("reranking");
        if (rerank != null) {
          reranking = new BedrockTarget.Reranking(rerank.requiredString("modelArn"), rerank.optionalInt("numberOfResults"));
          rerank.finish();
        }
        Map<String, Object> filter = null;
        Obj f = retrieval.optionalObject("filter");
        if (f != null) {
          @SuppressWarnings("unchecked")
          Map<String, Object> tree = (Map<String, Object>) toJava(f.node);
          filter = tree;
          f.consumeAll();
        }
        b.retrieval(new BedrockTarget.Retrieval(retrieval.optionalInt("numberOfResults"),
            retrieval.optionalString("searchType"), reranking, filter));
        retrieval.finish();
      }
      kb.finish();
    }
    Obj agent = o.optionalObject("agent");
    if (agent != null) {
      b.agent(agent.requiredString("id"), agent.requiredString("aliasId"));
      b.agentDefinition(agent.optionalString("instructionSha256"), agent.optionalString("actionGroupsSha256"));
      agent.finish();
    }
    Obj profile = o.optionalObject("inferenceProfile");
    if (profile != null) {
      b.inferenceProfile(profile.requiredString("arn"), profile.requiredStringList("models"));
      profile.finish();
    }
    Obj throughput = o.optionalObject("provisionedThroughput");
    if (throughput != null) {
      b.provisionedThroughput(throughput.requiredString("arn"), throughput.requiredString("modelArn"));
      throughput.finish();
    }
    Obj custom = o.optionalObject("customModel");
    if (custom != null) {
      b.customModel(custom.requiredString("arn"), custom.requiredString("baseModelArn"),
          custom.requiredString("jobArn"));
      custom.finish();
    }
    Obj imported = o.optionalObject("importedModel");
    if (imported != null) {
      b.importedModel(imported.requiredString("arn"), imported.requiredString("modelDataUri"),
          imported.optionalString("sha256"));
      imported.finish();
    }
    Obj prompt = o.optionalObject("prompt");
    if (prompt != null) {
      b.prompt(prompt.requiredString("arn"), prompt.requiredString("sha256"));
      prompt.finish();
    }
    Obj meta = o.optionalObject("requestMetadata");
    Map<String, String> metadata = new LinkedHashMap<>();
    if (meta != null) {
      for (String k : meta.fieldNames()) {
        metadata.put(k, meta.requiredString(k));
      }
      meta.finish();
    }
    String tier = o.optionalString("serviceTier");
    String latency = o.optionalString("latency");
    if (meta != null || tier != null || latency != null) {
      b.options(new BedrockTarget.RequestOptions(metadata, tier, latency));
    }
    o.finish();
    return b.build();
  }

  private static SageMakerTarget sagemaker(Obj o) {
    SageMakerTarget.Builder b = SageMakerTarget.builder(
            o.requiredString("endpointName"), o.requiredString("payloadFormat"))
        .variant(o.optionalString("variant"))
        .inferenceComponent(o.optionalString("inferenceComponent"))
        .modelPackageArn(o.optionalString("modelPackageArn"))
        .instanceType(o.optionalString("instanceType"));
    Obj artifact = o.optionalObject("artifact");
    if (artifact != null) {
      b.artifact(artifact.requiredString("uri"), artifact.optionalString("versionId"),
          artifact.optionalString("sha256"));
      artifact.finish();
    }
    Obj image = o.optionalObject("image");
    if (image != null) {
      b.image(image.requiredString("uri"), image.optionalString("digest"));
      image.finish();
    }
    Obj env = o.optionalObject("environment");
    if (env != null) {
      for (String k : env.fieldNames()) {
        b.environment(k, env.requiredString(k));
      }
      env.finish();
    }
    Obj scripts = o.optionalObject("scripts");
    if (scripts != null) {
      b.scripts(scripts.optionalString("preprocessSha256"), scripts.optionalString("postprocessSha256"));
      scripts.finish();
    }
    Obj mapping = o.optionalObject("payloadMapping");
    if (mapping != null && !"json".equals(o.node.path("payloadFormat").asText())) {
      throw Checks.fail(mapping.path, "is only allowed with payloadFormat json");
    }
    if (mapping != null) {
      for (String k : mapping.fieldNames()) {
        b.payloadMapping(k, mapping.requiredString(k));
      }
      mapping.finish();
    }
    o.finish();
    return b.build();
  }

  private static PromptSpec prompt(Obj o) {
    PromptSpec.Builder b = PromptSpec.builder(promptText(o.requiredObject("template")));
    Obj system = o.optionalObject("system");
    if (system != null) {
      b.system(promptText(system));
    }
    b.variables(o.requiredStringList("variables"));
    JsonNode tools = o.get("tools");
    if (tools != null) {
      b.tools(toolSet(o.path("tools"), tools));
    }
    JsonNode choice = o.get("toolChoice");
    if (choice != null) {
      b.toolChoice(toolChoice(o.path("toolChoice"), choice));
    }
    List<String> points = o.optionalStringList("cachePoints");
    if (points != null) {
      List<CachePoint> cachePoints = new ArrayList<>();
      for (int i = 0; i < points.size(); i++) {
        cachePoints.add(CachePoint.fromJsonName(o.path("cachePoints") + "[" + i + "]", points.get(i)));
      }
      b.cachePoints(cachePoints);
    }
    b.maxToolRounds(o.optionalInt("maxToolRounds"));
    o.finish();
    return b.build();
  }

  private static ToolSet toolSet(String path, JsonNode n) {
    if (n.isObject()) {
      Obj blob = new Obj(path, (ObjectNode) n);
      String sha = blob.requiredString("sha256");
      blob.finish();
      return ToolSet.blob(Checks.sha256(path + ".sha256", sha));
    }
    return ToolSet.inline(tools(path, n));
  }

  /**
   * Reads an array of tool definitions, {@code {"name", "description", "inputSchema"}} each, as
   * written inline at {@code prompt.tools} or held by a tools blob.
   */
  public static List<ToolSpec> tools(String path, JsonNode n) {
    if (!n.isArray()) {
      throw Checks.fail(path, "must be an array of tools or {\"sha256\": ..}",
          n.isTextual() ? n.textValue() : n.getNodeType().toString().toLowerCase());
    }
    List<ToolSpec> out = new ArrayList<>();
    for (int i = 0; i < n.size(); i++) {
      String at = path + "[" + i + "]";
      JsonNode e = n.get(i);
      if (!e.isObject()) {
        throw Checks.fail(at, "must be an object", e.getNodeType().toString().toLowerCase());
      }
      Obj tool = new Obj(at, (ObjectNode) e);
      String name = tool.requiredString("name");
      String description = tool.optionalString("description");
      Obj schema = tool.requiredObject("inputSchema");
      @SuppressWarnings("unchecked")
      Map<String, Object> inputSchema = (Map<String, Object>) toJava(schema.node);
      schema.consumeAll();
      tool.finish();
      if (!TOOL_NAME.matcher(name).matches()) {
        throw Checks.fail(at + ".name", "must be 1 to 64 characters of [a-zA-Z0-9_-]", name);
      }
      if (description != null && description.isEmpty()) {
        throw Checks.fail(at + ".description", "must not be empty; leave it out instead", "");
      }
      out.add(new ToolSpec(name, description, inputSchema));
    }
    if (out.isEmpty()) {
      throw Checks.fail(path, "must declare at least one tool");
    }
    return out;
  }

  private static ToolChoice toolChoice(String path, JsonNode n) {
    if (n.isTextual()) {
      switch (n.textValue()) {
        case "auto":
          return ToolChoice.auto();
        case "any":
          return ToolChoice.any();
        default:
          throw Checks.fail(path, "must be \"auto\", \"any\" or {\"tool\": name}", n.textValue());
      }
    }
    if (!n.isObject()) {
      throw Checks.fail(path, "must be \"auto\", \"any\" or {\"tool\": name}", n.getNodeType().toString().toLowerCase());
    }
    Obj o = new Obj(path, (ObjectNode) n);
    ToolChoice c = ToolChoice.tool(o.requiredString("tool"));
    o.finish();
    return c;
  }

  private static PromptText promptText(Obj o) {
    PromptText t = PromptText.of(o.path, o.optionalString("sha256"), o.optionalString("text"));
    o.finish();
    return t;
  }

  private static InferenceParameters inference(Obj o) {
    InferenceParameters.Builder b = InferenceParameters.builder()
        .temperature(o.optionalNumber("temperature"))
        .maxTokens(o.optionalInt("maxTokens"))
        .topP(o.optionalNumber("topP"));
    List<String> stops = o.optionalStringList("stopSequences");
    if (stops != null) {
      b.stopSequences(stops);
    }
    Obj extra = o.optionalObject("additionalModelFields");
    if (extra != null) {
      @SuppressWarnings("unchecked")
      Map<String, Object> fields = (Map<String, Object>) toJava(extra.node);
      b.additionalModelFields(fields);
      extra.consumeAll();
    }
    Obj over = o.optionalObject("overridable");
    if (over != null) {
      for (String k : over.fieldNames()) {
        Obj bound = over.requiredObject(k);
        double min = bound.requiredNumber("min");
        double max = bound.requiredNumber("max");
        if (min > max) {
          throw Checks.fail(bound.path, "must have min <= max", "[" + min + ", " + max + "]");
        }
        b.overridable(k, min, max);
        bound.finish();
      }
      over.finish();
    }
    o.finish();
    return b.build();
  }

  /** Converts a JSON tree into JSON-like Java values. */
  public static @Nullable Object toJava(JsonNode n) {
    if (n.isObject()) {
      Map<String, Object> m = new LinkedHashMap<>();
      n.fields().forEachRemaining(e -> m.put(e.getKey(), toJava(e.getValue())));
      return m;
    }
    if (n.isArray()) {
      List<Object> l = new ArrayList<>();
      n.forEach(e -> l.add(toJava(e)));
      return l;
    }
    if (n.isTextual()) {
      return n.textValue();
    }
    if (n.isBoolean()) {
      return n.booleanValue();
    }
    if (n.isIntegralNumber()) {
      return n.canConvertToLong() ? (Object) n.longValue() : n.bigIntegerValue();
    }
    if (n.isNumber()) {
      return n.doubleValue();
    }
    return null;
  }

  /** A JSON object being read, tracking its path and which fields were consumed. */
  private static final class Obj {
    final String path;
    final ObjectNode node;
    final Set<String> consumed = new HashSet<>();

    Obj(String path, ObjectNode node) {
      this.path = path;
      this.node = node;
    }

    String path(String field) {
      return path.isEmpty() ? field : path + "." + field;
    }

    List<String> fieldNames() {
      List<String> names = new ArrayList<>();
      node.fieldNames().forEachRemaining(names::add);
      return names;
    }

    @Nullable JsonNode get(String field) {
      consumed.add(field);
      JsonNode v = node.get(field);
      if (v != null && v.isNull()) {
        // The schema refuses null, and null is part of the hashed document: leaving the field out
        // is the one way to say "absent", so two documents cannot mean the same with two digests.
        throw Checks.fail(path(field), "must not be null; leave the field out instead", "null");
      }
      return v;
    }

    JsonNode required(String field) {
      JsonNode v = get(field);
      if (v == null) {
        throw Checks.fail(path(field), "is required");
      }
      return v;
    }

    private ManifestParseException type(String field, String expected, JsonNode v) {
      return Checks.fail(path(field), "must be " + expected,
          v.isTextual() ? v.textValue() : v.isNumber() ? v.numberValue()
              : v.isBoolean() ? (Object) v.booleanValue() : v.getNodeType().toString().toLowerCase());
    }

    String requiredString(String field) {
      JsonNode v = required(field);
      if (!v.isTextual()) {
        throw type(field, "a string", v);
      }
      return v.textValue();
    }

    @Nullable String optionalString(String field) {
      JsonNode v = get(field);
      if (v == null) {
        return null;
      }
      if (!v.isTextual()) {
        throw type(field, "a string", v);
      }
      return v.textValue();
    }

    @Nullable Boolean optionalBoolean(String field) {
      JsonNode v = get(field);
      if (v == null) {
        return null;
      }
      if (!v.isBoolean()) {
        throw type(field, "a boolean", v);
      }
      return v.booleanValue();
    }

    double requiredNumber(String field) {
      JsonNode v = required(field);
      if (!v.isNumber()) {
        throw type(field, "a number", v);
      }
      // The tree is normalised at parse, so the double holds the value exactly.
      return v.doubleValue();
    }

    @Nullable Double optionalNumber(String field) {
      JsonNode v = get(field);
      if (v == null) {
        return null;
      }
      if (!v.isNumber()) {
        throw type(field, "a number", v);
      }
      // The tree is normalised at parse, so the double holds the value exactly.
      return v.doubleValue();
    }

    @Nullable Integer optionalInt(String field) {
      JsonNode v = get(field);
      if (v == null) {
        return null;
      }
      if (!v.isIntegralNumber() || !v.canConvertToInt()) {
        throw type(field, "an integer", v);
      }
      return v.intValue();
    }

    @Nullable Obj optionalObject(String field) {
      JsonNode v = get(field);
      if (v == null) {
        return null;
      }
      if (!v.isObject()) {
        throw type(field, "an object", v);
      }
      return new Obj(path(field), (ObjectNode) v);
    }

    Obj requiredObject(String field) {
      Obj o = optionalObject(field);
      if (o == null) {
        throw Checks.fail(path(field), "is required");
      }
      return o;
    }

    List<String> requiredStringList(String field) {
      required(field);
      return optionalStringList(field);
    }

    @Nullable List<String> optionalStringList(String field) {
      JsonNode v = get(field);
      if (v == null) {
        return null;
      }
      if (!v.isArray()) {
        throw type(field, "an array of strings", v);
      }
      List<String> out = new ArrayList<>();
      ArrayNode a = (ArrayNode) v;
      for (int i = 0; i < a.size(); i++) {
        JsonNode e = a.get(i);
        if (!e.isTextual()) {
          throw type(field + "[" + i + "]", "a string", e);
        }
        out.add(e.textValue());
      }
      return out;
    }

    void consumeAll() {
      node.fieldNames().forEachRemaining(consumed::add);
    }

    void finish() {
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        if (!consumed.contains(f)) {
          throw Checks.fail(path(f), "is not a known field of " + (path.isEmpty() ? "the manifest" : path));
        }
      }
    }
  }

  // ---------------------------------------------------------------- writing

  /** Returns the manifest as JSON-like Java values, omitting unset fields. */
  public static Map<String, Object> toTree(VersionManifest m) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("schema", SCHEMA);
    root.put("name", m.name());
    root.put("version", m.version());
    root.put("createdAt", m.createdAt().toString());
    Provenance p = m.provenance();
    if (p != null) {
      Map<String, Object> o = new LinkedHashMap<>();
      put(o, "gitSha", p.gitSha());
      put(o, "repository", p.repository());
      if (p.dirty()) {
        o.put("dirty", true);
      }
      put(o, "trainingDate", p.trainingDate() == null ? null : p.trainingDate().toString());
      put(o, "baseModel", p.baseModel());
      put(o, "trainingDataVersion", p.trainingDataVersion());
      if (!p.evaluationMetrics().isEmpty()) {
        o.put("evaluationMetrics", new LinkedHashMap<>(p.evaluationMetrics()));
      }
      put(o, "evaluationReportUri", p.evaluationReportUri());
      root.put("provenance", o);
    }
    Map<String, Object> model = new LinkedHashMap<>();
    model.put(m.model().provider(), m.model().manifestFields());
    root.put("model", model);
    Map<String, Object> prompt = new LinkedHashMap<>();
    prompt.put("template", promptTree(m.prompt().template()));
    if (m.prompt().system() != null) {
      prompt.put("system", promptTree(m.prompt().system()));
    }
    prompt.put("variables", new ArrayList<>(m.prompt().variables()));
    ToolSet tools = m.prompt().tools();
    if (tools != null) {
      prompt.put("tools", tools.tools() != null ? toolsTree(tools.tools()) : Map.of("sha256", tools.sha256()));
    }
    ToolChoice choice = m.prompt().toolChoice();
    if (choice != null) {
      prompt.put("toolChoice", choice.kind() == ToolChoice.Kind.TOOL ? Map.of("tool", choice.tool())
          : choice.kind() == ToolChoice.Kind.ANY ? "any" : "auto");
    }
    if (!m.prompt().cachePoints().isEmpty()) {
      List<Object> points = new ArrayList<>();
      m.prompt().cachePoints().forEach(c -> points.add(c.jsonName()));
      prompt.put("cachePoints", points);
    }
    put(prompt, "maxToolRounds", m.prompt().maxToolRounds());
    root.put("prompt", prompt);
    root.put("inference", inferenceTree(m.inference()));
    return root;
  }

  /** Returns tool definitions as the JSON-like values written in a manifest or a tools blob. */
  public static List<Object> toolsTree(List<ToolSpec> tools) {
    List<Object> out = new ArrayList<>();
    for (ToolSpec t : tools) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("name", t.name());
      put(o, "description", t.description());
      o.put("inputSchema", t.inputSchema());
      out.add(o);
    }
    return out;
  }

  private static Map<String, Object> promptTree(PromptText t) {
    Map<String, Object> o = new LinkedHashMap<>();
    put(o, "sha256", t.sha256());
    put(o, "text", t.text());
    return o;
  }

  /** Returns the inference parameters as JSON-like values, omitting unset fields. */
  public static Map<String, Object> inferenceTree(InferenceParameters p) {
    Map<String, Object> o = new LinkedHashMap<>();
    put(o, "temperature", p.temperature());
    put(o, "maxTokens", p.maxTokens());
    put(o, "topP", p.topP());
    if (!p.stopSequences().isEmpty()) {
      o.put("stopSequences", new ArrayList<>(p.stopSequences()));
    }
    if (!p.additionalModelFields().isEmpty()) {
      o.put("additionalModelFields", p.additionalModelFields());
    }
    if (!p.overridable().isEmpty()) {
      Map<String, Object> over = new LinkedHashMap<>();
      for (Map.Entry<String, OverrideBound> e : p.overridable().entrySet()) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("min", e.getValue().min());
        b.put("max", e.getValue().max());
        over.put(e.getKey(), b);
      }
      o.put("overridable", over);
    }
    return o;
  }

  private static void put(Map<String, Object> o, String k, @Nullable Object v) {
    if (v != null) {
      o.put(k, v);
    }
  }

  /** Writes JSON-like values as indented JSON text (members in insertion order). */
  public static String pretty(Object tree) {
    try {
      return MAPPER.writeValueAsString(unwrapNulls(tree));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write manifest JSON", e);
    }
  }

  private static @Nullable Object unwrapNulls(@Nullable Object v) {
    if (v == JsonValues.NULL) {
      return null;
    }
    if (v instanceof Map) {
      Map<Object, Object> m = new LinkedHashMap<>();
      ((Map<?, ?>) v).forEach((k, e) -> m.put(k, unwrapNulls(e)));
      return m;
    }
    if (v instanceof List) {
      List<Object> l = new ArrayList<>();
      ((List<?>) v).forEach(e -> l.add(unwrapNulls(e)));
      return l;
    }
    return v;
  }
}
