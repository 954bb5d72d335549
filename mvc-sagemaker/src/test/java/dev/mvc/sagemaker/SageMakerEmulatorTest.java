package dev.mvc.sagemaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvc.emulators.sagemaker.SageMakerEmulator;
import dev.mvc.emulators.sagemaker.SageMakerReply;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointResponse;
import software.amazon.awssdk.services.sagemakerruntime.model.ModelErrorException;
import software.amazon.awssdk.services.sagemakerruntime.model.ValidationErrorException;

/** The emulator as the real SDK sees it. */
class SageMakerEmulatorTest {
  static SageMakerEmulator emulator;
  static SageMakerClient control;
  static SageMakerRuntimeClient runtime;

  @BeforeAll
  static void start() {
    emulator = SageMakerEmulator.create().start();
    control = Emulated.control(emulator);
    runtime = Emulated.runtime(emulator);
  }

  @AfterAll
  static void stop() {
    control.close();
    runtime.close();
    emulator.close();
  }

  @BeforeEach
  void reset() {
    emulator.reset();
  }

  private static InvokeEndpointResponse invoke(String endpoint, String variant, String body) {
    return runtime.invokeEndpoint(r -> r.endpointName(endpoint).targetVariant(variant)
        .contentType("application/json").body(SdkBytes.fromUtf8String(body)));
  }

  @Test
  void textReplies_followThePayloadFormatOfTheRequest() {
    emulator.enqueue(SageMakerReply.text("a"), SageMakerReply.text("b"), SageMakerReply.text("c"));
    assertThat(invoke("e", "v", "{\"inputs\":\"x\"}").body().asUtf8String()).isEqualTo("[{\"generated_text\":\"a\"}]");
    assertThat(invoke("e", "v", "{\"messages\":[]}").body().asUtf8String()).contains("\"content\":\"b\"");
    assertThat(invoke("e", "v", "{\"prompt\":\"x\"}").body().asUtf8String()).isEqualTo("{\"generated_text\":\"c\"}");
    assertThat(emulator.pendingReplies()).isZero();
  }

  @Test
  void invokedVariant_isTheTargetVariantOrTheScriptedOne() {
    emulator.enqueue("e", SageMakerReply.text("x"), SageMakerReply.text("y").withServedVariant("green"));
    assertThat(invoke("e", "blue", "{}").invokedProductionVariant()).isEqualTo("blue");
    assertThat(invoke("e", "blue", "{}").invokedProductionVariant()).isEqualTo("green");
    assertThat(runtime.invokeEndpoint(r -> r.endpointName("e").body(SdkBytes.fromUtf8String("{}")))
        .invokedProductionVariant()).isEqualTo("AllTraffic");
  }

  @Test
  void modelError_carriesTheContainersStatusAndMessageThroughTheSdk() {
    emulator.enqueue(SageMakerReply.modelError(503, "worker died").withRequestId("req-424"));
    assertThatThrownBy(() -> invoke("e", "v", "{}"))
        .isInstanceOfSatisfying(ModelErrorException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(424);
          assertThat(e.originalStatusCode()).isEqualTo(503);
          assertThat(e.originalMessage()).isEqualTo("worker died");
          assertThat(e.logStreamArn()).startsWith("arn:aws:logs:");
          assertThat(e.requestId()).isEqualTo("req-424");
        });
  }

  @Test
  void unknownVariantOfAKnownEndpoint_isAValidationError() {
    Releases.createEndpoint(control, emulator, 1);
    assertThat(invoke(Releases.ENDPOINT, "blue", "{}").invokedProductionVariant()).isEqualTo("blue");
    assertThatThrownBy(() -> invoke(Releases.ENDPOINT, "green", "{}"))
        .isInstanceOf(ValidationErrorException.class).hasMessageContaining("green");
  }

  @Test
  void endpoints_moveThroughUpdatingToInServiceAndRefuseConcurrentUpdates() {
    Releases.createEndpoint(control, emulator, 1);
    control.createModel(r -> r.modelName("m2").executionRoleArn(Releases.ROLE).primaryContainer(c -> c.image(Releases.tag(2))));
    control.createEndpointConfig(r -> r.endpointConfigName("c2").productionVariants(v -> v.variantName("blue")
        .modelName("m2").instanceType("ml.g5.xlarge").initialInstanceCount(1)));
    control.updateEndpoint(r -> r.endpointName(Releases.ENDPOINT).endpointConfigName("c2"));
    assertThatThrownBy(() -> control.updateEndpoint(r -> r.endpointName(Releases.ENDPOINT).endpointConfigName("c2")))
        .isInstanceOfSatisfying(SageMakerException.class, e -> assertThat(e.statusCode()).isEqualTo(400))
        .hasMessageContaining("in-progress");
    assertThat(control.describeEndpoint(r -> r.endpointName(Releases.ENDPOINT)).endpointStatusAsString()).isEqualTo("Updating");
    assertThat(control.describeEndpoint(r -> r.endpointName(Releases.ENDPOINT)).endpointStatusAsString()).isEqualTo("Updating");
    var settled = control.describeEndpoint(r -> r.endpointName(Releases.ENDPOINT));
    assertThat(settled.endpointStatusAsString()).isEqualTo("InService");
    assertThat(settled.endpointConfigName()).isEqualTo("c2");
    assertThat(settled.productionVariants().get(0).deployedImages().get(0).resolvedImage())
        .startsWith(Releases.REPO + "@sha256:");
  }

  @Test
  void customerMetadata_isCheckedAgainstSageMakersLimits() {
    control.createModelPackageGroup(r -> r.modelPackageGroupName("g"));
    assertThatThrownBy(() -> control.createModelPackage(r -> r.modelPackageGroupName("g")
        .customerMetadataProperties(Map.of("k", "{\"json\": true}"))))
        .isInstanceOf(SageMakerException.class).hasMessageContaining("CustomerMetadataProperties");
  }
}
