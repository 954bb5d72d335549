package dev.mvc.bedrock.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.bedrockagentruntime.model.InvokeAgentRequest;

/**
 * The count of a backend's registered pins, which tests read to find pins that were never
 * released: it counts each registered request while its call is in flight, drops back when the
 * call is released, and never counts another backend's calls.
 */
class PinLeakCounterTest {

  private static WirePin pin(String agentId) {
    return WirePin.exact("agent " + agentId, "us-east-1", "InvokeAgent",
        List.of(WirePin.Segment.literal("agents"), WirePin.Segment.id("agentId", agentId)),
        () -> JsonNodeFactory.instance.objectNode());
  }

  @Test
  void registeredPins_areCountedUntilReleased_perBackendRegistry() {
    PinRegistry registry = new PinRegistry();
    PinRegistry otherBackends = new PinRegistry();
    InvokeAgentRequest first = registry.register(
        InvokeAgentRequest.builder().agentId("A1").agentAliasId("B1").sessionId("S1"), pin("A1"), true);
    try {
      assertThat(registry.size()).isEqualTo(1);
      InvokeAgentRequest second = registry.register(
          InvokeAgentRequest.builder().agentId("A2").agentAliasId("B1").sessionId("S1"), pin("A2"), false);
      try {
        assertThat(registry.size()).isEqualTo(2);
        assertThat(otherBackends.size()).isZero();
        assertThat(second.overrideConfiguration().orElseThrow().plugins()).hasSize(1);
      } finally {
        registry.release(second);
      }
      assertThat(registry.size()).isEqualTo(1);
    } finally {
      registry.release(first);
    }
    assertThat(registry.size()).isZero();
    assertThat(first.overrideConfiguration().orElseThrow().plugins()).isEmpty();
  }
}
