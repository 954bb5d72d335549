package dev.mvc.samples;

import dev.mvc.ManifestSources;
import dev.mvc.PinnedModelClient;
import dev.mvc.bedrock.BedrockBackend;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The quickstart against real Amazon Bedrock: credentials and region come from the default AWS
 * provider chains (environment, profile, instance role). The account needs access to the pinned
 * model. Run it with
 * {@code mvn -B -q -pl samples -am compile exec:java -Dsample.main=dev.mvc.samples.RealAwsQuickstart}.
 */
public final class RealAwsQuickstart {
  private RealAwsQuickstart() {}

  /** Runs the quickstart against AWS. */
  public static void main(String[] args) {
    try (PinnedModelClient client = PinnedModelClient.builder()
        .manifest(ManifestSources.classpath("manifests/support-answer.json"))
        .backend(BedrockBackend.create())
        .build()) {
      PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
      Quickstart.print(client.invoke(Map.of(
          "policy", "Refunds are paid to the original payment method within 5 business days.",
          "question", "How long does a refund take?")), out);
      out.flush();
    }
  }
}
