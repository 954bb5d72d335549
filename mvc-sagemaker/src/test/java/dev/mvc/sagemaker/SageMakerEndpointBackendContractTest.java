package dev.mvc.sagemaker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mvc.SageMakerTarget;
import dev.mvc.VersionManifest;
import dev.mvc.emulators.sagemaker.RecordedSageMakerRequest;
import dev.mvc.emulators.sagemaker.SageMakerEmulator;
import dev.mvc.emulators.sagemaker.SageMakerReply;
import dev.mvc.spi.ModelBackend;
import dev.mvc.testkit.TestManifests;
import dev.mvc.testkit.contract.ModelBackendContract;
import dev.mvc.testkit.contract.ReceivedCall;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

/** The shared backend contract, run for each payload format against the emulator through the real SDK. */
class SageMakerEndpointBackendContractTest {
  static SageMakerEmulator emulator;
  static SageMakerRuntimeClient runtime;
  static software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeAsyncClient runtimeAsync;

  @BeforeAll
  static void start() {
    emulator = SageMakerEmulator.create().start();
    runtime = Emulated.runtime(emulator);
    runtimeAsync = Emulated.runtimeAsync(emulator);
  }

  @AfterAll
  static void stop() {
    runtime.close();
    runtimeAsync.close();
    emulator.close();
  }

  abstract static class OnEmulator extends ModelBackendContract {
    @Override
    protected ModelBackend createBackend() {
      emulator.resetRuntime();
      return SageMakerEndpointBackend.builder().client(runtime).asyncClient(runtimeAsync).build();
    }

    @Override
    protected void scriptReply(String text, String requestId) {
      emulator.enqueue(SageMakerReply.text(text).withRequestId(requestId));
    }

    @Override
    protected void scriptError(int status, String errorCode) {
      emulator.enqueue(SageMakerReply.error(status, errorCode, "scripted " + errorCode));
    }

    @Override
    protected int receivedCount() {
      return emulator.invocations().size();
    }

    /**
     * No payload format carries tools, cache points or reasoning: a text-only backend, which the
     * contract checks refuses a manifest pinning tools at load instead of dropping them.
     */
    @Override
    protected java.util.Set<Capability> capabilities() {
      return java.util.EnumSet.noneOf(Capability.class);
    }

    @Override
    protected ReceivedCall lastReceived() {
      if (emulator.invocations().isEmpty()) {
        return null;
      }
      RecordedSageMakerRequest r = emulator.lastInvocation();
      return parse(r.endpointName(), Emulated.json(r.body()));
    }

    abstract ReceivedCall parse(String endpoint, JsonNode body);

    static List<String> strings(JsonNode array) {
      List<String> out = new ArrayList<>();
      array.forEach(n -> out.add(n.asText()));
      return out;
    }

    static Double number(JsonNode n) {
      return n.isNumber() ? n.asDouble() : null;
    }
  }

  @Nested
  class OpenAiChat extends OnEmulator {
    @Override
    protected VersionManifest manifest() {
      VersionManifest base = TestManifests.sagemaker(TEMPLATE);
      SageMakerTarget t = ((SageMakerTarget) base.model()).toBuilder().payloadFormat("openai-chat").build();
      return withOverridableTemperature(base.toBuilder().model(t).build());
    }

    @Override
    ReceivedCall parse(String endpoint, JsonNode body) {
      JsonNode messages = body.path("messages");
      String system = messages.path(0).path("role").asText().equals("system") ? messages.path(0).path("content").asText() : null;
      return new ReceivedCall(endpoint, system, messages.path(messages.size() - 1).path("content").asText(),
          number(body.path("temperature")), body.path("max_tokens").isInt() ? body.path("max_tokens").asInt() : null,
          number(body.path("top_p")), strings(body.path("stop")));
    }
  }

  @Nested
  class Tgi extends OnEmulator {
    @Override
    protected VersionManifest manifest() {
      return withOverridableTemperature(TestManifests.sagemaker(TEMPLATE));
    }

    @Override
    ReceivedCall parse(String endpoint, JsonNode body) {
      String inputs = body.path("inputs").asText();
      int split = inputs.indexOf("\n\n");
      JsonNode p = body.path("parameters");
      return new ReceivedCall(endpoint, split < 0 ? null : inputs.substring(0, split),
          split < 0 ? inputs : inputs.substring(split + 2), number(p.path("temperature")),
          p.path("max_new_tokens").isInt() ? p.path("max_new_tokens").asInt() : null, number(p.path("top_p")),
          strings(p.path("stop")));
    }
  }

  @Nested
  class JsonPointers extends OnEmulator {
    @Override
    protected VersionManifest manifest() {
      VersionManifest base = TestManifests.sagemaker(TEMPLATE);
      SageMakerTarget t = ((SageMakerTarget) base.model()).toBuilder().payloadFormat("json")
          .payloadMapping("prompt", "/input/prompt").payloadMapping("system", "/input/system")
          .payloadMapping("temperature", "/options/temperature").payloadMapping("maxTokens", "/options/max_length")
          .payloadMapping("topP", "/options/top_p").payloadMapping("stopSequences", "/options/stop")
          .payloadMapping("output", "/generated_text").build();
      return withOverridableTemperature(base.toBuilder().model(t).build());
    }

    @Override
    ReceivedCall parse(String endpoint, JsonNode body) {
      JsonNode o = body.path("options");
      return new ReceivedCall(endpoint, body.path("input").path("system").asText(null),
          body.path("input").path("prompt").asText(), number(o.path("temperature")),
          o.path("max_length").isInt() ? o.path("max_length").asInt() : null, number(o.path("top_p")),
          strings(o.path("stop")));
    }
  }
}
