package dev.mvc.samples.article;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mvc.emulators.lambda.LambdaEmulator;
import dev.mvc.emulators.s3.S3MockLauncher;
import dev.mvc.emulators.sagemaker.SageMakerEmulator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recipe's walk-through, run once on the emulators: each rollback lands on the previous version. */
class ArticleWalkthroughTest {
  static S3MockLauncher s3;
  static SageMakerEmulator sagemaker;
  static LambdaEmulator lambda;
  static ArticleWalkthrough.Outcome outcome;
  static String printed;

  @BeforeAll
  static void runWalkthrough(@TempDir Path work) {
    s3 = S3MockLauncher.shared();
    sagemaker = SageMakerEmulator.create().start();
    lambda = LambdaEmulator.create().start();
    StringWriter out = new StringWriter();
    // The module directory holds the recipe's config/ and prompts/, as the walk-through reads them.
    outcome = ArticleWalkthrough.run(Path.of("."), work, new PrintWriter(out, true), s3, sagemaker, lambda);
    printed = out.toString();
  }

  @AfterAll
  static void stop() {
    sagemaker.close();
    lambda.close();
  }

  @Test
  void configRollback_makesThePreviousManifestVersionCurrent_andKeepsEveryVersion() {
    assertThat(outcome.digestV2()).isNotEqualTo(outcome.digestV1());
    assertThat(outcome.currentDigest()).isEqualTo(outcome.digestV1());
    assertThat(outcome.configAfterRollback()).isNotEqualTo(outcome.configV1()).isNotEqualTo(outcome.configV2());
    // v1, v2 and the copy of v1 that the rollback made current
    assertThat(outcome.manifestVersions()).isEqualTo(3);
  }

  @Test
  void publish_copiesTheConfigUnderConfigsGitSha_forEachBuild() {
    assertThat(outcome.configCopies()).hasSize(2)
        .allSatisfy(k -> assertThat(k).matches("configs/[0-9a-f]{40}/bedrock-config.json"));
  }

  @Test
  void lambdaRollback_movesTheAliasToThePreviousFunctionVersion_andKeepsBothVersions() {
    assertThat(outcome.aliasBefore()).isEqualTo("2");
    assertThat(outcome.aliasAfter()).isEqualTo("1");
    assertThat(outcome.functionVersions()).contains("1", "2");
    // pin 1, pin 2, rollback
    assertThat(outcome.aliasMoves()).isEqualTo(3);
  }

  @Test
  void sagemakerRollback_servesThePreviousApprovedPackage_andKeepsBothPackages() {
    assertThat(outcome.endpointImageBefore()).endsWith("4242424242424242424242424242424242424242424242424242424242424242");
    assertThat(outcome.endpointImageAfter()).endsWith("4141414141414141414141414141414141414141414141414141414141414141");
    assertThat(outcome.modelPackages()).isEqualTo(2);
    assertThat(outcome.packageV1()).endsWith("/support-llm/1");
    assertThat(outcome.packageV2()).endsWith("/support-llm/2");
  }

  @Test
  void walkthrough_printsEachCommandAndWhatChanged() {
    assertThat(printed)
        .contains("$ mvc build --repo config-repo")
        .contains("prompt_template_version: \"git-sha-here\"")
        .contains("$ mvc artifact upload model-1.tar.gz s3://ml-models/models/support-llm/model.tar.gz")
        .contains("eval-accuracy: 0.91")
        .contains("package 1 metadata: eval-accuracy=0.91")
        .contains("rollback: support-answer:live 2 -> 1")
        .contains("rolled back support-llm to " + outcome.packageV1())
        .contains("$ mvc sagemaker deploy support-llm --package " + outcome.packageV1())
        .contains("created support-llm with " + outcome.packageV1())
        .contains("capacity: 2 x ml.g5.2xlarge")
        .contains("updated support-llm with " + outcome.packageV2())
        .contains("matches: support-llm 1.1.0");
  }
}
