package dev.mvc.cli.internal;

import dev.mvc.Provenance;
import dev.mvc.VersionManifest;
import dev.mvc.cli.ExitCode;
import dev.mvc.s3.ArtifactMetadata;
import dev.mvc.s3.ArtifactPinner;
import dev.mvc.s3.ArtifactReference;
import dev.mvc.s3.ArtifactUpload;
import dev.mvc.s3.ArtifactUploader;
import dev.mvc.s3.PinnedPrefix;
import dev.mvc.s3.PinnedArtifact;
import dev.mvc.s3.S3Location;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code mvc artifact}: model artifacts in S3. */
@Command(
    name = "artifact",
    description = "Model artifacts in S3.",
    subcommands = {ArtifactCommand.Upload.class, ArtifactCommand.Pin.class})
public final class ArtifactCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCode.USAGE;
  }

  /** {@code mvc artifact upload}. */
  @Command(
      name = "upload",
      description = {
          "Upload a model artifact to S3 and print its pinned reference.",
          "",
          "Upload a model artifact with ArtifactUploader: the file is read once and its SHA-256 computed",
          "while it streams; files above one part go up in parts sent several at a time, each with a",
          "CRC32 S3 verifies. Metadata becomes x-amz-meta-* headers: git-sha, training-date, base-model,",
          "eval-<metric>, training-dataset-version from the flags, else from --manifest's provenance.",
          "Shows a progress bar on a terminal and plain progress lines otherwise. Prints the pinned URI,",
          "SHA-256 and size: what model.sagemaker.artifact pins."},
      footerHeading = Help.EXAMPLES,
      footer = {
          "  mvc artifact upload model.tar.gz s3://models/support-llm/model.tar.gz --git-sha $GIT_SHA \\",
          "      --training-date 2026-11-20 --base-model llama-3.1-8b --eval accuracy=0.93 \\",
          "      --training-dataset-version tickets-2026-11 --kms-key alias/models",
          "  mvc artifact upload model.tar.gz s3://models/llm/model.tar.gz --manifest manifest.json --json",
          Help.EXIT_CODES})
  public static final class Upload extends CommandBase {
    @Parameters(index = "0", paramLabel = "FILE", description = "The artifact file.")
    Path file;

    @Parameters(index = "1", paramLabel = "S3_URI", description = "Where to upload: s3://bucket/key.")
    String target;

    @Option(names = "--git-sha", paramLabel = "SHA", description = "Metadata git-sha: the commit the artifact was built from.")
    @Nullable String gitSha;

    @Option(names = "--training-date", paramLabel = "DATE", description = "Metadata training-date, such as 2026-11-20.")
    @Nullable String trainingDate;

    @Option(names = "--base-model", paramLabel = "MODEL", description = "Metadata base-model: the model it was trained from.")
    @Nullable String baseModel;

    @Option(names = "--eval", paramLabel = "METRIC=NUMBER",
        description = "Metadata eval-METRIC, such as --eval accuracy=0.93 (repeatable).")
    Map<String, String> eval = new LinkedHashMap<>();

    @Option(names = "--training-dataset-version", paramLabel = "VERSION", description = "Metadata training-dataset-version.")
    @Nullable String trainingDatasetVersion;

    @Option(names = "--manifest", paramLabel = "FILE",
        description = "Take the metadata the flags do not give from this manifest's provenance.")
    @Nullable Path manifest;

    @Option(names = "--meta", paramLabel = "NAME=VALUE",
        description = "Other user metadata (repeatable); names are lowercase letters, digits and hyphens.")
    Map<String, String> meta = new LinkedHashMap<>();

    @Option(names = "--kms-key", paramLabel = "KEY", description = "Encrypt with SSE-KMS under this key id, ARN or alias.")
    @Nullable String kmsKey;

    @Option(names = "--part-size", paramLabel = "MIB", defaultValue = "16",
        description = "Multipart part size in MiB (default ${DEFAULT-VALUE}); files up to one part go up in one PUT.")
    int partSizeMib;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "8",
        description = "Parts buffered and sent at once (default ${DEFAULT-VALUE}); memory use is about N parts.")
    int parallel;

    @Mixin
    AwsOptions aws;

    @Override
    protected int run() throws IOException {
      UserFiles.requireRegularFile(file, "artifact file");
      if (partSizeMib < 5 || partSizeMib > 1024) {
        throw new CliException(ExitCode.USAGE, "--part-size must be in [5, 1024] MiB, was " + partSizeMib,
            "parts are 5 MiB (S3's minimum) to 1 GiB (they are held in memory)");
      }
      if (parallel < 1 || parallel > 64) {
        throw new CliException(ExitCode.USAGE, "--parallel must be in [1, 64], was " + parallel, "use 4 to 16");
      }
      long size = Files.size(file);
      ArtifactUpload.Builder upload = ArtifactUpload.builder().file(file).target(S3Options.location(target));
      Map<String, String> metadata = new LinkedHashMap<>();
      if (manifest != null) {
        Provenance provenance = VersionManifest.parse(UserFiles.read(manifest, "manifest file", UserFiles.MAX_BYTES))
            .provenance();
        if (provenance != null) {
          metadata.putAll(ArtifactMetadata.fromProvenance(provenance));
        }
      }
      put(metadata, ArtifactMetadata.GIT_SHA, gitSha);
      put(metadata, ArtifactMetadata.TRAINING_DATE, trainingDate);
      put(metadata, ArtifactMetadata.BASE_MODEL, baseModel);
      put(metadata, ArtifactMetadata.TRAINING_DATASET_VERSION, trainingDatasetVersion);
      try {
        metadata.forEach(upload::metadata);
        eval.forEach(upload::evalMetric);
        meta.forEach(upload::metadata);
        if (kmsKey != null) {
          upload.kmsKeyId(kmsKey);
        }
      } catch (IllegalArgumentException e) {
        throw new CliException(ExitCode.USAGE, e.getMessage(),
            "use lowercase letters, digits and hyphens in metadata names and numbers for --eval", e);
      }
      ArtifactUpload request = upload.build();
      Progress progress = new Progress(err(), size, System.console() != null && !json);
      ArtifactReference ref;
      try (S3Client client = aws.newS3Upload(progress.counter(), parallel)) {
        ref = ArtifactUploader.builder().client(client).partSize((long) partSizeMib << 20).parallelParts(parallel)
            .build().upload(request);
      } finally {
        progress.done();
      }
      if (json) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("uri", ref.uri());
        r.put("versionId", ref.versionId());
        r.put("sha256", ref.sha256());
        r.put("size", ref.size());
        r.put("metadata", request.metadata());
        printJson(r);
      } else {
        out().println(ref.uri());
        out().println("  sha256: " + ref.sha256());
        out().println("  size:   " + ref.size());
        request.metadata().forEach((k, v) -> out().println("  " + k + ": " + v));
      }
      return ExitCode.OK;
    }

    private static void put(Map<String, String> metadata, String name, @Nullable String value) {
      if (value != null) {
        metadata.put(name, value);
      }
    }
  }

  /** {@code mvc artifact pin}. */
  @Command(
      name = "pin",
      description = {
          "Pin a model artifact already in S3 and print its pinned reference.",
          "",
          "For artifacts uploaded by other tools (boto3 upload_file stores no SHA-256 of the whole object):",
          "streams the object version once, computes its SHA-256 and prints the pinned URI, versionId,",
          "SHA-256 and size, with its metadata (git-sha, training-date, base-model, eval-*,",
          "training-dataset-version) mapped into provenance. Writes nothing to the bucket. An object in a",
          "bucket without versioning cannot be pinned and is refused.",
          "A URI ending in / is a model directory (Bedrock Custom Model Import): each object under it is",
          "streamed once and the printed sha256 is that of the listing '<sha256>  <relative key>' of the",
          "objects in byte order of their keys (sha256sum of the files, LC_ALL=C sorted), the value of",
          "model.bedrock.importedModel.sha256; --record writes each object's SHA-256 to its mvc-sha256 tag",
          "so that the load-time check can compare it without downloading."},
      footerHeading = Help.EXAMPLES,
      footer = {
          "  mvc artifact pin s3://models/support-llm/model.tar.gz",
          "  mvc artifact pin s3://models/support-llm/model.tar.gz --version-id 3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY --json",
          "  mvc artifact pin s3://ml-models/llama-ft/2026-10-01/ --record",
          Help.EXIT_CODES})
  public static final class Pin extends CommandBase {
    @Parameters(index = "0", paramLabel = "S3_URI", description = "The artifact: s3://bucket/key (or with ?versionId=..).")
    String uri;

    @Option(names = "--version-id", paramLabel = "V", description = "Pin this version (default: the current one).")
    @Nullable String versionId;

    @Option(names = "--record", description = "For a prefix: write each object's SHA-256 to its mvc-sha256 tag.")
    boolean record;

    @Mixin
    AwsOptions aws;

    @Override
    protected int run() {
      S3Location location = S3Location.parse(uri);
      if (location.key().endsWith("/")) {
        return pinPrefix(location);
      }
      if (record) {
        throw new CliException(ExitCode.USAGE, "--record applies to a prefix (a URI ending in /), was " + uri,
            "upload single artifacts with mvc artifact upload, which records their SHA-256");
      }
      if (versionId != null) {
        if (location.isPinned() && !versionId.equals(location.versionId())) {
          throw new CliException(ExitCode.USAGE, "--version-id " + versionId + " differs from the versionId in " + uri,
              "give the version once");
        }
        location = location.withVersionId(versionId);
      }
      PinnedArtifact pinned = ArtifactPinner.create(aws.s3()).pin(location);
      ArtifactReference ref = pinned.reference();
      Map<String, Object> provenance = ManifestFields.provenance(pinned.provenance().provenance());
      if (json) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("uri", ref.uri());
        r.put("versionId", ref.versionId());
        r.put("sha256", ref.sha256());
        r.put("size", ref.size());
        r.put("metadata", pinned.metadata());
        r.put("provenance", provenance);
        r.put("skipped", pinned.provenance().skipped());
        printJson(r);
      } else {
        out().println(ref.uri());
        out().println("  versionId: " + ref.versionId());
        out().println("  sha256:    " + ref.sha256());
        out().println("  size:      " + ref.size());
        provenance.forEach((k, v) -> out().println("  provenance." + k + ": " + v));
        pinned.provenance().skipped().forEach((k, why) -> err().println("not mapped: " + k + ": " + why));
      }
      return ExitCode.OK;
    }

    private int pinPrefix(S3Location location) {
      if (versionId != null || location.isPinned()) {
        throw new CliException(ExitCode.USAGE, "a prefix has no version: " + uri, "drop --version-id");
      }
      PinnedPrefix pinned = ArtifactPinner.create(aws.s3()).pinPrefix(location, record);
      if (json) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("uri", pinned.uri());
        r.put("sha256", pinned.sha256());
        r.put("size", pinned.size());
        r.put("objects", pinned.objects());
        r.put("recorded", record);
        printJson(r);
      } else {
        out().println(pinned.uri());
        out().println("  sha256:    " + pinned.sha256());
        out().println("  size:      " + pinned.size());
        pinned.objects().forEach((key, sha) -> out().println("  " + sha + "  " + key));
      }
      return ExitCode.OK;
    }
  }
}
