package dev.mvc.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mvc.BedrockTarget;
import dev.mvc.CheckMode;
import dev.mvc.ManifestSources;
import dev.mvc.PinnedModelClient;
import dev.mvc.VersionManifest;
import dev.mvc.bedrock.BedrockBackend;
import dev.mvc.emulators.bedrock.BedrockEmulator;
import dev.mvc.emulators.bedrock.BedrockModelLifecycle;
import dev.mvc.testkit.TestManifests;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The gauge {@value MvcMetrics#DAYS_TO_END_OF_LIFE} follows the end of life the Bedrock emulator
 * announces for the serving version's model, read through the real SDK by the lifecycle check at
 * start and on every reload, and counted down against the registry's clock in between.
 */
class DaysToEndOfLifeGaugeTest {
  private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");
  private static final String HAIKU = TestManifests.MODEL_ID;
  private static final String SONNET = "anthropic.claude-3-5-sonnet-20240620-v1:0";
  private static BedrockEmulator bedrock;

  @TempDir Path dir;
  private final MockClock clock = new MockClock();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
  private final MvcMetrics metrics = MvcMetrics.create(registry);

  @BeforeAll
  static void start() {
    bedrock = BedrockEmulator.create().start();
  }

  @AfterAll
  static void stop() {
    bedrock.close();
  }

  @BeforeEach
  void reset() {
    bedrock.reset();
    clock.add(Duration.ofMillis(NOW.toEpochMilli() - clock.wallTime()));
  }

  @Test
  void theGauge_countsDownToTheAnnouncedEndOfLife_andTakesNewDatesOnEveryReload() throws IOException {
    endOfLife(HAIKU, NOW.plus(Duration.ofDays(60)).plus(Duration.ofHours(12)));
    Path file = write(manifest(HAIKU, "1.0.0"));
    try (BedrockBackend backend = backend(CheckMode.WARN); PinnedModelClient client = client(file, backend)) {
      assertThat(gauge(HAIKU).value()).isEqualTo(60.5);
      assertThat(gauge(HAIKU).getId().getBaseUnit()).isEqualTo("days");

      clock.add(Duration.ofDays(1));
      assertThat(gauge(HAIKU).value()).isEqualTo(59.5);

      // Bedrock moves the date closer; the next version that loads carries it.
      endOfLife(HAIKU, NOW.plus(Duration.ofDays(30)));
      write(manifest(HAIKU, "1.1.0"));
      assertThat(client.reload()).isTrue();
      assertThat(gauge(HAIKU).value()).isEqualTo(29.0);
      assertThat(registry.find(MvcMetrics.DAYS_TO_END_OF_LIFE).gauges()).hasSize(1);
    }
  }

  @Test
  void aNewVersionPinningAModelWithoutAnEndOfLife_replacesTheSeries_withNaN() throws IOException {
    endOfLife(HAIKU, NOW.plus(Duration.ofDays(20)));
    bedrock.foundationModel(SONNET, BedrockModelLifecycle.ACTIVE);
    Path file = write(manifest(HAIKU, "1.0.0"));
    try (BedrockBackend backend = backend(CheckMode.WARN); PinnedModelClient client = client(file, backend)) {
      assertThat(gauge(HAIKU).value()).isEqualTo(20.0);
      write(manifest(SONNET, "2.0.0"));
      assertThat(client.reload()).isTrue();
    }
    assertThat(registry.find(MvcMetrics.DAYS_TO_END_OF_LIFE).gauges())
        .singleElement()
        .satisfies(g -> {
          assertThat(g.getId().getTag(MvcMetrics.TAG_MODEL)).isEqualTo(SONNET);
          assertThat(g.value()).isNaN();
        });
  }

  @Test
  void withTheLifecycleCheckOff_noLookupIsMade_andNoGaugeIsRegistered() throws IOException {
    endOfLife(HAIKU, NOW.plus(Duration.ofDays(20)));
    Path file = write(manifest(HAIKU, "1.0.0"));
    try (BedrockBackend backend = backend(CheckMode.OFF); PinnedModelClient client = client(file, backend)) {
      assertThat(client.currentManifest().modelLifecycle()).isNull();
    }
    assertThat(registry.find(MvcMetrics.DAYS_TO_END_OF_LIFE).gauges()).isEmpty();
  }

  private Gauge gauge(String model) {
    return registry.get(MvcMetrics.DAYS_TO_END_OF_LIFE)
        .tags(Tags.of(MvcMetrics.TAG_MANIFEST, "test-manifest", MvcMetrics.TAG_PROVIDER, "bedrock",
            MvcMetrics.TAG_MODEL, model))
        .gauge();
  }

  private static void endOfLife(String model, Instant endOfLife) {
    bedrock.foundationModel(model, BedrockModelLifecycle.ACTIVE, NOW.minus(Duration.ofDays(300)), null, endOfLife);
  }

  private static VersionManifest manifest(String model, String version) {
    return TestManifests.base("Answer: {{question}}")
        .version(version)
        .model(BedrockTarget.builder(model).region("us-east-1").build())
        .build();
  }

  private Path write(VersionManifest m) throws IOException {
    return Files.writeString(dir.resolve("manifest.json"), m.toJson(), StandardCharsets.UTF_8);
  }

  private static BedrockBackend backend(CheckMode lifecycleCheck) {
    return BedrockBackend.builder()
        .endpointOverride(bedrock.endpoint())
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "x")))
        .region("us-east-1")
        .lifecycleCheck(lifecycleCheck)
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .build();
  }

  private PinnedModelClient client(Path file, BedrockBackend backend) {
    return PinnedModelClient.builder().manifest(ManifestSources.file(file)).backend(backend)
        .listener(metrics).build();
  }
}
