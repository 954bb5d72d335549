package dev.mvc.samples.article;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mvc.Provenance;
import dev.mvc.SageMakerTarget;
import dev.mvc.VersionManifest;
import dev.mvc.cli.MvcCli;
import dev.mvc.emulators.lambda.LambdaEmulator;
import dev.mvc.emulators.s3.S3MockLauncher;
import dev.mvc.emulators.sagemaker.SageMakerEmulator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;

/**
 * A walk-through of the config-in-Git, artifacts-in-S3 recipe with the {@code mvc} command line,
 * on emulators only (S3Mock, the SageMaker and Lambda wire emulators; no AWS account, no network):
 *
 * <ol>
 *   <li>build the recipe's config repository ({@code config/bedrock-config.json}, {@code prompts/})
 *       into a manifest and publish it, with a copy of the config under {@code configs/{git-sha}/};
 *   <li>pin the Lambda function version serving it to an alias;
 *   <li>upload model artifacts to {@code models/{model_name}/model.tar.gz} with the recipe's
 *       metadata, register each release in the SageMaker Model Registry, approve, deploy;
 *   <li>a bad config change goes out, then the recipe's rollback procedures: the config back to
 *       the previous manifest version, the Lambda alias back to the previous function version, the
 *       SageMaker endpoint back to the previous approved package.
 * </ol>
 *
 * <p>Every step runs the real command in-process ({@link MvcCli#commandLine}) and prints it with
 * its output. Run it with {@code samples/article/run.sh}; the argument is the directory holding
 * the recipe's {@code config/} and {@code prompts/} (default {@code samples/article}).
 */
public final class ArticleWalkthrough {
  /** The config bucket of the recipe. */
  static final String CONFIG_BUCKET = "ml-config";
  /** The artifact bucket of the recipe. */
  static final String MODEL_BUCKET = "ml-models";
  /** Where the manifest is published. */
  static final String MANIFEST = "s3://" + CONFIG_BUCKET + "/support-answer/manifest.json";
  /** The Lambda function that calls Bedrock, and its alias. */
  static final String FUNCTION = "support-answer";
  static final String ALIAS = "live";
  /** The SageMaker endpoint and model package group. */
  static final String ENDPOINT = "support-llm";
  static final String GROUP = "support-llm";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String IMAGE_REPO = "763104351884.dkr.ecr.us-east-1.amazonaws.com/huggingface-pytorch-tgi-inference";
  private static final String ROLE = "arn:aws:iam::" + SageMakerEmulator.ACCOUNT_ID + ":role/sagemaker-execution";

  private final Path layout;
  private final Path work;
  private final PrintWriter out;
  private final S3MockLauncher s3;
  private final SageMakerEmulator sagemaker;
  private final LambdaEmulator lambda;

  private ArticleWalkthrough(Path layout, Path work, PrintWriter out, S3MockLauncher s3, SageMakerEmulator sagemaker,
      LambdaEmulator lambda) {
    this.layout = layout;
    this.work = work;
    this.out = out;
    this.s3 = s3;
    this.sagemaker = sagemaker;
    this.lambda = lambda;
  }

  /** What the walk-through left behind, for checking it. */
  public record Outcome(
      String configV1, String configV2, String configAfterRollback, String digestV1, String digestV2,
      String currentDigest, int manifestVersions, List<String> configCopies,
      String packageV1, String packageV2, String endpointImageBefore, String endpointImageAfter,
      int modelPackages, String aliasBefore, String aliasAfter, List<String> functionVersions, int aliasMoves) {}

  /** Runs the walk-through on the layout in {@code args[0]} (default {@code samples/article}). */
  public static void main(String[] args) throws IOException {
    Path layout = Path.of(args.length > 0 ? args[0] : "samples/article");
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    S3MockLauncher s3 = S3MockLauncher.builder().build().start();
    try (s3; SageMakerEmulator sagemaker = SageMakerEmulator.create().start();
        LambdaEmulator lambda = LambdaEmulator.create().start()) {
      Path work = Files.createTempDirectory("mvc-article-");
      run(layout, work, out, s3, sagemaker, lambda);
      out.println();
      out.println("The manifests, artifacts and config repository of this run are in " + work);
    }
  }

