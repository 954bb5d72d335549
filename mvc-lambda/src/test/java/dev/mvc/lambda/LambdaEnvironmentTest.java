package dev.mvc.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mvc.VersionStamp;
import dev.mvc.ApprovalStatus;
import dev.mvc.ServedFrom;
import dev.mvc.SourceRef;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LambdaEnvironmentTest {

  @Test
  void inALambdaFunction_theStampNamesTheFunctionAndVersionTheCallRanIn() {
    LambdaEnvironment env = LambdaEnvironment.from(Map.of(
        "AWS_LAMBDA_FUNCTION_NAME", "support-answer", "AWS_LAMBDA_FUNCTION_VERSION", "7")::get);
    VersionStamp stamp = sampleStamp();

    LambdaStamp lambda = LambdaStamp.of(stamp, env);

    assertThat(env.inLambda()).isTrue();
    assertThat(lambda.functionName()).isEqualTo("support-answer");
    assertThat(lambda.functionVersion()).isEqualTo("7");
    assertThat(lambda.headerValue()).isEqualTo("support-answer:7");
    assertThat(lambda.stamp()).isSameAs(stamp);
  }

  @Test
  void outsideLambda_theEnvironmentIsNone_andTheStampNamesNoFunction() {
    LambdaEnvironment env = LambdaEnvironment.from(Map.of("AWS_LAMBDA_FUNCTION_NAME", " ")::get);

    assertThat(env).isEqualTo(LambdaEnvironment.none());
    assertThat(env.inLambda()).isFalse();
    assertThat(LambdaStamp.of(sampleStamp(), env).headerValue()).isEmpty();
  }

  @Test
  void aFunctionWithoutAnnouncedVersion_isMarkedUnknownInTheHeader() {
    LambdaEnvironment env = LambdaEnvironment.from(Map.of("AWS_LAMBDA_FUNCTION_NAME", "f")::get);

    assertThat(LambdaStamp.of(sampleStamp(), env).headerValue()).isEqualTo("f:?");
  }

  private static VersionStamp sampleStamp() {
    return VersionStamp.builder()
        .manifest("support-answer", "1.4.0", "sha256:" + "a".repeat(64))
        .provider("bedrock")
        .modelId("anthropic.claude-3-haiku-20240307-v1:0")
        .prompt("b".repeat(64), null)
        .inferenceDigest("sha256:" + "d".repeat(64))
        .source(new SourceRef("s3://bucket/app/manifest.json", "v1", "\"etag\""))
        .servedFrom(ServedFrom.SOURCE)
        .approval(ApprovalStatus.APPROVED)
        .invocationId("6f1c1f0a-0000-4000-8000-000000000001")
        .time(Instant.parse("2026-11-29T10:15:30.123Z"))
        .build();
  }
}
