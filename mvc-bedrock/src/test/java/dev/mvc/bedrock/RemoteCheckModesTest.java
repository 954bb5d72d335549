package dev.mvc.bedrock;

import static dev.mvc.bedrock.TestSetup.AGENT;
import static dev.mvc.bedrock.TestSetup.ALIAS;
import static dev.mvc.bedrock.TestSetup.DS;
import static dev.mvc.bedrock.TestSetup.HAIKU;
import static dev.mvc.bedrock.TestSetup.JOB;
import static dev.mvc.bedrock.TestSetup.KB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvc.CheckFailedException;
import dev.mvc.CheckMode;
import dev.mvc.CheckWarning;
import dev.mvc.ManifestException;
import dev.mvc.PinnedModelClient;
import dev.mvc.VersionManifest;
import dev.mvc.emulators.bedrock.BedrockEmulator;
import dev.mvc.emulators.bedrock.BedrockModelLifecycle;
import dev.mvc.emulators.bedrock.BedrockOperation;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every remote check of the Bedrock backend behaves the same in each {@link CheckMode}: OFF makes
 * no request, WARN reports one warning and serves, FAIL refuses the manifest naming both values.
 * Counted on the emulator's request journal.
 */
class RemoteCheckModesTest {

  private static final Map<String, String> NAME = Map.of("name", "Ada");
  private static BedrockEmulator bedrock;

