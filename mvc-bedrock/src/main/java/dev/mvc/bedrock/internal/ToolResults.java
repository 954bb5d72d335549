package dev.mvc.bedrock.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** Decides how a tool handler's answer is sent: as JSON when it is a JSON object, otherwise as text. */
public final class ToolResults {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ToolResults() {}

  /**
   * Returns whether {@code content} is a JSON object, which Bedrock takes as a {@code json}
   * tool-result block (the block holds an object); anything else is sent as text.
   */
  public static boolean isJson(String content) {
    String t = content.strip();
    if (t.isEmpty() || t.charAt(0) != '{') {
      return false;
    }
    try {
      JsonNode n = JSON.readTree(t);
      return n != null && n.isObject();
    } catch (IOException e) {
      return false;
    }
  }
}
