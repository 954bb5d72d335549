package dev.mvc.bedrock.internal;

import dev.mvc.Attachment;
import dev.mvc.BedrockTarget;
import dev.mvc.CachePoint;
import dev.mvc.InferenceParameters;
import dev.mvc.Message;
import dev.mvc.PinViolationException;
import dev.mvc.PromptSpec;
import dev.mvc.ToolCall;
import dev.mvc.ToolResult;
import dev.mvc.ToolSpec;
import dev.mvc.spi.ResolvedCall;
import dev.mvc.spi.ReasoningBlock;
import dev.mvc.spi.ToolTurn;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.bedrockruntime.model.ReasoningContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ReasoningTextBlock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.services.bedrockruntime.model.DocumentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.DocumentSource;
import software.amazon.awssdk.services.bedrockruntime.model.ImageBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ImageSource;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.GuardrailConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.GuardrailStreamConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.AnyToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.AutoToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.CachePointBlock;
import software.amazon.awssdk.services.bedrockruntime.model.CachePointType;
import software.amazon.awssdk.services.bedrockruntime.model.InferenceConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.PerformanceConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceTier;
import software.amazon.awssdk.services.bedrockruntime.model.SpecificToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.Tool;
import software.amazon.awssdk.services.bedrockruntime.model.ToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.ToolConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.ToolInputSchema;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultStatus;
import software.amazon.awssdk.services.bedrockruntime.model.ToolSpecification;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlock;
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
    ConverseRequest.Builder b = ConverseRequest.builder().modelId(statics.target.wireModelId());
    if (statics.target.prompt() != null) {
      // The prompt version holds the messages, system prompt, inference configuration and tools.
      b.promptVariables(PromptMapping.variables(call));
    } else {
      b.messages(messages(call, statics.cacheHistory));
      if (statics.system != null) {
        b.system(statics.system);
      }
      if (statics.inference != null) {
        b.inferenceConfig(statics.inference);
      }
      if (statics.additional != null) {
        b.additionalModelRequestFields(statics.additional);
      }
      if (statics.toolConfig != null) {
        b.toolConfig(statics.toolConfig);
      }
    }
    if (statics.guardrail != null) {
      b.guardrailConfig(statics.guardrail);
    }
    if (statics.serviceTier != null) {
      b.serviceTier(statics.serviceTier);
    }
    if (statics.performance != null) {
      b.performanceConfig(statics.performance);
    }
    b.requestMetadata(requestMetadata(call));
    return b;
  }

  /** Returns the ConverseStream request for the call. */
  public ConverseStreamRequest.Builder converseStream(ResolvedCall call) {
    Statics statics = statics(call);
    ConverseStreamRequest.Builder b = ConverseStreamRequest.builder().modelId(statics.target.wireModelId());
    if (statics.target.prompt() != null) {
      // The prompt version holds the messages, system prompt, inference configuration and tools.
      b.promptVariables(PromptMapping.variables(call));
    } else {
      b.messages(messages(call, statics.cacheHistory));
      if (statics.system != null) {
        b.system(statics.system);
      }
      if (statics.inference != null) {
        b.inferenceConfig(statics.inference);
      }
      if (statics.additional != null) {
        b.additionalModelRequestFields(statics.additional);
      }
      if (statics.toolConfig != null) {
        b.toolConfig(statics.toolConfig);
      }
    }
    if (statics.streamGuardrail != null) {
      b.guardrailConfig(statics.streamGuardrail);
    }
    if (statics.serviceTier != null) {
      b.serviceTier(statics.serviceTier);
    }
    if (statics.performance != null) {
      b.performanceConfig(statics.performance);
    }
    b.requestMetadata(requestMetadata(call));
    return b;
  }

  private Statics statics(ResolvedCall call) {
    BedrockTarget target = (BedrockTarget) call.target();
    Statics s = last;
    if (s != null && s.target == target && s.parameters == call.parameters() && s.systemText == call.systemText()
        && s.tools == call.tools() && s.prompt == call.manifest().prompt()) {
      return s;
    }
    s = new Statics(target, call.parameters(), call.systemText(), call.tools(), call.manifest().prompt());
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

  /** The cache point block, the one kind Bedrock has. */
  static final CachePointBlock CACHE_POINT = CachePointBlock.builder().type(CachePointType.DEFAULT).build();
  /** The key of the manifest digest in every call's request metadata. */
  public static final String DIGEST_KEY = "mvc.digest";
  /** The key of the invocation ID in every call's request metadata. */
  public static final String INVOCATION_KEY = "mvc.invocationId";

  /**
   * Returns the request metadata of the call: the pinned pairs, the caller's, the manifest digest
   * and the invocation ID, so that a Bedrock invocation-log record leads to the stamp.
   *
   * @throws PinViolationException when a caller's key is pinned, or the pairs exceed Bedrock's 16
   */
  public static Map<String, String> requestMetadata(ResolvedCall call) {
    BedrockTarget target = (BedrockTarget) call.target();
    Map<String, String> pinned = target.options().requestMetadata();
    Map<String, String> out = new LinkedHashMap<>(pinned);
    for (Map.Entry<String, String> e : call.metadata().entrySet()) {
      if (pinned.containsKey(e.getKey())) {
        throw new PinViolationException("metadata " + e.getKey() + " is pinned by model.bedrock.requestMetadata to \""
            + pinned.get(e.getKey()) + "\"; a call may add keys, not change pinned ones");
      }
      out.put(e.getKey(), e.getValue());
    }
    if (out.size() + BedrockTarget.RequestOptions.RESERVED_METADATA > BedrockTarget.RequestOptions.MAX_METADATA) {
      throw new PinViolationException("metadata holds " + out.size() + " pairs (" + pinned.size()
          + " pinned, " + call.metadata().size() + " from the call); Bedrock takes "
          + BedrockTarget.RequestOptions.MAX_METADATA + " and every call adds " + DIGEST_KEY + " and " + INVOCATION_KEY);
    }
    out.put(DIGEST_KEY, call.manifest().digest());
    out.put(INVOCATION_KEY, call.invocationId());
    return out;
  }

  private static List<software.amazon.awssdk.services.bedrockruntime.model.Message> messages(ResolvedCall call,
      boolean cacheHistory) {
    List<software.amazon.awssdk.services.bedrockruntime.model.Message> messages = new ArrayList<>();
    List<Message> all = call.messages();
    for (int i = 0; i < all.size(); i++) {
      Message m = all.get(i);
      software.amazon.awssdk.services.bedrockruntime.model.Message.Builder b =
          software.amazon.awssdk.services.bedrockruntime.model.Message.builder()
              .role(m.role() == Message.Role.USER ? ConversationRole.USER : ConversationRole.ASSISTANT);
      if (cacheHistory && i == all.size() - 2) {
        b.content(ContentBlock.fromText(m.text()), ContentBlock.fromCachePoint(CACHE_POINT));
      } else if (i == all.size() - 1 && !call.attachments().isEmpty()) {
        b.content(withAttachments(call.attachments(), m.text()));
      } else {
        b.content(ContentBlock.fromText(m.text()));
      }
      messages.add(b.build());
    }
    for (ToolTurn turn : call.toolTurns()) {
      List<ContentBlock> asked = new ArrayList<>();
      for (ReasoningBlock r : turn.reasoning()) {
        // Sent back unchanged and first, as Bedrock requires of a tool loop with extended thinking.
        asked.add(ContentBlock.fromReasoningContent(r.isRedacted()
            ? ReasoningContentBlock.fromRedactedContent(SdkBytes.fromByteArray(r.redactedContent()))
            : ReasoningContentBlock.fromReasoningText(ReasoningTextBlock.builder().text(r.text()).signature(r.signature()).build())));
      }
      if (!turn.assistantText().isEmpty()) {
        asked.add(ContentBlock.fromText(turn.assistantText()));
      }
      for (ToolCall c : turn.calls()) {
        asked.add(ContentBlock.fromToolUse(ToolUseBlock.builder().toolUseId(c.id()).name(c.name())
            .input(Documents.fromJson("toolUse.input", c.inputJson())).build()));
      }
      messages.add(software.amazon.awssdk.services.bedrockruntime.model.Message.builder()
          .role(ConversationRole.ASSISTANT).content(asked).build());
      List<ContentBlock> answered = new ArrayList<>();
      for (ToolResult r : turn.results()) {
        ToolResultContentBlock content = ToolResults.isJson(r.content())
            ? ToolResultContentBlock.fromJson(Documents.fromJson("toolResult.content", r.content()))
            : ToolResultContentBlock.fromText(r.content());
        ToolResultBlock.Builder block = ToolResultBlock.builder().toolUseId(r.toolUseId()).content(content);
        if (r.error()) {
          block.status(ToolResultStatus.ERROR);
        }
        answered.add(ContentBlock.fromToolResult(block.build()));
      }
      messages.add(software.amazon.awssdk.services.bedrockruntime.model.Message.builder()
          .role(ConversationRole.USER).content(answered).build());
    }
    return messages;
  }

  /** Returns the documents and images as Converse blocks, in the caller's order, then the text. */
  private static List<ContentBlock> withAttachments(List<Attachment> attachments, String text) {
    List<ContentBlock> content = new ArrayList<>(attachments.size() + 1);
    for (Attachment a : attachments) {
      if (a.kind() == Attachment.Kind.IMAGE) {
        content.add(ContentBlock.fromImage(ImageBlock.builder().format(a.format())
            .source(ImageSource.fromBytes(SdkBytes.fromByteBuffer(a.byteBuffer()))).build()));
      } else {
        content.add(ContentBlock.fromDocument(DocumentBlock.builder().format(a.format()).name(a.name())
            .source(DocumentSource.fromBytes(SdkBytes.fromByteBuffer(a.byteBuffer()))).build()));
      }
    }
    content.add(ContentBlock.fromText(text));
    return content;
  }

  private static @Nullable ToolConfiguration toolConfig(List<ToolSpec> tools, PromptSpec prompt) {
    if (tools.isEmpty()) {
      return null;
    }
    List<Tool> out = new ArrayList<>();
    for (ToolSpec t : tools) {
      ToolSpecification.Builder spec = ToolSpecification.builder().name(t.name())
          .inputSchema(ToolInputSchema.fromJson(Documents.of("prompt.tools." + t.name() + ".inputSchema", t.inputSchema())));
      if (t.description() != null) {
        spec.description(t.description());
      }
      out.add(Tool.fromToolSpec(spec.build()));
    }
    if (prompt.cachePoints().contains(CachePoint.TOOLS)) {
      out.add(Tool.fromCachePoint(CACHE_POINT));
    }
    ToolConfiguration.Builder b = ToolConfiguration.builder().tools(out);
    dev.mvc.ToolChoice choice = prompt.toolChoice();
    if (choice != null) {
      b.toolChoice(switch (choice.kind()) {
        case AUTO -> ToolChoice.fromAuto(AutoToolChoice.builder().build());
        case ANY -> ToolChoice.fromAny(AnyToolChoice.builder().build());
        case TOOL -> ToolChoice.fromTool(SpecificToolChoice.builder().name(choice.tool()).build());
      });
    }
    return b.build();
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
    final List<ToolSpec> tools;
    final PromptSpec prompt;
    final @Nullable ToolConfiguration toolConfig;
    final @Nullable ServiceTier serviceTier;
    final @Nullable PerformanceConfiguration performance;
    final boolean cacheHistory;

    Statics(BedrockTarget target, InferenceParameters parameters, @Nullable String systemText, List<ToolSpec> tools,
        PromptSpec prompt) {
      this.target = target;
      this.parameters = parameters;
      this.systemText = systemText;
      this.tools = tools;
      this.prompt = prompt;
      this.system = systemText == null ? null : prompt.cachePoints().contains(CachePoint.SYSTEM)
          ? List.of(SystemContentBlock.fromText(systemText), SystemContentBlock.fromCachePoint(CACHE_POINT))
          : List.of(SystemContentBlock.fromText(systemText));
      this.toolConfig = toolConfig(tools, prompt);
      this.serviceTier = target.options().serviceTier() == null ? null
          : ServiceTier.builder().type(target.options().serviceTier()).build();
      this.performance = target.options().latency() == null ? null
          : PerformanceConfiguration.builder().latency(target.options().latency()).build();
      this.cacheHistory = prompt.cachePoints().contains(CachePoint.HISTORY);
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
