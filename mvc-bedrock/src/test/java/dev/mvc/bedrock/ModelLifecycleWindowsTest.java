package dev.mvc.bedrock;

import static dev.mvc.bedrock.TestSetup.HAIKU;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvc.BedrockTarget;
import dev.mvc.CheckFailedException;
import dev.mvc.CheckMode;
import dev.mvc.CheckWarning;
import dev.mvc.LifecycleFacts;
import dev.mvc.ManifestException;
import dev.mvc.PinnedModelClient;
import dev.mvc.emulators.bedrock.BedrockEmulator;
import dev.mvc.emulators.bedrock.BedrockModelLifecycle;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The lifecycle check reads the dates Bedrock announces for a model (legacy, public extended
 * access, end of life) through the real SDK: an end of life inside the fail window (default 14
 * days) refuses the load under FAIL, one inside the warn window (default 90 days) is only reported,
 * and extended access is reported or, if asked, refused.
 */
class ModelLifecycleWindowsTest {

  private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");
  private static BedrockEmulator bedrock;
  private final List<CheckWarning> warnings = new CopyOnWriteArrayList<>();

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
    warnings.clear();
  }

  private void dates(BedrockModelLifecycle status, Instant extendedAccess, Instant endOfLife) {
    bedrock.foundationModel(HAIKU, status, NOW.minus(Duration.ofDays(30)), extendedAccess, endOfLife);
  }

  @Test
  void anEndOfLifeInsideTheFailWindow_refusesTheLoad_namingTheDateAndTheDays() {
    dates(BedrockModelLifecycle.ACTIVE, null, NOW.plus(Duration.ofDays(10)));
    assertThatThrownBy(() -> client(b -> b))
        .isInstanceOf(ManifestException.class)
        .cause().isInstanceOfSatisfying(CheckFailedException.class, e -> {
          assertThat(e.check()).isEqualTo("bedrock-lifecycle");
          assertThat(e.getMessage()).contains("model.bedrock.modelId " + HAIKU
              + " reaches its end of life on 2026-12-11T00:00:00Z, in 10 days (fail window 14 days)");
        });
  }

  @Test
  void anEndOfLifeInsideTheWarnWindow_isReportedOnce_andTheManifestLoadsEvenUnderFail() {
    dates(BedrockModelLifecycle.ACTIVE, null, NOW.plus(Duration.ofDays(60)));
    try (PinnedModelClient client = client(b -> b)) {
      assertThat(client.currentManifest()).isNotNull();
    }
    assertThat(warnings).singleElement().satisfies(w -> {
      assertThat(w.check()).isEqualTo("bedrock-lifecycle");
      assertThat(w.found()).isEqualTo("ACTIVE, end of life 2027-01-30T00:00:00Z");
      assertThat(w.message()).contains("in 60 days (warn window 90 days)");
    });
  }

  @Test
  void anEndOfLifeBeyondTheWarnWindow_isSilent() {
    dates(BedrockModelLifecycle.ACTIVE, null, NOW.plus(Duration.ofDays(91)));
    try (PinnedModelClient client = client(b -> b)) {
      assertThat(client.currentManifest()).isNotNull();
    }
    assertThat(warnings).isEmpty();
  }

  @Test
  void theWindows_areConfigurable() {
    dates(BedrockModelLifecycle.ACTIVE, null, NOW.plus(Duration.ofDays(60)));
    assertThatThrownBy(() -> client(b -> b.lifecycleWindows(Duration.ofDays(180), Duration.ofDays(60))))
        .hasStackTraceContaining("in 60 days (fail window 60 days)");
    assertThatThrownBy(() -> BedrockBackend.builder().lifecycleWindows(Duration.ofDays(10), Duration.ofDays(20)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("failWithin PT480H");
  }

  @Test
  void extendedAccess_isReportedByDefault_andRefusedWhenAsked() {
    dates(BedrockModelLifecycle.LEGACY, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(200)));
    try (PinnedModelClient client = client(b -> b.lifecycleCheck(CheckMode.WARN))) {
      assertThat(client.currentManifest()).isNotNull();
    }
    assertThat(warnings).extracting(CheckWarning::message).anySatisfy(m ->
        assertThat(m).contains("is in public extended access since 2026-11-30T00:00:00Z, billed at a higher price"));

    dates(BedrockModelLifecycle.ACTIVE, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(200)));
    assertThatThrownBy(() -> client(b -> b.failOnExtendedAccess(true)))
        .hasStackTraceContaining("is in public extended access since");
  }

  @Test
  void lifecycle_returnsTheAnnouncedDates_andTheDaysLeft() {
    dates(BedrockModelLifecycle.LEGACY, NOW.plus(Duration.ofDays(5)), NOW.plus(Duration.ofDays(45)));
    try (BedrockBackend backend = backend(b -> b)) {
      ModelLifecycle l = backend.lifecycle(BedrockTarget.builder(HAIKU).region("us-east-1").build());
      assertThat(l.status()).isEqualTo("LEGACY");
      assertThat(l.legacyTime()).isEqualTo(NOW.minus(Duration.ofDays(30)));
      assertThat(l.publicExtendedAccessTime()).isEqualTo(NOW.plus(Duration.ofDays(5)));
      assertThat(l.daysToEndOfLife(NOW)).isEqualTo(45L);
      assertThat(l.assess(NOW, ModelLifecycle.DEFAULT_WARN_WITHIN, ModelLifecycle.DEFAULT_FAIL_WITHIN, false)
          .verdict()).isEqualTo("fail");
    }
  }

  @Test
  void theLoadedManifest_carriesTheLifecycleTheCheckFound_forManifestListeners() {
    dates(BedrockModelLifecycle.ACTIVE, null, NOW.plus(Duration.ofDays(60)).plus(Duration.ofHours(12)));
    try (PinnedModelClient client = client(b -> b.lifecycleCheck(CheckMode.WARN))) {
      LifecycleFacts facts = client.currentManifest().modelLifecycle();
      assertThat(facts).isNotNull();
      assertThat(facts.modelId()).isEqualTo(HAIKU);
      assertThat(facts.status()).isEqualTo("ACTIVE");
      assertThat(facts.endOfLifeTime()).isEqualTo(Instant.parse("2027-01-30T12:00:00Z"));
      assertThat(facts.daysToEndOfLife(NOW)).isEqualTo(60.5);
    }
    try (PinnedModelClient client = client(b -> b.lifecycleCheck(CheckMode.OFF))) {
      assertThat(client.currentManifest().modelLifecycle()).isNull();
    }
  }

  @Test
  void aPassedEndOfLife_countsNegativeDays_andFails() {
    ModelLifecycle l = new ModelLifecycle(HAIKU, "LEGACY", null, null, NOW.minus(Duration.ofHours(1)));
    assertThat(l.daysToEndOfLife(NOW)).isEqualTo(-1L);
    assertThat(l.assess(NOW, Duration.ofDays(90), Duration.ofDays(14), false).failures())
        .anySatisfy(m -> assertThat(m).contains("reached its end of life on 2026-11-30T23:00:00Z"));
  }

  private BedrockBackend backend(UnaryOperator<BedrockBackend.Builder> options) {
    return options.apply(BedrockBackend.builder()
            .endpointOverride(bedrock.endpoint())
            .credentialsProvider(TestSetup.CREDENTIALS)
            .region("us-east-1")
            .lifecycleCheck(CheckMode.FAIL)
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .checkListener(warnings::add))
        .build();
  }

  private PinnedModelClient client(UnaryOperator<BedrockBackend.Builder> options) {
    BedrockBackend backend = backend(options);
    try {
      return PinnedModelClient.builder().manifest(TestSetup.converse()).backend(backend).build();
    } catch (RuntimeException e) {
      backend.close();
      throw e;
    }
  }
}
