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

  private Documents() {}

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
