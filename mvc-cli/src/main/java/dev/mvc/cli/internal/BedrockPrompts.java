package dev.mvc.cli.internal;

import dev.mvc.bedrock.BedrockPromptVersions;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockagent.BedrockAgentClient;
import software.amazon.awssdk.services.bedrockagent.BedrockAgentClientBuilder;

/** The Agents for Bedrock client and the output that {@code import bedrock-prompt} and {@code publish --bedrock-prompt} share. */
final class BedrockPrompts {

  private BedrockPrompts() {}

  /** Returns an Agents for Bedrock client for the options, in {@code region} when the options name none. */
  static BedrockAgentClient client(AwsOptions aws, @Nullable String region) {
    BedrockAgentClientBuilder b = BedrockAgentClient.builder().httpClientBuilder(ApacheHttpClient.builder())
        .credentialsProvider(aws.credentials())
        .region(aws.region() == null && region != null && !region.isEmpty() ? Region.of(region) : aws.resolveRegion());
    if (aws.endpointUrl() != null) {
      b.endpointOverride(aws.endpointUrl());
    }
    return b.build();
  }

  /** Returns the {@code model.bedrock.prompt} object that pins a version. */
  static Map<String, Object> pin(BedrockPromptVersions.PromptVersion v) {
    Map<String, Object> pin = new LinkedHashMap<>();
    pin.put("arn", v.arn());
    pin.put("sha256", v.sha256());
    return pin;
  }

  /** Returns the pin as the JSON to paste under {@code model.bedrock}. */
  static String pinJson(BedrockPromptVersions.PromptVersion v) {
    return "\"prompt\": {\"arn\": \"" + v.arn() + "\", \"sha256\": \"" + v.sha256() + "\"}";
  }

  /** Returns the version number at the end of a version ARN. */
  static String versionOf(BedrockPromptVersions.PromptVersion v) {
    return v.arn().substring(v.arn().lastIndexOf(':') + 1);
  }
}
