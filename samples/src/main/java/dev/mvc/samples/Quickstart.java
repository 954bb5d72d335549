package dev.mvc.samples;

import dev.mvc.InvocationResponse;
import dev.mvc.ManifestSources;
import dev.mvc.PinnedModelClient;
import dev.mvc.VersionStamp;
import dev.mvc.testkit.InMemoryModelBackend;
import java.util.Map;

/**
 * The quickstart: loads the pinned manifest {@code manifests/support-answer.json} from the class
 * path (its system prompt is a content-addressed blob beside it), calls the model through a
 * {@link PinnedModelClient} and prints the answer with its version stamp. It runs on an embedded
 * backend, with no AWS account and no network.
 */
public final class Quickstart {
  private Quickstart() {}

  /** Runs the quickstart. */
  public static void main(String[] args) {
    InMemoryModelBackend backend = InMemoryModelBackend.create();
    backend.otherwise().replyWith(call -> "Refunds are paid back to the original card within 5 business days.");
    try (PinnedModelClient client = PinnedModelClient.builder()
        .manifest(ManifestSources.classpath("manifests/support-answer.json"))
        .backend(backend)
        .build()) {
      InvocationResponse response = client.invoke(Map.of(
          "policy", "Refunds are paid to the original payment method within 5 business days.",
          "question", "How long does a refund take?"));
      VersionStamp stamp = response.stamp();
      System.out.println("answer:  " + response.text());
      System.out.println("model:   " + stamp.modelId() + " (" + stamp.provider() + ")");
      System.out.println("version: " + stamp.manifestName() + " " + stamp.manifestVersion() + " " + stamp.digest());
      System.out.println("stamp:   " + stamp.toHeaderValue());
    }
  }
}
