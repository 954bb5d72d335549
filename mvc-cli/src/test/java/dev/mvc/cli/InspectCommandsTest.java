package dev.mvc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mvc.VersionManifest;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mvc digest}, {@code mvc show} and {@code mvc diff} print what a manifest pins and what changed. */
class InspectCommandsTest {
  @TempDir
  Path tmp;

  @Test
  void digest_printsTheLibrarysDigestAlone() {
    VersionManifest m = Manifests.valid();
    Path file = Manifests.write(tmp, "m.json", m);

    Cli.Result r = Cli.run("digest", file.toString());

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).isEqualTo(m.digest() + System.lineSeparator());
  }

  @Test
  void digest_ignoresKeyOrderAndWhiteSpace() {
    VersionManifest m = Manifests.valid();
    Path pretty = Manifests.write(tmp, "pretty.json", m);
    Path canonical = Manifests.write(tmp, "canonical.json", m.toCanonicalJson());

    assertThat(Cli.run("digest", pretty.toString()).out()).isEqualTo(Cli.run("digest", canonical.toString()).out());
  }

  @Test
  void show_printsEveryFieldInCanonicalOrder() {
    Path file = Manifests.write(tmp, "m.json", Manifests.valid());

    Cli.Result r = Cli.run("show", file.toString(), "--text");

    assertThat(r.exitCode()).isZero();
    Golden.assertMatches("show/valid.txt", r.outWithout(tmp));
  }

  @Test
  void show_withJson_printsTheCanonicalTree() {
    Path file = Manifests.write(tmp, "m.json", Manifests.valid());

    Cli.Result r = Cli.run("show", file.toString(), "--json");

    assertThat(r.exitCode()).isZero();
    Golden.assertMatches("show/valid.json", r.outWithout(tmp));
  }

  @Test
  void show_theSampleManifest_resolvesItsSystemPromptBlob() {
    Cli.Result r = Cli.run("show", "classpath:manifests/support-answer.json", "--text");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("prompt.system sha256:52b773e1")
        .contains("  | You are the support assistant of Example Corp.");
  }

  @Test
  void diff_listsChangedFieldsAndTheTemplateDiff() {
    Path a = Manifests.write(tmp, "a.json", Manifests.valid());
    Path b = Manifests.write(tmp, "b.json", Manifests.changed());

    Cli.Result r = Cli.run("diff", a.toString(), b.toString());

    assertThat(r.exitCode()).isZero();
    Golden.assertMatches("diff/changed.txt", r.outWithout(tmp));
  }

  @Test
  void diff_withJson_reportsEachChange() {
    Path a = Manifests.write(tmp, "a.json", Manifests.valid());
    Path b = Manifests.write(tmp, "b.json", Manifests.changed());

    Cli.Result r = Cli.run("diff", a.toString(), b.toString(), "--json");

    assertThat(r.exitCode()).isZero();
    Golden.assertMatches("diff/changed.json", r.outWithout(tmp));
  }

  @Test
  void diff_withExitCode_exitsOneOnlyWhenTheyDiffer() {
    Path a = Manifests.write(tmp, "a.json", Manifests.valid());
    Path same = Manifests.write(tmp, "same.json", Manifests.valid().toCanonicalJson());
    Path b = Manifests.write(tmp, "b.json", Manifests.changed());

    Cli.Result identical = Cli.run("diff", "--exit-code", a.toString(), same.toString());
    Cli.Result different = Cli.run("diff", "--exit-code", a.toString(), b.toString());

    assertThat(identical.exitCode()).isZero();
    assertThat(identical.out()).contains("identical: same digest");
    assertThat(different.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
  }

  @Test
  void diff_showsAChangedKnowledgeBaseRetrievalSetting() {
    VersionManifest base = Manifests.valid();
    dev.mvc.BedrockTarget target = (dev.mvc.BedrockTarget) base.model();
    VersionManifest five = base.toBuilder().model(target.toBuilder().knowledgeBase("KB12345678", null, null)
        .retrieval(new dev.mvc.BedrockTarget.Retrieval(5, "SEMANTIC", null, null)).build()).build();
    VersionManifest ten = base.toBuilder().model(target.toBuilder().knowledgeBase("KB12345678", null, null)
        .retrieval(new dev.mvc.BedrockTarget.Retrieval(10, "SEMANTIC", null, null)).build()).build();
    Path a = Manifests.write(tmp, "a.json", five);
    Path b = Manifests.write(tmp, "b.json", ten);

    Cli.Result r = Cli.run("diff", a.toString(), b.toString());

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("model.bedrock.knowledgeBase.retrieval.numberOfResults").contains("5").contains("10")
        .doesNotContain("retrieval.searchType");
  }

  @Test
  void diff_namesTheToolThatChanged_andThePartOfIt() {
    java.util.Map<String, Object> city = java.util.Map.of("type", "object");
    dev.mvc.VersionManifest withTools = Manifests.valid().toBuilder().prompt(Manifests.valid().prompt().toBuilder()
        .tools(dev.mvc.ToolSet.inline(dev.mvc.ToolSpec.of("get_weather", "Weather.", city),
            dev.mvc.ToolSpec.of("get_time", "Time.", city))).build()).build();
    dev.mvc.VersionManifest changedTool = withTools.toBuilder().prompt(withTools.prompt().toBuilder()
        .tools(dev.mvc.ToolSet.inline(dev.mvc.ToolSpec.of("get_weather", "Weather now.", city),
            dev.mvc.ToolSpec.of("get_date", "Date.", city))).build()).build();
    Path a = Manifests.write(tmp, "a.json", withTools);
    Path b = Manifests.write(tmp, "b.json", changedTool);

    Cli.Result r = Cli.run("diff", a.toString(), b.toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("~ prompt.tools[get_weather].description: \"Weather.\" -> \"Weather now.\"")
        .contains("- prompt.tools[get_time].name: \"get_time\"")
        .contains("+ prompt.tools[get_date].name: \"get_date\"");
  }
}
