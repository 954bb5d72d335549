package dev.mvc.bedrock.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.document.Document;

/**
 * Turns SDK model objects (a GetPrompt response, a prompt variant) back into their JSON wire
 * form as maps, lists, strings, numbers and booleans, member names as the service model spells
 * them; absent members are left out. The content hash of a prompt version is computed on this
 * form, so it is the same whether the version was read through the SDK or as raw JSON.
 */
public final class PromptWire {

  private PromptWire() {}

  /** Returns the wire form of an SDK model object. */
  public static Map<String, Object> of(SdkPojo pojo) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (SdkField<?> field : pojo.sdkFields()) {
      Object value = value(field.getValueOrDefault(pojo));
      if (value != null) {
        out.put(field.locationName(), value);
      }
    }
    return out;
  }

  private static @Nullable Object value(@Nullable Object v) {
    if (v == null) {
      return null;
    }
    if (v instanceof SdkPojo pojo) {
      return of(pojo);
    }
    if (v instanceof Document d) {
      return document(d);
    }
    if (v instanceof List<?> list) {
      if (list instanceof software.amazon.awssdk.core.util.SdkAutoConstructList) {
        return null;
      }
      List<Object> out = new ArrayList<>();
      for (Object item : list) {
        out.add(value(item));
      }
      return out;
    }
    if (v instanceof Map<?, ?> map) {
      if (map instanceof software.amazon.awssdk.core.util.SdkAutoConstructMap) {
        return null;
      }
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, item) -> out.put(String.valueOf(k), value(item)));
      return out;
    }
    if (v instanceof java.time.Instant i) {
      return i.toString();
    }
    return v;
  }

  /** Returns the JSON-like value of an SDK document; numbers as {@link java.math.BigDecimal}. */
  public static @Nullable Object document(@Nullable Document d) {
    if (d == null || d.isNull()) {
      return null;
    }
    if (d.isString()) {
      return d.asString();
    }
    if (d.isBoolean()) {
      return d.asBoolean();
    }
    if (d.isNumber()) {
      return d.asNumber().bigDecimalValue();
    }
    if (d.isList()) {
      List<Object> out = new ArrayList<>();
      d.asList().forEach(item -> out.add(document(item)));
      return out;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    d.asMap().forEach((k, item) -> out.put(k, document(item)));
    return out;
  }
}
