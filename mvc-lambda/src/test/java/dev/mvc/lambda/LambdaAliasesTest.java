package dev.mvc.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvc.emulators.lambda.LambdaEmulator;
import dev.mvc.emulators.s3.S3MockLauncher;
import dev.mvc.s3.S3Location;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
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
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/** Pin, rollback and history of Lambda aliases through the real SDK, on the Lambda emulator and S3Mock. */
class LambdaAliasesTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T10:00:00Z"), ZoneOffset.UTC);
  private static final String DIGEST_1 = "sha256:" + "1".repeat(64);
  private static final String DIGEST_3 = "sha256:" + "3".repeat(64);

  private static LambdaEmulator emulator;
  private static LambdaClient lambda;
  private static S3Client s3;
  private static String bucket;
  private LambdaAliases aliases;
  private S3Location manifest;

  @BeforeAll
  static void start() {
    emulator = LambdaEmulator.create().start();
    lambda = LambdaClient.builder().endpointOverride(emulator.endpoint()).region(Region.US_EAST_1)
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
        .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD).retryStrategy(b -> b.maxAttempts(1)))
        .build();
    S3MockLauncher mock = S3MockLauncher.shared();
    s3 = S3Client.builder().endpointOverride(mock.endpoint()).forcePathStyle(true).region(Region.of(mock.region()))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(mock.accessKeyId(),
            mock.secretAccessKey())))
        .build();
    bucket = ("lambda-" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
    s3.createBucket(b -> b.bucket(bucket));
    s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
  }

  @AfterAll
  static void stop() {
    lambda.close();
    s3.close();
    emulator.close();
  }

  @BeforeEach
  void functionWithThreeVersions() {
    emulator.reset();
    emulator.function("support-answer");
    for (int i = 1; i <= 3; i++) {
      emulator.publishVersion("support-answer", "build " + i);
    }
    emulator.alias("support-answer", "live", "3");
    manifest = S3Location.of(bucket, "app-" + UUID.randomUUID().toString().substring(0, 6) + "/manifest.json");
    aliases = LambdaAliases.builder().lambdaClient(lambda).s3Client(s3).manifest(manifest).clock(CLOCK).build();
  }

  @Test
  void pin_recordsWhichFunctionVersionServesTheManifestVersion_withoutMovingTheAlias() {
    AliasMove pin = aliases.pin("support-answer", "live", null, manifest.withVersionId("m3"), DIGEST_3, "ci", "deploy 3");

    assertThat(pin).isEqualTo(new AliasMove("pin", "support-answer", "live", "3", "3",
        manifest.withVersionId("m3").toString(), DIGEST_3, "ci", Instant.parse("2026-11-30T10:00:00Z"), "deploy 3"));
    assertThat(emulator.aliasVersion("support-answer", "live")).isEqualTo("3");
    assertThat(emulator.requests("UpdateAlias")).isEmpty();
    assertThat(aliases.history("support-answer", "live")).containsExactly(pin);
    assertThat(aliases.historyLocation("support-answer", "live").key()).isEqualTo(manifest.key() + ".lambda/support-answer/live.json");
  }

  @Test
  void rollbackToPrevious_movesTheAliasToTheVersionBefore_andRecordsWhoWhyAndFromWhere() {
    aliases.pin("support-answer", "live", "2", manifest.withVersionId("m1"), DIGEST_1, "ci", "deploy 2");
    aliases.pin("support-answer", "live", "3", manifest.withVersionId("m3"), DIGEST_3, "ci", "deploy 3");

    AliasMove rollback = aliases.rollbackToPrevious("support-answer", "live", "oncall", "error rate 4%");

    assertThat(emulator.aliasVersion("support-answer", "live")).isEqualTo("2");
    assertThat(rollback.kind()).isEqualTo("rollback");
    assertThat(rollback.fromVersion()).isEqualTo("3");
    assertThat(rollback.toVersion()).isEqualTo("2");
    assertThat(rollback.by()).isEqualTo("oncall");
    assertThat(rollback.reason()).isEqualTo("error rate 4%");
    // The version rolled back to is known to serve the manifest pinned with it.
    assertThat(rollback.digest()).isEqualTo(DIGEST_1);
    List<AliasMove> history = aliases.history("support-answer", "live");
    assertThat(history).extracting(AliasMove::kind).containsExactly("pin", "pin", "rollback");
    assertThat(history).extracting(AliasMove::toVersion).containsExactly("2", "3", "2");
    // The alias update was conditional on the revision just read, and says what mvc did.
    assertThat(emulator.requests("UpdateAlias")).last().satisfies(r ->
        assertThat(r.body()).contains("\"RevisionId\"").contains("mvc rollback from 3 by oncall"));
  }

  @Test
  void rollbackTo_aNamedVersion_movesTheAlias_andNothingIsDeleted() {
    AliasMove rollback = aliases.rollbackTo("support-answer", "live", "1", "oncall", "bad prompt in 2 and 3");

    assertThat(emulator.aliasVersion("support-answer", "live")).isEqualTo("1");
    assertThat(rollback.fromVersion()).isEqualTo("3");
    assertThat(rollback.manifest()).isNull();
    assertThat(lambda.listVersionsByFunction(b -> b.functionName("support-answer")).versions()).hasSize(4);
  }

  @Test
  void rollbackTo_anUnknownVersion_isNotFound_andTheAliasStays() {
    assertThatThrownBy(() -> aliases.rollbackTo("support-answer", "live", "9", "oncall", "typo"))
        .isInstanceOfSatisfying(LambdaAliasException.class, e -> assertThat(e.notFound()).isTrue())
        .hasMessageContaining("support-answer:9").hasMessageContaining("ResourceNotFoundException");
    assertThat(emulator.aliasVersion("support-answer", "live")).isEqualTo("3");
    assertThat(aliases.history("support-answer", "live")).isEmpty();
  }

  @Test
  void rollbackToPrevious_fromTheFirstVersion_isRefused_namingTheVersion() {
    emulator.alias("support-answer", "live", "1");

    assertThatThrownBy(() -> aliases.rollbackToPrevious("support-answer", "live", "oncall", "why"))
        .isInstanceOf(LambdaAliasException.class).hasMessageContaining("version 1").hasMessageContaining("no earlier version");
  }

  @Test
  void rollback_whenLambdaThrottles_failsWithTheStatus_andRecordsNothing() {
    emulator.failNext("UpdateAlias", 429, "TooManyRequestsException", "Rate exceeded");

    assertThatThrownBy(() -> aliases.rollbackTo("support-answer", "live", "2", "oncall", "why"))
        .isInstanceOfSatisfying(LambdaAliasException.class, e -> assertThat(e.statusCode()).isEqualTo(429));
    assertThat(aliases.history("support-answer", "live")).isEmpty();
  }
}
