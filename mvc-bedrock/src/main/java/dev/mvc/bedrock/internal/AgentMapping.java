package dev.mvc.bedrock.internal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.mvc.BedrockTarget;
import dev.mvc.MvcException;
import dev.mvc.VersionManifest;
import dev.mvc.spi.ResolvedCall;
import java.util.List;
import software.amazon.awssdk.services.bedrockagentruntime.model.InvokeAgentRequest;

/**
 * Builds agent InvokeAgent requests from a resolved call: the pinned agent and alias, the
 * caller's session (or a fresh one per call) and the rendered template as the input text.
 *
 * <p>An agent version carries its own model, instructions and inference settings, and InvokeAgent
 * has no fields for them: the manifest's model ID and inference parameters describe that version
 * and take part in the digest, but are not sent. A manifest that would need them sent (a system
 * prompt, overridable parameters) is refused at load time.
 */
public final class AgentMapping {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private AgentMapping() {}

  /** Checks at load time that the manifest asks for nothing InvokeAgent cannot send; throws naming the field. */
  public static void validate(VersionManifest manifest) {
    if (manifest.prompt().system() != null) {
      throw new MvcException("prompt.system must be absent when model.bedrock.api is invoke-agent: the agent "
          + "version's instructions take its place and InvokeAgent cannot send a system prompt");
    }
    if (!manifest.inference().overridable().isEmpty()) {
      throw new MvcException("inference.overridable must be empty when model.bedrock.api is invoke-agent: the "
          + "agent version fixes its inference settings, was " + manifest.inference().overridable().keySet());
    }
  }

  /** Returns the session the call runs in: the caller's, or the invocation ID for a one-call session. */
  public static String sessionId(ResolvedCall call) {
    return call.sessionId() != null ? call.sessionId() : call.invocationId();
  }

  /** Returns the InvokeAgent request for the call. */
  public static InvokeAgentRequest.Builder request(ResolvedCall call, String sessionId) {
    BedrockTarget target = (BedrockTarget) call.target();
    if (!call.parameters().equals(call.manifest().inference())) {
      throw new MvcException("inference parameters cannot be overridden when model.bedrock.api is invoke-agent");
    }
    return InvokeAgentRequest.builder()
        .agentId(target.agentId())
        .agentAliasId(target.agentAliasId())
        .sessionId(sessionId)
        .inputText(call.renderedPrompt());
  }

  /** Returns the wire pin: the path with agent, alias and session, and the body with the input text only. */
  public static WirePin pin(ResolvedCall call, String sessionId) {
    BedrockTarget target = (BedrockTarget) call.target();
    return WirePin.exact(target.describe(), target.region(), "InvokeAgent", List.of(
        WirePin.Segment.literal("agents"), WirePin.Segment.id("agentId", target.agentId()),
        WirePin.Segment.literal("agentAliases"), WirePin.Segment.id("agentAliasId", target.agentAliasId()),
        WirePin.Segment.literal("sessions"), WirePin.Segment.id("sessionId", sessionId),
        WirePin.Segment.literal("text")), () -> NODES.objectNode().put("inputText", call.renderedPrompt()));
  }

  /** Fails unless the call is a single turn: agents and knowledge bases keep the conversation in the session. */
  public static void requireNoHistory(ResolvedCall call, String api) {
    if (call.messages().size() > 1) {
      throw new MvcException("InvocationRequest.history must be empty when model.bedrock.api is " + api
          + " (the conversation lives in the provider session: pass sessionId), had "
          + (call.messages().size() - 1) + " messages");
    }
  }
}
