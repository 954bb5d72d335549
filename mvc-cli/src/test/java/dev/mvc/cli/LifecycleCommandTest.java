package dev.mvc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mvc.emulators.bedrock.BedrockEmulator;
import dev.mvc.emulators.bedrock.BedrockModelLifecycle;
import dev.mvc.testkit.TestManifests;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mvc lifecycle} reports the pinned model's lifecycle dates and exits by the windows, for a CI cron. */
class LifecycleCommandTest {
  @TempDir
  Path tmp;
  private BedrockEmulator bedrock;

  @BeforeEach
  void start() {
    // The default credentials chain reads these system properties first.
    System.setProperty("aws.accessKeyId", "test");
    System.setProperty("aws.secretAccessKey", "test");
    bedrock = BedrockEmulator.create().start();
  }

  @AfterEach
  void stop() {
    bedrock.close();
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }

  private Cli.Result lifecycle(String... extra) {
    Path file = Manifests.write(tmp, "ok.json", Manifests.valid());
    List<String> args = new ArrayList<>(List.of("lifecycle", file.toString(), "--endpoint-url",
        bedrock.endpoint().toString(), "--region", "us-east-1"));
    args.addAll(List.of(extra));
    return Cli.run(args.toArray(new String[0]));
  }

  @Test
  void lifecycle_ofAModelWithADistantEndOfLife_printsTheDates_andExitsZero() {
    Instant end = Instant.now().plus(Duration.ofDays(400));
    bedrock.foundationModel(TestManifests.MODEL_ID, BedrockModelLifecycle.ACTIVE, null, null, end);

    Cli.Result r = lifecycle();

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("ok: ").contains(TestManifests.MODEL_ID + " ACTIVE")
        .contains("end of life:     " + end).contains("legacy:          not announced");
  }

  @Test
  void lifecycle_insideTheWarnWindow_warnsAndExitsZero_insideTheFailWindow_exitsOne() {
    bedrock.foundationModel(TestManifests.MODEL_ID, BedrockModelLifecycle.ACTIVE, null, null,
        Instant.now().plus(Duration.ofDays(30)).plusSeconds(3600));
    Cli.Result warn = lifecycle();
    Cli.Result fail = lifecycle("--fail-days", "45");

    assertThat(warn.exitCode()).isZero();
    assertThat(warn.out()).startsWith("warn: ").contains("in 30 days (warn window 90 days)");
    assertThat(fail.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(fail.out()).startsWith("fail: ").contains("(fail window 45 days)");
  }

  @Test
  void lifecycle_withJson_reportsTheDatesDaysAndVerdict() {
    bedrock.foundationModel(TestManifests.MODEL_ID, BedrockModelLifecycle.LEGACY,
        Instant.parse("2026-01-01T00:00:00Z"), Instant.now().minus(Duration.ofDays(1)),
        Instant.now().plus(Duration.ofDays(200)).plusSeconds(3600));

    Cli.Result r = lifecycle("--json");

    assertThat(r.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(r.out()).contains("\"status\" : \"LEGACY\"").contains("\"legacyTime\" : \"2026-01-01T00:00:00Z\"")
        .contains("\"daysToEndOfLife\" : 200").contains("\"verdict\" : \"fail\"")
        .contains("is in public extended access since");
  }
}
