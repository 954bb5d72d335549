package dev.mvc.samples.springboot;

import dev.mvc.PinnedModelClient;
import dev.mvc.bedrock.BedrockBackend;
import dev.mvc.emulators.bedrock.BedrockEmulator;
import dev.mvc.spring.ai.MvcChatModel;
import java.net.URI;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

/**
 * The support-answer service: {@code POST /answer} answers a customer's question through a Spring
 * AI {@link ChatClient} backed by the pinned client {@code support-answer} (configured in
 * {@code application.properties}), and returns the version stamp in the {@code X-Mvc-Stamp}
 * header.
 *
 * <p>So that it runs without an AWS account, the application starts the Bedrock emulator on
 * loopback and defines the {@link BedrockRuntimeClient} bean pointing at it; a real service
 * defines its client for its region (or none: mvc then builds one from the default chains).
 */
@SpringBootApplication
public class SupportAnswerApplication {

  /** Starts the application. */
  public static void main(String[] args) {
    SpringApplication.run(SupportAnswerApplication.class, args);
  }

  /** The Bedrock emulator standing in for Amazon Bedrock. */
  @Bean(destroyMethod = "close")
  BedrockEmulator bedrockEmulator() {
    return BedrockEmulator.create().start();
  }

  /** The application's own Bedrock client; mvc uses it, with its request guard on every mvc call. */
  @Bean(destroyMethod = "close")
  BedrockRuntimeClient bedrockRuntimeClient(BedrockEmulator bedrock) {
    URI endpoint = bedrock.endpoint();
    return BedrockRuntimeClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("sample", "sample")))
        .overrideConfiguration(o -> o.addExecutionInterceptor(BedrockBackend.requestGuard()))
        .build();
  }

  /** The chat client of the answer endpoint, pinned through {@link MvcChatModel}. */
  @Bean
  ChatClient supportAnswerChat(@Qualifier("support-answer") PinnedModelClient supportAnswer) {
    return ChatClient.create(MvcChatModel.create(supportAnswer));
  }
}
