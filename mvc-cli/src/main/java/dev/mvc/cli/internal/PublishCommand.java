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
        "configs; it is written only when the manifest is.",
        "",
        "--bedrock-prompt PROMPT_ID publishes to Bedrock Prompt Management instead of S3: it writes the",
        "prompt's draft (UpdatePrompt) with the manifest's model, template (and system prompt, as a CHAT",
        "template), variables and inference parameters, then creates a version (CreatePromptVersion) whose",
        "client token is the manifest digest's hex, so a retry answers the version already made. Prints the",
        "version ARN on standard output and the content hash to pin as model.bedrock.prompt.sha256."},
    footerHeading = Help.EXAMPLES,
    footer = {
        "  mvc publish manifest.json s3://ml-config/support-answer/manifest.json",
        "  URI=$(mvc publish manifest.json s3://ml-config/app/manifest.json --by ci/build-4711)",
        "  mvc publish manifest.json s3://bucket/app/manifest.json --endpoint-url http://localhost:9090 --json",
        "  mvc publish manifest.json s3://ml-config/app/manifest.json --config-copy config-repo/config/bedrock-config.json",
        "  mvc publish --bedrock-prompt PROMPT1234 manifest.json --region us-east-1",
        Help.EXIT_CODES})
public final class PublishCommand extends CommandBase {
  @Parameters(index = "0", paramLabel = "FILE", description = "The manifest file (or any manifest URI).")
  String file;

  @Parameters(index = "1", arity = "0..1", paramLabel = "S3_URI",
      description = "Where to publish: s3://bucket/key (not with --bedrock-prompt).")
  @org.jspecify.annotations.Nullable String target;

  @Option(names = "--bedrock-prompt", paramLabel = "PROMPT_ID",
      description = "Publish as a new version of this Bedrock Prompt Management prompt (ID or ARN) instead.")
  @org.jspecify.annotations.Nullable String bedrockPrompt;

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
    if ((target == null) == (bedrockPrompt == null)) {
      throw new CliException(ExitCode.USAGE, target == null ? "publish needs S3_URI or --bedrock-prompt PROMPT_ID"
          : "publish takes S3_URI or --bedrock-prompt, not both", "see mvc publish --help");
    }
    if (bedrockPrompt != null) {
      return publishPrompt(bedrockPrompt);
    }
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

  /** Publishes the manifest as a new version of a Prompt Management prompt. */
  private int publishPrompt(String promptId) {
    if (!configCopies.isEmpty()) {
      throw new CliException(ExitCode.USAGE, "--config-copy writes to S3 and is not used with --bedrock-prompt",
          "publish the config with an S3_URI");
    }
    ManifestAccess.Fetched fetched = ManifestAccess.fetch(file, Sources.factory(aws));
    LoadedManifest loaded = ManifestAccess.load(fetched, ValidateCommand.policy(relax), null);
    VersionManifest m = loaded.manifest();
    String region = m.model() instanceof dev.mvc.BedrockTarget t ? t.region() : null;
    dev.mvc.bedrock.BedrockPromptVersions.PromptVersion v;
    try (var client = BedrockPrompts.client(aws, region)) {
      v = dev.mvc.bedrock.BedrockPromptVersions.create(client).publish(promptId, m, loaded.templateText(),
          loaded.systemText());
    } catch (dev.mvc.ManifestException e) {
      throw e;
    } catch (dev.mvc.MvcException e) {
      throw new CliException(ExitCode.CHECK_FAILED, e.getMessage(),
          "publish a manifest whose model, template and inference parameters a prompt version can hold", e);
    }
    if (json) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("arn", v.arn());
      out.put("sha256", v.sha256());
      out.put("prompt", BedrockPrompts.pin(v));
      out.put("clientToken", dev.mvc.bedrock.BedrockPromptVersions.clientToken(m));
      out.put("digest", m.digest());
      out.put("name", m.name());
      out.put("version", m.version());
      printJson(out);
    } else {
      out().println(v.arn());
      err().println("published " + m.name() + " " + m.version() + " " + m.digest() + " as " + v.arn());
      err().println("  content: sha256 " + v.sha256());
      err().println("  pin it under model.bedrock: " + BedrockPrompts.pinJson(v));
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
