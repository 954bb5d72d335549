package dev.mvc.bedrock.internal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mvc.BedrockTarget;
import dev.mvc.InferenceParameters;
import dev.mvc.MvcException;
import dev.mvc.PromptText;
import dev.mvc.VersionManifest;
import dev.mvc.spi.BackendResponse;
import dev.mvc.spi.ResolvedCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockagentruntime.model.Citation;
import software.amazon.awssdk.services.bedrockagentruntime.model.GenerationConfiguration;
import software.amazon.awssdk.services.bedrockagentruntime.model.GuardrailConfiguration;
import software.amazon.awssdk.services.bedrockagentruntime.model.InferenceConfig;
import software.amazon.awssdk.services.bedrockagentruntime.model.KnowledgeBaseRetrieveAndGenerateConfiguration;
import software.amazon.awssdk.services.bedrockagentruntime.model.PromptTemplate;
import software.amazon.awssdk.services.bedrockagentruntime.model.RetrievalResultLocation;
import software.amazon.awssdk.services.bedrockagentruntime.model.RetrieveAndGenerateConfiguration;
import software.amazon.awssdk.services.bedrockagentruntime.model.RetrieveAndGenerateRequest;
import software.amazon.awssdk.services.bedrockagentruntime.model.RetrieveAndGenerateResponse;
import software.amazon.awssdk.services.bedrockagentruntime.model.RetrieveAndGenerateType;
import software.amazon.awssdk.services.bedrockagentruntime.model.RetrievedReference;
import software.amazon.awssdk.services.bedrockagentruntime.model.TextInferenceConfig;

/**
 * Builds knowledge-base RetrieveAndGenerate requests from a resolved call, using the pinned
 * values only, and reads answers and citations out of the responses.
 *
 * <p>The mapping: the rendered template is the {@code input.text}; the system prompt is the
 * generation prompt template ({@code generationConfiguration.promptTemplate.textPromptTemplate},
 * which must hold {@code $search_results$}); the inference parameters become
 * {@code inferenceConfig.textInferenceConfig} and {@code additionalModelRequestFields}; the
 * guardrail becomes {@code guardrailConfiguration}; the model is sent as a foundation-model ARN;
 * the pinned retrieval settings become {@code retrievalConfiguration} ({@link RetrievalMapping}).
 */
public final class KnowledgeBaseMapping {

  /** The placeholder Bedrock replaces with the retrieved passages. */
  public static final String SEARCH_RESULTS = "$search_results$";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private KnowledgeBaseMapping() {}

  /** Checks at load time what can be checked without the prompt text; throws naming the field. */
  public static void validate(VersionManifest manifest) {
    BedrockTarget target = (BedrockTarget) manifest.model();
    PromptText system = manifest.prompt().system();
    if (system == null) {
      throw new MvcException("prompt.system is required when model.bedrock.api is retrieve-and-generate: it is "
          + "sent as generationConfiguration.promptTemplate.textPromptTemplate, and without it Bedrock would use "
          + "its own default prompt, which no manifest pins");
    }
    if (system.text() != null) {
      requireSearchResults(system.text());
    }
    if (ModelNames.isInferenceProfileId(target.modelId())) {
      throw new MvcException("model.bedrock.modelId must be a foundation-model ID or an ARN when model.bedrock.api"
          + " is retrieve-and-generate (an inference profile needs its full ARN), was " + target.modelId());
    }
  }

  /** Returns the model ARN to send: the pinned ARN, or the foundation-model ARN in {@code region}. */
  public static String modelArn(BedrockTarget target, @Nullable Region clientRegion) {
    String id = target.modelId();
    if (id.startsWith("arn:")) {
      return id;
    }
    String region = target.region() != null ? target.region() : clientRegion != null ? clientRegion.id() : null;
    if (region == null) {
      throw new MvcException("model.bedrock.region is required to build the model ARN for retrieve-and-generate"
          + " when the client has no region, was absent");
    }
    return "arn:" + partition(region) + ":bedrock:" + region + "::foundation-model/" + id;
  }

