package dev.mvc.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mvc.LoadedManifest;
import dev.mvc.VersionManifest;
import dev.mvc.cli.ExitCode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mvc diff}: what changed between two manifests, field by field and in the prompt text. */
@Command(
    name = "diff",
    description = {
        "Compare two manifests field by field and their prompt text.",
        "",
        "Compare two manifests field by field (model, inference parameters, prompt SHA-256s, provenance)",
        "and print a unified diff of template and system prompt text that changed. Prompt text is",
        "resolved and checked against its SHA-256 as at load."},
    footerHeading = Help.EXAMPLES,
    footer = {
        "  mvc diff old.json new.json",
        "  mvc diff 's3://ml-config/app/manifest.json?versionId=A' 's3://ml-config/app/manifest.json' --json",
        "  mvc diff --exit-code built.json published.json || echo 'manifests differ'",
        "%nExit codes: 0 ok (also when they differ, unless --exit-code), 1 they differ with --exit-code,",
        "2 usage, 3 not found, 4 remote error."})
public final class DiffCommand extends CommandBase {
  @Parameters(index = "0", paramLabel = "A", description = "First manifest path or URI.")
  String a;

  @Parameters(index = "1", paramLabel = "B", description = "Second manifest path or URI.")
  String b;

  @Option(names = "--exit-code", description = "Exit with 1 when the manifests differ (like git diff --exit-code).")
  boolean exitCode;

  @Mixin
  AwsOptions aws;

  @Override
  protected int run() {
    LoadedManifest la = load(a);
    LoadedManifest lb = load(b);
    VersionManifest ma = la.manifest();
    VersionManifest mb = lb.manifest();
    List<Change> changes = changes(ManifestFields.of(ma), ManifestFields.of(mb));
    Map<String, String> textDiffs = new LinkedHashMap<>();
    putDiff(textDiffs, "prompt.template", la.templateText(), lb.templateText());
    putDiff(textDiffs, "prompt.system", la.systemText(), lb.systemText());
    boolean identical = ma.digest().equals(mb.digest());
    if (json) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("a", side(a, ma));
      r.put("b", side(b, mb));
      r.put("identical", identical);
      List<Map<String, Object>> list = new ArrayList<>();
      for (Change c : changes) {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("path", c.path());
        one.put("change", c.kind());
        one.put("a", c.a());
        one.put("b", c.b());
        list.add(one);
      }
      r.put("changes", list);
      r.put("textDiffs", textDiffs);
      printJson(r);
    } else {
      PrintWriter out = out();
      out.println("a: " + ma.name() + " " + ma.version() + " " + ma.digest() + "  " + a);
      out.println("b: " + mb.name() + " " + mb.version() + " " + mb.digest() + "  " + b);
      if (identical) {
        out.println("identical: same digest");
      }
      for (Change c : changes) {
        switch (c.kind()) {
          case "changed" -> out.println("~ " + c.path() + ": " + show(c.a()) + " -> " + show(c.b()));
          case "added" -> out.println("+ " + c.path() + ": " + show(c.b()));
          default -> out.println("- " + c.path() + ": " + show(c.a()));
        }
      }
      for (String diff : textDiffs.values()) {
        out.println();
        out.print(diff);
      }
    }
    return exitCode && !identical ? ExitCode.CHECK_FAILED : ExitCode.OK;
  }

  private LoadedManifest load(String uri) {
    return ManifestAccess.load(ManifestAccess.fetch(uri, Sources.factory(aws)), ManifestAccess.integrityOnly(), null);
  }

  private static void putDiff(Map<String, String> out, String path, @Nullable String x, @Nullable String y) {
    String diff = UnifiedDiff.of("a/" + path, "b/" + path, x == null ? "" : x, y == null ? "" : y);
    if (!diff.isEmpty()) {
      out.put(path, diff);
    }
  }

  private static Map<String, Object> side(String arg, VersionManifest m) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("manifest", arg);
    s.put("name", m.name());
    s.put("version", m.version());
    s.put("digest", m.digest());
    return s;
  }

  private static String show(@Nullable JsonNode v) {
    return v == null ? "(absent)" : ManifestFields.show(v);
  }

  /** Returns the changed fields, sorted by path. */
  static List<Change> changes(Map<String, JsonNode> fa, Map<String, JsonNode> fb) {
    TreeSet<String> paths = new TreeSet<>(fa.keySet());
    paths.addAll(fb.keySet());
    List<Change> out = new ArrayList<>();
    for (String p : paths) {
      JsonNode x = fa.get(p);
      JsonNode y = fb.get(p);
      if (Objects.equals(x, y)) {
        continue;
      }
      out.add(new Change(p, x == null ? "added" : y == null ? "removed" : "changed", x, y));
    }
    return out;
  }

  /** One changed field. */
  record Change(String path, String kind, @Nullable JsonNode a, @Nullable JsonNode b) {}
}
