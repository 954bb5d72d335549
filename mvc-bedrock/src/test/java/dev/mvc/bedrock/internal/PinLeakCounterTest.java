package dev.mvc.bedrock.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.bedrockagentruntime.model.InvokeAgentRequest;

/**
 * The count of registered pins, which tests and operators read to find pins that were never
 * released: it counts each registered request while its call is in flight and drops back when
 * the call is released.
 */
class PinLeakCounterTest {

  private static WirePin pin(String agentId) {
    return WirePin.exact("agent " + agentId, "us-east-1", "InvokeAgent",
        List.of(WirePin.Segment.literal("agents"), WirePin.Segment.id("agentId", agentId)),
        () -> JsonNodeFactory.instance.objectNode());
  }

  @Test
  void registeredPins_areCountedUntilReleased() {
    InvokeAgentRequest first = InvokeAgentRequest.builder().agentId("A1").agentAliasId("B1").sessionId("S1").build();
    InvokeAgentRequest second = InvokeAgentRequest.builder().agentId("A2").agentAliasId("B1").sessionId("S1").build();
    int before = PinGuardInterceptor.registered();
    PinGuardInterceptor.register(first, pin("A1"));
    try {
      assertThat(PinGuardInterceptor.registered()).isEqualTo(before + 1);
      PinGuardInterceptor.register(second, pin("A2"));
      try {
        assertThat(PinGuardInterceptor.registered()).isEqualTo(before + 2);
      } finally {
        PinGuardInterceptor.release(second);
      }
      assertThat(PinGuardInterceptor.registered()).isEqualTo(before + 1);
    } finally {
      PinGuardInterceptor.release(first);
    }
    assertThat(PinGuardInterceptor.registered()).isEqualTo(before);
  }
}