  /** One remote check: its manifest, the state where the service matches the pin and where it differs. */
  enum Check {
    LIFECYCLE("bedrock-lifecycle", BedrockOperation.GET_FOUNDATION_MODEL, BedrockOperation.CONVERSE,
        HAIKU, "model.bedrock.modelId", HAIKU, "LEGACY") {
      @Override
      VersionManifest manifest() {
        return TestSetup.converse();
      }

      @Override
      void matching(BedrockEmulator e) {
        e.foundationModel(HAIKU, BedrockModelLifecycle.ACTIVE);
      }

      @Override
      void differing(BedrockEmulator e) {
        e.foundationModel(HAIKU, BedrockModelLifecycle.LEGACY);
      }

      @Override
      void unknown(BedrockEmulator e) {
        e.unknownFoundationModel(HAIKU);
      }

      @Override
      BedrockBackend.Builder mode(BedrockBackend.Builder b, CheckMode mode) {
        return b.lifecycleCheck(mode).knowledgeBaseCheck(CheckMode.OFF).agentAliasCheck(CheckMode.OFF);
      }
    },
    KNOWLEDGE_BASE("bedrock-knowledge-base", BedrockOperation.LIST_INGESTION_JOBS,
        BedrockOperation.RETRIEVE_AND_GENERATE, KB, "model.bedrock.knowledgeBase.dataSourceVersion", JOB,
        "JOB0000002") {
      @Override
      VersionManifest manifest() {
        return TestSetup.knowledgeBase();
      }

      @Override
      void matching(BedrockEmulator e) {
        e.completedIngestionJob(KB, DS, JOB);
      }

      @Override
      void differing(BedrockEmulator e) {
        e.completedIngestionJob(KB, DS, JOB).completedIngestionJob(KB, DS, "JOB0000002");
      }

      @Override
      void unknown(BedrockEmulator e) {
        // no ingestion jobs: ListIngestionJobs answers ResourceNotFoundException
      }

      @Override
      BedrockBackend.Builder mode(BedrockBackend.Builder b, CheckMode mode) {
        return b.knowledgeBaseCheck(mode).lifecycleCheck(CheckMode.OFF).agentAliasCheck(CheckMode.OFF);
      }
    },
    AGENT_ALIAS("bedrock-agent-alias", BedrockOperation.GET_AGENT_ALIAS, BedrockOperation.INVOKE_AGENT,
        AGENT + "/" + ALIAS, "model.bedrock.agent.aliasId", ALIAS, "DRAFT") {
      @Override
      VersionManifest manifest() {
        return TestSetup.agent(ALIAS);
      }

      @Override
      void matching(BedrockEmulator e) {
        e.agentAlias(AGENT, ALIAS, "3");
        e.agentVersion(AGENT, "3", HAIKU, "You help customers with product questions about their orders.");
      }

      @Override
      void differing(BedrockEmulator e) {
        e.agentAlias(AGENT, ALIAS, "DRAFT");
      }

      @Override
      void unknown(BedrockEmulator e) {
        // no such alias: GetAgentAlias answers ResourceNotFoundException
      }

      @Override
      BedrockBackend.Builder mode(BedrockBackend.Builder b, CheckMode mode) {
        return b.agentAliasCheck(mode).lifecycleCheck(CheckMode.OFF).knowledgeBaseCheck(CheckMode.OFF);
      }
    },
    INFERENCE_PROFILE("bedrock-target", BedrockOperation.GET_INFERENCE_PROFILE, BedrockOperation.CONVERSE,
        TestSetup.PROFILE, "model.bedrock.inferenceProfile.models", TestSetup.HAIKU_EAST, TestSetup.HAIKU_WEST) {
      @Override
      VersionManifest manifest() {
        return TestSetup.inferenceProfile();
      }

      @Override
      void matching(BedrockEmulator e) {
        e.applicationInferenceProfile(TestSetup.PROFILE, TestSetup.HAIKU_EAST);
      }

      @Override
      void differing(BedrockEmulator e) {
        e.applicationInferenceProfile(TestSetup.PROFILE, TestSetup.HAIKU_EAST, TestSetup.HAIKU_WEST);
      }

      @Override
      void unknown(BedrockEmulator e) {
        // no such profile: GetInferenceProfile answers ResourceNotFoundException
      }

      @Override
      BedrockBackend.Builder mode(BedrockBackend.Builder b, CheckMode mode) {
        return b.targetCheck(mode).knowledgeBaseCheck(CheckMode.OFF).agentAliasCheck(CheckMode.OFF);
      }
    },
    PROVISIONED_THROUGHPUT("bedrock-target", BedrockOperation.GET_PROVISIONED_MODEL_THROUGHPUT,
        BedrockOperation.CONVERSE, TestSetup.THROUGHPUT, "model.bedrock.provisionedThroughput.modelArn",
        TestSetup.HAIKU_EAST, TestSetup.SONNET_EAST) {
      @Override
      VersionManifest manifest() {
        return TestSetup.provisionedThroughput();
      }

      @Override
      void matching(BedrockEmulator e) {
        e.provisionedThroughput(TestSetup.THROUGHPUT, TestSetup.HAIKU_EAST, "InService");
      }

      @Override
      void differing(BedrockEmulator e) {
        e.provisionedThroughput(TestSetup.THROUGHPUT, TestSetup.SONNET_EAST, "InService");
      }

      @Override
      void unknown(BedrockEmulator e) {
        // no such throughput: GetProvisionedModelThroughput answers ResourceNotFoundException
      }

      @Override
      BedrockBackend.Builder mode(BedrockBackend.Builder b, CheckMode mode) {
        return b.targetCheck(mode).knowledgeBaseCheck(CheckMode.OFF).agentAliasCheck(CheckMode.OFF);
      }
    },
    CUSTOM_MODEL("bedrock-target", BedrockOperation.GET_CUSTOM_MODEL, BedrockOperation.CONVERSE,
        TestSetup.CUSTOM, "model.bedrock.customModel.jobArn", TestSetup.CUSTOMIZATION_JOB,
        TestSetup.CUSTOMIZATION_JOB.replace("j7k2l9m4n1p5", "a0b0c0d0e0f0")) {
      @Override
      VersionManifest manifest() {
        return TestSetup.customModel();
      }

      @Override
      void matching(BedrockEmulator e) {
        e.customModel(TestSetup.CUSTOM, TestSetup.HAIKU_EAST, TestSetup.CUSTOMIZATION_JOB);
      }

      @Override
      void differing(BedrockEmulator e) {
        e.customModel(TestSetup.CUSTOM, TestSetup.HAIKU_EAST, found);
      }

      @Override
      void unknown(BedrockEmulator e) {
        // no such custom model: GetCustomModel answers ResourceNotFoundException
      }

      @Override
      BedrockBackend.Builder mode(BedrockBackend.Builder b, CheckMode mode) {
        return b.targetCheck(mode).knowledgeBaseCheck(CheckMode.OFF).agentAliasCheck(CheckMode.OFF);
      }
    },
    IMPORTED_MODEL("bedrock-target", BedrockOperation.GET_IMPORTED_MODEL, BedrockOperation.CONVERSE,
        TestSetup.IMPORTED, "model.bedrock.importedModel.modelDataUri", TestSetup.MODEL_DATA,
        "s3://ml-models/llama-ft/2026-11-15/") {
      @Override
      VersionManifest manifest() {
        return TestSetup.importedModel();
      }

      @Override
      void matching(BedrockEmulator e) {
        e.importedModel(TestSetup.IMPORTED, TestSetup.MODEL_DATA);
      }

      @Override
      void differing(BedrockEmulator e) {
        e.importedModel(TestSetup.IMPORTED, found);
      }

      @Override
      void unknown(BedrockEmulator e) {
        // no such imported model: GetImportedModel answers ResourceNotFoundException
      }

      @Override
      BedrockBackend.Builder mode(BedrockBackend.Builder b, CheckMode mode) {
        return b.targetCheck(mode).knowledgeBaseCheck(CheckMode.OFF).agentAliasCheck(CheckMode.OFF);
      }
    };

