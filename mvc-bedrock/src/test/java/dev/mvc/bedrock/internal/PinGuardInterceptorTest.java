package dev.mvc.bedrock.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.mvc.PinViolationException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.InterceptorContext;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.services.bedrockagentruntime.model.InvokeAgentRequest;

/**
 * The guard's decision to compare the body: skipped only for the marshaller's own body of an
 * unmodified request, taken for every other body. The pinned body is built by a counting
 * supplier, so each test sees whether the comparison ran.
 */
class PinGuardInterceptorTest {

  private static final String PINNED = "{\"inputText\":\"hello\"}";
  private static final String REWRITTEN = "{\"inputText\":\"goodbye\"}";

  private final AtomicInteger comparisons = new AtomicInteger();
  private final PinGuardInterceptor guard = new PinGuardInterceptor();
  private final InvokeAgentRequest request =
      InvokeAgentRequest.builder().agentId("A1").agentAliasId("B1").sessionId("S1").inputText("hello").build();
  private final SdkHttpFullRequest http = SdkHttpFullRequest.builder()
      .method(SdkHttpMethod.POST).protocol("https").host("bedrock-agent-runtime.us-east-1.amazonaws.com")
      .encodedPath("/agents/A1/agentAliases/B1/sessions/S1/text")
      .putHeader("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/bedrock/aws4_request")
      .build();
  private ExecutionAttributes attributes;

  @BeforeEach
  void pin() {
    WirePin pin = WirePin.exact("agent A1", "us-east-1", "InvokeAgent", List.of(
        WirePin.Segment.literal("agents"), WirePin.Segment.id("agentId", "A1"),
        WirePin.Segment.literal("agentAliases"), WirePin.Segment.id("agentAliasId", "B1"),
        WirePin.Segment.literal("sessions"), WirePin.Segment.id("sessionId", "S1"),
        WirePin.Segment.literal("text")), () -> {
          comparisons.incrementAndGet();
          JsonNode body = JsonNodeFactory.instance.objectNode().put("inputText", "hello");
          return body;
        });
    attributes = new ExecutionAttributes();
    attributes.putAttribute(PinGuardInterceptor.PIN, pin);
  }

  @Test
  void theMarshallersOwnBodyOfTheSubmittedRequest_isNotComparedAgain() {
    RequestBody marshalled = RequestBody.fromString(PINNED);
    guard.beforeExecution(context(request, null, null), attributes);
    guard.afterMarshalling(context(request, marshalled, null), attributes);

    assertThatCode(() -> guard.beforeTransmission(context(request, marshalled, null), attributes))
        .doesNotThrowAnyException();
    assertThat(comparisons).hasValue(0);
  }

  @Test
  void aBodyReplacedAfterMarshalling_isComparedAndARewrittenValueIsNamed() {
    RequestBody marshalled = RequestBody.fromString(PINNED);
    guard.beforeExecution(context(request, null, null), attributes);
    guard.afterMarshalling(context(request, marshalled, null), attributes);

    assertThatThrownBy(() -> guard.beforeTransmission(context(request, RequestBody.fromString(REWRITTEN), null), attributes))
        .isInstanceOf(PinViolationException.class)
        .hasMessageContaining("body.inputText differs from the pinned prompt");
    assertThat(comparisons).hasValue(1);
  }

  @Test
  void aBodyReplacedWithTheSameBytes_isComparedAndPasses() {
    RequestBody marshalled = RequestBody.fromString(PINNED);
    guard.beforeExecution(context(request, null, null), attributes);
    guard.afterMarshalling(context(request, marshalled, null), attributes);

    assertThatCode(() -> guard.beforeTransmission(context(request, RequestBody.fromString(PINNED), null), attributes))
        .doesNotThrowAnyException();
    assertThat(comparisons).hasValue(1);
  }

  @Test
  void aRequestChangedBeforeMarshalling_hasItsBodyCompared() {
    InvokeAgentRequest changed = request.toBuilder().inputText("goodbye").build();
    RequestBody marshalled = RequestBody.fromString(REWRITTEN);
    guard.beforeExecution(context(request, null, null), attributes);
    guard.afterMarshalling(context(changed, marshalled, null), attributes);

    assertThatThrownBy(() -> guard.beforeTransmission(context(changed, marshalled, null), attributes))
        .isInstanceOf(PinViolationException.class)
        .hasMessageContaining("body.inputText differs from the pinned prompt");
    assertThat(comparisons).hasValue(1);
  }

