package dev.mvc.spring.boot.autoconfigure.internal;

import dev.mvc.CanaryClient;
import dev.mvc.ManifestSignatures;
import dev.mvc.MvcException;
import dev.mvc.PinnedModelClient;
import dev.mvc.PinningPolicy;
import dev.mvc.PinningRule;
import dev.mvc.ResiliencePolicy;
import dev.mvc.spi.InvocationListener;
import dev.mvc.spi.ManifestListener;
import dev.mvc.spi.ManifestSource;
import dev.mvc.spring.boot.autoconfigure.MvcClientStartException;
import dev.mvc.spring.boot.autoconfigure.MvcProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Builds the pinned clients described by {@link MvcProperties}: one policy (with the trusted
 * signature keys), the provider router, and the application's listeners, shared by all clients.
 */
public final class PinnedClientFactory implements AutoCloseable {
  private final MvcProperties properties;
  private final ProviderBackends backend;
  private final List<InvocationListener> listeners;
  private final List<ManifestListener> manifestListeners;
  private final ManifestSourceResolver sources;
  private final @Nullable Map<String, PublicKey> trustedKeys;
  private final Map<String, PinnedModelClient> candidates = new ConcurrentHashMap<>();

  /** Creates the factory. */
  public PinnedClientFactory(MvcProperties properties, ProviderBackends backend, List<InvocationListener> listeners,
      List<ManifestListener> manifestListeners, ManifestSourceResolver sources) {
    this.properties = properties;
    this.backend = backend;
    this.listeners = List.copyOf(listeners);
    this.manifestListeners = List.copyOf(manifestListeners);
    this.sources = sources;
    this.trustedKeys = trustedKeys(properties.getSignatures().getTrustedKeys());
  }

  /** Returns the settings of client {@code name}, failing with the property name when there are none. */
  public MvcProperties.Client settings(String name) {
    MvcProperties.Client c = properties.getClients().get(name);
    if (c == null) {
      throw new MvcException("no mvc.clients." + name + " properties");
    }
    return c;
  }

  /** Builds client {@code name}, loading its manifest now. */
  public PinnedModelClient create(String name) {
    MvcProperties.Client c = settings(name);
    String property = prefix(name) + ".manifest";
    String uri = c.getManifest();
    if (uri == null || uri.isBlank()) {
      throw new MvcClientStartException(name, property, String.valueOf(uri),
          new MvcException(property + " must name a manifest (classpath:, file: or s3://), was " + uri));
    }
    PinnedModelClient.Builder b = builder(name, c, uri, property);
    if (c.getLastKnownGood() != null) {
      b.lastKnownGood(c.getLastKnownGood());
    }
    String fallback = c.getFallback().getManifest();
    if (fallback != null && !fallback.isBlank()) {
      b.fallback(source(name, prefix(name) + ".fallback.manifest", fallback),
          c.getFallback().getOn().toArray(new String[0]));
    }
    if (c.getResponseCache().getMaxSize() > 0) {
      b.responseCache(c.getResponseCache().getMaxSize());
    }
    return build(name, property, uri, b);
  }

  /**
   * Builds the canary of client {@code name} over {@code baseline}: a candidate client for
   * {@code canary.manifest} with the same policy, backend and listeners.
   */
  public CanaryClient canary(String name, PinnedModelClient baseline) {
    MvcProperties.Client c = settings(name);
    String property = prefix(name) + ".canary.manifest";
    String uri = Objects.requireNonNull(c.getCanary().getManifest(), property);
    PinnedModelClient candidate = build(name, property, uri, builder(name, c, uri, property));
    candidates.put(name, candidate);
    try {
      return CanaryClient.create(baseline, candidate, c.getCanary().getPercent());
    } catch (IllegalArgumentException e) {
      candidate.close();
      throw new MvcClientStartException(name, prefix(name) + ".canary.percent",
          String.valueOf(c.getCanary().getPercent()), e);
    }
  }

  /** Returns the canary candidate of client {@code name}, or null when it has none. */
  public @Nullable PinnedModelClient candidate(String name) {
    return candidates.get(name);
  }

  private PinnedModelClient.Builder builder(String name, MvcProperties.Client c, String uri, String property) {
    PinnedModelClient.Builder b = PinnedModelClient.builder()
        .manifest(source(name, property, uri))
        .backend(backend)
        .closeBackend(false)
        .policy(policy(name, c))
        .resilience(resilience(name, c.getResilience()));
    listeners.forEach(b::listener);
    manifestListeners.forEach(b::manifestListener);
    return b;
  }

