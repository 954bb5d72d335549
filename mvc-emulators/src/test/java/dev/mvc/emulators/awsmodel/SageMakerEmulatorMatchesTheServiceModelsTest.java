package dev.mvc.emulators.awsmodel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mvc.emulators.sagemaker.SageMakerEmulator;
import dev.mvc.emulators.sagemaker.SageMakerReply;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every reply the SageMaker emulator can be scripted to send, runtime and control plane, read
 * off the wire and checked against the official AWS service models.
 */
class SageMakerEmulatorMatchesTheServiceModelsTest {

  private static final String IMAGE = "763104351884.dkr.ecr.us-east-1.amazonaws.com/djl-inference:0.29.0-lmi11.0.0-cu124";
  private static final String BUCKET = "s3://models-bucket/support-llm/model.tar.gz";
  private static final WireShapeValidator CONTROL = new WireShapeValidator(AwsServiceModel.load("sagemaker/2017-07-24"));
  private static final WireShapeValidator RUNTIME =
      new WireShapeValidator(AwsServiceModel.load("sagemaker-runtime/2017-05-13"));

  private static SageMakerEmulator sagemaker;
  private static RawHttp http;

  @BeforeAll
  static void start() {
    sagemaker = SageMakerEmulator.create().start();
    http = new RawHttp(sagemaker.endpoint());
  }

  @AfterAll
  static void stop() {
    sagemaker.close();
  }

  @BeforeEach
  void reset() {
    sagemaker.reset();
  }

  @Test
  void everyScriptableRuntimeReply_inEveryPayloadFormat_isOneTheRuntimeModelAllows() {
    List<String> violations = new ArrayList<>();
    List<String> bodies = List.of("{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"max_tokens\":32}",
        "{\"inputs\":\"Hi\",\"parameters\":{\"details\":true}}", "{\"prompt\":\"Hi\"}");
    int checked = 0;
    for (String operation : List.of("InvokeEndpoint", "InvokeEndpointWithResponseStream")) {
      String path = "/endpoints/support-llm/" + ("InvokeEndpoint".equals(operation) ? "invocations" : "invocations-response-stream");
      for (SageMakerReply reply : scriptableReplies()) {
        for (String body : bodies) {
          sagemaker.enqueue(reply);
          WireResponse response = http.post(path, body, "X-Amzn-SageMaker-Target-Variant", "AllTraffic");
          RUNTIME.validate(operation, response).forEach(v -> violations.add(v + "   <- scripted " + reply));
          checked++;
        }
      }
    }
    assertThat(checked).isGreaterThan(50);
    assertThat(violations).as("replies that differ from the service model").isEmpty();
  }