  @Test
  void anAsyncBodyPutInPlaceOfTheMarshalledOne_isRefused() {
    RequestBody marshalled = RequestBody.fromString(PINNED);
    guard.beforeExecution(context(request, null, null), attributes);
    guard.afterMarshalling(context(request, marshalled, null), attributes);

    assertThatThrownBy(() -> guard.beforeTransmission(
            context(request, marshalled, AsyncRequestBody.fromString(REWRITTEN)), attributes))
        .isInstanceOf(PinViolationException.class)
        .hasMessageContaining("modifyAsyncHttpContent");
  }

  @Test
  void thePathIsComparedEvenWhenTheBodyIsTheMarshallersOwn() {
    RequestBody marshalled = RequestBody.fromString(PINNED);
    guard.beforeExecution(context(request, null, null), attributes);
    guard.afterMarshalling(context(request, marshalled, null), attributes);
    SdkHttpFullRequest otherAlias = http.toBuilder().encodedPath("/agents/A1/agentAliases/TSTALIASID/sessions/S1/text").build();

    assertThatThrownBy(() -> guard.beforeTransmission(InterceptorContext.builder()
            .request(request).httpRequest(otherAlias).requestBody(marshalled).build(), attributes))
        .isInstanceOf(PinViolationException.class)
        .hasMessageContaining("agentAliasId is TSTALIASID, pinned B1");
    assertThat(comparisons).hasValue(0);
  }

  @Test
  void aRequestWithoutAPin_passesUntouched_evenWithABodyThatDiffers() {
    ExecutionAttributes none = new ExecutionAttributes();
    guard.beforeExecution(context(request, null, null), none);
    guard.afterMarshalling(context(request, RequestBody.fromString(PINNED), null), none);

    assertThatCode(() -> guard.beforeTransmission(context(request, RequestBody.fromString(REWRITTEN), null), none))
        .doesNotThrowAnyException();
    assertThat(comparisons).hasValue(0);
  }

  @Test
  void aRequestNamingARegistryWithoutARegisteredPin_isRefusedBeforeAnythingElse() {
    ExecutionAttributes marked = new ExecutionAttributes();
    marked.putAttribute(PinRegistry.ATTRIBUTE, new PinRegistry());

    assertThatThrownBy(() -> guard.beforeExecution(context(request, null, null), marked))
        .isInstanceOf(PinViolationException.class)
        .hasMessageContaining("without its pin");
  }

  @Test
  void aRegisteredPin_isFoundByTheIdentityOfTheSubmittedRequest_inItsOwnBackendsRegistryOnly() {
    PinRegistry registry = new PinRegistry();
    PinRegistry otherBackends = new PinRegistry();
    WirePin pin = attributes.getAttribute(PinGuardInterceptor.PIN);
    InvokeAgentRequest submitted = registry.register(request.toBuilder(), pin, true);
    InvokeAgentRequest equalButNotTheSame = submitted.toBuilder().build();
    try {
      assertThatThrownBy(() -> guard.beforeExecution(context(equalButNotTheSame, null, null),
              new ExecutionAttributes().putAttribute(PinRegistry.ATTRIBUTE, registry)))
          .isInstanceOf(PinViolationException.class);
      assertThatThrownBy(() -> guard.beforeExecution(context(submitted, null, null),
              new ExecutionAttributes().putAttribute(PinRegistry.ATTRIBUTE, otherBackends)))
          .isInstanceOf(PinViolationException.class);
      ExecutionAttributes marked = new ExecutionAttributes().putAttribute(PinRegistry.ATTRIBUTE, registry);
      guard.beforeExecution(context(submitted, null, null), marked);
      assertThat(marked.getAttribute(PinGuardInterceptor.PIN)).isSameAs(pin);
      assertThat(submitted.overrideConfiguration().orElseThrow().executionAttributes()
          .getAttribute(PinRegistry.ATTRIBUTE)).isSameAs(registry);
    } finally {
      registry.release(submitted);
    }
    assertThat(registry.size()).isZero();
  }

  @Test
  void theSdkCanCreateTheGuardFromTheClassPathFiles_throughItsPublicNoArgumentConstructor() throws Exception {
    for (String service : List.of("bedrockruntime", "bedrockagentruntime")) {
      String file = "software/amazon/awssdk/services/" + service + "/execution.interceptors";
      try (var in = getClass().getClassLoader().getResourceAsStream(file)) {
        assertThat(in).as(file).isNotNull();
        String name = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        assertThat(name).isEqualTo(PinGuardInterceptor.class.getName());
        assertThat(Class.forName(name).getConstructor().newInstance()).isInstanceOf(PinGuardInterceptor.class);
      }
    }
  }

  private InterceptorContext context(InvokeAgentRequest sdkRequest, RequestBody body, AsyncRequestBody async) {
    return InterceptorContext.builder()
        .request(sdkRequest)
        .httpRequest(http)
        .requestBody(body)
        .asyncRequestBody(async)
        .build();
  }
}
