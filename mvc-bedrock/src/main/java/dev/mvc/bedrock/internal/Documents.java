package dev.mvc.bedrock.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.SdkNumber;
import software.amazon.awssdk.core.document.Document;

/** Converts the JSON-like values of a manifest (maps, lists, strings, numbers, booleans) to SDK documents. */
public final class Documents {

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

  private Documents() {}

  /** Returns the document of JSON text (a tool's input or result). */
  public static Document fromJson(String path, String json) {
    try {
      return of(path, JSON.readValue(json, Object.class));
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(path + " is not JSON", e);
    }
  }

  /** Returns a document as compact JSON text, numbers as the SDK holds them. */
  public static String toJson(@Nullable Document document) {
    StringBuilder out = new StringBuilder();
    write(out, document);
    return out.toString();
  }

  private static void write(StringBuilder out, @Nullable Document d) {
    if (d == null || d.isNull()) {
      out.append("null");
    } else if (d.isString()) {
      try {
        out.append(JSON.writeValueAsString(d.asString()));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    } else if (d.isBoolean()) {
      out.append(d.asBoolean());
    } else if (d.isNumber()) {
      out.append(d.asNumber().stringValue());
    } else if (d.isList()) {
      out.append('[');
      List<Document> list = d.asList();
      for (int i = 0; i < list.size(); i++) {
        out.append(i == 0 ? "" : ",");
        write(out, list.get(i));
      }
      out.append(']');
    } else {
      out.append('{');
      boolean first = true;
      for (Map.Entry<String, Document> e : d.asMap().entrySet()) {
        out.append(first ? "" : ",");
        first = false;
        try {
          out.append(JSON.writeValueAsString(e.getKey())).append(':');
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
          throw new IllegalStateException(ex);
        }
        write(out, e.getValue());
      }
      out.append('}');
    }
  }

  /** Returns the document for a JSON-like value; fails naming the path for any other type. */
  public static Document of(String path, @Nullable Object value) {
    if (value == null) {
      return Document.fromNull();
    }
    if (value instanceof String) {
      return Document.fromString((String) value);
    }
    if (value instanceof Boolean) {
      return Document.fromBoolean((Boolean) value);
    }
    if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
      return Document.fromNumber(SdkNumber.fromLong(((Number) value).longValue()));
    }
    if (value instanceof BigInteger) {
      return Document.fromNumber(SdkNumber.fromBigInteger((BigInteger) value));
    }
    if (value instanceof BigDecimal) {
      return Document.fromNumber(SdkNumber.fromBigDecimal((BigDecimal) value));
    }
    if (value instanceof Double || value instanceof Float) {
      return Document.fromNumber(SdkNumber.fromDouble(((Number) value).doubleValue()));
    }
    if (value instanceof Map) {
      Map<String, Document> map = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
        String key = String.valueOf(e.getKey());
        map.put(key, of(path + "." + key, e.getValue()));
      }
      return Document.fromMap(map);
    }
    if (value instanceof List) {
      List<Document> list = new ArrayList<>();
      List<?> values = (List<?>) value;
      for (int i = 0; i < values.size(); i++) {
        list.add(of(path + "[" + i + "]", values.get(i)));
      }
      return Document.fromList(list);
    }
    throw new IllegalArgumentException(
        path + " must be a JSON value, was a " + value.getClass().getName());
  }
}
