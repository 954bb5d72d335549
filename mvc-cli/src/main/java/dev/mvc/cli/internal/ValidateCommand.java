package dev.mvc.cli.internal;

import dev.mvc.BedrockTarget;
import dev.mvc.CheckMode;
import dev.mvc.LoadedManifest;
import dev.mvc.ManifestException;
import dev.mvc.ManifestPolicyException;
import dev.mvc.MvcException;
import dev.mvc.PinningPolicy;
import dev.mvc.PinningRule;
import dev.mvc.PolicyViolation;
import dev.mvc.VersionManifest;
import dev.mvc.bedrock.BedrockBackend;
import dev.mvc.s3.S3ArtifactDigests;
import dev.mvc.cli.ExitCode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mvc validate}: the library's whole load pipeline and pinning policy, on one manifest. */
@Command(
    name = "validate",
    description = {
        "Validate a manifest with the full load pipeline and pinning policy.",
        "",
        "Run the same load pipeline an application runs: strict parse, prompt text and SHA-256 checks,",
        "template variables, pinning policy (strict unless relaxed), and with --online the Bedrock checks:",
        "the model lifecycle (GetFoundationModel must report the model ACTIVE) and the resource the target",
        "goes through (GetInferenceProfile, GetProvisionedModelThroughput, GetCustomModel, GetImportedModel",
        "must report what the manifest pins; GetPrompt must return a prompt version whose content hashes to",
        "model.bedrock.prompt.sha256, calling the pinned model with the manifest's variables)."},
    footerHeading = Help.EXAMPLES,
    footer = {
        "  mvc validate manifest.json",
        "  mvc validate s3://ml-config/support-answer/manifest.json --json",
        "  mvc validate manifest.json --relax sagemaker-artifact-pinned",
        "  mvc validate manifest.json --online --region us-east-1",
        "  mvc validate manifest.json --contracts team-contracts.json",
        Help.EXIT_CODES})
public final class ValidateCommand extends CommandBase {
  @Parameters(index = "0", paramLabel = "FILE|URI", description = "Manifest path or URI (file:, classpath:, s3://).")
  String uri;

  @Option(names = "--relax", paramLabel = "RULE", split = ",",
      description = "Turn off a pinning rule (repeatable): ${COMPLETION-CANDIDATES}.",
      completionCandidates = RuleNames.class)
  List<String> relax = new ArrayList<>();

  @Option(names = "--contracts", paramLabel = "FILE",
      description = "Add a parameter-contracts table (mvc-parameter-contracts/v1) to the shipped one.")
  Path contracts;

  @Option(names = "--online",
      description = "Also check the model lifecycle and the pinned profile, throughput, custom or imported model with AWS"
          + " (needs credentials).")
  boolean online;

  @Mixin
  AwsOptions aws;

  @Override
  protected int run() {
    PinningPolicy policy = policy(relax);
    if (contracts != null) {
      try {
        policy = policy.toBuilder().parameterContracts(policy.parameterContracts().with(contracts)).build();
      } catch (MvcException | java.io.UncheckedIOException e) {
        throw new CliException(ExitCode.USAGE, e.getMessage(), "fix the parameter contracts file " + contracts);
      }
    }
    ManifestAccess.Fetched fetched = ManifestAccess.fetch(uri, Sources.factory(aws));
    LoadedManifest loaded;
    try {
      loaded = ManifestAccess.load(fetched, policy, null);
      if (online) {
        checkOnline(loaded.manifest());
      }
    } catch (ManifestException e) {
      return invalid(fetched, e);
    }
    if (json) {
      Map<String, Object> r = summary(fetched, loaded.manifest(), true);
      r.put("approval", loaded.approval().wireName());
      r.put("online", online);
      printJson(r);
    } else {
      VersionManifest m = loaded.manifest();
      out().println("valid: " + m.name() + " " + m.version() + " " + m.digest());
      out().println("  source:   " + fetched.ref().pinnedUri());
      out().println("  policy:   " + describe(relax));
      out().println("  approval: " + loaded.approval().wireName());
      if (online) {
        out().println("  online:   model lifecycle ACTIVE");
        BedrockTarget target = (BedrockTarget) m.model();
        if (!target.wireModelId().equals(target.modelId())) {
          out().println("  online:   " + target.wireModelId() + " as pinned");
        }
        if (target.prompt() != null) {
          out().println("  online:   prompt content sha256 " + target.prompt().sha256() + " as pinned");
        }
      }
    }
    return ExitCode.OK;
  }