    final String name;
    final BedrockOperation lookup;
    final BedrockOperation call;
    final String subject;
    final String field;
    final String pinned;
    final String found;

    Check(String name, BedrockOperation lookup, BedrockOperation call, String subject, String field, String pinned,
        String found) {
      this.name = name;
      this.lookup = lookup;
      this.call = call;
      this.subject = subject;
      this.field = field;
      this.pinned = pinned;
      this.found = found;
    }

    abstract VersionManifest manifest();

    abstract void matching(BedrockEmulator e);

    abstract void differing(BedrockEmulator e);

    abstract void unknown(BedrockEmulator e);

    abstract BedrockBackend.Builder mode(BedrockBackend.Builder b, CheckMode mode);
  }

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
  }

  @ParameterizedTest
  @EnumSource(Check.class)
  void off_makesNoRemoteCallAtAll_evenWhenTheServiceDiffers(Check check) {
    check.differing(bedrock);
    List<CheckWarning> warnings = new CopyOnWriteArrayList<>();
    try (PinnedModelClient client = client(check, CheckMode.OFF, warnings::add)) {
      assertThat(bedrock.requests()).as("requests made while loading").isEmpty();
      assertThat(client.invoke(NAME).text()).isNotEmpty();
    }
    assertThat(bedrock.requests(check.lookup)).isEmpty();
    assertThat(bedrock.requests(check.call)).hasSize(1);
    assertThat(warnings).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Check.class)
  void warn_callsTheListenerOnceWithTheDifference_andTheCallProceeds(Check check) {
    check.differing(bedrock);
    List<CheckWarning> warnings = new CopyOnWriteArrayList<>();
    try (PinnedModelClient client = client(check, CheckMode.WARN, warnings::add)) {
      assertThat(client.invoke(NAME).text()).isNotEmpty();
    }
    assertThat(warnings).singleElement().satisfies(w -> {
      assertThat(w.check()).isEqualTo(check.name);
      assertThat(w.subject()).isEqualTo(check.subject);
      assertThat(w.field()).isEqualTo(check.field);
      assertThat(w.pinned()).isEqualTo(check.pinned);
      assertThat(w.found()).contains(check.found);
      assertThat(w.message()).contains(check.pinned).contains(check.found);
    });
    assertThat(bedrock.requests(check.lookup)).hasSize(1);
    assertThat(bedrock.requests(check.call)).hasSize(1);
  }

  @ParameterizedTest
  @EnumSource(Check.class)
  void fail_refusesTheManifest_namingThePinnedAndTheFoundValue(Check check) {
    check.differing(bedrock);
    List<CheckWarning> warnings = new CopyOnWriteArrayList<>();
    assertThatThrownBy(() -> client(check, CheckMode.FAIL, warnings::add))
        .isInstanceOf(ManifestException.class)
        .cause()
        .isInstanceOfSatisfying(CheckFailedException.class, e -> {
          assertThat(e.check()).isEqualTo(check.name);
          assertThat(e.warnings()).singleElement().satisfies(w -> {
            assertThat(w.pinned()).isEqualTo(check.pinned);
            assertThat(w.found()).contains(check.found);
          });
          assertThat(e.getMessage()).contains(check.field).contains(check.pinned).contains(check.found)
              .contains("check " + check.name + " is FAIL");
        });
    assertThat(warnings).isEmpty();
    assertThat(bedrock.requests(check.lookup)).hasSize(1);
    assertThat(bedrock.requests(check.call)).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(value = CheckMode.class, names = {"WARN", "FAIL"})
  void matchingService_loadsSilently_inEveryMode(CheckMode mode) {
    for (Check check : Check.values()) {
      bedrock.reset();
      check.matching(bedrock);
      List<CheckWarning> warnings = new CopyOnWriteArrayList<>();
      try (PinnedModelClient client = client(check, mode, warnings::add)) {
        assertThat(client.currentManifest().manifest().name()).isEqualTo(check.manifest().name());
      }
      assertThat(warnings).as(check.name).isEmpty();
      assertThat(bedrock.requests(check.lookup)).as(check.name).hasSize(1);
    }
  }

  @ParameterizedTest
  @EnumSource(Check.class)
  void failedLookup_warnsWithAnUnknownFoundValue_orFailsWithTheServiceErrorAsCause(Check check) {
    check.unknown(bedrock);
    List<CheckWarning> warnings = new CopyOnWriteArrayList<>();
    try (PinnedModelClient client = client(check, CheckMode.WARN, warnings::add)) {
      assertThat(client.currentManifest()).isNotNull();
    }
    assertThat(warnings).singleElement().satisfies(w -> {
      assertThat(w.check()).isEqualTo(check.name);
      assertThat(w.found()).isEqualTo(CheckWarning.UNKNOWN);
      assertThat(w.message()).contains("could not be looked up").contains("ResourceNotFoundException");
    });
    assertThatThrownBy(() -> client(check, CheckMode.FAIL, w -> {}))
        .isInstanceOf(ManifestException.class)
        .cause()
        .isInstanceOfSatisfying(CheckFailedException.class, e -> {
          assertThat(e.check()).isEqualTo(check.name);
          assertThat(e.warnings()).extracting(CheckWarning::found).containsExactly(CheckWarning.UNKNOWN);
          assertThat(e.getCause()).isNotNull();
          assertThat(e.getMessage()).contains(check.pinned).contains("could not be looked up");
        });
  }

  @ParameterizedTest
  @EnumSource(Check.class)
  void aListenerThatThrows_doesNotStopTheLoad(Check check) {
    check.differing(bedrock);
    List<CheckWarning> seen = new CopyOnWriteArrayList<>();
    Consumer<CheckWarning> record = seen::add;
    try (PinnedModelClient client = client(check, CheckMode.WARN, w -> {
      record.accept(w);
      throw new IllegalStateException("listener broke");
    })) {
      assertThat(client.invoke(NAME).text()).isNotEmpty();
    }
    assertThat(seen).hasSize(1);
  }

  private static PinnedModelClient client(Check check, CheckMode mode, dev.mvc.spi.CheckListener listener) {
    BedrockBackend backend = check.mode(BedrockBackend.builder()
            .endpointOverride(bedrock.endpoint())
            .credentialsProvider(TestSetup.CREDENTIALS)
            .region("us-east-1"), mode)
        .checkListener(listener)
        .build();
    try {
      return PinnedModelClient.builder().manifest(check.manifest()).backend(backend).build();
    } catch (RuntimeException e) {
      backend.close();
      throw e;
    }
  }
}
