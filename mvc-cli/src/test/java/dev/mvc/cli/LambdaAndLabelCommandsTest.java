package dev.mvc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mvc.VersionManifest;
import dev.mvc.emulators.lambda.LambdaEmulator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mvc lambda} on the Lambda emulator and {@code mvc label} on S3Mock. */
class LambdaAndLabelCommandsTest extends S3CliTestBase {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static LambdaEmulator lambda;

  @TempDir
  Path tmp;
  String key;

  @BeforeAll
  static void startLambda() {
    lambda = LambdaEmulator.create().start();
  }

  @AfterAll
  static void stopLambda() {
    lambda.close();
  }

  @BeforeEach
  void setUp() {
    key = "s3://" + newVersionedBucket("cli-") + "/support-answer/manifest.json";
    lambda.reset();
    lambda.function("support-answer");
    for (int i = 1; i <= 3; i++) {
      lambda.publishVersion("support-answer", "build " + i);
    }
    lambda.alias("support-answer", "live", "3");
  }

  private String publish(VersionManifest m) {
    Path file = Manifests.write(tmp, m.version() + ".json", m);
    Cli.Result r = mvc("publish", file.toString(), key, "--by", "ci/test");
    assertThat(r.exitCode()).as(r.err()).isZero();
    return r.out().strip();
  }

  private static Cli.Result lambdaCmd(String... args) {
    List<String> all = new ArrayList<>(List.of("lambda"));
    all.addAll(List.of(args));
    all.addAll(List.of("--lambda-endpoint-url", lambda.endpoint().toString()));
    return mvc(all.toArray(new String[0]));
  }

  @Test
  void lambdaPinThenRollbackPrevious_movesTheAliasBack_andHistoryShowsWhoWhyAndFromWhere() throws Exception {
    String v1 = publish(Manifests.valid());

    Cli.Result pin = lambdaCmd("pin", v1, "--function", "support-answer", "--alias", "live", "--by", "ci");
    Cli.Result rollback = lambdaCmd("rollback", key, "--function", "support-answer", "--alias", "live", "--previous",
        "--reason", "error rate 4% after deploy", "--by", "oncall@example.com");
    Cli.Result history = lambdaCmd("history", key, "--function", "support-answer", "--alias", "live", "--json");

    assertThat(pin.exitCode()).as(pin.err()).isZero();
    assertThat(pin.out()).startsWith("pin: support-answer:live 3 -> 3").contains(v1).contains(Manifests.valid().digest());
    assertThat(rollback.exitCode()).as(rollback.err()).isZero();
    assertThat(rollback.out()).startsWith("rollback: support-answer:live 3 -> 2").contains("oncall@example.com")
        .contains("error rate 4% after deploy");
    assertThat(lambda.aliasVersion("support-answer", "live")).isEqualTo("2");
    JsonNode moves = JSON.readTree(history.out());
    assertThat(moves).hasSize(2);
    assertThat(moves.get(1).get("kind").asText()).isEqualTo("rollback");
    assertThat(moves.get(1).get("fromVersion").asText()).isEqualTo("3");
    assertThat(moves.get(1).get("by").asText()).isEqualTo("oncall@example.com");
  }

  @Test
  void lambdaRollbackTo_anUnknownVersion_exitsNotFound_andTheAliasStays() {
    publish(Manifests.valid());

    Cli.Result r = lambdaCmd("rollback", key, "--function", "support-answer", "--alias", "live", "--to", "9",
        "--reason", "typo");

    assertThat(r.exitCode()).isEqualTo(ExitCode.NOT_FOUND);
    assertThat(r.err()).contains("support-answer:9");
    assertThat(lambda.aliasVersion("support-answer", "live")).isEqualTo("3");
  }

  @Test
  void labelSet_promotesTheSameVersionFromStagingToProduction_andHistoryListsTheMoves() throws Exception {
    String v1 = publish(Manifests.valid());
    String v2 = publish(Manifests.changed());

    Cli.Result staging = mvc("label", "set", "staging", v2, "--reason", "candidate", "--by", "ci");
    Cli.Result prod1 = mvc("label", "set", "production", v1, "--reason", "first release", "--by", "alice");
    Cli.Result prod2 = mvc("label", "set", "production", v2, "--reason", "staging ran clean", "--by", "bob");
    Cli.Result history = mvc("label", "history", key + "@production", "--json");
    Cli.Result digest = mvc("digest", key + "@production");

    assertThat(staging.exitCode()).as(staging.err()).isZero();
    assertThat(prod1.exitCode()).as(prod1.err()).isZero();
    assertThat(prod2.exitCode()).as(prod2.err()).isZero();
    assertThat(prod2.out()).startsWith(key + "@production -> " + v2)
        .contains("previous: " + v1.substring(v1.indexOf("versionId=") + 10));
    JsonNode moves = JSON.readTree(history.out());
    assertThat(moves).hasSize(2);
    assertThat(moves.get(0).get("manifest").asText()).isEqualTo(v1);
    assertThat(moves.get(1).get("by").asText()).isEqualTo("bob");
    assertThat(digest.out().strip()).as(digest.err()).isEqualTo(Manifests.changed().digest());
  }

  @Test
  void labelSet_withRequireApproval_refusesAnUnapprovedDigest_untilItIsApproved() {
    String v1 = publish(Manifests.valid());

    Cli.Result refused = mvc("label", "set", "production", v1, "--require-approval", "--reason", "ship");
    Cli.Result approve = mvc("approve", v1, "--reason", "eval 0.93", "--without-evaluation");
    Cli.Result accepted = mvc("label", "set", "production", v1, "--require-approval", "--reason", "ship");

    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.err()).contains(Manifests.valid().digest()).contains("requires approval");
    assertThat(approve.exitCode()).as(approve.err()).isZero();
    assertThat(accepted.exitCode()).as(accepted.err()).isZero();
  }
}
