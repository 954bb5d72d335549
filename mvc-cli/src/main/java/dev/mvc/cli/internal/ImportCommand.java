package dev.mvc.cli.internal;

import dev.mvc.InferenceParameters;
import dev.mvc.PromptSpec;
import dev.mvc.PromptTemplate;
import dev.mvc.PromptText;
import dev.mvc.SageMakerTarget;
import dev.mvc.TemplateException;
import dev.mvc.VersionManifest;
import dev.mvc.bedrock.BedrockPromptVersions;
import dev.mvc.cli.ExitCode;
import dev.mvc.s3.ArtifactMetadata;
import dev.mvc.s3.ArtifactPinner;
import dev.mvc.s3.PinnedArtifact;
import dev.mvc.s3.S3Location;
import dev.mvc.sagemaker.ModelPackageDetails;
import dev.mvc.sagemaker.SageMakerModelRegistry;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mvc import}: manifests from what already exists outside mvc. */
@Command(
    name = "import",
    description = "Build manifests from what already exists outside mvc.",
    subcommands = {ImportCommand.SageMakerPackage.class, ImportCommand.BedrockPrompt.class})
public final class ImportCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCode.USAGE;
  }

  /** {@code mvc import bedrock-prompt}. */
  @Command(
      name = "bedrock-prompt",
      description = {
          "Build an ordinary Bedrock manifest from a Prompt Management prompt version.",
          "",
          "Reads the version (GetPrompt) and writes its default variant as a manifest that calls the model",
          "directly: modelId and region, the template ({{variable}} placeholders as mvc writes them; any other",
          "{{ becomes a literal \\{{), the system prompt of a CHAT template, the variables, and the inference",
          "configuration and additional model request fields. Refuses what a manifest cannot represent, naming",
          "it: a prompt that calls an agent, a chat template with more than one message or with tools, cache",
          "points, a variable name mvc cannot write. Prints the version's content hash, the value that",
          "pins the version itself as model.bedrock.prompt.sha256."},
      footerHeading = Help.EXAMPLES,
      footer = {
          "  mvc import bedrock-prompt arn:aws:bedrock:us-east-1:123456789012:prompt/PROMPT1234:3 -o manifest.json",
          Help.EXIT_CODES})
  public static final class BedrockPrompt extends CommandBase {
    @Parameters(index = "0", paramLabel = "ARN:VERSION", description = "The prompt version ARN (...:prompt/<id>:<version>).")
    String arn;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the manifest here (default: standard output).")
    @Nullable Path output;

    @Option(names = "--manifest-name", paramLabel = "NAME", description = "Manifest name (default: the prompt's name).")
    @Nullable String name;

    @Option(names = "--manifest-version", paramLabel = "VERSION", description = "Manifest version (default: the prompt version number).")
    @Nullable String version;

    @Mixin
    AwsOptions aws;

    @Override
    protected int run() throws IOException {
      String region = arn.startsWith("arn:") && arn.split(":").length > 3 ? arn.split(":")[3] : null;
      BedrockPromptVersions.PromptVersion v;
      VersionManifest manifest;
      try (var client = BedrockPrompts.client(aws, region)) {
        v = BedrockPromptVersions.create(client).get(arn);
      }
      try {
        Object created = v.content().get("createdAt");
        manifest = BedrockPromptVersions.manifest(v)
            .name(name != null ? name : v.name())
            .version(version != null ? version : BedrockPrompts.versionOf(v))
            .createdAt(created instanceof String c ? java.time.Instant.parse(c) : java.time.Instant.now())
            .build();
      } catch (dev.mvc.MvcException e) {
        throw new CliException(ExitCode.CHECK_FAILED, e.getMessage(),
            "keep such prompts in Prompt Management and pin the version as model.bedrock.prompt", e);
      }
      Map<String, Object> facts = new LinkedHashMap<>();
      facts.put("prompt", BedrockPrompts.pin(v));
      return emit(this, manifest, output, json, v.arn(), facts, List.of(
          "  model:    " + ((dev.mvc.BedrockTarget) manifest.model()).modelId(),
          "  content:  sha256 " + v.sha256() + " (pin the version itself with " + BedrockPrompts.pinJson(v) + ")"),
          List.of());
    }
  }

  /** {@code mvc import sagemaker-package}. */
  @Command(
      name = "sagemaker-package",
      description = {
          "Build a SageMaker manifest from a model package version registered without mvc.",
          "",
          "Reads the package (DescribeModelPackage): its container image and ImageDigest, its ModelDataUrl,",
          "pinned by streaming the current S3 version once and computing its SHA-256 (as mvc artifact pin),",
          "its environment, its instance type, and its customer metadata (git-sha, training-date, base-model,",
          "eval-*, training-dataset-version; the artifact's own S3 metadata fills gaps) into provenance.",
          "Refuses what cannot be pinned, naming it: an image without ImageDigest, an artifact in a bucket",
          "without versioning, a package with several containers. The prompt comes from --template."},
      footerHeading = Help.EXAMPLES,
      footer = {
          "  mvc import sagemaker-package arn:aws:sagemaker:us-east-1:123456789012:model-package/support-llm/3 \\",
          "      --endpoint-name support-llm --variant blue --template prompts/support.txt \\",
          "      --temperature 0.2 --max-tokens 512 --top-p 0.9 -o manifest.json",
          Help.EXIT_CODES})
  public static final class SageMakerPackage extends CommandBase {
    @Parameters(index = "0", paramLabel = "ARN", description = "The model package version ARN.")
    String arn;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the manifest here (default: standard output).")
    @Nullable Path output;

    @Option(names = "--endpoint-name", paramLabel = "NAME", required = true, description = "The endpoint that serves the package.")
    String endpointName;

    @Option(names = "--variant", paramLabel = "NAME", description = "The production variant to pin.")
    @Nullable String variant;

    @Option(names = "--template", paramLabel = "FILE", required = true, description = "The prompt template file.")
    Path template;

    @Option(names = "--system", paramLabel = "FILE", description = "The system prompt file.")
    @Nullable Path system;

    @Option(names = "--payload-format", paramLabel = "FORMAT", defaultValue = "json",
        description = "json, openai-chat or tgi (default ${DEFAULT-VALUE}).")
    String payloadFormat;

    @Option(names = "--temperature", paramLabel = "T", description = "inference.temperature to pin.")
    @Nullable Double temperature;

    @Option(names = "--max-tokens", paramLabel = "N", description = "inference.maxTokens to pin.")
    @Nullable Integer maxTokens;

    @Option(names = "--top-p", paramLabel = "P", description = "inference.topP to pin.")
    @Nullable Double topP;

    @Option(names = "--instance-type", paramLabel = "TYPE",
        description = "The instance type, one the package supports (default: its only one).")
    @Nullable String instanceType;

    @Option(names = "--manifest-name", paramLabel = "NAME", description = "Manifest name (default: the package group).")
    @Nullable String name;

    @Option(names = "--manifest-version", paramLabel = "VERSION", description = "Manifest version (default: the package version number).")
    @Nullable String version;

    @Option(names = "--s3-endpoint-url", paramLabel = "URL",
        description = "Send the S3 requests (the artifact) here instead of the default S3 endpoint.")
    @Nullable URI s3EndpointUrl;

    @Mixin
    AwsOptions aws;

    @Override
    protected int run() throws IOException {
      String templateText = UserFiles.readText(template, "template file", UserFiles.MAX_BYTES, ExitCode.NOT_FOUND);
      PromptTemplate compiled;
      try {
        compiled = PromptTemplate.compile(templateText);
      } catch (TemplateException e) {
        throw new CliException(ExitCode.CHECK_FAILED, template + ": " + e.getMessage(), "correct the placeholder", e);
      }
      ModelPackageDetails details;
      try (SageMakerModelRegistry registry = SageMakerCommand.registry(aws)) {
        details = registry.details(arn);
      }
      String where = "model package " + arn;
      if (details.containers().size() != 1) {
        throw new CliException(ExitCode.CHECK_FAILED, where + " has " + details.containers().size()
            + " inference containers; a manifest pins exactly one", "import a package with one container");
      }
      ModelPackageDetails.Container c = details.containers().get(0);
      if (c.imageDigest() == null || c.imageDigest().isBlank()) {
        throw new CliException(ExitCode.CHECK_FAILED, where + ": container image " + c.image()
            + " has no ImageDigest, so the image cannot be pinned",
            "register the package with the image's digest (ImageDigest, or the image by @sha256:..)");
      }
      String type = instanceType(details, where);
      SageMakerTarget.Builder target = SageMakerTarget.builder(endpointName, payloadFormat)
          .variant(variant)
          .modelPackageArn(details.version().arn())
          .image(c.image(), c.imageDigest())
          .instanceType(type)
          .environment(c.environment());
      Map<String, String> metadata = new LinkedHashMap<>();
      PinnedArtifact artifact = null;
      if (c.modelDataUrl() != null) {
        S3Location location;
        try {
          location = S3Location.parse(c.modelDataUrl());
        } catch (IllegalArgumentException e) {
          throw new CliException(ExitCode.CHECK_FAILED, where + ": ModelDataUrl " + c.modelDataUrl()
              + " is not an s3:// URI, so it cannot be pinned", "import packages whose model data is in S3", e);
        }
        artifact = ArtifactPinner.create(s3().s3()).pin(location);
        target.artifact(artifact.reference().uriWithoutVersion(), artifact.reference().versionId(),
            artifact.reference().sha256());
        metadata.putAll(artifact.metadata());
      }
      metadata.putAll(details.customerMetadata());
      ArtifactMetadata.Mapping provenance = ArtifactMetadata.toProvenance(metadata);
      PromptSpec.Builder prompt = PromptSpec.builder(PromptText.inline(templateText)).variables(List.copyOf(compiled.variables()));
      if (system != null) {
        prompt.system(PromptText.inline(
            UserFiles.readText(system, "system prompt file", UserFiles.MAX_BYTES, ExitCode.NOT_FOUND)));
      }
      VersionManifest manifest;
      try {
        manifest = VersionManifest.builder()
            .name(name != null ? name : details.version().group())
            .version(version != null ? version : String.valueOf(details.version().version()))
            .createdAt(details.version().createdAt())
            .provenance(provenance.provenance())
            .model(target.build())
            .prompt(prompt.build())
            .inference(InferenceParameters.builder().temperature(temperature).maxTokens(maxTokens).topP(topP).build())
            .build();
      } catch (RuntimeException e) {
        throw new CliException(ExitCode.CHECK_FAILED, where + " does not make a valid manifest: " + e.getMessage(),
            "check the options against docs/manifest.md", e);
      }
      Map<String, Object> facts = new LinkedHashMap<>();
      facts.put("package", details.version().arn());
      facts.put("image", c.image() + "@" + c.imageDigest());
      facts.put("artifact", artifact == null ? null : Map.of("uri", artifact.reference().uri(),
          "sha256", artifact.reference().sha256(), "size", artifact.reference().size()));
      facts.put("instanceType", type);
      facts.put("provenance", ManifestFields.provenance(provenance.provenance()));
      facts.put("skipped", provenance.skipped());
      List<String> lines = new ArrayList<>();
      lines.add("  image:    " + c.image() + "@" + c.imageDigest());
      lines.add(artifact != null
          ? "  artifact: " + artifact.reference().uri() + " sha256 " + artifact.reference().sha256()
          : "  artifact: none (the package has no ModelDataUrl)");
      lines.add("  instance: " + (type == null ? "none recorded" : type));
      ManifestFields.provenance(provenance.provenance()).forEach((k, v) -> lines.add("  provenance." + k + ": " + v));
      List<String> notes = new ArrayList<>();
      provenance.skipped().forEach((k, why) -> notes.add("not mapped: " + k + ": " + why));
      return emit(this, manifest, output, json, details.version().arn(), facts, lines, notes);
    }

    private @Nullable String instanceType(ModelPackageDetails details, String where) {
      List<String> supported = details.realtimeInstanceTypes();
      if (instanceType != null) {
        if (!supported.isEmpty() && !supported.contains(instanceType)) {
          throw new CliException(ExitCode.USAGE, "--instance-type " + instanceType + " is not one " + where
              + " supports: " + supported, "choose one of " + supported);
        }
        return instanceType;
      }
      if (supported.size() > 1) {
        throw new CliException(ExitCode.USAGE, where + " supports several instance types " + supported,
            "choose one with --instance-type");
      }
      return supported.isEmpty() ? null : supported.get(0);
    }

    private AwsOptions s3() {
      if (s3EndpointUrl == null) {
        return aws;
      }
      AwsOptions s3 = new AwsOptions();
      s3.endpointUrl = s3EndpointUrl;
      s3.region = aws.region;
      s3.profile = aws.profile;
      return s3;
    }
  }

  /**
   * Writes the imported manifest to {@code output} (or standard output) and reports it: with
   * {@code --json} its name, version, digest and {@code facts}; otherwise "imported SOURCE as ..."
   * and {@code lines} (on stderr when the manifest went to standard output), then {@code notes} on
   * stderr.
   */
  static int emit(CommandBase command, VersionManifest manifest, @Nullable Path output, boolean json, String source,
      Map<String, Object> facts, List<String> lines, List<String> notes) throws IOException {
    String text = manifest.toJson() + "\n";
    if (output != null) {
      write(output, text);
    }
    if (json) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("name", manifest.name());
      r.put("version", manifest.version());
      r.put("digest", manifest.digest());
      r.putAll(facts);
      r.put("output", output == null ? null : output.toString());
      if (output == null) {
        r.put("manifest", ManifestFields.tree(manifest));
      }
      command.printJson(r);
      return ExitCode.OK;
    }
    java.io.PrintWriter report = output == null ? command.err() : command.out();
    if (output == null) {
      command.out().print(text);
    }
    report.println("imported " + source + " as " + manifest.name() + " " + manifest.version() + " "
        + manifest.digest());
    lines.forEach(report::println);
    notes.forEach(command.err()::println);
    if (output != null) {
      report.println("  wrote:    " + output);
    }
    return ExitCode.OK;
  }

  /** Writes a manifest file whole: a temporary file beside it, then one atomic rename. */
  static void write(Path output, String text) throws IOException {
    Path parent = output.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path tmp = Files.createTempFile(parent, ".mvc-import", ".json");
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(tmp, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
