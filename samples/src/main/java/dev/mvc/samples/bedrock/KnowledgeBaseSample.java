package dev.mvc.samples.bedrock;

import dev.mvc.CheckMode;
import dev.mvc.Citation;
import dev.mvc.InvocationRequest;
import dev.mvc.InvocationResponse;
import dev.mvc.ManifestException;
import dev.mvc.ManifestSources;
import dev.mvc.PinnedModelClient;
import dev.mvc.bedrock.BedrockBackend;
import dev.mvc.emulators.bedrock.BedrockEmulator;
import dev.mvc.emulators.bedrock.BedrockReply;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * A pinned knowledge-base call: loads {@code manifests/refund-kb-answer.json}, which pins the
 * knowledge base, its data source and the ingestion job the version was evaluated with, asks
 * through RetrieveAndGenerate and prints the answer, its citations and the stamp. Then the data
 * source is re-ingested, and loading the same manifest shows the drift: a warning under
 * {@link CheckMode#WARN}, a refused load under {@link CheckMode#FAIL}.
 *
 * <p>It runs {@code BedrockBackend} → AWS SDK for Java → HTTP against the {@link BedrockEmulator}
 * of {@code mvc-emulators} on loopback: no AWS account and no network.
 */
public final class KnowledgeBaseSample {
  private static final String MANIFEST = "manifests/refund-kb-answer.json";

  private KnowledgeBaseSample() {}

  /** Runs the sample. */
  public static void main(String[] args) {
    try (BedrockEmulator bedrock = BedrockEmulator.create().start()) {
      bedrock.completedIngestionJob("KBREFUNDS1", "DSPOLICY01", "INGEST0042");
      bedrock.respondWith(BedrockReply.builder()
          .text("Refunds go back to the original card within 5 business days.")
          .citation("within 5 business days", "s3://support-kb/policies/refunds.pdf")
          .build());

      try (PinnedModelClient client = PinnedModelClient.builder()
          .manifest(ManifestSources.classpath(MANIFEST))
          .backend(backend(bedrock, CheckMode.FAIL))
          .build()) {
        InvocationResponse first = client.invoke(InvocationRequest.builder()
            .variable("question", "How long does a refund take?").build());
        System.out.println("answer:   " + first.text());
        for (Citation c : first.citations()) {
          System.out.println("cited:    \"" + c.text() + "\" [" + c.start() + ", " + c.end() + "] from " + c.sources());
        }
        System.out.println("session:  " + first.sessionId());
        System.out.println("pinned:   knowledge base " + first.stamp().knowledgeBaseId() + " at data-source version "
            + first.stamp().dataSourceVersion());
        System.out.println("stamp:    " + first.stamp().toHeaderValue());
        // The session ID continues the knowledge-base conversation.
        InvocationResponse followUp = client.invoke(InvocationRequest.builder()
            .variable("question", "And for a gift card?").sessionId(first.sessionId()).build());
        System.out.println("follow-up in session " + followUp.sessionId());
      }

      // Someone re-ingests the data source: the content behind the pinned knowledge base changed.
      bedrock.completedIngestionJob("KBREFUNDS1", "DSPOLICY01", "INGEST0043");
      BedrockBackend warning = BedrockBackend.builder()
          .endpointOverride(bedrock.endpoint()).region("us-east-1").credentialsProvider(credentials())
          .knowledgeBaseCheck(CheckMode.WARN)
          .checkListener(w -> System.out.println("drift:    " + w.field() + " pinned " + w.pinned()
              + ", latest completed ingestion job " + w.found()))
          .build();
      try (PinnedModelClient client = PinnedModelClient.builder()
          .manifest(ManifestSources.classpath(MANIFEST)).backend(warning).build()) {
        System.out.println("loaded with a warning: " + client.currentManifest().manifest().version());
      }
      try (PinnedModelClient client = PinnedModelClient.builder()
          .manifest(ManifestSources.classpath(MANIFEST)).backend(backend(bedrock, CheckMode.FAIL)).build()) {
        System.out.println("unexpectedly loaded " + client.currentManifest().manifest().version());
      } catch (ManifestException e) {
        System.out.println("refused:  " + e.getMessage());
      }
    }
  }

  private static BedrockBackend backend(BedrockEmulator bedrock, CheckMode check) {
    return BedrockBackend.builder()
        .endpointOverride(bedrock.endpoint())
        .region("us-east-1")
        .credentialsProvider(credentials())
        .knowledgeBaseCheck(check)
        .build();
  }

  private static StaticCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create("sample", "sample"));
  }
}
