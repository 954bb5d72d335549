package dev.mvc.samples.bedrock;

import dev.mvc.InvocationRequest;
import dev.mvc.InvocationResponse;
import dev.mvc.ManifestSources;
import dev.mvc.PinnedModelClient;
import dev.mvc.ToolExecutor;
import dev.mvc.ToolLoopException;
import dev.mvc.bedrock.BedrockBackend;
import dev.mvc.emulators.bedrock.BedrockEmulator;
import dev.mvc.emulators.bedrock.BedrockReply;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * A tool-using assistant: loads {@code manifests/weather-assistant.json}, which pins four tools,
 * the tool choice, cache points after the system prompt and the tools, request metadata, the
 * service tier and at most four tool rounds; runs a tool loop whose handlers answer the model's
 * tool calls, and prints the answer with the stamp that records the rounds. Then the model asks for
 * a tool the manifest does not declare, and the loop refuses it before any handler runs.
 *
 * <p>It runs {@code BedrockBackend} → AWS SDK for Java → HTTP against the {@link BedrockEmulator}
 * of {@code mvc-emulators} on loopback: no AWS account and no network.
 */
public final class ToolSample {
  private static final String MANIFEST = "manifests/weather-assistant.json";

  private ToolSample() {}

  /** Runs the sample. */
  public static void main(String[] args) {
    try (BedrockEmulator bedrock = BedrockEmulator.create().start()) {
      bedrock.enqueue(
          BedrockReply.builder().text("Let me look that up.").cacheUsage(0, 1850)
              .toolUse("tooluse_1", "get_weather", "{\"city\":\"Oslo\"}").build(),
          BedrockReply.builder().text("It is -3 °C in Oslo right now.").cacheUsage(1850, 0).build());

      ToolExecutor tools = ToolExecutor.builder()
          .tool("get_weather", input -> "{\"city\":\"Oslo\",\"celsius\":-3}")
          .tool("get_forecast", input -> "{\"days\":[]}")
          .tool("get_time", input -> "09:00")
          .tool("convert_units", input -> "{\"value\":26.6}")
          .build();
      try (PinnedModelClient client = PinnedModelClient.builder()
          .manifest(ManifestSources.classpath(MANIFEST))
          .backend(backend(bedrock))
          .build()) {
        InvocationRequest request = InvocationRequest.builder()
            .variable("question", "How cold is it in Oslo?")
            .metadata("ticket", "T-1001")
            .build();
        InvocationResponse r = client.invoke(request, tools);
        System.out.println("answer:   " + r.text());
        System.out.println("rounds:   " + r.stamp().toolRounds());
        System.out.println("usage:    " + r.usage());
        System.out.println("metadata: " + bedrock.lastRequest().body().replaceAll(".*(\"requestMetadata\":\\{[^}]*}).*", "$1"));
        System.out.println("stamp:    " + r.stamp().toHeaderValue());

        bedrock.enqueue(BedrockReply.builder().text("").toolUse("tooluse_2", "delete_account", "{}").build());
        try {
          client.invoke(request, tools);
        } catch (ToolLoopException e) {
          System.out.println("refused:  " + e.getMessage());
        }
      }
    }
  }

  private static BedrockBackend backend(BedrockEmulator bedrock) {
    return BedrockBackend.builder()
        .endpointOverride(bedrock.endpoint())
        .region("us-east-1")
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "not-a-secret")))
        .build();
  }
}
