package dev.mvc.cli.internal;

import dev.mvc.MvcException;
import dev.mvc.PinnedModelClient;
import dev.mvc.ResiliencePolicy;
import dev.mvc.bedrock.BedrockBackend;
import dev.mvc.cli.ExitCode;
import dev.mvc.eval.CaseDifference;
import dev.mvc.eval.Evaluation;
import dev.mvc.eval.EvaluationReport;
import dev.mvc.eval.GoldenSet;
import dev.mvc.eval.GoldenSetException;
import dev.mvc.eval.ScorerTotal;
import dev.mvc.eval.Scorers;
import dev.mvc.eval.spi.Scorer;
import dev.mvc.s3.S3EvaluationRegistry;
import dev.mvc.s3.S3Location;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.exception.SdkException;

/** {@code mvc eval}: a golden set run through the pinned client, scored, and a report bound to the digest. */
@Command(
    name = "eval",
    description = {
        "Evaluate a manifest version against a golden set.",
        "",
        "Runs every case of the golden set (JSON lines) through the real pinned client of the manifest",
        "(Bedrock, with the client's resilience policy), at most --concurrency at a time, grades each answer",
        "with the scorers, and writes a report bound to the manifest digest: per case the stamp, the",
        "answer's SHA-256 (and text with --include-text) and each score; the totals; with --baseline the",
        "per-case differences. Exits 1 when the score is below --min-score. --publish stores the report",
        "beside the manifest in S3 (evaluations/sha256/<hex>.json) for PinningPolicy.requireEvaluation",
        "and mvc approve. Progress goes to standard error: a bar on a terminal, plain lines otherwise.",
        "Scorers: exact, contains, regex, jsonSchema, number, judge:MANIFEST (a grading manifest)."},
    footerHeading = Help.EXAMPLES,
    footer = {
        "  mvc eval --golden golden/support-answer.jsonl --manifest manifest.json --scorer contains --scorer regex --min-score 0.9",
        "  mvc eval --golden g.jsonl --manifest s3://ml-config/app/manifest.json --scorer judge:judge.json \\",
        "      --min-score 0.8 --concurrency 8 --baseline evaluation-results.prev.json --publish s3://ml-config/app/",
        Help.EXIT_CODES})
public final class EvalCommand extends CommandBase {
  @Option(names = "--golden", paramLabel = "FILE", required = true, description = "The golden set (JSON lines).")
  Path golden;

  @Option(names = "--manifest", paramLabel = "FILE|URI", required = true, description = "The manifest to evaluate.")
  String manifest;

  @Option(names = "--baseline", paramLabel = "FILE|URI", description = "An earlier report (file or s3://) to compare with.")
  @Nullable String baseline;

  @Option(names = "--scorer", paramLabel = "NAME[:ARG]", required = true,
      description = "A scorer (repeatable): exact, contains, regex, jsonSchema, number, judge:MANIFEST.")
  List<String> scorers = new ArrayList<>();

  @Option(names = "--min-score", paramLabel = "X", required = true, description = "The lowest passing score, in [0, 1].")
  double minScore;

  @Option(names = "--concurrency", paramLabel = "N", defaultValue = "4", description = "Cases run at once (default ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(names = "--out", paramLabel = "FILE", defaultValue = "evaluation-results.json",
      description = "Where to write the report (default ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--include-text", description = "Keep each answer's text in the report (default: its SHA-256 only).")
  boolean includeText;

  @Option(names = "--publish", paramLabel = "S3_URI",
      description = "Store the report in S3 beside the manifest: the manifest's URI or its folder (s3://bucket/prefix/).")
  @Nullable String publish;

  @Option(names = "--kms-key", paramLabel = "KEY_ID", description = "Encrypt the published report with this KMS key (SSE-KMS).")
  @Nullable String kmsKey;

  @Option(names = "--bedrock-endpoint-url", paramLabel = "URL",
      description = "Send Bedrock requests here (for example an emulator); --endpoint-url still applies to S3.")
  @Nullable URI bedrockEndpoint;

