package dev.mvc.cli.internal;

import dev.mvc.VersionManifest;
import dev.mvc.cli.ExitCode;
import dev.mvc.lambda.AliasMove;
import dev.mvc.lambda.LambdaAliasException;
import dev.mvc.lambda.LambdaAliases;
import dev.mvc.s3.ConcurrentRecordUpdateException;
import dev.mvc.s3.ManifestLabels;
import dev.mvc.s3.S3Location;
import dev.mvc.s3.S3ManifestSource;
import dev.mvc.spi.FetchedManifest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.LambdaClientBuilder;

/** {@code mvc lambda}: pin, roll back and list the moves of the Lambda aliases serving a manifest. */
@Command(
    name = "lambda",
    description = "Lambda aliases serving a manifest: pin, rollback, history.",
    subcommands = {LambdaCommand.Pin.class, LambdaCommand.Rollback.class, LambdaCommand.History.class})
public final class LambdaCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCode.USAGE;
  }

  /** The options every {@code mvc lambda} command shares, and running one of its operations. */
  abstract static class AliasCommand extends CommandBase {
    @Option(names = "--function", paramLabel = "NAME", required = true, description = "The Lambda function.")
    String function;

    @Option(names = "--alias", paramLabel = "ALIAS", required = true, description = "The function's alias.")
    String alias;

    @Option(names = "--lambda-endpoint-url", paramLabel = "URL",
        description = "Send Lambda requests to this endpoint (default: --endpoint-url), for example a local emulator.")
    java.net.@Nullable URI lambdaEndpointUrl;

    @Mixin
    S3Options s3Options;

    @Mixin
    AwsOptions aws;

    private @Nullable LambdaClient client;

    LambdaAliases aliases(S3Location manifest) {
      LambdaClientBuilder b = LambdaClient.builder().httpClientBuilder(ApacheHttpClient.builder())
          .region(aws.resolveRegion()).credentialsProvider(aws.credentials());
      java.net.URI endpoint = lambdaEndpointUrl != null ? lambdaEndpointUrl : aws.endpointUrl();
      if (endpoint != null) {
        b.endpointOverride(endpoint);
      }
      client = b.build();
      return LambdaAliases.builder().lambdaClient(client).s3Client(aws.s3()).manifest(manifest).build();
    }

    <T> T call(Supplier<T> operation) {
      try {
        return operation.get();
      } catch (LambdaAliasException e) {
        throw new CliException(e.notFound() ? ExitCode.NOT_FOUND : e.statusCode() == 0 ? ExitCode.CHECK_FAILED
            : ExitCode.REMOTE_ERROR, e.getMessage(), e.notFound() ? "check the function, alias and version names"
            : "check the alias in the Lambda console, then retry", e);
      } catch (ConcurrentRecordUpdateException e) {
        throw new CliException(ExitCode.CHECK_FAILED, e.getMessage(), "read the history again and retry", e);
      } finally {
        if (client != null) {
          client.close();
        }
      }
    }

    void print(AliasMove m) {
      if (json) {
        printJson(moveJson(m));
      } else {
        out().println(m.kind() + ": " + m.function() + ":" + m.alias() + " " + m.fromVersion() + " -> " + m.toVersion());
        if (m.manifest() != null) {
          out().println("  manifest: " + m.manifest() + " (" + m.digest() + ")");
        }
        out().println("  by:       " + m.by() + " at " + m.at());
        out().println("  reason:   " + m.reason());
      }
    }
  }

  static Map<String, Object> moveJson(AliasMove m) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("kind", m.kind());
    r.put("function", m.function());
    r.put("alias", m.alias());
    r.put("fromVersion", m.fromVersion());
    r.put("toVersion", m.toVersion());
    r.put("manifest", m.manifest());
    r.put("digest", m.digest());
    r.put("by", m.by());
    r.put("at", m.at().toString());
    r.put("reason", m.reason());
    return r;
  }

  static S3Location manifestKey(String uri) {
    return S3Options.location(ManifestLabels.withoutLabel(uri)).withoutVersionId();
  }

  /** {@code mvc lambda pin}. */
  @Command(
      name = "pin",
      description = {
          "Record which function version of an alias serves a manifest version.",
          "",
          "Record which function version the alias routes to (moved there first with --version) and which",
          "manifest version it serves, in the alias history beside the manifest. A manifest without",
          "versionId means its current version; s3://bucket/key@label means the version the label points to."},
      footerHeading = Help.EXAMPLES,
      footer = {
          "  mvc lambda pin 's3://ml-config/app/manifest.json?versionId=3HL4kqtJ' --function support-answer --alias live",
          "  mvc lambda pin s3://ml-config/app/manifest.json@production --function support-answer --alias live --version 7",
          Help.EXIT_CODES})
  public static final class Pin extends AliasCommand {
    @Parameters(index = "0", paramLabel = "S3_URI", description = "The manifest version the function version serves.")
    String uri;

    @Option(names = "--version", paramLabel = "VERSION", description = "Move the alias to this function version first.")
    @Nullable String version;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, as recorded (default: pin).")
    String reason = "pin";

    @Override
    protected int run() {
      S3Location key = manifestKey(uri);
      FetchedManifest fetched = S3ManifestSource.of(aws.s3(), uri).fetch();
      String versionId = fetched.source().versionId();
      if (versionId == null) {
        throw new CliException(ExitCode.CHECK_FAILED, "the bucket of " + uri + " does not version objects",
            "turn on versioning and publish again with mvc publish");
      }
      String digest = VersionManifest.parse(fetched.bytes()).digest();
      LambdaAliases aliases = aliases(key);
      print(call(() -> aliases.pin(function, alias, version, key.withVersionId(versionId), digest, s3Options.by(), reason)));
      return ExitCode.OK;
    }
  }

  /** {@code mvc lambda rollback}. */
  @Command(
      name = "rollback",
      description = {
          "Move a Lambda alias back to an earlier function version.",
          "",
          "Move the alias back to --to VERSION, or to the newest published version below the current one",
          "(--previous). The update is conditional on the alias revision just read; who, why and from which",
          "version are recorded in the alias history beside the manifest. Nothing is deleted."},
      footerHeading = Help.EXAMPLES,
      footer = {
          "  mvc lambda rollback s3://ml-config/app/manifest.json --function support-answer --alias live --previous \\",
          "      --reason 'error rate 4% after deploy'",
          "  mvc lambda rollback s3://ml-config/app/manifest.json --function support-answer --alias live --to 5 --reason '..'",
          Help.EXIT_CODES})
  public static final class Rollback extends AliasCommand {
    @Parameters(index = "0", paramLabel = "S3_URI", description = "The manifest key the alias serves: s3://bucket/key.")
    String uri;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    @Option(names = "--reason", paramLabel = "TEXT", required = true, description = "Why, as recorded.")
    String reason;

    /** Where to roll back to. */
    static final class Target {
      @Option(names = "--to", paramLabel = "VERSION", description = "Roll back to this function version.")
      @Nullable String version;

      @Option(names = "--previous", description = "Roll back to the newest published version below the current one.")
      boolean previous;
    }

    @Override
    protected int run() {
      if (reason.isBlank()) {
        throw new CliException(ExitCode.USAGE, "--reason must say why the alias is rolled back, was blank",
            "give the reason recorded with the rollback, such as --reason 'error rate 4% after deploy'");
      }
      LambdaAliases aliases = aliases(manifestKey(uri));
      String by = s3Options.by();
      print(call(() -> target.version != null
          ? aliases.rollbackTo(function, alias, target.version, by, reason)
          : aliases.rollbackToPrevious(function, alias, by, reason)));
      return ExitCode.OK;
    }
  }

  /** {@code mvc lambda history}. */
  @Command(
      name = "history",
      description = "List the recorded pins and rollbacks of a Lambda alias, oldest first.",
      footerHeading = Help.EXAMPLES,
      footer = {
          "  mvc lambda history s3://ml-config/app/manifest.json --function support-answer --alias live",
          Help.EXIT_CODES})
  public static final class History extends AliasCommand {
    @Parameters(index = "0", paramLabel = "S3_URI", description = "The manifest key the alias serves: s3://bucket/key.")
    String uri;

    @Override
    protected int run() {
      LambdaAliases aliases = aliases(manifestKey(uri));
      List<AliasMove> moves = call(() -> aliases.history(function, alias));
      if (json) {
        List<Map<String, Object>> list = new ArrayList<>();
        moves.forEach(m -> list.add(moveJson(m)));
        printJson(list);
        return ExitCode.OK;
      }
      if (moves.isEmpty()) {
        err().println("no recorded moves of " + function + ":" + alias + " for " + manifestKey(uri));
      }
      for (AliasMove m : moves) {
        out().println(m.at() + "  " + m.kind() + "  " + m.fromVersion() + " -> " + m.toVersion() + "  " + m.by()
            + "  " + (m.digest() != null ? m.digest() + "  " : "") + m.reason());
      }
      return ExitCode.OK;
    }
  }
}
