package dev.mvc.bedrock.internal;

import dev.mvc.BedrockTarget;
import dev.mvc.InferenceParameters;
import dev.mvc.Message;
import dev.mvc.spi.ResolvedCall;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.GuardrailConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.GuardrailStreamConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.InferenceConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import org.jspecify.annotations.Nullable;

/**
 * Builds Converse and ConverseStream requests from a resolved call, using the pinned values
 * only, and reads the text out of Converse responses.
 */
public final class ConverseMapping {

  private ConverseMapping() {}

  /** Returns the Converse request for the call. */
  public static ConverseRequest.Builder converse(ResolvedCall call) {
    BedrockTarget target = (BedrockTarget) call.target();
    ConverseRequest.Builder b = ConverseRequest.builder()
        .modelId(target.modelId())
        .messages(messages(call));
    if (call.systemText() != null) {
      b.system(SystemContentBlock.fromText(call.systemText()));
    }
    InferenceConfiguration inference = inference(call.parameters());
    if (inference != null) {
      b.inferenceConfig(inference);
    }
    Document additional = additional(call.parameters());
    if (additional != null) {
      b.additionalModelRequestFields(additional);
    }
    if (target.guardrailId() != null) {
      b.guardrailConfig(GuardrailConfiguration.builder()
          .guardrailIdentifier(target.guardrailId())
          .guardrailVersion(target.guardrailVersion())
          .build());
    }
    return b;
  }

  /** Returns the ConverseStream request for the call. */
  public static ConverseStreamRequest.Builder converseStream(ResolvedCall call) {
    BedrockTarget target = (BedrockTarget) call.target();
    ConverseStreamRequest.Builder b = ConverseStreamRequest.builder()
        .modelId(target.modelId())
        .messages(messages(call));
    if (call.systemText() != null) {
      b.system(SystemContentBlock.fromText(call.systemText()));
    }
    InferenceConfiguration inference = inference(call.parameters());
    if (inference != null) {
      b.inferenceConfig(inference);
    }
    Document additional = additional(call.parameters());
    if (additional != null) {
      b.additionalModelRequestFields(additional);
    }
    if (target.guardrailId() != null) {
      b.guardrailConfig(GuardrailStreamConfiguration.builder()
          .guardrailIdentifier(target.guardrailId())
          .guardrailVersion(target.guardrailVersion())
          .build());
    }
    return b;
  }

  /** Returns the concatenated text blocks of the response's output message. */
  public static String text(ConverseResponse response) {
    if (response.output() == null || response.output().message() == null) {
      return "";
    }
    StringBuilder text = new StringBuilder();
    for (ContentBlock block : response.output().message().content()) {
      if (block.text() != null) {
        text.append(block.text());
      }
    }
    return text.toString();
  }

  private static List<software.amazon.awssdk.services.bedrockruntime.model.Message> messages(ResolvedCall call) {
    List<software.amazon.awssdk.services.bedrockruntime.model.Message> messages = new ArrayList<>();
    for (Message m : call.messages()) {
      messages.add(software.amazon.awssdk.services.bedrockruntime.model.Message.builder()
          .role(m.role() == Message.Role.USER ? ConversationRole.USER : ConversationRole.ASSISTANT)
          .content(ContentBlock.fromText(m.text()))
          .build());
    }
    return messages;
  }

  private static @Nullable InferenceConfiguration inference(InferenceParameters p) {
    if (p.maxTokens() == null && p.temperature() == null && p.topP() == null && p.stopSequences().isEmpty()) {
      return null;
    }
    InferenceConfiguration.Builder b = InferenceConfiguration.builder();
    if (p.maxTokens() != null) {
      b.maxTokens(p.maxTokens());
    }
    if (p.temperature() != null) {
      b.temperature(p.temperature().floatValue());
    }
    if (p.topP() != null) {
      b.topP(p.topP().floatValue());
    }
    if (!p.stopSequences().isEmpty()) {
      b.stopSequences(p.stopSequences());
    }
    return b.build();
  }

  private static @Nullable Document additional(InferenceParameters p) {
    if (p.additionalModelFields().isEmpty()) {
      return null;
    }
    return Documents.of("inference.additionalModelFields", p.additionalModelFields());
  }
}
