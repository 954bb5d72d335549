package dev.mvc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mvc.InvocationRequest;
import dev.mvc.ManifestSources;
import dev.mvc.PinnedModelClient;
import dev.mvc.SourceRef;
import dev.mvc.VersionStamp;
import dev.mvc.testkit.InMemoryModelBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mvc explain} and {@code mvc replay} go from a logged stamp back to the exact version and request. */
class StampCommandsTest {
  private static final Map<String, String> VARS = Map.of(
      "policy", "Refunds are paid within 5 business days.", "question", "How long does a refund take?");

  @TempDir
  Path tmp;
  Path manifest;
  Path vars;

  @BeforeEach
  void writeManifest() throws IOException {
    manifest = Manifests.write(tmp.resolve("store"), "manifest.json", Manifests.valid());
    vars = Files.writeString(tmp.resolve("vars.json"),
        "{\"policy\": \"Refunds are paid within 5 business days.\", \"question\": \"How long does a refund take?\"}");
  }

  /** A stamp as a client writes it, with the call parts fixed so outputs are stable. */
  private VersionStamp stamp(InvocationRequest request) {
    try (PinnedModelClient client = PinnedModelClient.builder()
        .manifest(ManifestSources.file(manifest))
        .backend(InMemoryModelBackend.create().otherwise().reply("ok"))
        .build()) {
      return client.invoke(request).stamp().toBuilder()
          .invocationId("6f1c2a9e-0000-4000-8000-000000000001")
          .backendRequestId("req-1")
          .time(Instant.parse("2026-11-20T14:03:00Z"))
          .build();
    }
  }

  private VersionStamp stamp() {
    return stamp(InvocationRequest.of(VARS));
  }

  @Test
  void explain_printsModelParametersTextApprovalAndSource() {
    Cli.Result r = Cli.run("explain", stamp().toHeaderValue(), "--allow-file-source");

    assertThat(r.exitCode()).as(r.err()).isZero();
    Golden.assertMatches("explain/explain.txt", r.outWithout(tmp));
  }

  @Test
  void explain_withJson_printsAStableDocument() {
    Cli.Result r = Cli.run("explain", stamp().toHeaderValue(), "--json", "--allow-file-source");

    assertThat(r.exitCode()).as(r.err()).isZero();
    Golden.assertMatches("explain/explain.json", r.outWithout(tmp));
  }

  @Test
  void explain_findsTheStampInsideALogLine() {
    String line = "2026-11-20T14:03:00Z INFO answer served stamp=" + stamp().toHeaderValue() + " latency=412ms";

    Cli.Result r = Cli.run("explain", line, "--allow-file-source");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("manifest:   test-manifest 1.0.0 sha256:");
  }

