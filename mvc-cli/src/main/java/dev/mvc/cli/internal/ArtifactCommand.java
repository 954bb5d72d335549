package dev.mvc.cli.internal;

import dev.mvc.cli.ExitCode;
import dev.mvc.s3.ArtifactReference;
import dev.mvc.s3.ArtifactUpload;
import dev.mvc.s3.ArtifactUploader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
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
    subcommands = ArtifactCommand.Upload.class)
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
          "Upload a model artifact with ArtifactUploader: SHA-256 computed while streaming, multipart for",
          "large files with a verified checksum per part, metadata as x-amz-meta-* headers. Shows a",
          "progress bar on a terminal and plain progress lines otherwise. Prints the pinned URI, SHA-256",
          "and size: what model.sagemaker.artifact pins."},
      footerHeading = Help.EXAMPLES,
      footer = {
          "  mvc artifact upload model.tar.gz s3://models/support-llm/model.tar.gz --meta git-sha=$GIT_SHA",
          "  mvc artifact upload model.tar.gz s3://models/llm/model.tar.gz --meta eval-accuracy=0.93 --json",
          Help.EXIT_CODES})
  public static final class Upload extends CommandBase {
    @Parameters(index = "0", paramLabel = "FILE", description = "The artifact file.")
    Path file;

    @Parameters(index = "1", paramLabel = "S3_URI", description = "Where to upload: s3://bucket/key.")
    String target;

    @Option(names = "--meta", paramLabel = "NAME=VALUE",
        description = "User metadata (repeatable); names are lowercase letters, digits and hyphens.")
    Map<String, String> meta = new LinkedHashMap<>();

    @Option(names = "--part-size", paramLabel = "MIB", defaultValue = "16",
        description = "Multipart part size in MiB (default ${DEFAULT-VALUE}); files up to one part go up in one PUT.")
    int partSizeMib;

    @Mixin
    AwsOptions aws;

    @Override
    protected int run() throws IOException {
      UserFiles.requireRegularFile(file, "artifact file");
      long size = Files.size(file);
      ArtifactUpload.Builder upload = ArtifactUpload.builder().file(file).target(S3Options.location(target));
      try {
        meta.forEach(upload::metadata);
      } catch (IllegalArgumentException e) {
        throw new CliException(ExitCode.USAGE, e.getMessage(), "use lowercase letters, digits and hyphens in --meta names", e);
      }
      Progress progress = new Progress(err(), size, System.console() != null && !json);
      ArtifactReference ref;
      try (S3Client counted = aws.newS3(progress.counter())) {
        ref = ArtifactUploader.builder().client(counted).partSize((long) partSizeMib << 20).build()
            .upload(upload.build());
      } finally {
        progress.done();
      }
      if (json) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("uri", ref.uri());
        r.put("versionId", ref.versionId());
        r.put("sha256", ref.sha256());
        r.put("size", ref.size());
        printJson(r);
      } else {
        out().println(ref.uri());
        out().println("  sha256: " + ref.sha256());
        out().println("  size:   " + ref.size());
      }
      return ExitCode.OK;
    }
  }
}
