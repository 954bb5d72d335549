package dev.mvc.bedrock.internal;

import dev.mvc.BedrockTarget;
import dev.mvc.MvcException;
import dev.mvc.PinViolationException;
import dev.mvc.VersionManifest;
import dev.mvc.spi.ResolvedCall;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.bedrockruntime.model.PromptVariableValues;

/**
 * Builds Converse and ConverseStream requests for a target that goes through a Bedrock Prompt
 * Management prompt version: the prompt version ARN as the model ID and the caller's template
 * variables as {@code promptVariables}, each {@code {"text": value}}; the prompt version supplies
 * the template, the system prompt, the inference configuration and the tools, so the request
 * carries none of them (Converse refuses them on such a call), and no messages: conversation
 * history and tool rounds are refused, since Bedrock would append them after the prompt's own
 * messages. Guardrail, request metadata, service tier and latency are sent as pinned.
 */
public final class PromptMapping {

  private PromptMapping() {}

  /**
   * Checks at load time what a call through a prompt needs of the manifest: a numbered prompt
   * version (Converse takes a version or the draft, and the draft changes under the pin).
   *
   * @throws MvcException naming {@code model.bedrock.prompt.arn}
   */
  public static void validate(VersionManifest manifest) {
    BedrockTarget.Prompt prompt = ((BedrockTarget) manifest.model()).prompt();
    if (prompt == null) {
      return;
    }
    String version = prompt.version();
    if (version == null || "DRAFT".equals(version)) {
      throw new MvcException("model.bedrock.prompt.arn " + prompt.arn() + " must name a numbered prompt version"
          + " (...:prompt/<id>:<version>): " + (version == null ? "the unversioned prompt is its working draft"
          : "DRAFT is the working draft") + ", which can change after the manifest pinned its content");
    }
  }

  /** Returns the prompt variables of the call: each template variable as {@code {"text": value}}. */
  static Map<String, String> variableTexts(ResolvedCall call) {
    Map<String, String> out = new LinkedHashMap<>();
    call.variables().forEach((name, value) -> out.put(name, String.valueOf(value)));
    return out;
  }

  /**
   * Returns the {@code promptVariables} of a call through a prompt.
   *
   * @throws PinViolationException when the call carries history or tool rounds, which a prompt
   *     cannot take
   */
  static Map<String, PromptVariableValues> variables(ResolvedCall call) {
    requireOnlyVariables(call);
    Map<String, PromptVariableValues> out = new LinkedHashMap<>();
    variableTexts(call).forEach((name, text) -> out.put(name, PromptVariableValues.fromText(text)));
    return out;
  }

  private static void requireOnlyVariables(ResolvedCall call) {
    BedrockTarget target = (BedrockTarget) call.target();
    if (call.messages().size() > 1 || !call.toolTurns().isEmpty()) {
      throw new PinViolationException("model.bedrock.prompt " + target.prompt().arn() + ": a call through a"
          + " prompt sends only its variables; conversation history (" + (call.messages().size() - 1)
          + " messages) and tool rounds (" + call.toolTurns().size() + ") cannot be sent, since Bedrock appends"
          + " them after the prompt's own messages");
    }
  }
}
