package dev.mvc.cli.internal;

import dev.mvc.LoadedManifest;
import dev.mvc.VersionManifest;
import dev.mvc.cli.ExitCode;
import dev.mvc.s3.ManifestPublisher;
import dev.mvc.s3.PublishRequest;
import dev.mvc.s3.PublishResult;
import dev.mvc.s3.S3Location;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mvc publish}: a manifest file to a versioned S3 key. */
@Command(
    name = "publish",
    description = {
        "Publish a manifest to a versioned S3 key.",
        "",
        "Publish a manifest to a versioned S3 bucket with ManifestPublisher: the same checks as a load",
        "(parse, prompt SHA-256, variables, pinning policy), prompt blobs uploaded to blobs/sha256/ beside",
        "it, the manifest stored with its SHA-256 checksum and mvc metadata. Prints the pinned URI",
        "(s3://bucket/key?versionId=..) on standard output. Publishing the current content again writes",
        "nothing and prints the current version. A detached signature (FILE.sig, see mvc sign) is stored",
        "with it."},
    footerHeading = Help.EXAMPLES,
    footer = {
        "  mvc publish manifest.json s3://ml-config/support-answer/manifest.json",
        "  URI=$(mvc publish manifest.json s3://ml-config/app/manifest.json --by ci/build-4711)",
        "  mvc publish manifest.json s3://bucket/app/manifest.json --endpoint-url http://localhost:9090 --json",
        Help.EXIT_CODES})
public final class PublishCommand extends CommandBase {
  @Parameters(index = "0", paramLabel = "FILE", description = "The manifest file (or any manifest URI).")
  String file;

  @Parameters(index = "1", paramLabel = "S3_URI", description = "Where to publish: s3://bucket/key.")
  String target;

  @Option(names = "--relax", paramLabel = "RULE", split = ",", description = "Turn off a pinning rule (repeatable).",
      completionCandidates = ValidateCommand.RuleNames.class)
  List<String> relax = new ArrayList<>();

  @Mixin
  S3Options s3Options;

  @Mixin
  AwsOptions aws;

  @Override
  protected int run() {
    S3Location location = S3Options.location(target);
    ManifestAccess.Fetched fetched = ManifestAccess.fetch(file, Sources.factory(aws));
    // Loads locally first so that blob references resolve from beside the file.
    LoadedManifest loaded = ManifestAccess.load(fetched, ValidateCommand.policy(relax), null);
    VersionManifest m = loaded.manifest();
    PublishRequest.Builder request = PublishRequest.builder()
        .target(location)
        .manifestJson(fetched.fetched().bytes())
        .publishedBy(s3Options.by())
        .signature(fetched.fetched().signature());
    if (m.prompt().template().text() == null) {
      request.blob(loaded.templateText());
    }
    if (m.prompt().system() != null && m.prompt().system().text() == null) {
      request.blob(String.valueOf(loaded.systemText()));
    }
    PublishResult r = ManifestPublisher.builder().client(aws.s3()).policy(ValidateCommand.policy(relax)).build()
        .publish(request.build());
    for (String sha : r.repairedBlobs()) {
      err().println("repaired blob " + sha + ": the stored copy did not match its SHA-256 and was uploaded again");
    }
    if (json) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("uri", r.uri());
      out.put("versionId", r.versionId());
      out.put("digest", r.digest());
      out.put("name", m.name());
      out.put("version", m.version());
      out.put("created", r.created());
      out.put("repairedBlobs", r.repairedBlobs());
      printJson(out);
    } else {
      out().println(r.uri());

      err().println((r.created() ? "published " : "unchanged, already current: ") + m.name() + " " + m.version()
          + " " + r.digest());
    }
    return ExitCode.OK;
  }
}