  @Test
  void everyControlPlaneAnswer_throughADeploymentAndItsFailures_isOneTheSageMakerModelAllows() {
    List<String> violations = new ArrayList<>();
    sagemaker.transitionDescribes(2);
    call("CreateModelPackageGroup", "{\"ModelPackageGroupName\":\"support-llm\",\"ModelPackageGroupDescription\":\"Support\"}", violations);
    call("DescribeModelPackageGroup", "{\"ModelPackageGroupName\":\"support-llm\"}", violations);
    for (int i = 1; i <= 3; i++) {
      call("CreateModelPackage", "{\"ModelPackageGroupName\":\"support-llm\",\"ModelPackageDescription\":\"v" + i + "\","
          + "\"InferenceSpecification\":{\"Containers\":[{\"Image\":\"" + IMAGE + "\",\"ModelDataUrl\":\"" + BUCKET + "\","
          + "\"Environment\":{\"OPTION_MAX_MODEL_LEN\":\"4096\"}}],\"SupportedContentTypes\":[\"application/json\"],"
          + "\"SupportedResponseMIMETypes\":[\"application/json\"]},\"ModelApprovalStatus\":\"PendingManualApproval\","
          + "\"CustomerMetadataProperties\":{\"mvc:digest\":\"sha256:ab12\"}}", violations);
    }
    String arn = "arn:aws:sagemaker:us-east-1:123456789012:model-package/support-llm/2";
    call("DescribeModelPackage", "{\"ModelPackageName\":\"" + arn + "\"}", violations);
    call("UpdateModelPackage", "{\"ModelPackageArn\":\"" + arn + "\",\"ModelApprovalStatus\":\"Approved\","
        + "\"ApprovalDescription\":\"ok\",\"CustomerMetadataProperties\":{\"mvc:approved\":\"yes\"}}", violations);
    call("DescribeModelPackage", "{\"ModelPackageName\":\"" + arn + "\"}", violations);
    call("ListModelPackages", "{\"ModelPackageGroupName\":\"support-llm\",\"MaxResults\":2,\"SortBy\":\"CreationTime\","
        + "\"SortOrder\":\"Descending\"}", violations);
    call("ListModelPackages", "{\"ModelPackageGroupName\":\"support-llm\",\"MaxResults\":2,\"NextToken\":\"2\"}", violations);
    call("ListModelPackages", "{\"ModelApprovalStatus\":\"Approved\"}", violations);
    for (String model : List.of("support-llm-a", "support-llm-b")) {
      call("CreateModel", "{\"ModelName\":\"" + model + "\",\"PrimaryContainer\":{\"Image\":\"" + IMAGE + "\","
          + "\"ModelDataUrl\":\"" + BUCKET + "\"},\"ExecutionRoleArn\":\"arn:aws:iam::123456789012:role/sm\"}", violations);
      call("DescribeModel", "{\"ModelName\":\"" + model + "\"}", violations);
      call("CreateEndpointConfig", "{\"EndpointConfigName\":\"" + model + "-config\",\"ProductionVariants\":[{"
          + "\"VariantName\":\"AllTraffic\",\"ModelName\":\"" + model + "\",\"InstanceType\":\"ml.g5.xlarge\","
          + "\"InitialInstanceCount\":1,\"InitialVariantWeight\":1.0}]}", violations);
      call("DescribeEndpointConfig", "{\"EndpointConfigName\":\"" + model + "-config\"}", violations);
    }
    call("CreateEndpoint", "{\"EndpointName\":\"support-llm\",\"EndpointConfigName\":\"support-llm-a-config\"}", violations);
    for (int i = 0; i < 3; i++) {
      call("DescribeEndpoint", "{\"EndpointName\":\"support-llm\"}", violations);
    }
    call("UpdateEndpoint", "{\"EndpointName\":\"support-llm\",\"EndpointConfigName\":\"support-llm-b-config\"}", violations);
    call("UpdateEndpoint", "{\"EndpointName\":\"support-llm\",\"EndpointConfigName\":\"support-llm-a-config\"}", violations);
    for (int i = 0; i < 3; i++) {
      call("DescribeEndpoint", "{\"EndpointName\":\"support-llm\"}", violations);
    }
    sagemaker.failNextEndpointUpdate("support-llm", "Health check failed");
    call("UpdateEndpoint", "{\"EndpointName\":\"support-llm\",\"EndpointConfigName\":\"support-llm-a-config\"}", violations);
    for (int i = 0; i < 3; i++) {
      call("DescribeEndpoint", "{\"EndpointName\":\"support-llm\"}", violations);
    }
    sagemaker.failNextEndpointUpdate("never-served", "Image not found");
    call("CreateEndpoint", "{\"EndpointName\":\"never-served\",\"EndpointConfigName\":\"support-llm-b-config\"}", violations);
    for (int i = 0; i < 3; i++) {
      call("DescribeEndpoint", "{\"EndpointName\":\"never-served\"}", violations);
    }
    // errors
    call("DescribeModelPackageGroup", "{\"ModelPackageGroupName\":\"missing\"}", violations);
    call("CreateModelPackageGroup", "{\"ModelPackageGroupName\":\"support-llm\"}", violations);
    call("CreateModelPackage", "{\"ModelPackageGroupName\":\"support-llm\",\"CustomerMetadataProperties\":{\"bad key!\":\"x\"}}", violations);
    call("DescribeModelPackage", "{\"ModelPackageName\":\"arn:aws:sagemaker:us-east-1:123456789012:model-package/x/9\"}", violations);
    call("UpdateModelPackage", "{\"ModelPackageArn\":\"" + arn + "\",\"ModelApprovalStatus\":\"Maybe\"}", violations);
    call("DescribeModel", "{\"ModelName\":\"missing\"}", violations);
    call("DescribeEndpointConfig", "{\"EndpointConfigName\":\"missing\"}", violations);
    call("DescribeEndpoint", "{\"EndpointName\":\"missing\"}", violations);
    call("CreateEndpointConfig", "{\"EndpointConfigName\":\"c\",\"ProductionVariants\":[]}", violations);
    call("DescribeEndpoint", "{}", violations);
    assertThat(violations).isEmpty();
  }

  private static List<SageMakerReply> scriptableReplies() {
    return List.of(SageMakerReply.text("Bonjour"), SageMakerReply.text(""),
        SageMakerReply.text("Long answer with several words.").withFinishReason("length").withUsage(3, 7),
        SageMakerReply.json("{\"answer\":42}"), SageMakerReply.text("hi").withServedVariant("blue"),
        SageMakerReply.text("hi").withoutVariantHeader(), SageMakerReply.text("hi").withRequestId("req-1"),
        SageMakerReply.text("Streams fail midway").withStreamFailureAfter(1),
        SageMakerReply.text("Streams fail at once").withStreamFailureAfter(0),
        SageMakerReply.modelError(500, "CUDA out of memory"), SageMakerReply.validationError("bad input"),
        SageMakerReply.throttled(), SageMakerReply.modelNotReady(), SageMakerReply.serviceUnavailable(),
        SageMakerReply.internalFailure());
  }

  private static void call(String operation, String body, List<String> violations) {
    WireResponse response = http.post("/", body, "Content-Type", "application/x-amz-json-1.1",
        "X-Amz-Target", "SageMaker." + operation);
    CONTROL.validate(operation, response).forEach(v -> violations.add(v + "   <- " + body));
  }
}
