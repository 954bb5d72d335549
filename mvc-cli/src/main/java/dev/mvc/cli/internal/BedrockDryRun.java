package dev.mvc.cli.internal;

import dev.mvc.BedrockTarget;
import dev.mvc.InvocationRequest;
import dev.mvc.InvocationResponse;
import dev.mvc.PinnedModelClient;
import dev.mvc.bedrock.BedrockBackend;
import dev.mvc.emulators.bedrock.BedrockEmulator;
import dev.mvc.emulators.bedrock.BedrockReply;
import dev.mvc.emulators.bedrock.RecordedBedrockRequest;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * A Bedrock call made for real but never sent to AWS: the manifest is served by a
 * {@link PinnedModelClient} with the real {@link BedrockBackend} and AWS SDK, pointed at an
 * in-process {@link BedrockEmulator} on loopback, whose journal holds the request exactly as it
 * was marshalled. The request guard runs as in production.
 */
final class BedrockDryRun {
  private BedrockDryRun() {}

  /** What the dry run sent, and the stamp of its (emulated) response. */
  record Result(RecordedBedrockRequest request, InvocationResponse response, String region) {}

  static Result run(StampedManifest sm, InvocationRequest request) {
    BedrockTarget target = (BedrockTarget) sm.loaded().manifest().model();
    String region = target.region() != null ? target.region() : "us-east-1";
    try (BedrockEmulator emulator = BedrockEmulator.create().start()) {
      emulator.respondWith(BedrockReply.text("(dry run)"));
      BedrockBackend backend = BedrockBackend.builder()
          .endpointOverride(emulator.endpoint())
          .region(region)
          .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("dry-run", "dry-run")))
          .build();
      try (PinnedModelClient client = PinnedModelClient.builder()
          .manifest(new FetchedSource(sm.fetched()))
          .policy(ManifestAccess.integrityOnly())
          .backend(backend)
          .build()) {
        InvocationResponse response = client.invoke(request);
        return new Result(emulator.lastRequest(), response, region);
      }
    }
  }
}