  private void checkOnline(VersionManifest manifest) {
    if (!(manifest.model() instanceof BedrockTarget)) {
      throw new CliException(ExitCode.USAGE, "--online checks Bedrock models; " + manifest.name()
          + " pins a SageMaker endpoint", "use mvc sagemaker verify-endpoint for SageMaker");
    }
    BedrockBackend.Builder b = BedrockBackend.builder().lifecycleCheck(CheckMode.FAIL)
        .credentialsProvider(aws.credentials())
        // S3 is only reached for an imported model whose sha256 is pinned.
        .artifactDigests(uri -> S3ArtifactDigests.create(aws.s3()).sha256(uri));
    if (aws.endpointUrl() != null) {
      b.endpointOverride(aws.endpointUrl());
    }
    if (aws.region() != null) {
      b.region(aws.region());
    }
    try (BedrockBackend backend = b.build()) {
      backend.validate(manifest);
    } catch (ManifestException e) {
      throw e;
    } catch (MvcException e) {
      throw new ManifestException("Bedrock check failed: " + e.getMessage(), e);
    }
  }

  private int invalid(ManifestAccess.Fetched fetched, ManifestException e) {
    VersionManifest parsed = null;
    try {
      parsed = fetched.parse();
    } catch (ManifestException notParsable) {
      // the report then has no name, version and digest
    }
    List<PolicyViolation> violations = e instanceof ManifestPolicyException
        ? ((ManifestPolicyException) e).violations() : List.of();
    if (json) {
      Map<String, Object> r = parsed == null ? new LinkedHashMap<>() : summary(fetched, parsed, false);
      if (parsed == null) {
        r.put("valid", false);
        r.put("source", fetched.ref().pinnedUri());
      }
      List<Map<String, String>> list = new ArrayList<>();
      for (PolicyViolation v : violations) {
        Map<String, String> one = new LinkedHashMap<>();
        one.put("rule", v.rule().ruleName());
        one.put("path", v.path());
        one.put("message", v.message());
        list.add(one);
      }
      r.put("violations", list);
      r.put("error", e.getMessage());
      printJson(r);
    } else {
      out().println("invalid: " + (parsed == null ? fetched.ref().pinnedUri()
          : parsed.name() + " " + parsed.version() + " " + parsed.digest()));
      for (PolicyViolation v : violations) {
        out().println("  [" + v.rule().ruleName() + "] " + v.path() + " " + v.message());
      }
    }
    return reportFailure(Errors.translate(e));
  }

  private Map<String, Object> summary(ManifestAccess.Fetched fetched, VersionManifest m, boolean valid) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("valid", valid);
    r.put("name", m.name());
    r.put("version", m.version());
    r.put("digest", m.digest());
    r.put("source", fetched.ref().pinnedUri());
    r.put("relaxedRules", List.copyOf(relax));
    return r;
  }

  static PinningPolicy policy(List<String> relax) {
    List<PinningRule> rules = new ArrayList<>();
    for (String name : relax) {
      try {
        rules.add(PinningRule.fromRuleName(name.strip()));
      } catch (IllegalArgumentException e) {
        throw new CliException(ExitCode.USAGE, "unknown pinning rule " + name,
            "use one of " + String.join(", ", new RuleNames()));
      }
    }
    return PinningPolicy.builder().relax(rules.toArray(new PinningRule[0])).build();
  }

  private static String describe(List<String> relax) {
    return relax.isEmpty() ? "strict" : "strict, relaxed: " + String.join(", ", relax);
  }

  /** The rule names, for help and completion. */
  static final class RuleNames extends ArrayList<String> {
    private static final long serialVersionUID = 1L;

    RuleNames() {
      for (PinningRule r : PinningRule.values()) {
        add(r.ruleName());
      }
    }
  }
}
