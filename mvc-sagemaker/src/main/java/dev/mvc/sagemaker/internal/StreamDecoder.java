package dev.mvc.sagemaker.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mvc.TokenUsage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Turns the bytes of streamed {@code PayloadPart}s into text deltas. Containers send server-sent
 * events ({@code data:{..}} lines) or JSON lines, cut at arbitrary byte offsets, so bytes are
 * buffered until a full line arrives (which also keeps multi-byte characters whole).
 */
public abstract class StreamDecoder {
  static final ObjectMapper JSON = new ObjectMapper();
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  @Nullable String stopReason;
  TokenUsage usage = TokenUsage.UNKNOWN;

  /** Returns the decoder of TGI token events. */
  public static StreamDecoder tgi() {
    return new StreamDecoder() {
      @Override
      @Nullable String delta(JsonNode event) {
        JsonNode details = event.path("details");
        if (details.isObject()) {
          stopReason = details.path("finish_reason").asText(null);
          int generated = details.path("generated_tokens").asInt(0);
          usage = generated > 0 ? TokenUsage.of(0, generated) : usage;
        }
        JsonNode token = event.path("token");
        if (token.path("special").asBoolean(false)) {
          return null;
        }
        return token.path("text").isTextual() ? token.get("text").asText() : null;
      }
    };
  }

  /** Returns the decoder of OpenAI chat completion chunks. */
  public static StreamDecoder openAiChat() {
    return new StreamDecoder() {
      @Override
      @Nullable String delta(JsonNode event) {
        JsonNode u = event.path("usage");
        if (u.isObject()) {
          usage = TokenUsage.of(u.path("prompt_tokens").asInt(0), u.path("completion_tokens").asInt(0));
        }
        JsonNode choice = event.path("choices").path(0);
        if (choice.path("finish_reason").isTextual()) {
          stopReason = choice.get("finish_reason").asText();
        }
        JsonNode content = choice.path("delta").path("content");
        return content.isTextual() ? content.asText() : null;
      }
    };
  }

  /** Returns the text delta of one event, or null when it carries none. */
  abstract @Nullable String delta(JsonNode event);

  /** Feeds the bytes of one payload part; returns the text deltas completed by it. */
  public List<String> feed(byte[] bytes) {
    List<String> out = new ArrayList<>();
    for (byte b : bytes) {
      if (b == '\n') {
        lineDone(out);
      } else {
        line.write(b);
      }
    }
    return out;
  }

  /** Flushes a last line without a newline; returns its deltas. */
  public List<String> finish() {
    List<String> out = new ArrayList<>();
    lineDone(out);
    return out;
  }

  /** Forgets a partial line, for a stream that starts again. */
  public void reset() {
    line.reset();
  }

  /** Returns the stop reason reported, or null. */
  public @Nullable String stopReason() {
    return stopReason;
  }

  /** Returns the usage reported. */
  public TokenUsage usage() {
    return usage;
  }

  private void lineDone(List<String> out) {
    String text = line.toString(StandardCharsets.UTF_8).strip();
    line.reset();
    if (text.startsWith("data:")) {
      text = text.substring(5).strip();
    }
    if (text.isEmpty() || !text.startsWith("{")) {
      return; // blank separators, [DONE], comments and event names carry no text
    }
    try {
      String delta = delta(JSON.readTree(text));
      if (delta != null && !delta.isEmpty()) {
        out.add(delta);
      }
    } catch (IOException e) {
      throw new IllegalStateException("streamed event is not JSON: " + e.getMessage(), e);
    }
  }
}
