package dev.mvc.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mvc.SourceRef;
import dev.mvc.VersionManifest;
import dev.mvc.VersionStamp;
import dev.mvc.cli.ExitCode;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mvc explain}: what was in force for one response, from its stamp. */
@Command(
    name = "explain",
    description = {
        "Explain what was in force for a response, from its stamp.",
        "",
        "Explain a response from its version stamp as written in a log line: fetch that exact manifest",
        "version (the stamp's source URI and versionId), check it has the stamp's digest and print what",
        "was in force: model, inference parameters (and whether overrides were used), template and",
        "system prompt text with their SHA-256, approval at the time, and the source.",
        "",
        "The stamp is the last one in the line. A log line is not trusted input, so only a stamp's s3://",
        "and classpath: sources are fetched; a local file named by the stamp only with --allow-file-source."},
    footerHeading = Help.EXAMPLES,
    footer = {
        "  mvc explain 'mvc1;n=support-answer;v=1.4.0;d=sha256:e393...;src=s3://ml-config/app/manifest.json;sv=3HL4...'",
        "  grep 'iid=6f1c' app.log | mvc explain -",
        "  mvc explain \"$STAMP\" --manifest manifest.json --json",
        "  mvc explain \"$STAMP\" --allow-file-source",
        Help.EXIT_CODES})
public final class ExplainCommand extends CommandBase {
  @Parameters(index = "0", paramLabel = "STAMP", description = "The stamp or a log line holding it; - reads standard input.")
  String stampArg;

  @Option(names = "--manifest", paramLabel = "FILE|URI",
      description = "Where the manifest is now, when its source moved (the digest must still match).")
  @Nullable String manifest;

  @Mixin
  StampSourceOptions stampSources;

  @Mixin
  AwsOptions aws;

  @Override
  protected int run() {
    VersionStamp stamp = StampedManifest.parseStamp(stampArg);
    StampedManifest sm = StampedManifest.resolve(stamp, manifest, stampSources, Sources.factory(aws));
    VersionManifest m = sm.loaded().manifest();
    Map<String, JsonNode> fields = ManifestFields.of(m);
    Map<String, JsonNode> model = section(fields, "model.");
    Map<String, JsonNode> inference = section(fields, "inference.");
    if (json) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("stamp", stampJson(stamp));
      r.put("source", sourceJson(sm.fetched().ref()));
      r.put("digestMatches", true);
      r.put("approvalAtLoad", stamp.approval().wireName());
      r.put("gitSha", stamp.gitSha());
      r.put("model", show(model));
      r.put("inference", show(inference));
      r.put("pinnedParameters", sm.pinnedParameters());
      r.put("text", Texts.of(sm.loaded()));
      printJson(r);
      return ExitCode.OK;
    }
    PrintWriter out = out();
    out.println("manifest:   " + m.name() + " " + m.version() + " " + m.digest() + " (digest matches the stamp)");
    out.println("call:       " + stamp.time() + " invocation " + stamp.invocationId()
        + (stamp.backendRequestId() == null ? "" : " request " + stamp.backendRequestId()));
    out.println("served:     from " + stamp.servedFrom().wireName() + (stamp.fallback() ? ", fallback manifest" : "")
        + (stamp.cached() ? ", response cache" : "") + (stamp.arm() == null ? "" : ", canary arm " + stamp.arm()));
    out.println("source:     " + sm.fetched().ref().pinnedUri());
    out.println("approval:   " + stamp.approval().wireName() + " at load");
    out.println("git:        " + (stamp.gitSha() == null ? "-" : stamp.gitSha()));
    out.println("model:");
    ShowCommand.printFields(out, model, "  ");
    out.println("parameters: " + (sm.pinnedParameters() ? "as pinned"
        : "overrides in effect (call " + stamp.inferenceDigest() + ", pin " + sm.loaded().inferenceDigest() + ")"));
    ShowCommand.printFields(out, inference, "  ");
    Texts.print(out, sm.loaded());
    return ExitCode.OK;
  }

  private static Map<String, JsonNode> section(Map<String, JsonNode> fields, String prefix) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    fields.forEach((k, v) -> {
      if (k.startsWith(prefix)) {
        out.put(k, v);
      }
    });
    return out;
  }

  private static Map<String, Object> show(Map<String, JsonNode> fields) {
    return new LinkedHashMap<>(fields);
  }

  static Map<String, Object> stampJson(VersionStamp s) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("name", s.manifestName());
    r.put("version", s.manifestVersion());
    r.put("digest", s.digest());
    r.put("provider", s.provider());
    r.put("invocationId", s.invocationId());
    r.put("time", s.time().toString());
    r.put("backendRequestId", s.backendRequestId());
    r.put("servedFrom", s.servedFrom().wireName());
    r.put("fallback", s.fallback());
    r.put("cached", s.cached());
    r.put("arm", s.arm());
    r.put("inferenceDigest", s.inferenceDigest());
    return r;
  }

  static Map<String, Object> sourceJson(SourceRef ref) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("uri", ref.uri());
    r.put("versionId", ref.versionId());
    r.put("etag", ref.etag());
    return r;
  }
}