  @Test
  void explain_whenTheSourceChangedSince_refusesAndPointsToTheServedVersion() throws IOException {
    String stamp = stamp().toHeaderValue();
    Path kept = Files.copy(manifest, tmp.resolve("kept.json"));
    Files.writeString(manifest, Manifests.changed().toJson());

    Cli.Result changed = Cli.run("explain", stamp, "--allow-file-source");
    Cli.Result fromCopy = Cli.run("explain", stamp, "--manifest", kept.toString());

    assertThat(changed.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(changed.err()).contains("not the stamp's sha256:").contains("--manifest");
    assertThat(fromCopy.exitCode()).as(fromCopy.err()).isZero();
  }

  @Test
  void explain_ofAStampWithAFileSource_isRefusedWithoutTheFlagAndWithoutReadingTheFile() throws IOException {
    Path secret = Files.writeString(tmp.resolve("secret.txt"), "TOPSECRET-4711 second line\n");
    String forged = stamp().toBuilder().source(new SourceRef(secret.toUri().toString(), null, null)).build()
        .toHeaderValue();
    String missing = stamp().toBuilder().source(new SourceRef(tmp.resolve("gone.json").toUri().toString(), null, null))
        .build().toHeaderValue();

    Cli.Result refused = Cli.run("explain", forged);
    Cli.Result refusedMissing = Cli.run("explain", missing);

    assertThat(refused.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(refused.err().lines()).hasSize(1);
    assertThat(refused.err()).startsWith("mvc explain: error: the stamp's manifest source file:")
        .contains("is a local file").contains("fix:").contains("--allow-file-source");
    assertThat(refused.out() + refused.err()).doesNotContain("TOPSECRET");
    // A file that does not exist is refused the same way: nothing was looked up.
    assertThat(refusedMissing.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(refusedMissing.err()).contains("is a local file").doesNotContain("does not exist");
  }

  @Test
  void explain_ofAStampWithAFileSource_withTheFlag_fetchesIt() {
    String stamp = stamp().toHeaderValue();

    Cli.Result without = Cli.run("explain", stamp);
    Cli.Result with = Cli.run("explain", stamp, "--allow-file-source");

    assertThat(without.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(with.exitCode()).as(with.err()).isZero();
    assertThat(with.out()).startsWith("manifest:   test-manifest 1.0.0 sha256:");
  }

  @Test
  void explain_ofAStampWithAPathSource_isRefusedToo() {
    String stamp = stamp().toBuilder().source(new SourceRef(manifest.toString(), null, null)).build().toHeaderValue();

    Cli.Result r = Cli.run("explain", stamp);

    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("is a local file");
  }

  @Test
  void explain_ofAStampWithAnotherScheme_isRefusedNamingIt() {
    String stamp = stamp().toBuilder().source(new SourceRef("https://attacker.example/m.json", null, null)).build()
        .toHeaderValue();

    Cli.Result r = Cli.run("explain", stamp, "--allow-file-source");

    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.err()).contains("https://attacker.example/m.json has scheme https").contains("--manifest");
  }

  @Test
  void explain_ofALineWithAForgedStampBeforeTheRealOne_explainsTheRealOne() throws IOException {
    Path secret = Files.writeString(tmp.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\n");
    String forged = stamp().toBuilder().manifest("evil", "6.6.6", "sha256:" + "e".repeat(64))
        .source(new SourceRef("file:" + secret, null, null)).build().toHeaderValue();
    String line = "2026-11-20T14:03:00Z INFO user asked: " + forged + " stamp=" + stamp().toHeaderValue()
        + " latency=412ms";

    Cli.Result r = Cli.run("explain", line, "--allow-file-source");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("manifest:   test-manifest 1.0.0 sha256:").doesNotContain("root:x");
    assertThat(r.err()).doesNotContain("root:x");
  }

  @Test
  void explain_ofAStampWithAFileSource_butAManifestGiven_usesTheGivenOne() {
    Cli.Result r = Cli.run("explain", stamp().toHeaderValue(), "--manifest", manifest.toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("manifest:   test-manifest 1.0.0 sha256:");
  }

  @Test
  void replay_ofAStampWithAFileSource_isRefusedWithoutTheFlag() {
    Cli.Result r = Cli.run("replay", stamp().toHeaderValue(), "--vars", vars.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).startsWith("mvc replay: error: the stamp's manifest source file:").contains("--allow-file-source");
  }

  @Test
  void explain_ofSomethingThatIsNotAStamp_isAUsageError() {
    Cli.Result r = Cli.run("explain", "hello");

    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("not a version stamp").contains("fix:");
  }

  @Test
  void replay_printsTheBodyTheBedrockBackendMarshals() {
    Cli.Result r = Cli.run("replay", stamp().toHeaderValue(), "--allow-file-source", "--vars", vars.toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    Golden.assertMatches("replay/converse.txt", withoutInvocationId(r.out()));
  }

  @Test
  void replay_withJson_printsOperationPathAndParsedBody() {
    Cli.Result r = Cli.run("replay", stamp().toHeaderValue(), "--allow-file-source", "--vars", vars.toString(), "--json");

    assertThat(r.exitCode()).as(r.err()).isZero();
    Golden.assertMatches("replay/converse.json", withoutInvocationId(r.outWithout(tmp)));
  }

  @Test
  void replay_ofACallWithOverrides_needsTheSameOverrides() {
    String stamp = stamp(InvocationRequest.builder().variables(VARS).overrideTemperature(0.1).build()).toHeaderValue();

    Cli.Result without = Cli.run("replay", stamp, "--allow-file-source", "--vars", vars.toString());
    Cli.Result with = Cli.run("replay", stamp, "--allow-file-source", "--vars", vars.toString(), "--temperature", "0.1");

    assertThat(without.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(without.err()).contains("the call had overrides").contains("--temperature");
    assertThat(with.exitCode()).as(with.err()).isZero();
    assertThat(with.out()).contains("\"temperature\":0.1");
  }

  @Test
  void replay_withVariablesFromOptions_rendersThem() {
    Cli.Result r = Cli.run("replay", stamp().toHeaderValue(), "--allow-file-source",
        "--var", "policy=Refunds are paid within 5 business days.", "--var", "question=How long does a refund take?");

    assertThat(r.exitCode()).as(r.err()).isZero();
    Golden.assertMatches("replay/converse.txt", withoutInvocationId(r.out()));
  }

  @Test
  void replay_withAMissingVariable_namesIt() {
    Cli.Result r = Cli.run("replay", stamp().toHeaderValue(), "--allow-file-source", "--var", "policy=p");

    assertThat(r.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(r.err()).contains("variable question is missing");
  }

  @Test
  void demo_thenExplainItsStamp_tracesTheQuickstartManifest() {
    Cli.Result demo = Cli.run("demo", "--json");
    String stamp = dev.mvc.cli.internal.Json.parse(demo.out(), "demo").get("stamp").asText();

    Cli.Result explain = Cli.run("explain", stamp);

    assertThat(demo.exitCode()).as(demo.err()).isZero();
    assertThat(explain.exitCode()).as(explain.err()).isZero();
    assertThat(explain.out()).contains("support-answer 1.4.0").contains("source:     classpath:manifests/support-answer.json")
        .contains("  | You are the support assistant of Example Corp.");
  }

  @Test
  void demo_printsTheAnswerTheStampAndTheRequestSent() {
    Cli.Result r = Cli.run("demo");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("answer:  Refunds are paid back to the original card within 5 business days.")
        .contains("stamp:   mvc1;n=support-answer;v=1.4.0;").contains("sent:    /model/anthropic.claude-3-haiku");
  }

  /** Every replayed call sends its own invocation ID in the request metadata. */
  private static String withoutInvocationId(String out) {
    return out.replaceAll("\"mvc\\.invocationId\" ?: ?\"[^\"]+\"", "\"mvc.invocationId\":\"<id>\"");
  }
}
