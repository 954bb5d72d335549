package dev.mvc.sagemaker.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mvc.InferenceParameters;
import dev.mvc.MvcException;
import dev.mvc.SageMakerTarget;
import dev.mvc.TokenUsage;
import dev.mvc.spi.ResolvedCall;
import java.util.Map;

/**
 * A JSON body for any other container: additional model fields form the base object, then the
 * prompt, system prompt and pinned parameters are placed at the manifest's JSON pointers, and
 * the text is read from the {@code output} pointer. Missing objects and arrays on a pointer's
 * path are created (a numeric segment creates an array).
 */
final class JsonPointerFormat extends PayloadFormat {
  private final Map<String, String> mapping;

  JsonPointerFormat(Map<String, String> mapping) {
    this.mapping = mapping;
  }

  @Override
  public void validate(SageMakerTarget target, InferenceParameters p) {
    requireMapped("temperature", p.temperature());
    requireMapped("maxTokens", p.maxTokens());
    requireMapped("topP", p.topP());
    requireMapped("stopSequences", p.stopSequences().isEmpty() ? null : p.stopSequences());
    for (String key : new String[] {"temperature", "maxTokens", "topP"}) {
      if (p.overridable().containsKey(key) && !mapping.containsKey(key)) {
        throw new MvcException("model.sagemaker.payloadMapping." + key + " is missing but inference.overridable."
            + key + " allows overrides; payloadFormat json cannot send them");
      }
    }
    JsonNode base = JSON.valueToTree(p.additionalModelFields());
    for (Map.Entry<String, String> e : mapping.entrySet()) {
      if (!e.getKey().equals("output") && !base.at(e.getValue()).isMissingNode()) {
        throw new MvcException("inference.additionalModelFields collides with model.sagemaker.payloadMapping."
            + e.getKey() + " at " + e.getValue() + "; remove one of them");
      }
    }
  }

  private void requireMapped(String key, @org.jspecify.annotations.Nullable Object pinned) {
    if (pinned != null && !mapping.containsKey(key)) {
      throw new MvcException("model.sagemaker.payloadMapping." + key + " is missing but inference." + key
          + " is pinned to " + pinned + "; payloadFormat json cannot send it");
    }
  }

  @Override
  public byte[] request(ResolvedCall call) {
    JsonNode root = JSON.valueToTree(call.parameters().additionalModelFields());
    boolean systemSlot = mapping.containsKey("system");
    put(root, mapping.get("prompt"), JSON.getNodeFactory().textNode(singlePrompt(call, "json", !systemSlot)));
    InferenceParameters p = call.parameters();
    if (systemSlot && call.systemText() != null) {
      put(root, mapping.get("system"), JSON.getNodeFactory().textNode(call.systemText()));
    }
    if (p.temperature() != null) {
      put(root, mapping.get("temperature"), JSON.getNodeFactory().numberNode(p.temperature()));
    }
    if (p.maxTokens() != null) {
      put(root, mapping.get("maxTokens"), JSON.getNodeFactory().numberNode(p.maxTokens()));
    }
    if (p.topP() != null) {
      put(root, mapping.get("topP"), JSON.getNodeFactory().numberNode(p.topP()));
    }
    if (!p.stopSequences().isEmpty()) {
      put(root, mapping.get("stopSequences"), JSON.valueToTree(p.stopSequences()));
    }
    return bytes(root);
  }

  @Override
  public Parsed response(byte[] body, String endpoint) {
    JsonNode root = parse(body, endpoint, "json");
    JsonNode out = root.at(mapping.get("output"));
    if (!out.isTextual()) {
      throw invalid(endpoint, "json", "has no text at " + mapping.get("output"));
    }
    return new Parsed(out.asText(), null, TokenUsage.UNKNOWN);
  }

  /** Sets {@code value} at {@code pointer} below {@code root}, creating the containers on the way. */
  static void put(JsonNode root, String pointer, JsonNode value) {
    if (pointer.isEmpty()) {
      throw new MvcException("a payloadMapping pointer for a value must not be the empty pointer");
    }
    String[] segments = pointer.substring(1).split("/", -1);
    JsonNode node = root;
    for (int i = 0; i < segments.length; i++) {
      String seg = segments[i].replace("~1", "/").replace("~0", "~");
      boolean last = i == segments.length - 1;
      String next = last ? null : segments[i + 1];
      if (node instanceof ObjectNode) {
        ObjectNode o = (ObjectNode) node;
        if (last) {
          o.set(seg, value);
        } else {
          JsonNode child = o.get(seg);
          if (child == null || !child.isContainerNode()) {
            child = isIndex(next) ? o.putArray(seg) : o.putObject(seg);
          }
          node = child;
        }
      } else if (node instanceof ArrayNode && isIndex(seg)) {
        ArrayNode a = (ArrayNode) node;
        int index = Integer.parseInt(seg);
        while (a.size() <= index) {
          a.addNull();
        }
        if (last) {
          a.set(index, value);
        } else {
          JsonNode child = a.get(index);
          if (child == null || !child.isContainerNode()) {
            child = isIndex(next) ? JSON.createArrayNode() : JSON.createObjectNode();
            a.set(index, child);
          }
          node = child;
        }
      } else {
        throw new MvcException("payloadMapping pointer " + pointer + " cannot be placed: segment '" + seg
            + "' addresses into a " + node.getNodeType());
      }
    }
  }

  private static boolean isIndex(@org.jspecify.annotations.Nullable String s) {
    return s != null && s.matches("0|[1-9][0-9]{0,5}");
  }
}
