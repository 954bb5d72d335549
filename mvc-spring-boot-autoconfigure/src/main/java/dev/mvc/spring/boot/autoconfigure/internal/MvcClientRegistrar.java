package dev.mvc.spring.boot.autoconfigure.internal;

import dev.mvc.CanaryClient;
import dev.mvc.PinnedModelClient;
import dev.mvc.spring.boot.autoconfigure.ManifestWatcherLifecycle;
import dev.mvc.spring.boot.autoconfigure.MvcProperties;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Registers one {@link PinnedModelClient} bean per {@code mvc.clients.<name>} entry, named
 * {@code <name>}, with its {@code <name>-canary} {@link CanaryClient} and {@code <name>-watcher}
 * {@link ManifestWatcherLifecycle} where configured. A bean of the same name that the application
 * defines wins, as with {@code @ConditionalOnMissingBean}.
 */
public final class MvcClientRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware, BeanFactoryAware {
  private @Nullable Environment environment;
  private @Nullable BeanFactory beanFactory;

  /** Creates the registrar (Spring calls the aware setters before registering). */
  public MvcClientRegistrar() {}

  @Override
  public void setEnvironment(Environment environment) {
    this.environment = environment;
  }

  @Override
  public void setBeanFactory(BeanFactory beanFactory) {
    this.beanFactory = beanFactory;
  }

  @Override
  public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
    Map<String, MvcProperties.Client> clients = Binder.get(Objects.requireNonNull(environment, "environment"))
        .bind(MvcProperties.PREFIX + ".clients", Bindable.mapOf(String.class, MvcProperties.Client.class))
        .orElse(Map.of());
    BeanFactory factory = Objects.requireNonNull(beanFactory, "beanFactory");
    clients.forEach((name, settings) -> {
      if (!registry.containsBeanDefinition(name)) {
        RootBeanDefinition client = new RootBeanDefinition(PinnedModelClient.class,
            () -> factory.getBean(PinnedClientFactory.class).create(name));
        client.setDestroyMethodName(AbstractBeanDefinition.INFER_METHOD);
        registry.registerBeanDefinition(name, client);
      }
      String canaryName = name + "-canary";
      if (settings.getCanary().getManifest() != null && !registry.containsBeanDefinition(canaryName)) {
        RootBeanDefinition canary = new RootBeanDefinition(CanaryClient.class,
            () -> factory.getBean(PinnedClientFactory.class).canary(name, factory.getBean(name, PinnedModelClient.class)));
        // Closing the canary would close the baseline client too; each client closes itself.
        canary.setDestroyMethodName(null);
        canary.setDependsOn(name);
        registry.registerBeanDefinition(canaryName, canary);
      }
      Duration interval = settings.getWatch().getInterval();
      String watcherName = name + "-watcher";
      if (interval != null && !registry.containsBeanDefinition(watcherName)) {
        double jitter = settings.getWatch().getJitter();
        RootBeanDefinition watcher = new RootBeanDefinition(ManifestWatcherLifecycle.class,
            () -> new ManifestWatcherLifecycle(factory.getBean(name, PinnedModelClient.class), interval, jitter));
        watcher.setDependsOn(name);
        registry.registerBeanDefinition(watcherName, watcher);
      }
    });
  }
}
