package dev.mvc.bedrock.internal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mvc.BedrockTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.bedrockagentruntime.model.FilterAttribute;
import software.amazon.awssdk.services.bedrockagentruntime.model.KnowledgeBaseRetrievalConfiguration;
import software.amazon.awssdk.services.bedrockagentruntime.model.KnowledgeBaseVectorSearchConfiguration;
import software.amazon.awssdk.services.bedrockagentruntime.model.RetrievalFilter;
import software.amazon.awssdk.services.bedrockagentruntime.model.VectorSearchRerankingConfiguration;
import software.amazon.awssdk.services.bedrockagentruntime.model.VectorSearchRerankingConfigurationType;

/**
 * Maps pinned knowledge-base retrieval settings ({@code model.bedrock.knowledgeBase.retrieval})
 * to the RetrieveAndGenerate {@code retrievalConfiguration.vectorSearchConfiguration}, and to the
 * JSON the request guard expects on the wire.
 */
final class RetrievalMapping {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String PATH = "model.bedrock.knowledgeBase.retrieval.filter";

  private RetrievalMapping() {}

  /** Returns the retrieval configuration to send. */
  static KnowledgeBaseRetrievalConfiguration request(BedrockTarget.Retrieval r) {
    KnowledgeBaseVectorSearchConfiguration.Builder v = KnowledgeBaseVectorSearchConfiguration.builder();
    if (r.numberOfResults() != null) {
      v.numberOfResults(r.numberOfResults());
    }
    if (r.searchType() != null) {
      v.overrideSearchType(r.searchType());
    }
    if (r.filter() != null) {
      v.filter(filter(PATH, r.filter()));
    }
    if (r.reranking() != null) {
      BedrockTarget.Reranking rr = r.reranking();
      v.rerankingConfiguration(VectorSearchRerankingConfiguration.builder()
          .type(VectorSearchRerankingConfigurationType.BEDROCK_RERANKING_MODEL)
          .bedrockRerankingConfiguration(b -> {
            b.modelConfiguration(m -> m.modelArn(rr.modelArn()));
            if (rr.numberOfResults() != null) {
              b.numberOfRerankedResults(rr.numberOfResults());
            }
          })
          .build());
    }
    return KnowledgeBaseRetrievalConfiguration.builder().vectorSearchConfiguration(v.build()).build();
  }

  /** Returns {@code retrievalConfiguration} as the SDK marshals {@link #request}. */
  static ObjectNode pinned(BedrockTarget.Retrieval r) {
    ObjectNode config = NODES.objectNode();
    ObjectNode v = config.putObject("vectorSearchConfiguration");
    if (r.numberOfResults() != null) {
      v.put("numberOfResults", r.numberOfResults());
    }
    if (r.searchType() != null) {
      v.put("overrideSearchType", r.searchType());
    }
    if (r.filter() != null) {
      v.set("filter", WirePin.tree(r.filter()));
    }
    if (r.reranking() != null) {
      ObjectNode bedrock = v.putObject("rerankingConfiguration")
          .put("type", "BEDROCK_RERANKING_MODEL")
          .putObject("bedrockRerankingConfiguration");
      if (r.reranking().numberOfResults() != null) {
        bedrock.put("numberOfRerankedResults", r.reranking().numberOfResults());
      }
      bedrock.putObject("modelConfiguration").put("modelArn", r.reranking().modelArn());
    }
    return config;
  }

  @SuppressWarnings("unchecked")
  private static RetrievalFilter filter(String path, Map<String, Object> filter) {
    Map.Entry<String, Object> e = filter.entrySet().iterator().next();
    String op = e.getKey();
    RetrievalFilter.Builder b = RetrievalFilter.builder();
    if (op.equals("andAll") || op.equals("orAll")) {
      List<RetrievalFilter> parts = new ArrayList<>();
      List<Object> list = (List<Object>) e.getValue();
      for (int i = 0; i < list.size(); i++) {
        parts.add(filter(path + "." + op + "[" + i + "]", (Map<String, Object>) list.get(i)));
      }
      return (op.equals("andAll") ? b.andAll(parts) : b.orAll(parts)).build();
    }
    Map<String, Object> attribute = (Map<String, Object>) e.getValue();
    FilterAttribute a = FilterAttribute.builder().key((String) attribute.get("key"))
        .value(Documents.of(path + "." + op + ".value", attribute.get("value"))).build();
    RetrievalFilter.Builder built = switch (op) {
      case "equals" -> b.equalsValue(a);
      case "notEquals" -> b.notEquals(a);
      case "greaterThan" -> b.greaterThan(a);
      case "greaterThanOrEquals" -> b.greaterThanOrEquals(a);
      case "lessThan" -> b.lessThan(a);
      case "lessThanOrEquals" -> b.lessThanOrEquals(a);
      case "in" -> b.in(a);
      case "notIn" -> b.notIn(a);
      case "startsWith" -> b.startsWith(a);
      case "listContains" -> b.listContains(a);
      case "stringContains" -> b.stringContains(a);
      default -> throw new IllegalStateException(path + " holds " + op + ", which the manifest parser refuses");
    };
    return built.build();
  }
}
