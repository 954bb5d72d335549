package dev.mvc.emulators.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.GetAliasResponse;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;
import software.amazon.awssdk.services.lambda.model.UpdateAliasResponse;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.PreconditionFailedException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;

/** The Lambda emulator driven by the real AWS SDK's {@code LambdaClient}. */
class LambdaEmulatorTest {

  private static LambdaEmulator lambda;
  private static LambdaClient client;

  @BeforeAll
  static void start() {
    lambda = LambdaEmulator.create().start();
    client = LambdaClient.builder().endpointOverride(lambda.endpoint()).region(Region.US_EAST_1)
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
        .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD).retryStrategy(b -> b.maxAttempts(1)))
        .build();
  }

  @AfterAll
  static void stop() {
    client.close();
    lambda.close();
  }

  @BeforeEach
  void reset() {
    lambda.reset();
    lambda.function("support-answer");
    lambda.publishVersion("support-answer", "manifest 1.0.0");
    lambda.publishVersion("support-answer", "manifest 2.0.0");
    lambda.alias("support-answer", "live", "2");
  }

  @Test
  void updateAlias_movesTheAlias_andIssuesANewRevisionId() {
    GetAliasResponse before = client.getAlias(b -> b.functionName("support-answer").name("live"));

    UpdateAliasResponse after = client.updateAlias(b -> b.functionName("support-answer").name("live")
        .functionVersion("1").description("rolled back").revisionId(before.revisionId()));

    assertThat(before.functionVersion()).isEqualTo("2");
    assertThat(after.functionVersion()).isEqualTo("1");
    assertThat(after.description()).isEqualTo("rolled back");
    assertThat(after.revisionId()).isNotEqualTo(before.revisionId());
    assertThat(after.aliasArn()).isEqualTo("arn:aws:lambda:us-east-1:123456789012:function:support-answer:live");
    assertThat(lambda.aliasVersion("support-answer", "live")).isEqualTo("1");
  }

  @Test
  void updateAlias_withAStaleRevisionId_isPreconditionFailed_andLeavesTheAlias() {
    String revision = client.getAlias(b -> b.functionName("support-answer").name("live")).revisionId();
    client.updateAlias(b -> b.functionName("support-answer").name("live").functionVersion("1").revisionId(revision));

    assertThatThrownBy(() -> client.updateAlias(b -> b.functionName("support-answer").name("live")
        .functionVersion("2").revisionId(revision)))
        .isInstanceOfSatisfying(PreconditionFailedException.class, e -> assertThat(e.statusCode()).isEqualTo(412));
    assertThat(lambda.aliasVersion("support-answer", "live")).isEqualTo("1");
  }

  @Test
  void unknownFunctionAliasOrVersion_isResourceNotFound404() {
    assertThatThrownBy(() -> client.getAlias(b -> b.functionName("nope").name("live")))
        .isInstanceOfSatisfying(ResourceNotFoundException.class, e -> assertThat(e.statusCode()).isEqualTo(404))
        .hasMessageContaining("function:nope");
    assertThatThrownBy(() -> client.getAlias(b -> b.functionName("support-answer").name("canary")))
        .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining("support-answer:canary");
    assertThatThrownBy(() -> client.updateAlias(b -> b.functionName("support-answer").name("live").functionVersion("9")))
        .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining("support-answer:9");
  }

  @Test
  void listVersionsByFunction_pagesThroughLatestAndEveryPublishedVersion() {
    for (int i = 3; i <= 60; i++) {
      lambda.publishVersion("support-answer", "v" + i);
    }

    List<String> versions = client.listVersionsByFunctionPaginator(b -> b.functionName(
            "arn:aws:lambda:us-east-1:123456789012:function:support-answer")).versions().stream()
        .map(FunctionConfiguration::version).toList();

    assertThat(versions).hasSize(61).startsWith("$LATEST", "1", "2").endsWith("60");
    assertThat(lambda.requests("ListVersionsByFunction")).hasSize(2);
  }

  @Test
  void getFunctionConfiguration_byAliasOrVersion_namesThatVersion() {
    GetFunctionConfigurationResponse viaAlias = client.getFunctionConfiguration(b -> b.functionName("support-answer").qualifier("live"));
    GetFunctionConfigurationResponse v1 = client.getFunctionConfiguration(b -> b.functionName("support-answer:1"));

    assertThat(viaAlias.version()).isEqualTo("2");
    assertThat(viaAlias.description()).isEqualTo("manifest 2.0.0");
    assertThat(v1.version()).isEqualTo("1");
    assertThat(v1.functionArn()).endsWith(":support-answer:1");
  }

  @Test
  void scriptedThrottling_reachesTheSdkAsTooManyRequests429() {
    lambda.failNext("GetAlias", 429, "TooManyRequestsException", "Rate exceeded");

    assertThatThrownBy(() -> client.getAlias(b -> b.functionName("support-answer").name("live")))
        .isInstanceOfSatisfying(TooManyRequestsException.class, e -> assertThat(e.statusCode()).isEqualTo(429));
    assertThat(client.getAlias(b -> b.functionName("support-answer").name("live")).functionVersion()).isEqualTo("2");
  }
}