  @Option(names = "--max-attempts", paramLabel = "N", defaultValue = "3",
      description = "Attempts per case under the client's retry policy, for throttling and 5xx (default ${DEFAULT-VALUE}).")
  int maxAttempts;

  @Mixin
  AwsOptions aws;

  @Override
  protected int run() throws IOException {
    if (!(minScore >= 0 && minScore <= 1)) {
      throw new CliException(ExitCode.USAGE, "--min-score must be in [0, 1], was " + minScore, "give a share such as 0.9");
    }
    if (concurrency < 1 || concurrency > 256) {
      throw new CliException(ExitCode.USAGE, "--concurrency must be in [1, 256], was " + concurrency, "give 1 to 256");
    }
    GoldenSet set = readGolden(golden);
    EvaluationReport base = baseline == null ? null : readReport(baseline);
    BedrockBackend.Builder bb = BedrockBackend.builder().credentialsProvider(aws.credentials());
    URI endpoint = bedrockEndpoint != null ? bedrockEndpoint : aws.endpointUrl();
    if (endpoint != null) {
      bb.endpointOverride(endpoint);
    }
    if (aws.region() != null) {
      bb.region(aws.region());
    }
    List<PinnedModelClient> clients = new ArrayList<>();
    try (BedrockBackend backend = bb.build()) {
      PinnedModelClient client = client(manifest, backend, clients);
      List<Scorer> chosen = new ArrayList<>();
      for (String spec : scorers) {
        chosen.add(scorer(spec, backend, clients));
      }
      boolean terminal = System.console() != null && !json;
      Progress progress = new Progress(err(), set.size(), terminal, "cases");
      long start = System.nanoTime();
      EvaluationReport report;
      try {
        report = Evaluation.builder().golden(set).scorers(chosen).concurrency(concurrency).includeText(includeText)
            .minScore(minScore).baseline(base).progress((done, total, r) -> progress.completed(done))
            .build().run(client);
      } finally {
        progress.done();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      write(report);
      S3Location published = publish == null ? null : publish(report);
      print(report, seconds, published);
      if (!report.passed()) {
        return reportFailure(new CliException(ExitCode.CHECK_FAILED, String.format(Locale.ROOT,
            "%s %s scored %.4f, below --min-score %s", report.manifestName(), report.manifestVersion(),
            report.score(), minScore), "look at the failing cases in " + out));
      }
      return ExitCode.OK;
    } finally {
      for (PinnedModelClient c : clients) {
        c.close();
      }
    }
  }

  static GoldenSet readGolden(Path file) {
    UserFiles.requireRegularFile(file, "golden set");
    try {
      return GoldenSet.read(file);
    } catch (GoldenSetException e) {
      throw new CliException(ExitCode.USAGE, e.getMessage(), "fix that line of the golden set (mvc golden show checks it)", e);
    }
  }

  private PinnedModelClient client(String uri, BedrockBackend backend, List<PinnedModelClient> clients) {
    PinnedModelClient c = PinnedModelClient.builder()
        .manifest(ManifestAccess.source(uri, Sources.factory(aws)))
        .backend(backend)
        .resilience(ResiliencePolicy.builder()
            .retry(Math.max(1, maxAttempts), Duration.ofMillis(200), 2.0, Duration.ofSeconds(5)).build())
        .closeBackend(false)
        .build();
    clients.add(c);
    return c;
  }

  private Scorer scorer(String spec, BedrockBackend backend, List<PinnedModelClient> clients) {
    int colon = spec.indexOf(':');
    String name = colon < 0 ? spec : spec.substring(0, colon);
    String arg = colon < 0 ? null : spec.substring(colon + 1);
    if (name.equals("judge")) {
      if (arg == null || arg.isBlank()) {
        throw new CliException(ExitCode.USAGE, "--scorer judge needs the judge's manifest, was '" + spec + "'",
            "write --scorer judge:judge-manifest.json");
      }
      return Scorers.judge(client(arg, backend, clients));
    }
    if (arg != null) {
      throw new CliException(ExitCode.USAGE, "--scorer " + name + " takes no argument, was '" + spec + "'",
          "write --scorer " + name);
    }
    try {
      return Scorers.named(name);
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCode.USAGE, "--scorer " + e.getMessage(), "use one of " + Scorers.NAMES, e);
    }
  }

