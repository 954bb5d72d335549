package dev.mvc.spring.boot.autoconfigure;

import dev.mvc.CanaryClient;
import dev.mvc.PinnedModelClient;
import dev.mvc.spring.boot.autoconfigure.internal.PinnedClientFactory;
import dev.mvc.spring.boot.autoconfigure.internal.ReadinessGroupPostProcessor;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of mvc's health, actuator endpoint and info: the {@code mvc} health
 * contributor with one {@link MvcClientHealthIndicator} per client (in the readiness group), the
 * {@link MvcEndpoint} and the {@link MvcInfoContributor}.
 */
@AutoConfiguration(after = MvcAutoConfiguration.class,
    afterName = "org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration")
public class MvcActuatorAutoConfiguration {

  /** Creates the auto-configuration. */
  public MvcActuatorAutoConfiguration() {}

  /** The health of every client. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(HealthContributor.class)
  @ConditionalOnEnabledHealthIndicator("mvc")
  static class HealthConfiguration {
    @Bean
    @ConditionalOnMissingBean(name = "mvcHealthContributor")
    HealthContributor mvcHealthContributor(Map<String, PinnedModelClient> clients) {
      return CompositeHealthContributor.fromMap(new TreeMap<>(clients), MvcClientHealthIndicator::new);
    }

    @Bean
    @ConditionalOnClass(HealthEndpointGroupsPostProcessor.class)
    static HealthEndpointGroupsPostProcessor mvcReadinessGroupPostProcessor() {
      return new ReadinessGroupPostProcessor("mvc");
    }
  }

  /** The {@code mvc} endpoint. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class})
  @ConditionalOnAvailableEndpoint(MvcEndpoint.class)
  static class EndpointConfiguration {
    @Bean
    @ConditionalOnMissingBean
    MvcEndpoint mvcEndpoint(Map<String, PinnedModelClient> clients, ObjectProvider<Map<String, CanaryClient>> canaries,
        ObjectProvider<PinnedClientFactory> factory) {
      return new MvcEndpoint(clients, canaries.getIfAvailable(Map::of), factory.getIfAvailable());
    }
  }

  /** The versions in {@code /actuator/info}. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(InfoContributor.class)
  static class InfoConfiguration {
    @Bean
    @ConditionalOnMissingBean
    MvcInfoContributor mvcInfoContributor(Map<String, PinnedModelClient> clients) {
      return new MvcInfoContributor(clients);
    }
  }
}
