package dev.mvc.emulators.bedrock.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mvc.emulators.bedrock.BedrockReply;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The rule Bedrock applies to a tool loop with extended thinking: when the request switches
 * thinking on (Converse: {@code additionalModelRequestFields.thinking.type}; an InvokeModel
 * Anthropic Messages body: {@code thinking.type}; {@code enabled} or {@code adaptive}), the latest
 * assistant message that asked for tools must start with the reasoning block the model returned,
 * and its reasoning blocks must come back exactly as they were sent (the text with its signature,
 * or the redacted content). The emulator remembers the reasoning
 * it rendered, so an altered or invented block is refused as Bedrock refuses it.
 */
public final class ThinkingRules {
  private static final String PREFIX = "The model returned the following errors: ";

  /** Signature to reasoning text of every signed reasoning block rendered. */
  private final Map<String, String> signed = new ConcurrentHashMap<>();
  /** The base64 of every redacted reasoning block rendered. */
  private final Set<String> redacted = ConcurrentHashMap.newKeySet();

  /** Creates rules that know no rendered reasoning yet. */
  public ThinkingRules() {}

  /** Remembers the reasoning of a reply that was sent. */
  public void rendered(BedrockReply reply) {
    if (reply.reasoning() != null && reply.reasoningSignature() != null) {
      signed.put(reply.reasoningSignature(), reply.reasoning());
    }
    if (reply.redactedReasoning() != null) {
      redacted.add(reply.redactedReasoning());
    }
  }

  /** Forgets all rendered reasoning. */
  public void reset() {
    signed.clear();
    redacted.clear();
  }

  /** Returns Bedrock's ValidationException message for a Converse body that breaks the rule, or null. */
  public @Nullable String problem(JsonNode body) {
    String type = body.path("additionalModelRequestFields").path("thinking").path("type").asText("");
    if (!type.equals("enabled") && !type.equals("adaptive")) {
      return null;
    }
    JsonNode messages = body.path("messages");
    int last = -1;
    for (int i = 0; i < messages.size(); i++) {
      if ("assistant".equals(messages.get(i).path("role").asText())) {
        last = i;
      }
    }
    if (last < 0) {
      return null;
    }
    JsonNode content = messages.get(last).path("content");
    boolean asksForTools = false;
    for (JsonNode block : content) {
      asksForTools |= block.has("toolUse");
    }
    if (!asksForTools) {
      return null;
    }
    JsonNode first = content.path(0);
    if (!first.has("reasoningContent")) {
      return PREFIX + "messages." + last + ".content.0.type: Expected `thinking` or `redacted_thinking`, but found `"
          + anthropicType(first) + "`. When `thinking` is enabled, a final `assistant` message must start with a "
          + "thinking block (preceeding the lastmost set of `tool_use` and `tool_result` blocks). We recommend you "
          + "include thinking blocks from previous turns. To avoid this requirement, disable `thinking`. Please "
          + "consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking";
    }
    for (int j = 0; j < content.size(); j++) {
      JsonNode reasoning = content.get(j).get("reasoningContent");
      if (reasoning != null && !unchanged(reasoning)) {
        return PREFIX + "messages." + last + ".content." + j + ": thinking or redacted_thinking blocks in the latest "
            + "assistant message cannot be modified. These blocks must remain as they were in the original response.";
      }
    }
    return null;
  }

  /**
   * Returns Bedrock's ValidationException message for an InvokeModel Anthropic Messages body that
   * breaks the rule, or null.
   */
  public @Nullable String anthropicProblem(JsonNode body) {
    String type = body.path("thinking").path("type").asText("");
    if (!type.equals("enabled") && !type.equals("adaptive")) {
      return null;
    }
    JsonNode messages = body.path("messages");
    int last = -1;
    for (int i = 0; i < messages.size(); i++) {
      if ("assistant".equals(messages.get(i).path("role").asText())) {
        last = i;
      }
    }
    if (last < 0) {
      return null;
    }
    JsonNode content = messages.get(last).path("content");
    boolean asksForTools = false;
    for (JsonNode block : content) {
      asksForTools |= "tool_use".equals(block.path("type").asText());
    }
    if (!asksForTools) {
      return null;
    }
    String first = content.path(0).path("type").asText("text");
    if (!first.equals("thinking") && !first.equals("redacted_thinking")) {
      return "messages." + last + ".content.0.type: Expected `thinking` or `redacted_thinking`, but found `" + first
          + "`. When `thinking` is enabled, a final `assistant` message must start with a thinking block (preceeding "
          + "the lastmost set of `tool_use` and `tool_result` blocks). We recommend you include thinking blocks from "
          + "previous turns. To avoid this requirement, disable `thinking`. Please consult our documentation at "
          + "https://docs.claude.com/en/docs/build-with-claude/extended-thinking";
    }
    for (int j = 0; j < content.size(); j++) {
      JsonNode block = content.get(j);
      String blockType = block.path("type").asText();
      boolean changed = blockType.equals("thinking")
          ? !block.path("thinking").asText("").equals(signed.get(block.path("signature").asText("")))
          : blockType.equals("redacted_thinking") && !redacted.contains(block.path("data").asText(""));
      if (changed) {
        return "messages." + last + ".content." + j + ": thinking or redacted_thinking blocks in the latest "
            + "assistant message cannot be modified. These blocks must remain as they were in the original response.";
      }
    }
    return null;
  }

  private boolean unchanged(JsonNode reasoning) {
    JsonNode text = reasoning.get("reasoningText");
    if (text != null) {
      String signature = text.path("signature").asText(null);
      return signature != null && text.path("text").asText("").equals(signed.get(signature));
    }
    JsonNode bytes = reasoning.get("redactedContent");
    return bytes != null && redacted.contains(bytes.asText());
  }

  private static String anthropicType(JsonNode block) {
    if (block.has("toolUse")) {
      return "tool_use";
    }
    if (block.has("toolResult")) {
      return "tool_result";
    }
    return block.has("text") ? "text" : block.fieldNames().hasNext() ? block.fieldNames().next() : "text";
  }
}
