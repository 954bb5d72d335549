package dev.mvc.cli.internal;

import dev.mvc.CheckWarning;
import dev.mvc.LoadedManifest;
import dev.mvc.VersionManifest;
import dev.mvc.cli.ExitCode;
import dev.mvc.eval.EvaluationReport;
import dev.mvc.sagemaker.DeploymentReport;
import dev.mvc.sagemaker.DeploymentRequest;
import dev.mvc.sagemaker.DeploymentResult;
import dev.mvc.sagemaker.DeploymentStrategy;
import dev.mvc.sagemaker.DeploymentVerifier;
import dev.mvc.sagemaker.EndpointRollback;
import dev.mvc.sagemaker.ModelPackageVersion;
import dev.mvc.sagemaker.SageMakerModelRegistry;
import java.time.Duration;
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

/** {@code mvc sagemaker}: the SageMaker Model Registry and endpoints. */
@Command(
    name = "sagemaker",
    description = "SageMaker Model Registry and endpoints: register, approve, reject, deploy, verify-endpoint, rollback.",
    subcommands = {
        SageMakerCommand.Register.class,
        SageMakerCommand.Approve.class,
        SageMakerCommand.Reject.class,
        SageMakerCommand.Deploy.class,
        SageMakerCommand.VerifyEndpoint.class,
        SageMakerCommand.Rollback.class})