  /**
   * Runs every step against the given emulators, working in {@code work}, printing to {@code out},
   * and returns what it left behind. The AWS credentials the commands use are set as the
   * {@code aws.accessKeyId} and {@code aws.secretAccessKey} system properties for the run.
   */
  public static Outcome run(Path layout, Path work, PrintWriter out, S3MockLauncher s3, SageMakerEmulator sagemaker,
      LambdaEmulator lambda) {
    String keyId = System.getProperty("aws.accessKeyId");
    String secret = System.getProperty("aws.secretAccessKey");
    System.setProperty("aws.accessKeyId", s3.accessKeyId());
    System.setProperty("aws.secretAccessKey", s3.secretAccessKey());
    try {
      return new ArticleWalkthrough(layout, work, out, s3, sagemaker, lambda).steps();
    } finally {
      restore("aws.accessKeyId", keyId);
      restore("aws.secretAccessKey", secret);
      out.flush();
    }
  }

  private Outcome steps() {
    try (S3Client s3Client = s3Client(); SageMakerClient control = sagemakerClient()) {
      for (String bucket : List.of(CONFIG_BUCKET, MODEL_BUCKET)) {
        s3Client.createBucket(b -> b.bucket(bucket));
        s3Client.putBucketVersioning(b -> b.bucket(bucket)
            .versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
      }
      lambda.function(FUNCTION);
      lambda.publishVersion(FUNCTION, "release 1.0");
      lambda.publishVersion(FUNCTION, "release 1.1");
      lambda.alias(FUNCTION, ALIAS, "1");

      heading("1. Config in Git: build the recipe's repository as it is, publish it, pin the Lambda alias");
      Path repo = work.resolve("config-repo");
      copy(layout.resolve("config"), repo.resolve("config"));
      copy(layout.resolve("prompts"), repo.resolve("prompts"));
      git(repo, "init", "-q");
      commit(repo, "Support answer on Claude Sonnet 4.5");
      Path v1 = work.resolve("manifest-v1.json");
      mvc("build", "--repo", repo.toString(), "-o", v1.toString());
      // The recipe's config pins temperature and top_p together, which Claude Sonnet 4.5 refuses in
      // one request; mvc's parameter-contract rule says so at publish. The walk-through keeps the
      // recipe's file as it is and relaxes that one rule on purpose; a real deployment drops top_p.
      out.println("note: the recipe pins temperature and top_p together, which Claude Sonnet 4.5 refuses;"
          + " publishing with --relax parameter-contract to keep the recipe's file as it is");
      String configV1 = s3Cmd("publish", v1.toString(), MANIFEST, "--relax", "parameter-contract", "--by", "ci/build-41",
          "--config-copy", repo.resolve("config/bedrock-config.json").toString()).strip();
      lambdaCmd("pin", configV1, "--function", FUNCTION, "--alias", ALIAS, "--version", "1", "--by", "ci/build-41");

      heading("2. Artifacts in S3 with metadata, registered in the SageMaker Model Registry, approved, deployed");
      VersionManifest sm1 = release(1, control, "2026-11-10", 0.91);
      VersionManifest sm2 = release(2, control, "2026-11-20", 0.93);
      String arn1 = registerAndApprove(sm1, "eval-accuracy 0.91 on the support set, reviewed by support-ops");
      String arn2 = registerAndApprove(sm2, "eval-accuracy 0.93 on the support set, reviewed by support-ops");
      // The first deployment creates the endpoint; the next one updates it blue/green, all at once.
      sagemakerCmd("deploy", ENDPOINT, "--package", arn1, "--execution-role-arn", ROLE, "--instance-count", "2",
          "--timeout", "30", "--poll-interval-ms", "20");
      sagemakerCmd("verify-endpoint", work.resolve("support-llm-1.1.0.json").toString());
      sagemakerCmd("deploy", ENDPOINT, "--package", arn2, "--timeout", "30", "--poll-interval-ms", "20");
      Path sm2File = work.resolve("support-llm-1.2.0.json");
      sagemakerCmd("verify-endpoint", sm2File.toString());
      String endpointBefore = endpointImage(control);

      heading("3. A config change goes out: temperature 0.1 -> 0.7, new Lambda version behind the alias");
      Path config = repo.resolve("config/bedrock-config.json");
      writeString(config, readString(config).replace("\"temperature\": 0.1", "\"temperature\": 0.7"));
      commit(repo, "Warmer answers");
      Path v2 = work.resolve("manifest-v2.json");
      mvc("build", "--repo", repo.toString(), "-o", v2.toString());
      String configV2 = s3Cmd("publish", v2.toString(), MANIFEST, "--relax", "parameter-contract", "--by", "ci/build-42",
          "--config-copy", config.toString()).strip();
      lambdaCmd("pin", configV2, "--function", FUNCTION, "--alias", ALIAS, "--version", "2", "--by", "ci/build-42");
      String aliasBefore = lambda.aliasVersion(FUNCTION, ALIAS);

      heading("4. Rollback, Bedrock and config: the manifest back to the previous version");
      String previous = versionId(configV1);
      // Rolling back checks the pinning policy again, so the rule relaxed at publish is relaxed here too.
      String configAfter = s3Cmd("rollback", MANIFEST, "--to", previous, "--relax", "parameter-contract",
          "--by", "oncall@example.com").strip();
      s3Cmd("history", MANIFEST);

      heading("5. Rollback, Lambda: the alias back to the previous function version");
      lambdaCmd("rollback", MANIFEST, "--function", FUNCTION, "--alias", ALIAS, "--previous",
          "--reason", "answers too loose after build 42", "--by", "oncall@example.com");
      String aliasHistory = lambdaCmd("history", MANIFEST, "--function", FUNCTION, "--alias", ALIAS, "--json");

      heading("6. Rollback, SageMaker: reject the bad package, endpoint back to the previous approved package");
      sagemakerCmd("reject", arn2, "--reason", "refund answers regressed, oncall@example.com");
      sagemakerCmd("rollback", ENDPOINT, "--group", GROUP, "--poll-interval-ms", "20");
      sagemakerCmd("verify-endpoint", work.resolve("support-llm-1.1.0.json").toString());
      String endpointAfter = endpointImage(control);

      heading("What is left: nothing was deleted");
      String current = mvc("digest", MANIFEST, "--endpoint-url", s3.endpoint().toString(), "--region", s3.region())
          .strip();
      int manifestVersions = (int) s3Client.listObjectVersions(b -> b.bucket(CONFIG_BUCKET)
          .prefix("support-answer/manifest.json")).versions().stream()
          .filter(v -> v.key().equals("support-answer/manifest.json")).count();
      List<String> copies = s3Client.listObjectsV2(b -> b.bucket(CONFIG_BUCKET).prefix("configs/")).contents().stream()
          .map(o -> o.key()).sorted().toList();
      int packages = control.listModelPackages(b -> b.modelPackageGroupName(GROUP)).modelPackageSummaryList().size();
      List<String> functionVersions = lambdaVersions();
      int moves = parse(aliasHistory).size();
      note("manifest versions: " + manifestVersions + ", current " + current);
      note("config copies: " + copies);
      note("model packages in " + GROUP + ": " + packages + ", endpoint serves " + endpointAfter);
      note("Lambda " + FUNCTION + " versions " + functionVersions + ", alias " + ALIAS + " -> "
          + lambda.aliasVersion(FUNCTION, ALIAS) + " after " + moves + " recorded moves");
      return new Outcome(configV1, configV2, configAfter, VersionManifest.parse(readBytes(v1)).digest(),
          VersionManifest.parse(readBytes(v2)).digest(), current, manifestVersions, copies, arn1, arn2,
          endpointBefore, endpointAfter, packages, aliasBefore, lambda.aliasVersion(FUNCTION, ALIAS),
          functionVersions, moves);
    }
  }

  /**
   * Uploads release {@code n}'s artifact with the recipe's metadata and writes its SageMaker
   * manifest (artifact pinned by versionId and SHA-256, image by digest, the same provenance).
   */
  private VersionManifest release(int n, SageMakerClient control, String trainingDate, double accuracy) {
    String gitSha = String.format("%040x", 0x4f2a9c1L * n);
    Path artifact = work.resolve("model-" + n + ".tar.gz");
    writeBytes(artifact, ("weights of support-llm release " + n + "\n").repeat(1000).getBytes(StandardCharsets.UTF_8));
    List<String> uploaded = s3Cmd("artifact", "upload", artifact.toString(),
        "s3://" + MODEL_BUCKET + "/models/support-llm/model.tar.gz", "--git-sha", gitSha,
        "--training-date", trainingDate, "--base-model", "meta-llama/Llama-3.1-8B-Instruct",
        "--eval", "accuracy=" + accuracy, "--training-dataset-version", "tickets-2026-11-r" + n).lines().toList();
    // The pinned reference: the URI with its versionId, then "  sha256: <hex>".
    String uri = uploaded.get(0);
    String sha256 = uploaded.get(1).substring(uploaded.get(1).indexOf(':') + 1).strip();
    String tag = IMAGE_REPO + ":2.4." + n;
    String digest = "sha256:" + HexFormat.of().formatHex(new byte[] {(byte) (0x40 + n)}).repeat(32);
    sagemaker.imageDigest(tag, digest);
    VersionManifest base = VersionManifest.parse(resource("support-llm.json"));
    SageMakerTarget target = ((SageMakerTarget) base.model()).toBuilder()
        .artifact(uri.substring(0, uri.indexOf('?')), versionId(uri), sha256)
        .image(tag, digest)
        .build();
    VersionManifest m = base.toBuilder().version("1." + n + ".0").createdAt(Instant.parse(trainingDate + "T12:00:00Z"))
        .model(target)
        .provenance(Provenance.builder().gitSha(gitSha).trainingDate(LocalDate.parse(trainingDate))
            .baseModel("meta-llama/Llama-3.1-8B-Instruct").trainingDataVersion("tickets-2026-11-r" + n)
            .evaluationMetric("accuracy", accuracy).build())
        .build();
    writeString(work.resolve("support-llm-1." + n + ".0.json"), m.toJson());
    return m;
  }

  private String registerAndApprove(VersionManifest m, String reason) {
    String file = work.resolve("support-llm-" + m.version() + ".json").toString();
    String arn = sagemakerCmd("register", file, "--group", GROUP, "--create-group").strip();
    try (SageMakerClient control = sagemakerClient()) {
      var metadata = control.describeModelPackage(b -> b.modelPackageName(arn)).customerMetadataProperties();
      note("package " + arn.substring(arn.lastIndexOf('/') + 1) + " metadata: eval-accuracy="
          + metadata.get("eval-accuracy") + ", mvc:gitSha=" + metadata.get("mvc:gitSha") + ", mvc:trainingDate="
          + metadata.get("mvc:trainingDate") + ", mvc:manifestDigest=" + metadata.get("mvc:manifestDigest"));
    }
    sagemakerCmd("approve", arn, "--reason", reason);
    return arn;
  }

  /** Returns the image (by digest, as mvc deploys it) of the model the endpoint serves. */
  private static String endpointImage(SageMakerClient control) {
    String config = control.describeEndpoint(r -> r.endpointName(ENDPOINT)).endpointConfigName();
    String model = control.describeEndpointConfig(r -> r.endpointConfigName(config)).productionVariants().get(0)
        .modelName();
    var described = control.describeModel(r -> r.modelName(model));
    var container = described.primaryContainer() != null ? described.primaryContainer() : described.containers().get(0);
    return container.image();
  }

  private List<String> lambdaVersions() {
    try (var client = software.amazon.awssdk.services.lambda.LambdaClient.builder()
        .httpClientBuilder(ApacheHttpClient.builder()).endpointOverride(lambda.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(credentials()).build()) {
      return client.listVersionsByFunction(b -> b.functionName(FUNCTION)).versions().stream()
          .map(v -> v.version()).toList();
    }
  }

  private String s3Cmd(String... args) {
    return mvc(with(args, "--endpoint-url", s3.endpoint().toString(), "--region", s3.region()));
  }

  private String sagemakerCmd(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "sagemaker";
    System.arraycopy(args, 0, all, 1, args.length);
    return mvc(with(all, "--endpoint-url", sagemaker.endpoint().toString(), "--region", "us-east-1"));
  }

  private String lambdaCmd(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "lambda";
    System.arraycopy(args, 0, all, 1, args.length);
    return mvc(with(all, "--lambda-endpoint-url", lambda.endpoint().toString(),
        "--endpoint-url", s3.endpoint().toString(), "--region", s3.region()));
  }

  /**
   * Runs {@code mvc args} in-process, prints the command (without the emulator endpoints, which
   * every command gets) and what it wrote, and returns its standard output; fails on a non-zero exit.
   */
  private String mvc(String... args) {
    StringWriter stdout = new StringWriter();
    StringWriter stderr = new StringWriter();
    int exit = MvcCli.commandLine(new PrintWriter(stdout, true), new PrintWriter(stderr, true)).execute(args);
    out.println("$ mvc " + shown(args));
    indent(stdout.toString());
    indent(stderr.toString());
    out.flush();
    if (exit != 0) {
      throw new IllegalStateException("mvc " + String.join(" ", args) + " exited " + exit + ": " + stderr);
    }
    return stdout.toString();
  }

  private String shown(String[] args) {
    List<String> shown = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].endsWith("endpoint-url") || args[i].equals("--region")) {
        i++;
        continue;
      }
      String a = args[i].replace(work.toString() + "/", "");
      shown.add(a.contains(" ") || a.contains("?") ? "'" + a + "'" : a);
    }
    return String.join(" ", shown);
  }

  private void indent(String text) {
    text.lines().forEach(l -> out.println("    " + l));
  }

  private void heading(String text) {
    out.println();
    out.println("== " + text);
  }

  private void note(String text) {
    out.println("-- " + text);
  }

  private static String[] with(String[] args, String... more) {
    String[] all = Arrays.copyOf(args, args.length + more.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    return all;
  }

  private static String versionId(String pinnedUri) {
    return pinnedUri.substring(pinnedUri.indexOf("versionId=") + "versionId=".length());
  }

  private S3Client s3Client() {
    return S3Client.builder().endpointOverride(s3.endpoint()).forcePathStyle(true)
        .httpClientBuilder(ApacheHttpClient.builder()).region(Region.of(s3.region())).credentialsProvider(credentials())
        .build();
  }

  private SageMakerClient sagemakerClient() {
    return SageMakerClient.builder().endpointOverride(sagemaker.endpoint()).region(Region.US_EAST_1)
        .httpClientBuilder(ApacheHttpClient.builder()).credentialsProvider(credentials()).build();
  }

  private StaticCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.accessKeyId(), s3.secretAccessKey()));
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] resource(String name) {
    try (var in = ArticleWalkthrough.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("resource " + name + " is missing beside " + ArticleWalkthrough.class.getName());
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Commits everything with a fixed author and date, so that the built manifests are the same on every run. */
  private static void commit(Path repo, String message) {
    git(repo, "add", "-A");
    git(repo, "commit", "-q", "-m", message);
  }

  private static void git(Path dir, String... args) {
    List<String> command = new ArrayList<>(List.of("git", "-c", "commit.gpgsign=false", "-c", "core.autocrlf=false",
        "-c", "init.defaultBranch=main", "-C", dir.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("GIT_AUTHOR_NAME", "Config Author");
    pb.environment().put("GIT_AUTHOR_EMAIL", "config@example.com");
    pb.environment().put("GIT_AUTHOR_DATE", "2026-11-20T10:00:00Z");
    pb.environment().put("GIT_COMMITTER_NAME", "Config Author");
    pb.environment().put("GIT_COMMITTER_EMAIL", "config@example.com");
    pb.environment().put("GIT_COMMITTER_DATE", "2026-11-20T10:00:00Z");
    pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
    pb.environment().put("HOME", dir.toString());
    try {
      Process p = pb.start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.waitFor() != 0) {
        throw new IllegalStateException("git " + String.join(" ", args) + " failed in " + dir + ": " + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running git in " + dir, e);
    }
  }

  private static void copy(Path from, Path to) {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : files.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy " + from + " to " + to, e);
    }
  }

  private static String readString(Path p) {
    return new String(readBytes(p), StandardCharsets.UTF_8);
  }

  private static byte[] readBytes(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void writeString(Path p, String text) {
    writeBytes(p, text.getBytes(StandardCharsets.UTF_8));
  }

  private static void writeBytes(Path p, byte[] bytes) {
    try {
      Files.createDirectories(p.getParent());
      Files.write(p, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void restore(String property, @Nullable String value) {
    if (value == null) {
      System.clearProperty(property);
    } else {
      System.setProperty(property, value);
    }
  }
}