  private EvaluationReport readReport(String uri) {
    return readReport(uri, "baseline", aws);
  }

  /** Reads the report written by {@code mvc eval} at {@code uri} (a file or s3://); {@code what} names it in errors. */
  static EvaluationReport readReport(String uri, String what, AwsOptions aws) {
    byte[] bytes;
    if (uri.toLowerCase(Locale.ROOT).startsWith("s3://")) {
      S3Location l = S3Options.location(uri);
      try {
        bytes = aws.s3().getObjectAsBytes(b -> b.bucket(l.bucket()).key(l.key()).versionId(l.versionId())).asByteArray();
      } catch (SdkException e) {
        throw new CliException(ExitCode.REMOTE_ERROR, "cannot read " + what + " " + uri + ": " + e.getMessage(),
            "check the URI and your credentials", e);
      }
    } else {
      bytes = UserFiles.read(Path.of(uri), what + " report", 32 << 20);
    }
    try {
      return EvaluationReport.parse(bytes, uri);
    } catch (MvcException e) {
      throw new CliException(ExitCode.USAGE, e.getMessage(), "give a report written by mvc eval", e);
    }
  }

  private void write(EvaluationReport report) throws IOException {
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(out, report.toJson(), StandardCharsets.UTF_8);
  }

  private S3Location publish(EvaluationReport report) {
    S3Location where = S3Options.location(publish.endsWith("/") ? publish + "manifest.json" : publish);
    S3EvaluationRegistry registry = S3EvaluationRegistry.besideManifest(aws.s3(), where);
    return registry.publish(report, kmsKey);
  }

  private void print(EvaluationReport r, double seconds, @Nullable S3Location published) {
    double rate = seconds <= 0 ? 0 : r.cases().size() / seconds;
    if (json) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("manifest", r.manifestName() + " " + r.manifestVersion());
      o.put("digest", r.digest());
      o.put("cases", r.cases().size());
      o.put("score", r.score());
      o.put("minScore", minScore);
      o.put("passed", r.passed());
      o.put("errors", r.errors());
      o.put("casesPerSecond", Math.round(rate * 10) / 10.0);
      o.put("report", out.toString());
      o.put("reportSha256", r.sha256());
      if (published != null) {
        o.put("published", published.toString());
      }
      if (r.baselineDigest() != null) {
        o.put("changedCases", r.differences().size());
      }
      printJson(o);
      return;
    }
    out().println((r.passed() ? "passed" : "FAILED") + String.format(Locale.ROOT, ": score %.4f (min %s) over %d cases, %d errors",
        r.score(), minScore, r.cases().size(), r.errors()));
    out().println("  manifest: " + r.manifestName() + " " + r.manifestVersion() + " " + r.digest());
    for (ScorerTotal t : r.totals().values()) {
      out().println(String.format(Locale.ROOT, "  %-10s %d/%d passed, mean %.4f", t.scorer(), t.passed(), t.cases(), t.mean()));
    }
    if (r.baselineDigest() != null) {
      out().println(String.format(Locale.ROOT, "  baseline: %s scored %.4f; %d cases changed", r.baselineDigest(),
          r.baselineScore(), r.differences().size()));
      int shown = 0;
      for (CaseDifference d : r.differences()) {
        if (shown++ == 10) {
          out().println("    ...");
          break;
        }
        out().println(String.format(Locale.ROOT, "    %s: %s -> %.4f%s", d.id(),
            d.baselineScore() == null ? "new" : String.format(Locale.ROOT, "%.4f", d.baselineScore()), d.score(),
            d.answerChanged() ? " (answer changed)" : ""));
      }
    }
    out().println(String.format(Locale.ROOT, "  report:   %s (%s), %.1f cases/s", out, r.sha256(), rate));
    if (published != null) {
      out().println("  published: " + published);
    }
  }
}
