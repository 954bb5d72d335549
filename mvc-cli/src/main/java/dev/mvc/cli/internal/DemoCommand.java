package dev.mvc.cli.internal;

import dev.mvc.InvocationResponse;
import dev.mvc.ManifestSources;
import dev.mvc.PinnedModelClient;
import dev.mvc.VersionStamp;
import dev.mvc.bedrock.BedrockBackend;
import dev.mvc.cli.ExitCode;
import dev.mvc.emulators.bedrock.BedrockEmulator;
import dev.mvc.emulators.bedrock.BedrockReply;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * {@code mvc demo}: the quickstart. It runs the same call as the sample
 * {@code dev.mvc.samples.Quickstart}, on the same manifest (a copy of the sample's
 * {@code manifests/support-answer.json} and its system-prompt blob ships in this jar, so the
 * command needs neither the samples nor a test library at run time).
 */
@Command(
    name = "demo",
    description = {
        "Run the quickstart on an in-process Bedrock emulator.",
        "",
        "Run the quickstart: load the sample manifest support-answer 1.4.0, call Bedrock through the",
        "real backend and AWS SDK against an in-process emulator on loopback (no AWS account, no",
        "network), and print the answer, its stamp and the request body that was sent. Try",
        "mvc explain with the printed stamp next."},
    footerHeading = Help.EXAMPLES,
    footer = {
        "  mvc demo",
        "  mvc explain \"$(mvc demo --json | jq -r .stamp)\"",
        Help.EXIT_CODES})
public final class DemoCommand extends CommandBase {
  /** The demo manifest on the class path; stamps name it, and {@code mvc explain} fetches it from there. */
  static final String MANIFEST = "manifests/support-answer.json";

  @Override
  protected int run() {
    if (!json) {
      quickstart(out());
      return ExitCode.OK;
    }
    InvocationResponse response = quickstart(new PrintWriter(new StringWriter()));
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("text", response.text());
    r.put("inputTokens", response.usage().inputTokens());
    r.put("outputTokens", response.usage().outputTokens());
    r.put("digest", response.stamp().digest());
    r.put("stamp", response.stamp().toHeaderValue());
    printJson(r);
    return ExitCode.OK;
  }

  /** Calls Bedrock through the real backend against an emulator on loopback and prints what happened. */
  static InvocationResponse quickstart(PrintWriter out) {
    try (BedrockEmulator bedrock = BedrockEmulator.create().start()) {
      bedrock.respondWith(BedrockReply.builder()
          .text("Refunds are paid back to the original card within 5 business days.")
          .usage(182, 17)
          .build());
      BedrockBackend backend = BedrockBackend.builder()
          .endpointOverride(bedrock.endpoint())
          .region("us-east-1")
          .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("quickstart", "quickstart")))
          .build();
      try (PinnedModelClient client = PinnedModelClient.builder()
          .manifest(ManifestSources.classpath(MANIFEST))
          .backend(backend)
          .build()) {
        InvocationResponse response = client.invoke(Map.of(
            "policy", "Refunds are paid to the original payment method within 5 business days.",
            "question", "How long does a refund take?"));
        VersionStamp stamp = response.stamp();
        out.println("answer:  " + response.text());
        out.println("usage:   " + response.usage().inputTokens() + " in, " + response.usage().outputTokens() + " out");
        out.println("model:   " + stamp.modelId() + " (" + stamp.provider() + ")");
        out.println("version: " + stamp.manifestName() + " " + stamp.manifestVersion() + " " + stamp.digest());
        out.println("stamp:   " + stamp.toHeaderValue());
        out.println("sent:    " + bedrock.lastRequest().path() + " " + bedrock.lastRequest().body());
        return response;
      }
    }
  }
}