  /** Returns the RetrieveAndGenerate request for the call. */
  public static RetrieveAndGenerateRequest.Builder request(ResolvedCall call, String modelArn) {
    BedrockTarget target = (BedrockTarget) call.target();
    String template = promptTemplate(call);
    InferenceParameters p = call.parameters();
    GenerationConfiguration.Builder generation = GenerationConfiguration.builder()
        .promptTemplate(PromptTemplate.builder().textPromptTemplate(template).build());
    if (p.maxTokens() != null || p.temperature() != null || p.topP() != null || !p.stopSequences().isEmpty()) {
      TextInferenceConfig.Builder text = TextInferenceConfig.builder();
      if (p.maxTokens() != null) {
        text.maxTokens(p.maxTokens());
      }
      if (p.temperature() != null) {
        text.temperature(p.temperature().floatValue());
      }
      if (p.topP() != null) {
        text.topP(p.topP().floatValue());
      }
      if (!p.stopSequences().isEmpty()) {
        text.stopSequences(p.stopSequences());
      }
      generation.inferenceConfig(InferenceConfig.builder().textInferenceConfig(text.build()).build());
    }
    if (!p.additionalModelFields().isEmpty()) {
      java.util.Map<String, software.amazon.awssdk.core.document.Document> fields = new java.util.LinkedHashMap<>();
      p.additionalModelFields().forEach((k, v) -> fields.put(k, Documents.of("inference.additionalModelFields." + k, v)));
      generation.additionalModelRequestFields(fields);
    }
    if (target.guardrailId() != null) {
      generation.guardrailConfiguration(GuardrailConfiguration.builder()
          .guardrailId(target.guardrailId()).guardrailVersion(target.guardrailVersion()).build());
    }
    KnowledgeBaseRetrieveAndGenerateConfiguration.Builder kb = KnowledgeBaseRetrieveAndGenerateConfiguration.builder()
        .knowledgeBaseId(target.knowledgeBaseId())
        .modelArn(modelArn)
        .generationConfiguration(generation.build());
    BedrockTarget.Retrieval retrieval = target.knowledgeBase() == null ? null : target.knowledgeBase().retrieval();
    if (retrieval != null) {
      kb.retrievalConfiguration(RetrievalMapping.request(retrieval));
    }
    RetrieveAndGenerateRequest.Builder b = RetrieveAndGenerateRequest.builder()
        .input(i -> i.text(call.renderedPrompt()))
        .retrieveAndGenerateConfiguration(RetrieveAndGenerateConfiguration.builder()
            .type(RetrieveAndGenerateType.KNOWLEDGE_BASE)
            .knowledgeBaseConfiguration(kb.build())
            .build());
    if (call.sessionId() != null) {
      b.sessionId(call.sessionId());
    }
    return b;
  }

  /** Returns the wire pin of the call: path {@code /retrieveAndGenerate} and the whole JSON body. */
  public static WirePin pin(ResolvedCall call, String modelArn) {
    BedrockTarget target = (BedrockTarget) call.target();
    return WirePin.exact("knowledge base " + target.knowledgeBaseId(), target.region(), "RetrieveAndGenerate",
        List.of(WirePin.Segment.literal("retrieveAndGenerate")), () -> pinnedBody(call, target, modelArn));
  }

  private static ObjectNode pinnedBody(ResolvedCall call, BedrockTarget target, String modelArn) {
    InferenceParameters p = call.parameters();
    ObjectNode body = NODES.objectNode();
    body.putObject("input").put("text", call.renderedPrompt());
    ObjectNode kb = body.putObject("retrieveAndGenerateConfiguration")
        .put("type", "KNOWLEDGE_BASE")
        .putObject("knowledgeBaseConfiguration")
        .put("knowledgeBaseId", target.knowledgeBaseId())
        .put("modelArn", modelArn);
    BedrockTarget.Retrieval retrieval = target.knowledgeBase() == null ? null : target.knowledgeBase().retrieval();
    if (retrieval != null) {
      kb.set("retrievalConfiguration", RetrievalMapping.pinned(retrieval));
    }
    ObjectNode generation = kb.putObject("generationConfiguration");
    generation.putObject("promptTemplate").put("textPromptTemplate", promptTemplate(call));
    ObjectNode inference = WirePin.inference(p);
    if (inference.size() > 0) {
      generation.putObject("inferenceConfig").set("textInferenceConfig", inference);
    }
    if (!p.additionalModelFields().isEmpty()) {
      generation.set("additionalModelRequestFields", WirePin.tree(p.additionalModelFields()));
    }
    if (target.guardrailId() != null) {
      generation.putObject("guardrailConfiguration")
          .put("guardrailId", target.guardrailId())
          .put("guardrailVersion", target.guardrailVersion());
    }
    if (call.sessionId() != null) {
      body.put("sessionId", call.sessionId());
    }
    return body;
  }

