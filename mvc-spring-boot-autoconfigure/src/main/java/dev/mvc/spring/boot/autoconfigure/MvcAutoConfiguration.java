package dev.mvc.spring.boot.autoconfigure;

import dev.mvc.ManifestSources;
import dev.mvc.audit.AuditLog;
import dev.mvc.bedrock.BedrockBackend;
import dev.mvc.micrometer.MvcMetrics;
import dev.mvc.opentelemetry.MvcTracing;
import dev.mvc.s3.S3ArtifactDigests;
import dev.mvc.s3.S3ManifestSource;
import dev.mvc.spi.ArtifactDigests;
import dev.mvc.sagemaker.SageMakerEndpointBackend;
import dev.mvc.spi.InvocationListener;
import dev.mvc.spi.ManifestListener;
import dev.mvc.spi.ModelBackend;
import dev.mvc.spring.boot.autoconfigure.internal.LazyBackend;
import dev.mvc.spring.boot.autoconfigure.internal.ManifestSourceResolver;
import dev.mvc.spring.boot.autoconfigure.internal.MvcClientRegistrar;
import dev.mvc.spring.boot.autoconfigure.internal.PinnedClientFactory;
import dev.mvc.spring.boot.autoconfigure.internal.ProviderBackends;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.util.Objects;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeAsyncClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

/**
 * Auto-configuration of mvc: a {@link dev.mvc.PinnedModelClient} bean per
 * {@code mvc.clients.<name>} entry, the Bedrock and SageMaker backends (over the application's AWS
 * client beans when it defines them), and the listeners {@link MvcMetrics}, {@link MvcTracing}
 * and {@link AuditLog} when their prerequisites exist. Every bean backs off when the application
 * defines its own.
 */
@AutoConfiguration(afterName = {
    "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
    "org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration"})
@EnableConfigurationProperties(MvcProperties.class)
@Import(MvcClientRegistrar.class)
public class MvcAutoConfiguration {

  /** Creates the auto-configuration. */
  public MvcAutoConfiguration() {}

  /** The factory of the configured clients, with every {@link ModelBackend} and listener bean of the application. */
  @Bean
  PinnedClientFactory mvcClientFactory(MvcProperties properties, ObjectProvider<ModelBackend> backends,
      ObjectProvider<InvocationListener> listeners, ObjectProvider<ManifestListener> manifestListeners,
      ObjectProvider<ManifestSourceResolver> sources) {
    return new PinnedClientFactory(properties, new ProviderBackends(backends.orderedStream().toList()),
        listeners.orderedStream().toList(), manifestListeners.orderedStream().toList(),
        sources.getIfAvailable(() -> ManifestSources::of));
  }

  /** The JSON-lines audit log, when {@code mvc.audit.file} is set. */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnProperty(prefix = "mvc.audit", name = "file")
  AuditLog mvcAuditLog(MvcProperties properties) {
    return AuditLog.toFile(Objects.requireNonNull(properties.getAudit().getFile(), "mvc.audit.file"));
  }

  /** The Bedrock backend, over the application's runtime clients when it defines them. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({BedrockBackend.class, BedrockRuntimeClient.class})
  static class BedrockConfiguration {
    @Bean
    @ConditionalOnMissingBean
    BedrockBackend mvcBedrockBackend(MvcProperties properties, ObjectProvider<BedrockRuntimeClient> client,
        ObjectProvider<BedrockRuntimeAsyncClient> asyncClient, ObjectProvider<BedrockClient> controlClient,
        ObjectProvider<ArtifactDigests> artifactDigests) {
      MvcProperties.Bedrock checks = properties.getBedrock();
      BedrockBackend.Builder b = BedrockBackend.builder()
          .lifecycleCheck(checks.getLifecycleCheck())
          .knowledgeBaseCheck(checks.getKnowledgeBaseCheck())
          .agentAliasCheck(checks.getAgentAliasCheck());
      client.ifUnique(b::client);
      asyncClient.ifUnique(b::asyncClient);
      controlClient.ifUnique(b::controlClient);
      artifactDigests.ifUnique(b::artifactDigests);
      return b.build();
    }
  }

  /** The SageMaker endpoint backend, over the application's runtime clients when it defines them. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({SageMakerEndpointBackend.class, SageMakerRuntimeClient.class})
  static class SageMakerConfiguration {
    /** Built on first use: its builder resolves the AWS region at once, which a Bedrock-only application may lack. */
    @Bean
    @ConditionalOnMissingBean(SageMakerEndpointBackend.class)
    ModelBackend mvcSageMakerBackend(ObjectProvider<SageMakerRuntimeClient> client,
        ObjectProvider<SageMakerRuntimeAsyncClient> asyncClient) {
      return new LazyBackend("sagemaker", () -> {
        SageMakerEndpointBackend.Builder b = SageMakerEndpointBackend.builder();
        client.ifUnique(b::client);
        asyncClient.ifUnique(b::asyncClient);
        return b.build();
      });
    }
  }

  /** s3:// manifests through the application's {@link S3Client} when it defines one. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({S3ManifestSource.class, S3Client.class})
  @ConditionalOnBean(S3Client.class)
  static class S3Configuration {
    @Bean
    @ConditionalOnMissingBean
    ManifestSourceResolver mvcManifestSources(S3Client s3) {
      return uri -> uri.startsWith("s3://") ? S3ManifestSource.of(s3, uri) : ManifestSources.of(uri);
    }

    /** Reads the SHA-256 S3 records for artifacts, for the imported-model check of a pinned {@code sha256}. */
    @Bean
    @ConditionalOnMissingBean
    ArtifactDigests mvcArtifactDigests(S3Client s3) {
      return S3ArtifactDigests.create(s3);
    }
  }

  /** Metrics of every call, when the application has a {@link MeterRegistry}. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({MvcMetrics.class, MeterRegistry.class})
  @ConditionalOnBean(MeterRegistry.class)
  static class MetricsConfiguration {
    @Bean
    @ConditionalOnMissingBean
    MvcMetrics mvcMetrics(MeterRegistry registry) {
      return MvcMetrics.create(registry);
    }
  }

  /** Traces of every call, when the application has an {@link OpenTelemetry}. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({MvcTracing.class, OpenTelemetry.class})
  @ConditionalOnBean(OpenTelemetry.class)
  static class TracingConfiguration {
    @Bean
    @ConditionalOnMissingBean
    MvcTracing mvcTracing(OpenTelemetry openTelemetry) {
      return MvcTracing.create(openTelemetry);
    }
  }
}
