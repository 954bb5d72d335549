package dev.mvc.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mvc.LoadedManifest;
import dev.mvc.VersionManifest;
import dev.mvc.cli.ExitCode;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mvc show}: every field of a manifest, and its prompt text on request. */
@Command(
    name = "show",
    description = {
        "Print every field of a manifest.",
        "",
        "Print a manifest field by field in canonical order. With --text also the template and system",
        "prompt text, resolved from their blobs where needed and checked against their SHA-256."},
    footerHeading = Help.EXAMPLES,
    footer = {
        "  mvc show manifest.json",
        "  mvc show manifest.json --text",
        "  mvc show 's3://ml-config/support-answer/manifest.json?versionId=3HL4kqtJ' --json",
        Help.EXIT_CODES})
public final class ShowCommand extends CommandBase {
  @Parameters(index = "0", paramLabel = "FILE|URI", description = "Manifest path or URI.")
  String uri;

  @Option(names = "--text", description = "Also print the template and system prompt text.")
  boolean text;

  @Mixin
  AwsOptions aws;

  @Override
  protected int run() {
    ManifestAccess.Fetched fetched = ManifestAccess.fetch(uri, Sources.factory(aws));
    VersionManifest m = fetched.parse();
    LoadedManifest loaded = text ? ManifestAccess.load(fetched, ManifestAccess.integrityOnly(), null) : null;
    if (json) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("name", m.name());
      r.put("version", m.version());
      r.put("digest", m.digest());
      r.put("source", fetched.ref().pinnedUri());
      r.put("manifest", ManifestFields.tree(m));
      if (loaded != null) {
        r.put("text", Texts.of(loaded));
      }
      printJson(r);
      return ExitCode.OK;
    }
    PrintWriter out = out();
    out.println(m.name() + " " + m.version() + " " + m.digest());
    out.println("source " + fetched.ref().pinnedUri());
    printFields(out, ManifestFields.of(m), "");
    if (loaded != null) {
      Texts.print(out, loaded);
    }
    return ExitCode.OK;
  }

  /** Prints {@code fields} as aligned {@code path  value} lines. */
  static void printFields(PrintWriter out, Map<String, JsonNode> fields, String indent) {
    int width = 0;
    for (String path : fields.keySet()) {
      width = Math.max(width, path.length());
    }
    for (Map.Entry<String, JsonNode> f : fields.entrySet()) {
      out.println(indent + pad(f.getKey(), width) + "  " + ManifestFields.show(f.getValue()));
    }
  }

  static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }
}
