package dev.mvc.spring.boot.autoconfigure.internal;

import dev.mvc.VersionManifest;
import dev.mvc.spi.BackendResponse;
import dev.mvc.spi.BackendStreamHandler;
import dev.mvc.spi.ModelBackend;
import dev.mvc.spi.ResolvedCall;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A backend built on first use, for backends whose builder resolves the AWS region and
 * credentials at once: an application that only pins Bedrock must start where no SageMaker
 * region can be found.
 */
public final class LazyBackend implements ModelBackend {
  private final String provider;
  private final Supplier<? extends ModelBackend> factory;
  private volatile @Nullable ModelBackend delegate;

  /** Creates a backend of {@code provider} that {@code factory} builds on first use. */
  public LazyBackend(String provider, Supplier<? extends ModelBackend> factory) {
    this.provider = provider;
    this.factory = factory;
  }

  private ModelBackend delegate() {
    ModelBackend d = delegate;
    if (d == null) {
      synchronized (this) {
        d = delegate;
        if (d == null) {
          d = factory.get();
          delegate = d;
        }
      }
    }
    return d;
  }

  @Override
  public String provider() {
    return provider;
  }

  @Override
  public void validate(VersionManifest manifest) {
    delegate().validate(manifest);
  }

  @Override
  public dev.mvc.@Nullable LifecycleFacts validateAtLoad(VersionManifest manifest) {
    return delegate().validateAtLoad(manifest);
  }

  @Override
  public BackendResponse invoke(ResolvedCall call) {
    return delegate().invoke(call);
  }

  @Override
  public CompletableFuture<BackendResponse> invokeAsync(ResolvedCall call, Executor executor) {
    return delegate().invokeAsync(call, executor);
  }

  @Override
  public void invokeStream(ResolvedCall call, BackendStreamHandler handler, Executor executor) {
    delegate().invokeStream(call, handler, executor);
  }

  @Override
  public synchronized void close() {
    ModelBackend d = delegate;
    if (d != null) {
      d.close();
    }
  }

  @Override
  public String toString() {
    ModelBackend d = delegate;
    return d != null ? d.toString() : "LazyBackend{" + provider + ", not built yet}";
  }
}