  private PinnedModelClient build(String name, String property, String uri, PinnedModelClient.Builder b) {
    try {
      return b.build();
    } catch (MvcException e) {
      throw new MvcClientStartException(name, property, uri, e);
    }
  }

  private ManifestSource source(String name, String property, String uri) {
    try {
      return sources.resolve(uri);
    } catch (MvcException e) {
      throw new MvcClientStartException(name, property, uri, e);
    }
  }

  private PinningPolicy policy(String name, MvcProperties.Client c) {
    PinningPolicy.Builder p = PinningPolicy.builder().requireApproval(c.getPolicy().isRequireApproval());
    for (int i = 0; i < c.getPolicy().getRelax().size(); i++) {
      String rule = c.getPolicy().getRelax().get(i);
      try {
        p.relax(PinningRule.fromRuleName(rule.trim()));
      } catch (RuntimeException e) {
        throw new MvcClientStartException(name, prefix(name) + ".policy.relax[" + i + "]", rule, e);
      }
    }
    if (trustedKeys != null) {
      p.requireSignature(ManifestSignatures.trusting(trustedKeys));
    }
    return p.build();
  }

  private static ResiliencePolicy resilience(String name, MvcProperties.Resilience r) {
    String at = prefix(name) + ".resilience";
    ResiliencePolicy.Builder b = ResiliencePolicy.builder();
    try {
      MvcProperties.Retry retry = r.getRetry();
      if (retry.getMaxAttempts() != null) {
        at = prefix(name) + ".resilience.retry";
        b.retry(retry.getMaxAttempts(), retry.getInitialBackoff(), retry.getMultiplier(), retry.getMaxBackoff());
      }
      if (retry.getJitter() != null) {
        at = prefix(name) + ".resilience.retry.jitter";
        b.jitter(retry.getJitter());
      }
      MvcProperties.CircuitBreaker cb = r.getCircuitBreaker();
      if (cb.getFailureRateThreshold() != null) {
        at = prefix(name) + ".resilience.circuit-breaker";
        b.circuitBreaker(cb.getFailureRateThreshold(), cb.getMinimumCalls(), cb.getOpenDuration());
        if (cb.getHalfOpenCalls() != null) {
          b.halfOpenCalls(cb.getHalfOpenCalls());
        }
      }
      MvcProperties.RateLimiter rl = r.getRateLimiter();
      if (rl.getPermits() != null) {
        at = prefix(name) + ".resilience.rate-limiter";
        b.rateLimiter(rl.getPermits(), rl.getPeriod(), rl.getTimeout());
      }
      MvcProperties.Bulkhead bh = r.getBulkhead();
      if (bh.getMaxConcurrentCalls() != null) {
        at = prefix(name) + ".resilience.bulkhead";
        b.bulkhead(bh.getMaxConcurrentCalls(), bh.getMaxWait());
      }
      if (r.getTimeLimit() != null) {
        at = prefix(name) + ".resilience.time-limit";
        b.timeLimit(r.getTimeLimit());
      }
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new MvcClientStartException(name, at, e.getMessage(), e);
    }
  }

  private static @Nullable Map<String, PublicKey> trustedKeys(Map<String, String> configured) {
    if (configured.isEmpty()) {
      return null;
    }
    Map<String, PublicKey> keys = new LinkedHashMap<>();
    configured.forEach((keyId, value) -> {
      String property = MvcProperties.PREFIX + ".signatures.trusted-keys." + keyId;
      String base64 = value.trim();
      if (base64.startsWith("file:")) {
        Path file = Path.of(base64.substring("file:".length()));
        try {
          base64 = Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
          throw new MvcException(property + " names a key file that cannot be read: " + file + ": " + e, e);
        }
      }
      try {
        keys.put(keyId, ManifestSignatures.decodePublicKey(base64));
      } catch (MvcException e) {
        throw new MvcException(property + " is not an Ed25519 public key (base64 X.509 or file:/path), was "
            + value + ": " + e.getMessage(), e);
      }
    });
    return keys;
  }

  /** Closes the canary candidates, which are not beans of their own. */
  @Override
  public void close() {
    candidates.values().forEach(PinnedModelClient::close);
  }

  private static String prefix(String name) {
    return MvcProperties.PREFIX + ".clients." + name;
  }
}
