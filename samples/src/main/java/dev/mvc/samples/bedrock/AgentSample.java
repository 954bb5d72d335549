package dev.mvc.samples.bedrock;

import dev.mvc.InvocationRequest;
import dev.mvc.InvocationResponse;
import dev.mvc.ManifestException;
import dev.mvc.ManifestSources;
import dev.mvc.MvcException;
import dev.mvc.PinnedModelClient;
import dev.mvc.StreamHandler;
import dev.mvc.bedrock.BedrockBackend;
import dev.mvc.emulators.bedrock.BedrockEmulator;
import dev.mvc.emulators.bedrock.BedrockReply;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * A pinned agent call: loads {@code manifests/order-agent.json}, which pins a Bedrock agent
 * through an alias; the backend checks with GetAgentAlias that the alias routes to a numbered
 * agent version, then streams the agent's answer in the caller's session and prints the stamp.
 * Then the alias is pointed at the working draft, and loading the same manifest is refused.
 *
 * <p>It runs {@code BedrockBackend} → AWS SDK for Java → HTTP against the {@link BedrockEmulator}
 * of {@code mvc-emulators} on loopback: no AWS account and no network.
 */
public final class AgentSample {
  private static final String MANIFEST = "manifests/order-agent.json";

  private AgentSample() {}

  /** Runs the sample. */
  public static void main(String[] args) throws Exception {
    try (BedrockEmulator bedrock = BedrockEmulator.create().start()) {
      bedrock.agentAlias("ORDERAGENT", "PRODV3ALIA", "3");
      bedrock.agentVersion("ORDERAGENT", "3", "anthropic.claude-3-haiku-20240307-v1:0",
          "You answer questions about orders and their delivery, citing the carrier's schedule.");
      bedrock.respondWith(BedrockReply.builder()
          .deltas("Order 1001 ", "left the warehouse today ", "and arrives on Friday.")
          .citation("arrives on Friday", "s3://support-kb/carriers/schedule.csv")
          .build());

      try (PinnedModelClient client = PinnedModelClient.builder()
          .manifest(ManifestSources.classpath(MANIFEST))
          .backend(backend(bedrock))
          .build()) {
        InvocationRequest request = InvocationRequest.builder()
            .variable("customer", "C-1001")
            .variable("question", "Where is my order?")
            .sessionId("customer-C-1001-chat")
            .build();
        System.out.print("streamed: ");
        InvocationResponse r = client.invokeStream(request, new StreamHandler() {
          @Override
          public void onText(String delta) {
            System.out.print(delta);
          }

          @Override
          public void onComplete(InvocationResponse response) {
            System.out.println();
          }

          @Override
          public void onError(MvcException error) {
            System.out.println("\nfailed: " + error.getMessage());
          }
        }).get(30, TimeUnit.SECONDS);
        System.out.println("answer:   " + r.text());
        System.out.println("cited:    " + r.citations());
        System.out.println("session:  " + r.sessionId());
        System.out.println("pinned:   agent " + r.stamp().agentId() + " alias " + r.stamp().agentAliasId());
        System.out.println("sent:     " + bedrock.lastRequest().path() + " " + bedrock.lastRequest().body());
        System.out.println("stamp:    " + r.stamp().toHeaderValue());
      }

      // Someone points the alias at the working draft: the version is no longer pinned.
      bedrock.agentAlias("ORDERAGENT", "PRODV3ALIA", "DRAFT");
      try (PinnedModelClient client = PinnedModelClient.builder()
          .manifest(ManifestSources.classpath(MANIFEST)).backend(backend(bedrock)).build()) {
        System.out.println("unexpectedly loaded " + client.currentManifest().manifest().version());
      } catch (ManifestException e) {
        System.out.println("refused:  " + e.getMessage());
      }
    }
  }

  private static BedrockBackend backend(BedrockEmulator bedrock) {
    return BedrockBackend.builder()
        .endpointOverride(bedrock.endpoint())
        .region("us-east-1")
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("sample", "sample")))
        .build();
  }
}
