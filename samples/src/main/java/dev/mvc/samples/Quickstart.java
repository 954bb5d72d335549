package dev.mvc.samples;

import dev.mvc.InvocationResponse;
import dev.mvc.ManifestSources;
import dev.mvc.PinnedModelClient;
import dev.mvc.VersionStamp;
import dev.mvc.bedrock.BedrockBackend;
import dev.mvc.emulators.bedrock.BedrockEmulator;
import dev.mvc.emulators.bedrock.BedrockReply;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The quickstart: loads the pinned manifest {@code manifests/support-answer.json} from the class
 * path (its system prompt is a content-addressed blob beside it), calls Amazon Bedrock through a
 * {@link PinnedModelClient} and prints the answer with its version stamp.
 *
 * <p>It runs the real path, {@code BedrockBackend} → AWS SDK for Java → HTTP, against the
 * {@link BedrockEmulator} of {@code mvc-emulators} on loopback: no AWS account and no network. {@link RealAwsQuickstart}
 * is the same code against real AWS.
 */
public final class Quickstart {
  private Quickstart() {}

  /** Runs the quickstart. */
  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    run(out);
    out.flush();
  }

  /**
   * Runs the quickstart and prints to {@code out} ({@code mvc demo} runs the same call and prints the same).
   *
   * @return the stamped response
   */
  public static InvocationResponse run(PrintWriter out) {
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
          .manifest(ManifestSources.classpath("manifests/support-answer.json"))
          .backend(backend)
          .build()) {
        InvocationResponse response = client.invoke(Map.of(
            "policy", "Refunds are paid to the original payment method within 5 business days.",
            "question", "How long does a refund take?"));
        print(response, out);
        out.println("sent:    " + bedrock.lastRequest().path() + " " + bedrock.lastRequest().body());
        return response;
      }
    }
  }

  static void print(InvocationResponse response, PrintWriter out) {
    VersionStamp stamp = response.stamp();
    out.println("answer:  " + response.text());
    out.println("usage:   " + response.usage().inputTokens() + " in, " + response.usage().outputTokens() + " out");
    out.println("model:   " + stamp.modelId() + " (" + stamp.provider() + ")");
    out.println("version: " + stamp.manifestName() + " " + stamp.manifestVersion() + " " + stamp.digest());
    out.println("stamp:   " + stamp.toHeaderValue());
  }
}