  /** Returns the backend response for a RetrieveAndGenerate answer. */
  public static BackendResponse response(RetrieveAndGenerateResponse r) {
    String text = r.output() != null && r.output().text() != null ? r.output().text() : "";
    return BackendResponse.builder(text)
        .stopReason("INTERVENED".equals(r.guardrailActionAsString()) ? "guardrail_intervened" : null)
        .requestId(r.responseMetadata().requestId())
        .citations(citations(r.citations()))
        .sessionId(r.sessionId())
        .build();
  }

  /** Returns the mvc citations for Bedrock citations (knowledge-base answers and agent chunks). */
  public static List<dev.mvc.Citation> citations(@Nullable List<Citation> citations) {
    List<dev.mvc.Citation> out = new ArrayList<>();
    if (citations == null) {
      return out;
    }
    for (Citation c : citations) {
      if (c.generatedResponsePart() == null || c.generatedResponsePart().textResponsePart() == null) {
        continue;
      }
      var part = c.generatedResponsePart().textResponsePart();
      int start = part.span() != null && part.span().start() != null ? part.span().start() : 0;
      int end = part.span() != null && part.span().end() != null ? part.span().end() : start;
      List<String> sources = new ArrayList<>();
      for (RetrievedReference ref : c.retrievedReferences()) {
        String source = source(ref.location());
        if (source != null) {
          sources.add(source);
        }
      }
      out.add(new dev.mvc.Citation(part.text() != null ? part.text() : "", Math.max(0, start),
          Math.max(Math.max(0, start), end), sources));
    }
    return out;
  }

  /** Fails unless the prompt template holds the search-results placeholder. */
  static void requireSearchResults(String template) {
    if (!template.contains(SEARCH_RESULTS)) {
      throw new MvcException("prompt.system must contain " + SEARCH_RESULTS + " when model.bedrock.api is "
          + "retrieve-and-generate (it is the generation prompt template and Bedrock puts the retrieved passages"
          + " there), was " + template.length() + " characters without it");
    }
  }

  private static String promptTemplate(ResolvedCall call) {
    String system = call.systemText();
    if (system == null) {
      throw new MvcException("prompt.system is required when model.bedrock.api is retrieve-and-generate, was absent");
    }
    requireSearchResults(system);
    return system;
  }

  private static @Nullable String source(@Nullable RetrievalResultLocation l) {
    if (l == null) {
      return null;
    }
    if (l.s3Location() != null && l.s3Location().uri() != null) {
      return l.s3Location().uri();
    }
    if (l.webLocation() != null && l.webLocation().url() != null) {
      return l.webLocation().url();
    }
    if (l.confluenceLocation() != null && l.confluenceLocation().url() != null) {
      return l.confluenceLocation().url();
    }
    if (l.salesforceLocation() != null && l.salesforceLocation().url() != null) {
      return l.salesforceLocation().url();
    }
    if (l.sharePointLocation() != null && l.sharePointLocation().url() != null) {
      return l.sharePointLocation().url();
    }
    if (l.kendraDocumentLocation() != null && l.kendraDocumentLocation().uri() != null) {
      return l.kendraDocumentLocation().uri();
    }
    if (l.customDocumentLocation() != null && l.customDocumentLocation().id() != null) {
      return l.customDocumentLocation().id();
    }
    return l.typeAsString() != null ? l.typeAsString().toLowerCase(Locale.ROOT) : null;
  }

  private static String partition(String region) {
    if (region.startsWith("cn-")) {
      return "aws-cn";
    }
    if (region.startsWith("us-gov-")) {
      return "aws-us-gov";
    }
    return "aws";
  }
}
