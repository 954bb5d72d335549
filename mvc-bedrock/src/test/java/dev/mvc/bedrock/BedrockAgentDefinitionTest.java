package dev.mvc.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The hashes that pin an agent version's instruction and action groups, against values computed independently. */
class BedrockAgentDefinitionTest {

  /** Two groups as GetAgentActionGroup returns them, out of order, with IDs, defaults and a disabled group. */
  private static List<Map<String, Object>> asTheServiceReturnsThem() {
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("name", "get_order_status");
    status.put("description", "Returns the status of an order");
    status.put("parameters", Map.of("order_id", Map.of("type", "string", "description", "The order number", "required", true)));
    status.put("requireConfirmation", "DISABLED");
    Map<String, Object> cancel = new LinkedHashMap<>();
    cancel.put("name", "cancel_order");
    cancel.put("parameters", Map.of("order_id", Map.of("type", "string", "required", false)));
    cancel.put("requireConfirmation", "ENABLED");
    Map<String, Object> orders = new LinkedHashMap<>();
    orders.put("actionGroupId", "AG00000002");
    orders.put("actionGroupName", "order-tools");
    orders.put("description", "Look up orders");
    orders.put("actionGroupExecutor", Map.of("lambda", "arn:aws:lambda:us-east-1:123456789012:function:orders"));
    orders.put("actionGroupState", "ENABLED");
    orders.put("functionSchema", Map.of("functions", List.of(status, cancel)));
    Map<String, Object> docs = new LinkedHashMap<>();
    docs.put("actionGroupName", "policy-docs");
    docs.put("apiSchema", Map.of("payload", "openapi: 3.0.0\ninfo: {title: \"\u00e9\"}"));
    docs.put("updatedAt", "2026-01-01T00:00:00Z");
    Map<String, Object> input = Map.of("actionGroupName", "user-input", "parentActionSignature", "AMAZON.UserInput",
        "actionGroupState", "DISABLED");
    return List.of(docs, input, orders);
  }

  @Test
  void actionGroupsSha256_isTheSha256OfTheCanonicalJsonOfTheEnabledDefinitions() {
    // python3: json.dumps(canonical, sort_keys=True, separators=(',', ':'), ensure_ascii=False), then sha256
    assertThat(BedrockAgentDefinition.actionGroupsSha256(asTheServiceReturnsThem()))
        .isEqualTo("374c6f62dd90ec407ecd2b08b7516119313d824109b9db48c593fae283957ffc");
    assertThat(BedrockAgentDefinition.canonicalActionGroups(asTheServiceReturnsThem()))
        .extracting(g -> g.get("actionGroupName")).containsExactly("order-tools", "policy-docs");
  }

  @Test
  void actionGroupsSha256_changesWithAParameterButNotWithIdsExecutorsOrDisabledGroups() {
    String base = BedrockAgentDefinition.actionGroupsSha256(asTheServiceReturnsThem());
    List<Map<String, Object>> withoutDisabled = asTheServiceReturnsThem().subList(0, 1);
    Map<String, Object> orders = new LinkedHashMap<>(asTheServiceReturnsThem().get(2));
    orders.put("actionGroupId", "OTHERID123");
    orders.remove("actionGroupExecutor");
    assertThat(BedrockAgentDefinition.actionGroupsSha256(List.of(withoutDisabled.get(0), orders))).isEqualTo(base);
    orders.put("functionSchema", Map.of("functions", List.of(Map.of("name", "get_order_status",
        "parameters", Map.of("order_id", Map.of("type", "integer", "required", true))))));
    assertThat(BedrockAgentDefinition.actionGroupsSha256(List.of(withoutDisabled.get(0), orders))).isNotEqualTo(base);
  }

  @Test
  void instructionSha256_isTheSha256OfItsUtf8Bytes() {
    assertThat(BedrockAgentDefinition.instructionSha256("You help customers."))
        .isEqualTo("05b79d45a49d4338e2638dc8797b9129bcda374739a7108527464c0306c9ec2f");
  }

  @Test
  void actionGroupsSha256_refusesAGroupWithoutAName() {
    assertThatThrownBy(() -> BedrockAgentDefinition.actionGroupsSha256(List.of(Map.of("description", "x"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("actionGroups[0].actionGroupName");
  }

  /** UTF-8 cannot encode a lone surrogate; replacing it would make two different definitions hash the same. */
  @Test
  void aLoneSurrogate_isRefused_inTheInstruction_anActionGroup_andAPromptVersion_ratherThanHashedAsAReplacement() {
    assertThatThrownBy(() -> BedrockAgentDefinition.instructionSha256("Help \ud800 customers."))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lone surrogate U+D800 at index 5");
    assertThatThrownBy(() -> BedrockAgentDefinition.actionGroupsSha256(
            List.of(Map.of("actionGroupName", "tools", "description", "Look up \udc00 orders"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lone surrogate U+DC00");
    Map<String, Object> variant = Map.of("name", "default", "templateType", "TEXT",
        "templateConfiguration", Map.of("text", Map.of("text", "Say \ud83d hello")));
    assertThatThrownBy(() -> BedrockPromptDefinition.sha256(Map.of("defaultVariant", "default", "variants", List.of(variant))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lone surrogate U+D83D");
    // A well-formed pair (an emoji) hashes, and differently from the replacement character.
    Map<String, Object> emoji = Map.of("name", "default", "templateType", "TEXT",
        "templateConfiguration", Map.of("text", Map.of("text", "Say \ud83d\ude00 hello")));
    Map<String, Object> replaced = Map.of("name", "default", "templateType", "TEXT",
        "templateConfiguration", Map.of("text", Map.of("text", "Say ? hello")));
    assertThat(BedrockPromptDefinition.sha256(Map.of("defaultVariant", "default", "variants", List.of(emoji))))
        .isNotEqualTo(BedrockPromptDefinition.sha256(Map.of("defaultVariant", "default", "variants", List.of(replaced))));
  }
}
