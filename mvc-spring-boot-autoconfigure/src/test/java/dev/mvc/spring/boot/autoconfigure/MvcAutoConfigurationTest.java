package dev.mvc.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mvc.BedrockTarget;
import dev.mvc.CanaryClient;
import dev.mvc.InvocationResponse;
import dev.mvc.ManifestSignatures;
import dev.mvc.PinnedModelClient;
import dev.mvc.ServedFrom;
import dev.mvc.VersionManifest;
import dev.mvc.audit.AuditLog;
import dev.mvc.bedrock.BedrockBackend;
import dev.mvc.emulators.bedrock.BedrockEmulator;
import dev.mvc.emulators.bedrock.BedrockErrorType;
import dev.mvc.emulators.bedrock.BedrockModelLifecycle;
import dev.mvc.emulators.bedrock.BedrockReply;
import dev.mvc.micrometer.MvcMetrics;
import dev.mvc.opentelemetry.MvcTracing;
import dev.mvc.testkit.TestManifests;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

class MvcAutoConfigurationTest {
  private static final String CLIENT = "mvc.clients.support-answer.";
  private static BedrockEmulator bedrock;

  @TempDir
  Path dir;

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(MvcAutoConfiguration.class, MvcActuatorAutoConfiguration.class))
      .withUserConfiguration(EmulatorClients.class)
      .withPropertyValues(CLIENT + "manifest=classpath:manifests/support-answer.json");

  @BeforeAll
  static void startEmulator() {
    bedrock = BedrockEmulator.create().start();
  }

  @AfterAll
  static void stopEmulator() {
    bedrock.close();
  }

  @BeforeEach
  void resetEmulator() {
    bedrock.reset();
  }

  /** The application's own AWS clients, pointed at the emulator, carrying mvc's request guard. */
  @Configuration(proxyBeanMethods = false)
  static class EmulatorClients {
    @Bean
    BedrockRuntimeClient bedrockRuntimeClient() {
      return BedrockRuntimeClient.builder()
          .endpointOverride(bedrock.endpoint())
          .region(Region.US_EAST_1)
          .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("akid", "secret")))
          // mvc's resilience properties are under test, not the SDK's own retries.
          .overrideConfiguration(o -> o.addExecutionInterceptor(BedrockBackend.requestGuard())
              .retryStrategy(AwsRetryStrategy.doNotRetry()))
          .build();
    }

    @Bean
    BedrockRuntimeAsyncClient bedrockRuntimeAsyncClient() {
      return BedrockRuntimeAsyncClient.builder()
          .endpointOverride(bedrock.endpoint())
          .region(Region.US_EAST_1)
          .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("akid", "secret")))
          .overrideConfiguration(o -> o.addExecutionInterceptor(BedrockBackend.requestGuard())
              .retryStrategy(AwsRetryStrategy.doNotRetry()))
          .build();
    }

    @Bean
    BedrockClient bedrockClient() {
      return BedrockClient.builder()
          .endpointOverride(bedrock.endpoint())
          .region(Region.US_EAST_1)
          .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("akid", "secret")))
          .build();
    }
  }

  @Test
  void clientsProperty_createsOnePinnedClientBeanPerEntry_namedAfterTheEntry() {
    runner.withPropertyValues("mvc.clients.second.manifest=classpath:manifests/support-answer-2.json")
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context.getBean("support-answer", PinnedModelClient.class).currentManifest().manifest().version())
              .isEqualTo("1.0.0");
          assertThat(context.getBean("second", PinnedModelClient.class).currentManifest().manifest().version())
              .isEqualTo("2.0.0");
          assertThat(context.getBeansOfType(PinnedModelClient.class)).containsOnlyKeys("support-answer", "second");
        });
  }

  @Test
  void clientBean_callsBedrockThroughTheApplicationsRuntimeClient_andStampsTheResponse() {
    bedrock.enqueue(BedrockReply.text("Reset it under Settings."));
    runner.run(context -> {
      PinnedModelClient client = context.getBean("support-answer", PinnedModelClient.class);
      InvocationResponse r = client.invoke(Map.of("input", "How do I reset my password?"));
      assertThat(r.text()).isEqualTo("Reset it under Settings.");
      assertThat(r.stamp().manifestVersion()).isEqualTo("1.0.0");
      assertThat(r.stamp().sourceUri()).isEqualTo("classpath:manifests/support-answer.json");
      assertThat(bedrock.lastRequest().modelId()).isEqualTo(TestManifests.MODEL_ID);
    });
  }

  @Test
  void clientBean_streamsThroughTheApplicationsAsyncClient_eachDeltaOnce() throws Exception {
    bedrock.enqueue(BedrockReply.builder().deltas("Reset ", "it.").build());
    runner.run(context -> {
      PinnedModelClient client = context.getBean("support-answer", PinnedModelClient.class);
      List<String> deltas = new java.util.concurrent.CopyOnWriteArrayList<>();
      InvocationResponse r = client.invokeStream(dev.mvc.InvocationRequest.of(Map.of("input", "q")),
          new dev.mvc.StreamHandler() {
            @Override
            public void onText(String delta) {
              deltas.add(delta);
            }

            @Override
            public void onComplete(InvocationResponse response) {}

            @Override
            public void onError(dev.mvc.MvcException error) {}
          }).get(10, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(deltas).containsExactly("Reset ", "it.");
      assertThat(r.text()).isEqualTo("Reset it.");
      assertThat(bedrock.lastRequest().operation()).isEqualTo(dev.mvc.emulators.bedrock.BedrockOperation.CONVERSE_STREAM);
    });
  }

  @Test
  void failureAnalyzer_isRegisteredForSpringBootsStartupReport() throws Exception {
    List<String> analyzers = new java.util.ArrayList<>();
    for (java.net.URL url : java.util.Collections.list(
        getClass().getClassLoader().getResources("META-INF/spring.factories"))) {
      java.util.Properties p = new java.util.Properties();
      try (java.io.InputStream in = url.openStream()) {
        p.load(in);
      }
      String value = p.getProperty("org.springframework.boot.diagnostics.FailureAnalyzer");
      if (value != null) {
        for (String name : value.split(",")) {
          analyzers.add(name.trim());
        }
      }
    }
    assertThat(analyzers).contains(MvcClientFailureAnalyzer.class.getName());
  }

  @Test
  void manifestProperty_acceptsAFileUri() throws Exception {
    Path file = writeManifest("file.json", "1.2.3");
    runner.withPropertyValues(CLIENT + "manifest=" + file.toUri()).run(context ->
        assertThat(context.getBean("support-answer", PinnedModelClient.class).currentManifest().manifest().version())
            .isEqualTo("1.2.3"));
  }

  @Test
  void userPinnedModelClientBean_ofTheSameName_winsOverTheProperties() {
    runner.withBean("support-answer", PinnedModelClient.class, () -> PinnedModelClient.builder()
            .manifest(TestManifests.withVersion(TestManifests.bedrock("Own: {{input}}"), "9.9.9"))
            .backend(BedrockBackend.builder().build()).build())
        .run(context -> assertThat(context.getBean("support-answer", PinnedModelClient.class)
            .currentManifest().manifest().version()).isEqualTo("9.9.9"));
  }

  @Test
  void userBedrockBackendBean_winsOverTheAutoConfiguredOne() {
    BedrockBackend own = BedrockBackend.builder().build();
    runner.withBean("ownBackend", BedrockBackend.class, () -> own).run(context -> {
      assertThat(context.getBeansOfType(BedrockBackend.class)).containsOnlyKeys("ownBackend");
      assertThat(context).doesNotHaveBean("mvcBedrockBackend");
    });
  }

  @Test
  void bedrockLifecycleCheck_fail_stopsTheStartOnALegacyModel_andWarnLetsItStart() {
    bedrock.foundationModel(TestManifests.MODEL_ID, BedrockModelLifecycle.LEGACY);
    runner.withPropertyValues("mvc.bedrock.lifecycle-check=FAIL").run(context -> {
      assertThat(context).hasFailed();
      assertThat(context.getStartupFailure()).hasRootCauseMessage(rootMessage(context.getStartupFailure()))
          .rootCause().hasMessageContaining("LEGACY");
    });
    runner.withPropertyValues("mvc.bedrock.lifecycle-check=WARN").run(context -> assertThat(context).hasNotFailed());
  }

  @Test
  void watchInterval_startsAWatcherWithTheContext_thatSwapsANewVersion_andStopsWithTheContext() throws Exception {
    Path file = writeManifest("watched.json", "1.0.0");
    ManifestWatcherLifecycle[] watcher = new ManifestWatcherLifecycle[1];
    runner.withPropertyValues(CLIENT + "manifest=" + file, CLIENT + "watch.interval=50ms").run(context -> {
      watcher[0] = context.getBean("support-answer-watcher", ManifestWatcherLifecycle.class);
      assertThat(watcher[0].isRunning()).isTrue();
      assertThat(watcher[0].interval()).isEqualTo(Duration.ofMillis(50));
      writeManifest("watched.json", "1.1.0");
      PinnedModelClient client = context.getBean("support-answer", PinnedModelClient.class);
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (!client.currentManifest().manifest().version().equals("1.1.0") && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(client.currentManifest().manifest().version()).isEqualTo("1.1.0");
    });
    assertThat(watcher[0].isRunning()).isFalse();
  }

  @Test
  void withoutWatchInterval_noWatcherRuns() {
    runner.run(context -> assertThat(context).doesNotHaveBean(ManifestWatcherLifecycle.class));
  }

  @Test
  void policyRequireApproval_stopsTheStart_ofAManifestWithoutApproval() {
    runner.withPropertyValues(CLIENT + "policy.require-approval=true").run(context -> {
      assertThat(context).hasFailed();
      assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("approv");
    });
  }

  @Test
  void policyRelax_letsAnUnversionedModelIdLoad_andAnUnknownRuleNameFailsNamingTheProperty() throws Exception {
    VersionManifest unversioned = TestManifests.base("Q: {{input}}").name("support-answer")
        .model(BedrockTarget.builder("anthropic.claude-3-haiku").region("us-east-1").build()).build();
    Path file = dir.resolve("unversioned.json");
    Files.writeString(file, unversioned.toJson());
    runner.withPropertyValues(CLIENT + "manifest=" + file).run(context -> assertThat(context).hasFailed());
    runner.withPropertyValues(CLIENT + "manifest=" + file, CLIENT + "policy.relax=bedrock-model-versioned")
        .run(context -> assertThat(context).hasNotFailed());
    runner.withPropertyValues(CLIENT + "policy.relax=no-such-rule").run(context -> {
      MvcClientStartException e = startException(context.getStartupFailure());
      assertThat(e.property()).isEqualTo("mvc.clients.support-answer.policy.relax[0]");
      assertThat(e.source()).isEqualTo("no-such-rule");
    });
  }

  @Test
  void fallbackManifest_isLoadedAsThePinnedFallback_forTheConfiguredErrorCodes() {
    bedrock.enqueue(BedrockReply.error(BedrockErrorType.SERVICE_UNAVAILABLE), BedrockReply.text("from fallback"));
    runner.withPropertyValues(CLIENT + "fallback.manifest=classpath:manifests/support-answer-2.json",
        CLIENT + "fallback.on=ServiceUnavailableException").run(context -> {
          PinnedModelClient client = context.getBean("support-answer", PinnedModelClient.class);
          assertThat(client.fallbackManifest().manifest().version()).isEqualTo("2.0.0");
          InvocationResponse r = client.invoke(Map.of("input", "q"));
          assertThat(r.text()).isEqualTo("from fallback");
          assertThat(r.stamp().fallback()).isTrue();
          assertThat(r.stamp().manifestVersion()).isEqualTo("2.0.0");
        });
  }

  @Test
  void canaryManifest_createsACanaryClientBean_withTheConfiguredPercent() {
    runner.withPropertyValues(CLIENT + "canary.manifest=classpath:manifests/support-answer-2.json",
        CLIENT + "canary.percent=25").run(context -> {
          CanaryClient canary = context.getBean("support-answer-canary", CanaryClient.class);
          assertThat(canary.percent()).isEqualTo(25.0);
          assertThat(canary.clientFor("any").currentManifest().manifest().version()).isIn("1.0.0", "2.0.0");
          canary.promote();
          assertThat(canary.clientFor("any").currentManifest().manifest().version()).isEqualTo("2.0.0");
        });
  }

  @Test
  void responseCacheMaxSize_turnsTheResponseCacheOn() {
    runner.run(context -> assertThat(context.getBean("support-answer", PinnedModelClient.class)
        .responseCacheStats().enabled()).isFalse());
    runner.withPropertyValues(CLIENT + "response-cache.max-size=100").run(context ->
        assertThat(context.getBean("support-answer", PinnedModelClient.class).responseCacheStats().enabled())
            .isTrue());
  }

  @Test
  void resilienceProperties_retryAThrottledCall_andTurnOnTheCircuitBreaker() {
    bedrock.enqueue(BedrockReply.error(BedrockErrorType.THROTTLING), BedrockReply.text("second try"));
    runner.withPropertyValues(CLIENT + "resilience.retry.max-attempts=3",
        CLIENT + "resilience.retry.initial-backoff=1ms", CLIENT + "resilience.retry.max-backoff=5ms",
        CLIENT + "resilience.circuit-breaker.failure-rate-threshold=50",
        CLIENT + "resilience.circuit-breaker.minimum-calls=10").run(context -> {
          PinnedModelClient client = context.getBean("support-answer", PinnedModelClient.class);
          assertThat(client.invoke(Map.of("input", "q")).text()).isEqualTo("second try");
          assertThat(bedrock.requests()).hasSize(2);
          assertThat(client.circuitState()).isEqualTo("CLOSED");
        });
    runner.withPropertyValues(CLIENT + "resilience.retry.max-attempts=99").run(context -> {
      MvcClientStartException e = startException(context.getStartupFailure());
      assertThat(e.property()).isEqualTo("mvc.clients.support-answer.resilience.retry");
      assertThat(e.getMessage()).contains("99");
    });
  }

  @Test
  void trustedKeys_requireAValidSignature_soOnlyTheSignedManifestStarts() throws Exception {
    KeyPair keys = ManifestSignatures.generateKeyPair();
    Path file = writeManifest("signed.json", "1.0.0");
    String key = "mvc.signatures.trusted-keys.release=" + ManifestSignatures.encodePublicKey(keys.getPublic());
    runner.withPropertyValues(CLIENT + "manifest=" + file, key).run(context -> {
      assertThat(context).hasFailed();
      assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("signature");
    });
    VersionManifest m = VersionManifest.parse(Files.readAllBytes(file));
    Files.writeString(dir.resolve("signed.json.sig"), ManifestSignatures.sign(m, "release", keys.getPrivate()));
    Path keyFile = dir.resolve("release.pub");
    Files.writeString(keyFile, ManifestSignatures.encodePublicKey(keys.getPublic()));
    runner.withPropertyValues(CLIENT + "manifest=" + file, "mvc.signatures.trusted-keys.release=file:" + keyFile)
        .run(context -> assertThat(context).hasNotFailed());
  }

  @Test
  void auditFile_addsAnAuditLog_thatWritesOneJsonLinePerCall() throws Exception {
    Path audit = dir.resolve("audit.jsonl");
    runner.run(context -> assertThat(context).doesNotHaveBean(AuditLog.class));
    runner.withPropertyValues("mvc.audit.file=" + audit).run(context -> {
      assertThat(context).hasSingleBean(AuditLog.class);
      context.getBean("support-answer", PinnedModelClient.class).invoke(Map.of("input", "q"));
    });
    List<String> lines = Files.readAllLines(audit, StandardCharsets.UTF_8);
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0)).contains("\"support-answer\"").contains("1.0.0");
  }

  @Test
  void meterRegistryBean_addsMvcMetrics_thatCountEachCall_andWithoutItThereAreNone() {
    runner.run(context -> assertThat(context).doesNotHaveBean(MvcMetrics.class));
    runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
      assertThat(context).hasSingleBean(MvcMetrics.class);
      context.getBean("support-answer", PinnedModelClient.class).invoke(Map.of("input", "q"));
      assertThat(context.getBean(MeterRegistry.class).find(MvcMetrics.INVOCATIONS).counter().count()).isEqualTo(1.0);
    });
  }

  @Test
  void s3ClientBean_addsTheArtifactDigestReader_forImportedModelChecks_andWithoutItThereIsNone() {
    runner.run(context -> assertThat(context).doesNotHaveBean(dev.mvc.spi.ArtifactDigests.class));
    runner.withBean(software.amazon.awssdk.services.s3.S3Client.class, () -> software.amazon.awssdk.services.s3.S3Client
            .builder().region(software.amazon.awssdk.regions.Region.US_EAST_1)
            .credentialsProvider(software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider.create()).build())
        .run(context -> assertThat(context).getBean(dev.mvc.spi.ArtifactDigests.class)
            .isInstanceOf(dev.mvc.s3.S3ArtifactDigests.class));
  }

  @Test
  void openTelemetryBean_addsMvcTracing_andWithoutItThereIsNone() {
    runner.run(context -> assertThat(context).doesNotHaveBean(MvcTracing.class));
    runner.withBean(OpenTelemetry.class, OpenTelemetry::noop)
        .run(context -> assertThat(context).hasSingleBean(MvcTracing.class));
  }

  @Test
  void missingManifest_stopsTheStart_withAFailureAnalysisNamingPropertySourceAndCause() {
    runner.withPropertyValues(CLIENT + "manifest=classpath:manifests/missing.json").run(context -> {
      assertThat(context).hasFailed();
      FailureAnalysis analysis = new MvcClientFailureAnalyzer().analyze(context.getStartupFailure());
      assertThat(analysis).isNotNull();
      assertThat(analysis.getDescription())
          .contains("Property: mvc.clients.support-answer.manifest")
          .contains("Source:   classpath:manifests/missing.json")
          .contains("Cause:    ManifestSourceException");
      assertThat(analysis.getAction()).contains("mvc.clients.support-answer.last-known-good");
    });
  }

  @Test
  void unreachableSource_withALastKnownGoodCopy_startsFromTheCopy_andHealthIsUpButDegraded() throws Exception {
    Path file = writeManifest("lkg.json", "1.0.0");
    Path lkg = dir.resolve("lkg");
    runner.withPropertyValues(CLIENT + "manifest=" + file, CLIENT + "last-known-good=" + lkg).run(context ->
        assertThat(context).hasNotFailed());
    // A source that answers but cannot be read stands for an outage; a missing file is an error, not an outage.
    Files.delete(file);
    Files.createDirectory(file);
    runner.withPropertyValues(CLIENT + "manifest=" + file, CLIENT + "last-known-good=" + lkg).run(context -> {
      PinnedModelClient client = context.getBean("support-answer", PinnedModelClient.class);
      assertThat(client.currentManifest().servedFrom()).isEqualTo(ServedFrom.LAST_KNOWN_GOOD);
      Health health = clientHealth(context.getBean("mvcHealthContributor", HealthContributor.class));
      assertThat(health.getStatus()).isEqualTo(Status.UP);
      assertThat(health.getDetails()).containsEntry("degraded", true).containsEntry("servedFrom", "last-known-good");
    });
  }

  @Test
  void health_ofAClientServingFromItsSource_isUpWithItsManifestDetails() {
    runner.run(context -> {
      Health health = clientHealth(context.getBean("mvcHealthContributor", HealthContributor.class));
      PinnedModelClient client = context.getBean("support-answer", PinnedModelClient.class);
      assertThat(health.getStatus()).isEqualTo(Status.UP);
      assertThat(health.getDetails())
          .containsEntry("manifest", "support-answer")
          .containsEntry("version", "1.0.0")
          .containsEntry("digest", client.currentManifest().manifest().digest())
          .containsEntry("approval", "Unknown")
          .containsEntry("source", "classpath:manifests/support-answer.json")
          .containsEntry("servedFrom", "source")
          .doesNotContainKey("degraded");
    });
  }

  @Test
  void health_withTheCircuitOpenAndNoFallback_isDown() {
    bedrock.respondWith(BedrockReply.error(BedrockErrorType.SERVICE_UNAVAILABLE));
    runner.withPropertyValues(CLIENT + "resilience.circuit-breaker.failure-rate-threshold=50",
        CLIENT + "resilience.circuit-breaker.minimum-calls=2").run(context -> {
          PinnedModelClient client = context.getBean("support-answer", PinnedModelClient.class);
          for (int i = 0; i < 2; i++) {
            try {
              client.invoke(Map.of("input", "q"));
            } catch (RuntimeException expected) {
              // the circuit counts it
            }
          }
          Health health = clientHealth(context.getBean("mvcHealthContributor", HealthContributor.class));
          assertThat(health.getStatus()).isEqualTo(Status.DOWN);
          assertThat(health.getDetails()).containsEntry("circuit", "OPEN");
        });
  }

  @Test
  void health_withTheCircuitOpenAndAFallbackServing_isUpButDegraded() {
    bedrock.respondWith(BedrockReply.error(BedrockErrorType.SERVICE_UNAVAILABLE));
    runner.withPropertyValues(CLIENT + "resilience.circuit-breaker.failure-rate-threshold=50",
        CLIENT + "resilience.circuit-breaker.minimum-calls=2",
        CLIENT + "fallback.manifest=classpath:manifests/support-answer-2.json").run(context -> {
          PinnedModelClient client = context.getBean("support-answer", PinnedModelClient.class);
          for (int i = 0; i < 2; i++) {
            try {
              client.invoke(Map.of("input", "q"));
            } catch (RuntimeException expected) {
              // the circuit counts it
            }
          }
          Health health = clientHealth(context.getBean("mvcHealthContributor", HealthContributor.class));
          assertThat(health.getStatus()).isEqualTo(Status.UP);
          assertThat(health.getDetails()).containsEntry("circuit", "OPEN").containsEntry("degraded", true)
              .containsEntry("fallback", "support-answer@2.0.0");
          assertThat((String) health.getDetails().get("reason")).contains("serving fallback support-answer 2.0.0");
        });
  }

  @Test
  void mvcEndpoint_listsEveryClient_andReloadSwapsInANewVersion() throws Exception {
    Path file = writeManifest("endpoint.json", "1.0.0");
    runner.withPropertyValues(CLIENT + "manifest=" + file, "management.endpoints.web.exposure.include=mvc").run(context -> {
      MvcEndpoint endpoint = context.getBean(MvcEndpoint.class);
      @SuppressWarnings("unchecked")
      Map<String, Map<String, Object>> clients = (Map<String, Map<String, Object>>) endpoint.clients().get("clients");
      assertThat(clients.get("support-answer")).containsEntry("version", "1.0.0")
          .containsEntry("servedFrom", "source")
          .containsEntry("source", context.getBean("support-answer", PinnedModelClient.class)
              .currentManifest().source().pinnedUri());
      assertThat((String) clients.get("support-answer").get("source")).contains("endpoint.json");
      writeManifest("endpoint.json", "1.0.1");
      Map<String, Object> reloaded = endpoint.act("support-answer", "reload");
      assertThat(reloaded).containsEntry("swapped", true).containsEntry("version", "1.0.1");
    });
  }

  @Test
  void mvcEndpoint_promoteAndAbort_moveTheCanaryTraffic() {
    runner.withPropertyValues(CLIENT + "canary.manifest=classpath:manifests/support-answer-2.json",
        CLIENT + "canary.percent=10", "management.endpoints.web.exposure.include=mvc").run(context -> {
          MvcEndpoint endpoint = context.getBean(MvcEndpoint.class);
          CanaryClient canary = context.getBean("support-answer-canary", CanaryClient.class);
          endpoint.act("support-answer", "promote");
          assertThat(canary.percent()).isEqualTo(100.0);
          Map<String, Object> aborted = endpoint.act("support-answer", "abort");
          assertThat(canary.percent()).isEqualTo(0.0);
          assertThat(aborted.get("canary")).isEqualTo(Map.of("percent", 0.0, "version", "2.0.0",
              "digest", VersionManifest.parse(getClass().getResourceAsStream("/manifests/support-answer-2.json")
                  .readAllBytes()).digest()));
        });
  }

  @Test
  void infoContributor_reportsTheVersionInUse_ofEveryClient() {
    runner.run(context -> {
      Info.Builder info = new Info.Builder();
      context.getBean(MvcInfoContributor.class).contribute(info);
      @SuppressWarnings("unchecked")
      Map<String, Map<String, String>> mvc = (Map<String, Map<String, String>>) info.build().get("mvc");
      assertThat(mvc.get("support-answer")).containsEntry("manifest", "support-answer")
          .containsEntry("version", "1.0.0");
    });
  }

  private Path writeManifest(String fileName, String version) throws Exception {
    VersionManifest m = VersionManifest.parse(getClass().getResourceAsStream("/manifests/support-answer.json")
        .readAllBytes()).toBuilder().version(version).build();
    Path file = dir.resolve(fileName);
    Path tmp = dir.resolve(fileName + ".tmp");
    Files.writeString(tmp, m.toJson());
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return file;
  }

  private static Health clientHealth(HealthContributor contributor) {
    HealthContributor client = ((CompositeHealthContributor) contributor).getContributor("support-answer");
    return ((HealthIndicator) client).health();
  }

  private static MvcClientStartException startException(Throwable failure) {
    Throwable t = failure;
    while (t != null && !(t instanceof MvcClientStartException)) {
      t = t.getCause();
    }
    assertThat(t).as("start failure caused by MvcClientStartException: %s", failure).isNotNull();
    return (MvcClientStartException) t;
  }

  private static String rootMessage(Throwable t) {
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage();
  }
}
