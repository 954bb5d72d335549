package dev.mvc.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mvc.BedrockTarget;
import dev.mvc.InvocationRequest;
import dev.mvc.VersionStamp;
import dev.mvc.cli.ExitCode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mvc replay}: the exact request body a stamp's call sent, rebuilt for given variables. */
@Command(
    name = "replay",
    description = {
        "Print the exact request body a stamped call sent (dry run).",
        "",
        "Print the exact request a stamped call sent for the given variables, without calling AWS.",
        "The stamp's manifest version is fetched (s3:// and classpath: sources; a local file only with",
        "--allow-file-source) and verified as by explain, then served by the real",
        "backend and AWS SDK against an in-process emulator on loopback; what the SDK marshalled is",
        "printed: the request line, then the body. Overrides the call used (its inference digest",
        "differs from the pin) are passed with --temperature, --max-tokens and --top-p and checked",
        "against the stamp. Single-turn calls only: conversation history is not in the stamp."},
    footerHeading = Help.EXAMPLES,
    footer = {
        "  mvc replay \"$STAMP\" --vars vars.json",
        "  mvc replay \"$STAMP\" --var question='How long does a refund take?' --var policy=@policy.txt",
        "  mvc replay \"$STAMP\" --vars vars.json --temperature 0.4 --json",
        Help.EXIT_CODES})
public final class ReplayCommand extends CommandBase {
  @Parameters(index = "0", paramLabel = "STAMP", description = "The stamp or a log line holding it; - reads standard input.")
  String stampArg;

  @Option(names = "--vars", paramLabel = "FILE", description = "A JSON object of template variables.")
  @Nullable Path varsFile;

  @Option(names = "--var", paramLabel = "NAME=VALUE", description = "One variable (repeatable); @FILE reads the value from a file.")
  Map<String, String> vars = new LinkedHashMap<>();

  @Option(names = "--manifest", paramLabel = "FILE|URI",
      description = "Where the manifest is now, when its source moved (the digest must still match).")
  @Nullable String manifest;

  @Option(names = "--temperature", paramLabel = "T", description = "The temperature override the call used.")
  @Nullable Double temperature;

  @Option(names = "--max-tokens", paramLabel = "N", description = "The maxTokens override the call used.")
  @Nullable Integer maxTokens;

  @Option(names = "--top-p", paramLabel = "P", description = "The topP override the call used.")
  @Nullable Double topP;

  @Mixin
  StampSourceOptions stampSources;

  @Mixin
  AwsOptions aws;

  @Override
  protected int run() throws IOException {
    VersionStamp stamp = StampedManifest.parseStamp(stampArg);
    StampedManifest sm = StampedManifest.resolve(stamp, manifest, stampSources, Sources.factory(aws));
    if (!(sm.loaded().manifest().model() instanceof BedrockTarget)) {
      throw new CliException(ExitCode.USAGE, "replay rebuilds Bedrock requests; " + stamp.manifestName()
          + " pins a " + stamp.provider() + " target", "use mvc explain for it");
    }
    InvocationRequest.Builder request = InvocationRequest.builder().variables(variables());
    if (temperature != null) {
      request.overrideTemperature(temperature);
    }
    if (maxTokens != null) {
      request.overrideMaxTokens(maxTokens);
    }
    if (topP != null) {
      request.overrideTopP(topP);
    }
    BedrockDryRun.Result result = BedrockDryRun.run(sm, request.build());
    String effective = result.response().stamp().inferenceDigest();
    boolean parametersMatch = effective.equals(stamp.inferenceDigest());
    String body = result.request().body();
    if (json) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("stamp", ExplainCommand.stampJson(stamp));
      r.put("operation", result.request().operation().name());
      r.put("modelId", result.request().modelId());
      r.put("region", result.region());
      r.put("method", result.request().method());
      r.put("path", result.request().path());
      r.put("parametersMatchStamp", parametersMatch);
      r.put("body", Json.parse(body, "request body"));
      printJson(r);
    } else {
      out().println(result.request().method() + " " + result.request().path());
      out().println(body);
    }
    if (!parametersMatch) {
      return reportFailure(new CliException(ExitCode.CHECK_FAILED, "the replayed parameters digest to " + effective
          + " but the stamp's call used " + stamp.inferenceDigest() + " (the call had overrides)",
          "pass the overrides the call used with --temperature, --max-tokens or --top-p"));
    }
    return ExitCode.OK;
  }

  private Map<String, Object> variables() {
    Map<String, Object> out = new LinkedHashMap<>();
    if (varsFile != null) {
      String text = UserFiles.readText(varsFile, "variables file", UserFiles.MAX_BYTES, ExitCode.USAGE);
      JsonNode node = Json.parse(text, String.valueOf(varsFile));
      if (!node.isObject()) {
        throw new CliException(ExitCode.USAGE, varsFile + " must hold a JSON object of variables",
            "write {\"name\": \"value\", ...}");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode v = e.getValue();
        out.put(e.getKey(), v.isValueNode() ? v.asText() : Json.compact(v));
      }
    }
    for (Map.Entry<String, String> e : vars.entrySet()) {
      String v = e.getValue();
      if (v.startsWith("@")) {
        v = UserFiles.readText(Path.of(v.substring(1)), "file for variable " + e.getKey(), UserFiles.MAX_BYTES,
            ExitCode.USAGE);
      }
      out.put(e.getKey(), v);
    }
    return out;
  }
}
