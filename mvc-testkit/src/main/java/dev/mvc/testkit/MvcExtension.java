package dev.mvc.testkit;

import dev.mvc.ManifestSources;
import dev.mvc.PinnedModelClient;
import dev.mvc.VersionManifest;
import java.lang.reflect.AnnotatedElement;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The JUnit 5 extension behind {@link MvcTest}: resolves {@link PinnedModelClient},
 * {@link InMemoryModelBackend} and {@link VersionManifest} parameters, one set per test method,
 * and closes the client after the test.
 */
public final class MvcExtension implements ParameterResolver {
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(MvcExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
    Class<?> type = p.getParameter().getType();
    return type == PinnedModelClient.class || type == InMemoryModelBackend.class
        || type == VersionManifest.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext c) {
    Fixture f = c.getStore(NS).getOrComputeIfAbsent("fixture", k -> new Fixture(settings(c)), Fixture.class);
    Class<?> type = p.getParameter().getType();
    if (type == InMemoryModelBackend.class) {
      return f.backend;
    }
    if (type == VersionManifest.class) {
      return f.client.currentManifest().manifest();
    }
    return f.client;
  }

  private static MvcTest settings(ExtensionContext c) {
    MvcTest onMethod = find(c.getTestMethod().orElse(null));
    if (onMethod != null) {
      return onMethod;
    }
    for (Class<?> k = c.getRequiredTestClass(); k != null; k = k.getEnclosingClass()) {
      MvcTest onClass = find(k);
      if (onClass != null) {
        return onClass;
      }
    }
    throw new ParameterResolutionException("annotate the test class or method with @MvcTest");
  }

  private static MvcTest find(AnnotatedElement e) {
    return e == null ? null : e.getAnnotation(MvcTest.class);
  }

  /** Per-test resources, closed by JUnit when the test's store is closed. */
  private static final class Fixture implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    final InMemoryModelBackend backend = InMemoryModelBackend.create();
    final PinnedModelClient client;

    Fixture(MvcTest settings) {
      PinnedModelClient.Builder b = PinnedModelClient.builder().backend(backend);
      if (settings.manifest().isEmpty()) {
        b.manifest(TestManifests.bedrock(settings.template()));
      } else {
        b.manifest(ManifestSources.of(settings.manifest()));
      }
      this.client = b.build();
    }

    @Override
    public void close() {
      client.close();
    }
  }
}
