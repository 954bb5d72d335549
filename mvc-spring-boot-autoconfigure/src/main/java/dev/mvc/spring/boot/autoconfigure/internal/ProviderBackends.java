package dev.mvc.spring.boot.autoconfigure.internal;

import dev.mvc.MvcException;
import dev.mvc.VersionManifest;
import dev.mvc.spi.BackendResponse;
import dev.mvc.spi.BackendStreamHandler;
import dev.mvc.spi.ModelBackend;
import dev.mvc.spi.ResolvedCall;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The backend of every configured client: it passes each manifest and call to the application's
 * backend for the manifest's provider ({@code bedrock}, {@code sagemaker}, ...), so one client
 * property set serves any provider and the provider is read from the manifest, not configured
 * twice. The backends are beans and are closed by the context, not here.
 */
public final class ProviderBackends implements ModelBackend {
  private final Map<String, ModelBackend> byProvider = new LinkedHashMap<>();

  /** Creates the router; the first backend of each provider wins, so an application's own comes first. */
  public ProviderBackends(List<ModelBackend> backends) {
    for (ModelBackend b : backends) {
      byProvider.putIfAbsent(b.provider(), b);
    }
  }

  @Override
  public String provider() {
    return String.join("|", byProvider.keySet());
  }

  @Override
  public void validate(VersionManifest manifest) {
    backendFor(manifest.model().provider()).validate(manifest);
  }

  @Override
  public dev.mvc.@org.jspecify.annotations.Nullable LifecycleFacts validateAtLoad(VersionManifest manifest) {
    return backendFor(manifest.model().provider()).validateAtLoad(manifest);
  }

  @Override
  public BackendResponse invoke(ResolvedCall call) {
    return backendFor(call.target().provider()).invoke(call);
  }

  @Override
  public CompletableFuture<BackendResponse> invokeAsync(ResolvedCall call, Executor executor) {
    return backendFor(call.target().provider()).invokeAsync(call, executor);
  }

  @Override
  public void invokeStream(ResolvedCall call, BackendStreamHandler handler, Executor executor) {
    backendFor(call.target().provider()).invokeStream(call, handler, executor);
  }

  private ModelBackend backendFor(String provider) {
    ModelBackend backend = byProvider.get(provider);
    if (backend == null) {
      throw new MvcException("no backend for provider " + provider + " (have: " + byProvider.keySet()
          + "); add dev.mvc:mvc-" + provider + " to the class path or define a ModelBackend bean for it");
    }
    return backend;
  }

  @Override
  public String toString() {
    return "ProviderBackends" + byProvider.keySet();
  }
}
