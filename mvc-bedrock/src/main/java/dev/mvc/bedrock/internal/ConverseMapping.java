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
 * only, and reads the text out of Converse responses. Each instance belongs to one backend's
 * Converse operation and keeps the request parts of the last version it saw.
 */
public final class ConverseMapping {

  /**
   * The parts of a request that come from the version alone (system prompt, inference
   * configuration, guardrail), built once for the last version seen and reused while calls
   * carry the same target, parameters and system text (compared by identity: a client's calls
   * on one version share them). SDK model objects are immutable, so sharing them is safe.
   */
  private volatile @Nullable Statics last;

  /** Creates a mapping with nothing cached yet. */
  public ConverseMapping() {}

  /** Returns the Converse request for the call. */
  public ConverseRequest.Builder converse(ResolvedCall call) {
    Statics statics = statics(call);
    ConverseRequest.Builder b = ConverseRequest.builder()
        .modelId(statics.target.wireModelId())
        .messages(messages(call));
    if (statics.system != null) {
      b.system(statics.system);
    }
    if (statics.inference != null) {
      b.inferenceConfig(statics.inference);
    }
    if (statics.additional != null) {
      b.additionalModelRequestFields(statics.additional);
    }
    if (statics.guardrail != null) {
      b.guardrailConfig(statics.guardrail);
    }
    return b;
  }

  /** Returns the ConverseStream request for the call. */
  public ConverseStreamRequest.Builder converseStream(ResolvedCall call) {
    Statics statics = statics(call);
    ConverseStreamRequest.Builder b = ConverseStreamRequest.builder()
        .modelId(statics.target.wireModelId())
        .messages(messages(call));
    if (statics.system != null) {
      b.system(statics.system);
    }
    if (statics.inference != null) {
      b.inferenceConfig(statics.inference);
    }
    if (statics.additional != null) {
      b.additionalModelRequestFields(statics.additional);
    }
    if (statics.streamGuardrail != null) {
      b.guardrailConfig(statics.streamGuardrail);
    }
    return b;
  }

  private Statics statics(ResolvedCall call) {
    BedrockTarget target = (BedrockTarget) call.target();
    Statics s = last;
    if (s != null && s.target == target && s.parameters == call.parameters() && s.systemText == call.systemText()) {
      return s;
    }
    s = new Statics(target, call.parameters(), call.systemText());
    last = s;
    return s;
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

  /** The request parts one version's calls share. */
  private static final class Statics {
    final BedrockTarget target;
    final InferenceParameters parameters;
    final @Nullable String systemText;
    final @Nullable List<SystemContentBlock> system;
    final @Nullable InferenceConfiguration inference;
    final @Nullable Document additional;
    final @Nullable GuardrailConfiguration guardrail;
    final @Nullable GuardrailStreamConfiguration streamGuardrail;

    Statics(BedrockTarget target, InferenceParameters parameters, @Nullable String systemText) {
      this.target = target;
      this.parameters = parameters;
      this.systemText = systemText;
      this.system = systemText == null ? null : List.of(SystemContentBlock.fromText(systemText));
      this.inference = inference(parameters);
      this.additional = additional(parameters);
      this.guardrail = target.guardrailId() == null ? null : GuardrailConfiguration.builder()
          .guardrailIdentifier(target.guardrailId())
          .guardrailVersion(target.guardrailVersion())
          .build();
      this.streamGuardrail = target.guardrailId() == null ? null : GuardrailStreamConfiguration.builder()
          .guardrailIdentifier(target.guardrailId())
          .guardrailVersion(target.guardrailVersion())
          .build();
    }
  }
}
