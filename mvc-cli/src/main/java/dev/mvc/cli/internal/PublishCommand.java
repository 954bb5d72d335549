package dev.mvc.cli.internal;

import dev.mvc.LoadedManifest;
import dev.mvc.VersionManifest;
import dev.mvc.cli.ExitCode;
import dev.mvc.s3.ManifestPublisher;
import dev.mvc.s3.PublishRequest;
import dev.mvc.s3.PublishResult;
import dev.mvc.s3.S3Location;
import java.nio.file.Path;
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
        "with it.",
        "",
        "--config-copy FILE also writes that config file to configs/{git-sha}/FILENAME in the same bucket",
        "(git-sha is the manifest's provenance.gitSha), where the common model-versioning recipe keeps",
        "configs; it is written only when the manifest is."},
    footerHeading = Help.EXAMPLES,
    footer = {
        "  mvc publish manifest.json s3://ml-config/support-answer/manifest.json",
        "  URI=$(mvc publish manifest.json s3://ml-config/app/manifest.json --by ci/build-4711)",
        "  mvc publish manifest.json s3://bucket/app/manifest.json --endpoint-url http://localhost:9090 --json",
        "  mvc publish manifest.json s3://ml-config/app/manifest.json --config-copy config-repo/config/bedrock-config.json",
        Help.EXIT_CODES})
public final class PublishCommand extends CommandBase {
  @Parameters(index = "0", paramLabel = "FILE", description = "The manifest file (or any manifest URI).")
  String file;

  @Parameters(index = "1", paramLabel = "S3_URI", description = "Where to publish: s3://bucket/key.")
  String target;

  @Option(names = "--relax", paramLabel = "RULE", split = ",", description = "Turn off a pinning rule (repeatable).",
      completionCandidates = ValidateCommand.RuleNames.class)
  List<String> relax = new ArrayList<>();

  @Option(names = "--config-copy", paramLabel = "FILE",
      description = "Also write this config file to configs/{git-sha}/ in the bucket (repeatable).")
  List<Path> configCopies = new ArrayList<>();

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
    Map<String, byte[]> copies = configCopies(m);
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
    List<String> copied = new ArrayList<>();
    copies.forEach((key, bytes) -> copied.add(copyConfig(location.bucket(), key, bytes, m)));
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
      out.put("configCopies", copied);
      printJson(out);
    } else {
      out().println(r.uri());

      err().println((r.created() ? "published " : "unchanged, already current: ") + m.name() + " " + m.version()
          + " " + r.digest());
      copied.forEach(uri -> err().println("config copy: " + uri));
    }
    return ExitCode.OK;
  }

  /** Reads the --config-copy files before anything is written, keyed by where they go. */
  private Map<String, byte[]> configCopies(VersionManifest m) {
    Map<String, byte[]> copies = new LinkedHashMap<>();
    if (configCopies.isEmpty()) {
      return copies;
    }
    String gitSha = m.provenance() == null ? null : m.provenance().gitSha();
    if (gitSha == null) {
      throw new CliException(ExitCode.CHECK_FAILED, "--config-copy needs provenance.gitSha in " + file
          + ", which has none", "build the manifest with mvc build, which records the commit");
    }
    for (Path config : configCopies) {
      Path name = config.getFileName();
      String key = "configs/" + gitSha + "/" + (name == null ? config : name);
      if (copies.put(key, UserFiles.read(config, "config file", UserFiles.MAX_BYTES)) != null) {
        throw new CliException(ExitCode.USAGE, "--config-copy names two files called " + name,
            "copy files with different names");
      }
    }
    return copies;
  }

  private String copyConfig(String bucket, String key, byte[] bytes, VersionManifest m) {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("git-sha", java.util.Objects.requireNonNull(m.provenance()).gitSha());
    metadata.put("mvc-manifest-digest", m.digest());
    String versionId = aws.s3().putObject(b -> b.bucket(bucket).key(key).contentType("application/json")
            .metadata(metadata)
            .checksumSHA256(java.util.Base64.getEncoder().encodeToString(Hashes.sha256(bytes))),
        software.amazon.awssdk.core.sync.RequestBody.fromBytes(bytes)).versionId();
    S3Location copy = S3Location.of(bucket, key);
    return versionId == null || versionId.equals("null") ? copy.toString() : copy.withVersionId(versionId).toString();
  }
}