public final class SageMakerCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCode.USAGE;
  }

  static SageMakerModelRegistry registry(AwsOptions aws) {
    SageMakerModelRegistry.Builder b = SageMakerModelRegistry.builder().region(aws.resolveRegion())
        .credentialsProvider(aws.credentials());
    if (aws.endpointUrl() != null) {
      b.endpointOverride(aws.endpointUrl());
    }
    return b.build();
  }

  static Map<String, Object> packageJson(ModelPackageVersion v) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("arn", v.arn());
    r.put("group", v.group());
    r.put("version", v.version());
    r.put("approval", v.approval().wireName());
    r.put("createdAt", v.createdAt().toString());
    r.put("description", v.description());
    return r;
  }

  static Map<String, Object> reportJson(DeploymentReport report) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("manifest", report.manifestLabel());
    r.put("endpoint", report.endpointName());
    r.put("endpointConfig", report.endpointConfigName());
    r.put("status", report.endpointStatus());
    r.put("variants", report.variants());
    r.put("matches", report.matches());
    List<Map<String, String>> list = new ArrayList<>();
    for (CheckWarning m : report.mismatches()) {
      Map<String, String> one = new LinkedHashMap<>();
      one.put("field", m.field());
      one.put("subject", m.subject());
      one.put("pinned", m.pinned());
      one.put("found", m.found());
      list.add(one);
    }
    r.put("mismatches", list);
    return r;
  }

  /** {@code mvc sagemaker register}. */
  @Command(
      name = "register",
      description = {
          "Register a manifest as a model package version.",
          "",
          "Register a SageMaker manifest as a new model package version in a group (PendingManualApproval),",
          "after the full load pipeline and pinning policy. Prints the model package ARN.",
          "With --evaluation, the report's scores go into the package's customer metadata as eval-accuracy",
          "(the overall score) and eval-<scorer>; the report must be about the manifest's digest."},
      footerHeading = Help.EXAMPLES,
      footer = {
          "  mvc sagemaker register manifest.json --group support-llm",
          "  ARN=$(mvc sagemaker register manifest.json --group support-llm --create-group)",
          "  mvc sagemaker register manifest.json --group support-llm --evaluation evaluation-results.json",
          Help.EXIT_CODES})
  public static final class Register extends CommandBase {
    @Parameters(index = "0", paramLabel = "FILE|URI", description = "The SageMaker manifest.")
    String uri;

    @Option(names = "--group", paramLabel = "GROUP", required = true, description = "The model package group.")
    String group;

    @Option(names = "--description", paramLabel = "TEXT", description = "The package description.")
    @Nullable String description;

    @Option(names = "--create-group", description = "Create the group first if it does not exist.")
    boolean createGroup;

    @Option(names = "--evaluation", paramLabel = "FILE|URI",
        description = "The manifest's evaluation report (mvc eval --out or --publish) whose scores the package records.")
    @Nullable String evaluation;

    @Mixin
    AwsOptions aws;

    @Override
    protected int run() {
      LoadedManifest loaded = ManifestAccess.load(ManifestAccess.fetch(uri, Sources.factory(aws)),
          dev.mvc.PinningPolicy.strict(), null);
      VersionManifest m = loaded.manifest();
      try (SageMakerModelRegistry registry = registry(aws)) {
        if (createGroup) {
          registry.createGroup(group, "mvc manifests of " + m.name());
        }
        EvaluationReport report = evaluation == null ? null : EvalCommand.readReport(evaluation, "evaluation", aws);
        if (report != null && !report.digest().equals(m.digest())) {
          throw new CliException(ExitCode.CHECK_FAILED, "evaluation " + evaluation + " is about " + report.digest()
              + " but " + uri + " has digest " + m.digest(), "evaluate this manifest with mvc eval, then register it");
        }
        ModelPackageVersion v = registry.register(group, m,
            description == null ? m.name() + " " + m.version() + " " + m.digest() : description, report);
        if (json) {
          printJson(packageJson(v));
        } else {
          out().println(v.arn());
          err().println("registered " + m.name() + " " + m.version() + " " + m.digest() + " as " + group + " version "
              + v.version() + " (" + v.approval().wireName() + ")" + (report == null ? "" : String.format(
                  java.util.Locale.ROOT, " with evaluation score %.4f of %d cases", report.score(), report.cases().size())));
        }
      }
      return ExitCode.OK;
    }
  }

  /** The decision commands over a package ARN. */
  abstract static class Decision extends CommandBase {
    @Parameters(index = "0", paramLabel = "PACKAGE_ARN", description = "The model package version ARN.")
    String arn;

    @Option(names = "--reason", paramLabel = "TEXT", required = true, description = "Who decided and why.")
    String reason;

    @Mixin
    AwsOptions aws;

    abstract ModelPackageVersion decide(SageMakerModelRegistry registry);

    @Override
    protected int run() {
      try (SageMakerModelRegistry registry = registry(aws)) {
        ModelPackageVersion v = decide(registry);
        if (json) {
          printJson(packageJson(v));
        } else {
          out().println(v.approval().wireName().toLowerCase(java.util.Locale.ROOT) + ": " + v.arn());
        }
      }
      return ExitCode.OK;
    }
  }

  /** {@code mvc sagemaker approve}. */
  @Command(name = "approve", description = "Mark a model package version Approved.",
      footerHeading = Help.EXAMPLES,
      footer = {"  mvc sagemaker approve \"$ARN\" --reason 'alice: eval 0.93 on set v7'", Help.EXIT_CODES})
  public static final class Approve extends Decision {
    @Override
    ModelPackageVersion decide(SageMakerModelRegistry registry) {
      return registry.approve(arn, reason);
    }
  }

  /** {@code mvc sagemaker reject}. */
  @Command(name = "reject", description = "Mark a model package version Rejected.",
      footerHeading = Help.EXAMPLES,
      footer = {"  mvc sagemaker reject \"$ARN\" --reason 'bob: toxic outputs'", Help.EXIT_CODES})
  public static final class Reject extends Decision {
    @Override
    ModelPackageVersion decide(SageMakerModelRegistry registry) {
      return registry.reject(arn, reason);
    }
  }

  /** {@code mvc sagemaker verify-endpoint}. */
  @Command(
      name = "verify-endpoint",
      description = {
          "Check that an endpoint runs what a manifest pins.",
          "",
          "Check that the endpoint a manifest pins runs exactly what it pins: variant, image digest,",
          "artifact, instance type and environment. Exit 1 lists every mismatch."},
      footerHeading = Help.EXAMPLES,
      footer = {"  mvc sagemaker verify-endpoint manifest.json --region eu-west-1", Help.EXIT_CODES})
  public static final class VerifyEndpoint extends CommandBase {
    @Parameters(index = "0", paramLabel = "FILE|URI", description = "The SageMaker manifest.")
    String uri;

    @Mixin
    AwsOptions aws;

    @Override
    protected int run() {
      VersionManifest m = ManifestAccess.load(ManifestAccess.fetch(uri, Sources.factory(aws)),
          ManifestAccess.integrityOnly(), null).manifest();
      DeploymentVerifier.Builder b = DeploymentVerifier.builder().region(aws.resolveRegion())
          .credentialsProvider(aws.credentials());
      if (aws.endpointUrl() != null) {
        b.endpointOverride(aws.endpointUrl());
      }
      DeploymentReport report;
      try (DeploymentVerifier verifier = b.build()) {
        report = verifier.verify(m);
      }
      if (json) {
        printJson(reportJson(report));
      } else {
        out().println((report.matches() ? "matches: " : "mismatch: ") + report.manifestLabel());
        out().println("  endpoint: " + report.endpointName() + " (" + report.endpointStatus() + ", config "
            + report.endpointConfigName() + ", variants " + String.join(", ", report.variants()) + ")");
        for (CheckWarning mm : report.mismatches()) {
          out().println("  " + mm.subject() + " " + mm.field() + ": pinned " + mm.pinned() + ", running " + mm.found());
        }
      }
      if (!report.matches()) {
        return reportFailure(new CliException(ExitCode.CHECK_FAILED, "endpoint " + report.endpointName() + " does not run "
            + report.manifestLabel() + " (" + report.mismatches().size() + " mismatches)",
            "deploy the pinned package, or roll back with mvc sagemaker rollback"));
      }
      return ExitCode.OK;
    }
  }

  /** {@code mvc sagemaker deploy}. */
  @Command(
      name = "deploy",
      description = {
          "Deploy an approved model package version to an endpoint.",
          "",
          "Deploy an Approved model package version to an endpoint: CreateModel from the package,",
          "CreateEndpointConfig with the instance type and count, then CreateEndpoint when the endpoint",
          "does not exist (--execution-role-arn needed) or UpdateEndpoint (blue/green) when it does.",
          "Waits for InService (--timeout), then verifies the endpoint runs exactly the package's",
          "manifest. A package that is not Approved is refused, naming its status. Nothing is deleted.",
          "The instance type is the one the manifest pins; --instance-type may only repeat it, or name",
          "one when the manifest pins none. The instance count is the endpoint's current count (1 for",
          "a new endpoint) unless --instance-count. Progress goes to standard error."},
      footerHeading = Help.EXAMPLES,
      footer = {
          "  mvc sagemaker deploy support-llm --package \"$ARN\" --execution-role-arn \"$ROLE\" --instance-count 2",
          "  mvc sagemaker deploy support-llm --package \"$ARN\" --canary 10 --bake 300 --json",
          Help.EXIT_CODES})
  public static final class Deploy extends CommandBase {
    @Parameters(index = "0", paramLabel = "ENDPOINT", description = "The endpoint name (created when it does not exist).")
    String endpoint;

    @Option(names = "--package", paramLabel = "PACKAGE_ARN", required = true,
        description = "The Approved model package version to deploy.")
    String packageArn;

    @Option(names = "--instance-type", paramLabel = "TYPE",
        description = "Instance type (default: the one the manifest pins, else the endpoint's current one).")
    @Nullable String instanceType;

    @Option(names = "--instance-count", paramLabel = "N",
        description = "Instance count (default: the endpoint's current count, 1 for a new endpoint).")
    @Nullable Integer instanceCount;

    @Option(names = "--canary", paramLabel = "PERCENT",
        description = "On an existing endpoint, shift this share of capacity first (1-50).")
    @Nullable Integer canary;

    @Option(names = "--bake", paramLabel = "SECONDS", defaultValue = "600", description = "Canary bake time (default ${DEFAULT-VALUE}).")
    long bakeSeconds;

    @Option(names = "--execution-role-arn", paramLabel = "ARN",
        description = "IAM role of the SageMaker model that is created (default: the role of the model the endpoint runs).")
    @Nullable String roleArn;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "3600",
        description = "How long to wait for InService (default ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(names = "--poll-interval-ms", paramLabel = "MS", description = "How often to poll the endpoint status.")
    @Nullable Long pollMillis;

    @Mixin
    AwsOptions aws;

    @Override
    protected int run() {
      DeploymentRequest request;
      try {
        DeploymentStrategy strategy = canary == null ? DeploymentStrategy.allAtOnce()
            : DeploymentStrategy.canary(canary, Duration.ofSeconds(bakeSeconds));
        request = DeploymentRequest.builder(endpoint, packageArn).strategy(strategy).instanceType(instanceType)
            .instanceCount(instanceCount).build();
      } catch (IllegalArgumentException e) {
        throw new CliException(ExitCode.USAGE, e.getMessage(),
            "use --canary 1..50, --bake 0..3600, --instance-count >= 1, --instance-type ml.<family>.<size> and a "
                + "model package version ARN", e);
      }
      if (timeoutSeconds < 1) {
        throw new CliException(ExitCode.USAGE, "--timeout must be >= 1 second, was " + timeoutSeconds,
            "give the seconds to wait for InService");
      }
      EndpointRollback.Builder b = EndpointRollback.builder().region(aws.resolveRegion())
          .credentialsProvider(aws.credentials())
          .timeout(Duration.ofSeconds(timeoutSeconds))
          .progressListener(p -> {
            err().println("deploy " + p.endpointName() + ": " + p.stage() + (p.endpointStatus().isEmpty() ? ""
                : " (" + p.endpointStatus() + ")") + " " + p.detail() + " [" + p.elapsed().toSeconds() + " s]");
            err().flush();
          });
      if (aws.endpointUrl() != null) {
        b.endpointOverride(aws.endpointUrl());
      }
      if (roleArn != null) {
        b.executionRoleArn(roleArn);
      }
      if (pollMillis != null) {
        b.pollInterval(Duration.ofMillis(pollMillis));
      }
      DeploymentResult r;
      try (EndpointRollback deployer = b.build()) {
        r = deployer.deploy(request);
      }
      if (json) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("endpoint", r.endpointName());
        out.put("action", r.created() ? "created" : "updated");
        out.put("package", packageJson(r.to()));
        out.put("model", r.modelName());
        out.put("endpointConfig", r.endpointConfigName());
        out.put("previousEndpointConfig", r.previousEndpointConfigName());
        out.put("instanceType", r.instanceType());
        out.put("instanceCount", r.instanceCount());
        out.put("tookSeconds", r.took().toSeconds());
        out.put("verification", reportJson(r.verification()));
        printJson(out);
      } else {
        out().println((r.created() ? "created " : "updated ") + r.endpointName() + " with " + r.to().arn());
        out().println("  model:    " + r.modelName());
        out().println("  config:   " + r.endpointConfigName() + (r.created() ? " (new endpoint)"
            : " (was " + r.previousEndpointConfigName() + ", kept)"));
        out().println("  capacity: " + r.instanceCount() + " x " + r.instanceType());
        out().println("  verified: " + r.verification().manifestLabel() + " (InService after " + r.took().toSeconds()
            + " s)");
      }
      return ExitCode.OK;
    }
  }

  /** {@code mvc sagemaker rollback}. */
  @Command(
      name = "rollback",
      description = {
          "Roll an endpoint back to the previous approved package.",
          "",
          "Roll an endpoint back to the previous approved model package of a group (blue/green), then",
          "verify it runs exactly that package's manifest. Progress goes to standard error."},
      footerHeading = Help.EXAMPLES,
      footer = {
          "  mvc sagemaker rollback support-llm-prod --group support-llm",
          "  mvc sagemaker rollback support-llm-prod --group support-llm --canary 10 --bake 300",
          Help.EXIT_CODES})
  public static final class Rollback extends CommandBase {
    @Parameters(index = "0", paramLabel = "ENDPOINT", description = "The endpoint name.")
    String endpoint;

    @Option(names = "--group", paramLabel = "GROUP", required = true, description = "The model package group.")
    String group;

    @Option(names = "--canary", paramLabel = "PERCENT", description = "Shift this share of capacity first (1-50).")
    @Nullable Integer canary;

    @Option(names = "--bake", paramLabel = "SECONDS", defaultValue = "600", description = "Canary bake time (default ${DEFAULT-VALUE}).")
    long bakeSeconds;

    @Option(names = "--execution-role-arn", paramLabel = "ARN", description = "IAM role for the SageMaker model that is created.")
    @Nullable String roleArn;

    @Option(names = "--poll-interval-ms", paramLabel = "MS", description = "How often to poll the endpoint status.")
    @Nullable Long pollMillis;

    @Mixin
    AwsOptions aws;

    @Override
    protected int run() {
      DeploymentStrategy strategy;
      try {
        strategy = canary == null ? DeploymentStrategy.allAtOnce()
            : DeploymentStrategy.canary(canary, Duration.ofSeconds(bakeSeconds));
      } catch (IllegalArgumentException e) {
        throw new CliException(ExitCode.USAGE, e.getMessage(), "use --canary 1..50 and --bake 0..3600", e);
      }
      EndpointRollback.Builder b = EndpointRollback.builder().region(aws.resolveRegion())
          .credentialsProvider(aws.credentials())
          .progressListener(p -> {
            err().println("rollback " + p.endpointName() + ": " + p.stage() + " (" + p.endpointStatus() + ", "
                + p.elapsed().toSeconds() + " s)");
            err().flush();
          });
      if (aws.endpointUrl() != null) {
        b.endpointOverride(aws.endpointUrl());
      }
      if (roleArn != null) {
        b.executionRoleArn(roleArn);
      }
      if (pollMillis != null) {
        b.pollInterval(Duration.ofMillis(pollMillis));
      }
      DeploymentResult r;
      try (EndpointRollback rollback = b.build()) {
        r = rollback.rollbackToPrevious(endpoint, group, strategy);
      }
      if (json) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("endpoint", r.endpointName());
        out.put("from", r.from() == null ? null : packageJson(r.from()));
        out.put("to", packageJson(r.to()));
        out.put("endpointConfig", r.endpointConfigName());
        out.put("previousEndpointConfig", r.previousEndpointConfigName());
        out.put("tookSeconds", r.took().toSeconds());
        out.put("verification", reportJson(r.verification()));
        printJson(out);
      } else {
        out().println("rolled back " + r.endpointName() + " to " + r.to().arn());
        out().println("  from:     " + (r.from() == null ? "-" : r.from().arn()));
        out().println("  config:   " + r.endpointConfigName() + " (was " + r.previousEndpointConfigName() + ")");
        out().println("  verified: " + r.verification().manifestLabel());
      }
      return ExitCode.OK;
    }
  }
}
