package dev.mvc.benchmarks;

import dev.mvc.ToolSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.services.bedrockruntime.model.CachePointBlock;
import software.amazon.awssdk.services.bedrockruntime.model.CachePointType;
import software.amazon.awssdk.services.bedrockruntime.model.Tool;
import software.amazon.awssdk.services.bedrockruntime.model.ToolConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.ToolInputSchema;
import software.amazon.awssdk.services.bedrockruntime.model.ToolSpecification;

/**
 * The four tools of the benchmarks' {@code tools} scenario, with JSON schemas of the size a
 * support assistant declares: as mvc pins them, and as the raw SDK sends them (the same schemas,
 * followed by a cache point).
 */
final class BenchmarkTools {
  private BenchmarkTools() {}

  /** Returns the four tools as a manifest pins them. */
  static List<ToolSpec> specs() {
    List<ToolSpec> out = new ArrayList<>();
    schemas().forEach((name, schema) -> out.add(ToolSpec.of(name, description(name), schema)));
    return out;
  }

  /** Returns the tool configuration the raw SDK sends: the four tools, then a cache point. */
  static ToolConfiguration rawToolConfig() {
    List<Tool> tools = new ArrayList<>();
    schemas().forEach((name, schema) -> tools.add(Tool.fromToolSpec(ToolSpecification.builder().name(name)
        .description(description(name)).inputSchema(ToolInputSchema.fromJson(document(schema))).build())));
    tools.add(Tool.fromCachePoint(CachePointBlock.builder().type(CachePointType.DEFAULT).build()));
    return ToolConfiguration.builder().tools(tools).build();
  }

  private static String description(String name) {
    return switch (name) {
      case "get_order" -> "Looks up an order by its ID and returns its status and items.";
      case "search_docs" -> "Searches the product documentation and returns the best passages.";
      case "create_ticket" -> "Opens a support ticket for the customer.";
      default -> "Returns the customer's plan, region and open tickets.";
    };
  }

  private static Map<String, Map<String, Object>> schemas() {
    Map<String, Map<String, Object>> tools = new LinkedHashMap<>();
    tools.put("get_order", object(Map.of("order_id", Map.of("type", "string", "pattern", "^ORD-[0-9]{8}$")),
        List.of("order_id")));
    tools.put("search_docs", object(Map.of("query", Map.of("type", "string", "minLength", 3, "maxLength", 200),
        "limit", Map.of("type", "integer", "minimum", 1, "maximum", 10)), List.of("query")));
    tools.put("create_ticket", object(Map.of("subject", Map.of("type", "string", "maxLength", 120),
        "priority", Map.of("type", "string", "enum", List.of("low", "normal", "high")),
        "body", Map.of("type", "string")), List.of("subject", "body")));
    tools.put("get_account", object(Map.of("customer_id", Map.of("type", "string")), List.of("customer_id")));
    return tools;
  }

  private static Map<String, Object> object(Map<String, Object> properties, List<String> required) {
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", "object");
    schema.put("properties", new java.util.TreeMap<>(properties));
    schema.put("required", required);
    return schema;
  }

  @SuppressWarnings("unchecked")
  private static Document document(Object value) {
    if (value instanceof Map<?, ?> map) {
      Document.MapBuilder b = Document.mapBuilder();
      ((Map<String, Object>) map).forEach((k, v) -> b.putDocument(k, document(v)));
      return b.build();
    }
    if (value instanceof List<?> list) {
      List<Document> out = new ArrayList<>();
      list.forEach(v -> out.add(document(v)));
      return Document.fromList(out);
    }
    if (value instanceof Integer i) {
      return Document.fromNumber(i);
    }
    return Document.fromString(String.valueOf(value));
  }
}
