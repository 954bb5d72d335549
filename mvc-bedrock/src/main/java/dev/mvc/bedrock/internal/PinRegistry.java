package dev.mvc.bedrock.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.awscore.AwsRequest;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkPlugin;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;

/**
 * The pins of one backend's calls in flight, by the identity of the request each call submits.
 * Every request the backend sends carries a request override configuration, built once per
 * registry, whose execution attribute {@link #ATTRIBUTE} names this registry; the request guard
 * looks the call's pin up here and refuses a request that names a registry without carrying a
 * registered pin. Each backend owns its registry, so no state is shared between backends.
 *
 * <p>Why not an override configuration per request carrying the pin itself: the SDK copies an
 * override configuration's maps and lists whenever one is built, about 1.2 KB and several hundred
 * nanoseconds per call, where registering costs one map entry.
 */
public final class PinRegistry {

  /** The execution attribute that names the registry of the call's pin. */
  public static final ExecutionAttribute<PinRegistry> ATTRIBUTE = new ExecutionAttribute<>("dev.mvc.bedrock.PinRegistry");

  /** Turns SDK retries off for one request, for user clients whose own strategy would retry. */
  private static final SdkPlugin NO_RETRY = config -> config.overrideConfiguration(
      config.overrideConfiguration().toBuilder().retryStrategy(AwsRetryStrategy.doNotRetry()).build());

  private final ConcurrentHashMap<Submitted, WirePin> pins = new ConcurrentHashMap<>();
  private final AwsRequestOverrideConfiguration marked;
  private final AwsRequestOverrideConfiguration markedNoRetry;
  private final boolean clientsSendOnce;

  /** Creates an empty registry for clients that all make one attempt per call. */
  public PinRegistry() {
    this(true);
  }

  /**
   * Creates an empty registry. When {@code clientsSendOnce} is false (a user client whose own
   * strategy retries), every request turns SDK retries off for itself, so that the client's
   * resilience policy stays the one retry layer; that per-request setting makes the SDK rebuild
   * its configuration on each call, which a client built with {@code doNotRetry()} never pays.
   */
  public PinRegistry(boolean clientsSendOnce) {
    this.marked = AwsRequestOverrideConfiguration.builder().putExecutionAttribute(ATTRIBUTE, this).build();
    this.markedNoRetry = marked.toBuilder().addPlugin(NO_RETRY).build();
    this.clientsSendOnce = clientsSendOnce;
  }

  /**
   * Builds the request, registers its pin, sends it with {@code send} and releases the pin when
   * the call returns or throws.
   */
  <R extends SdkRequest, T> T call(AwsRequest.Builder builder, WirePin pin, Function<R, T> send) {
    R request = register(builder, pin, clientsSendOnce);
    try {
      return send.apply(request);
    } finally {
      release(request);
    }
  }

  /**
   * Builds the request, registers its pin and starts it with {@code send}; the pin is released
   * when the returned future completes, or at once if starting throws. When the client may retry
   * ({@code clientSingleAttempt} false) SDK retries are turned off for this request, so that a
   * stream, whose retried events would reach the handler twice, makes one attempt.
   */
  <R extends SdkRequest, T> CompletableFuture<T> start(AwsRequest.Builder builder, WirePin pin,
      boolean clientSingleAttempt, Function<R, CompletableFuture<T>> send) {
    R request = register(builder, pin, clientSingleAttempt && clientsSendOnce);
    CompletableFuture<T> future;
    try {
      future = send.apply(request);
    } catch (RuntimeException | Error e) {
      release(request);
      throw e;
    }
    future.whenComplete((r, e) -> release(request));
    return future;
  }

  /** Returns the pin of a request being sent now, or null. */
  public @Nullable WirePin pinOf(SdkRequest request) {
    return pins.get(new Submitted(request));
  }

  /** Returns how many pins are registered now (calls in flight). */
  public int size() {
    return pins.size();
  }

  /** Registers the pin of a request built from {@code builder} with this registry's configuration. */
  <R extends SdkRequest> R register(AwsRequest.Builder builder, WirePin pin, boolean clientSingleAttempt) {
    @SuppressWarnings("unchecked")
    R request = (R) builder.overrideConfiguration(clientSingleAttempt ? marked : markedNoRetry).build();
    pins.put(new Submitted(request), pin);
    return request;
  }

  /** Forgets the pin of a registered request. */
  void release(SdkRequest request) {
    pins.remove(new Submitted(request));
  }

  /** A submitted request, equal only to itself. */
  private static final class Submitted {
    final SdkRequest request;

    Submitted(SdkRequest request) {
      this.request = request;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Submitted && ((Submitted) other).request == request;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(request);
    }
  }
}
