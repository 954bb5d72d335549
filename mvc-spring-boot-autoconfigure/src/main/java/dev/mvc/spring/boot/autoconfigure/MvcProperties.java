package dev.mvc.spring.boot.autoconfigure;

import dev.mvc.CheckMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * The {@code mvc.*} configuration properties: one pinned client per {@code mvc.clients.<name>}
 * entry, the trusted signature keys, the Bedrock remote checks and the audit log.
 *
 * <pre>
 * mvc.clients.support-answer.manifest=classpath:manifests/support-answer.json
 * mvc.clients.support-answer.watch.interval=30s
 * mvc.signatures.trusted-keys.release-2026=MCowBQYDK2VwAyEA...
 * mvc.bedrock.lifecycle-check=WARN
 * mvc.audit.file=/var/log/app/mvc-audit.jsonl
 * </pre>
 *
 * <p>A mutable JavaBean only because Spring binds it; the auto-configuration reads it once at
 * start and turns each entry into immutable mvc values (policies, resilience policies, sources).
 */
@ConfigurationProperties(prefix = MvcProperties.PREFIX)
public class MvcProperties {
  /** The prefix of all mvc properties. */
  public static final String PREFIX = "mvc";

  /** Pinned clients by bean name; each becomes a PinnedModelClient bean of that name. */
  private Map<String, Client> clients = new LinkedHashMap<>();

  /** Manifest signature verification. */
  @NestedConfigurationProperty
  private Signatures signatures = new Signatures();

  /** Remote checks of the Bedrock backend, run whenever a manifest is loaded. */
  @NestedConfigurationProperty
  private Bedrock bedrock = new Bedrock();

  /** The JSON-lines audit log. */
  @NestedConfigurationProperty
  private Audit audit = new Audit();

  /** Returns the clients by name. */
  public Map<String, Client> getClients() {
    return clients;
  }

  /** Sets the clients by name. */
  public void setClients(Map<String, Client> clients) {
    this.clients = clients;
  }

  /** Returns the signature settings. */
  public Signatures getSignatures() {
    return signatures;
  }

  /** Sets the signature settings. */
  public void setSignatures(Signatures signatures) {
    this.signatures = signatures;
  }

  /** Returns the Bedrock check settings. */
  public Bedrock getBedrock() {
    return bedrock;
  }

  /** Sets the Bedrock check settings. */
  public void setBedrock(Bedrock bedrock) {
    this.bedrock = bedrock;
  }

  /** Returns the audit log settings. */
  public Audit getAudit() {
    return audit;
  }

  /** Sets the audit log settings. */
  public void setAudit(Audit audit) {
    this.audit = audit;
  }

  /** The settings of one pinned client ({@code mvc.clients.<name>.*}). */
  public static class Client {
    /**
     * Where the manifest is loaded from: classpath:path, file:/path (or a plain path), or
     * s3://bucket/key (with mvc-s3), optionally with ?versionId= to pin one object version.
     */
    private @Nullable String manifest;

    /**
     * Directory of the last-known-good copy; the client starts from it when the source is
     * unreachable. One directory per client.
     */
    private @Nullable Path lastKnownGood;

    /** Hot reload; without an interval no watcher runs. */
    private Watch watch = new Watch();

    /** The pinning policy. */
    private Policy policy = new Policy();

    /** An explicit pinned fallback. */
    private Fallback fallback = new Fallback();

    /** A candidate manifest that serves a share of the traffic through a CanaryClient bean. */
    private Canary canary = new Canary();

    /** The response cache of deterministic calls. */
    private ResponseCache responseCache = new ResponseCache();

    /** Retry, circuit breaker, rate limiter, bulkhead and time limit. */
    private Resilience resilience = new Resilience();

    /** Returns the manifest URI. */
    public @Nullable String getManifest() {
      return manifest;
    }

    /** Sets the manifest URI. */
    public void setManifest(@Nullable String manifest) {
      this.manifest = manifest;
    }

    /** Returns the last-known-good directory. */
    public @Nullable Path getLastKnownGood() {
      return lastKnownGood;
    }

    /** Sets the last-known-good directory. */
    public void setLastKnownGood(@Nullable Path lastKnownGood) {
      this.lastKnownGood = lastKnownGood;
    }

    /** Returns the watch settings. */
    public Watch getWatch() {
      return watch;
    }

    /** Sets the watch settings. */
    public void setWatch(Watch watch) {
      this.watch = watch;
    }

    /** Returns the policy settings. */
    public Policy getPolicy() {
      return policy;
    }

    /** Sets the policy settings. */
    public void setPolicy(Policy policy) {
      this.policy = policy;
    }

    /** Returns the fallback settings. */
    public Fallback getFallback() {
      return fallback;
    }

    /** Sets the fallback settings. */
    public void setFallback(Fallback fallback) {
      this.fallback = fallback;
    }

    /** Returns the canary settings. */
    public Canary getCanary() {
      return canary;
    }

    /** Sets the canary settings. */
    public void setCanary(Canary canary) {
      this.canary = canary;
    }

    /** Returns the response cache settings. */
    public ResponseCache getResponseCache() {
      return responseCache;
    }

    /** Sets the response cache settings. */
    public void setResponseCache(ResponseCache responseCache) {
      this.responseCache = responseCache;
    }

    /** Returns the resilience settings. */
    public Resilience getResilience() {
      return resilience;
    }

    /** Sets the resilience settings. */
    public void setResilience(Resilience resilience) {
      this.resilience = resilience;
    }
  }

  /** Hot reload of a client's manifest. */
  public static class Watch {
    /** Poll interval (at least 10ms); absent means no watcher. */
    private @Nullable Duration interval;

    /** Jitter as a fraction of the interval, in [0, 0.5]. */
    private double jitter = 0.1;

    /** Returns the poll interval. */
    public @Nullable Duration getInterval() {
      return interval;
    }

    /** Sets the poll interval. */
    public void setInterval(@Nullable Duration interval) {
      this.interval = interval;
    }

    /** Returns the jitter. */
    public double getJitter() {
      return jitter;
    }

    /** Sets the jitter. */
    public void setJitter(double jitter) {
      this.jitter = jitter;
    }
  }

  /** The pinning policy of a client; strict unless relaxed. */
  public static class Policy {
    /** Whether a manifest must carry an Approved decision about its digest to load. */
    private boolean requireApproval = false;

    /** Names of pinning rules to relax, such as bedrock-model-id-versioned. */
    private List<String> relax = new ArrayList<>();

    /** Returns whether approval is required. */
    public boolean isRequireApproval() {
      return requireApproval;
    }

    /** Sets whether approval is required. */
    public void setRequireApproval(boolean requireApproval) {
      this.requireApproval = requireApproval;
    }

    /** Returns the relaxed rule names. */
    public List<String> getRelax() {
      return relax;
    }

    /** Sets the relaxed rule names. */
    public void setRelax(List<String> relax) {
      this.relax = relax;
    }
  }

  /** An explicit pinned fallback manifest. */
  public static class Fallback {
    /** Where the fallback manifest is loaded from; absent means no fallback. */
    private @Nullable String manifest;

    /** Error codes that switch a call to the fallback, such as ServiceUnavailableException. */
    private List<String> on = new ArrayList<>();

    /** Returns the fallback manifest URI. */
    public @Nullable String getManifest() {
      return manifest;
    }

    /** Sets the fallback manifest URI. */
    public void setManifest(@Nullable String manifest) {
      this.manifest = manifest;
    }

    /** Returns the error codes. */
    public List<String> getOn() {
      return on;
    }

    /** Sets the error codes. */
    public void setOn(List<String> on) {
      this.on = on;
    }
  }

  /** A canary: a candidate manifest serving a share of keys. */
  public static class Canary {
    /** Where the candidate manifest is loaded from; absent means no canary. */
    private @Nullable String manifest;

    /** The candidate's share of traffic in percent, 0 to 100. */
    private double percent = 0;

    /** Returns the candidate manifest URI. */
    public @Nullable String getManifest() {
      return manifest;
    }

    /** Sets the candidate manifest URI. */
    public void setManifest(@Nullable String manifest) {
      this.manifest = manifest;
    }

    /** Returns the percentage. */
    public double getPercent() {
      return percent;
    }

    /** Sets the percentage. */
    public void setPercent(double percent) {
      this.percent = percent;
    }
  }

  /** The response cache of a client. */
  public static class ResponseCache {
    /** Maximum number of cached responses of deterministic calls; 0 disables the cache. */
    private long maxSize = 0;

    /** Returns the maximum size. */
    public long getMaxSize() {
      return maxSize;
    }

    /** Sets the maximum size. */
    public void setMaxSize(long maxSize) {
      this.maxSize = maxSize;
    }
  }

  /** The resilience settings of a client; each part is off unless configured. */
  public static class Resilience {
    /** Retries of retryable failures. */
    private Retry retry = new Retry();

    /** The circuit breaker. */
    private CircuitBreaker circuitBreaker = new CircuitBreaker();

    /** The rate limiter. */
    private RateLimiter rateLimiter = new RateLimiter();

    /** The bulkhead. */
    private Bulkhead bulkhead = new Bulkhead();

    /** Upper bound of one async or streamed call, retries included; absent means none. */
    private @Nullable Duration timeLimit;

    /** Returns the retry settings. */
    public Retry getRetry() {
      return retry;
    }

    /** Sets the retry settings. */
    public void setRetry(Retry retry) {
      this.retry = retry;
    }

    /** Returns the circuit breaker settings. */
    public CircuitBreaker getCircuitBreaker() {
      return circuitBreaker;
    }

    /** Sets the circuit breaker settings. */
    public void setCircuitBreaker(CircuitBreaker circuitBreaker) {
      this.circuitBreaker = circuitBreaker;
    }

    /** Returns the rate limiter settings. */
    public RateLimiter getRateLimiter() {
      return rateLimiter;
    }

    /** Sets the rate limiter settings. */
    public void setRateLimiter(RateLimiter rateLimiter) {
      this.rateLimiter = rateLimiter;
    }

    /** Returns the bulkhead settings. */
    public Bulkhead getBulkhead() {
      return bulkhead;
    }

    /** Sets the bulkhead settings. */
    public void setBulkhead(Bulkhead bulkhead) {
      this.bulkhead = bulkhead;
    }

    /** Returns the time limit. */
    public @Nullable Duration getTimeLimit() {
      return timeLimit;
    }

    /** Sets the time limit. */
    public void setTimeLimit(@Nullable Duration timeLimit) {
      this.timeLimit = timeLimit;
    }
  }

  /** Retry settings. */
  public static class Retry {
    /** Attempts per call including the first; absent or 1 means no retry. */
    private @Nullable Integer maxAttempts;

    /** Backoff before the first retry. */
    private Duration initialBackoff = Duration.ofMillis(200);

    /** Factor applied to the backoff after each retry. */
    private double multiplier = 2.0;

    /** Upper bound of the backoff. */
    private Duration maxBackoff = Duration.ofSeconds(10);

    /** Jitter of the backoff as a fraction, in [0, 1). */
    private @Nullable Double jitter;

    /** Returns the attempts. */
    public @Nullable Integer getMaxAttempts() {
      return maxAttempts;
    }

    /** Sets the attempts. */
    public void setMaxAttempts(@Nullable Integer maxAttempts) {
      this.maxAttempts = maxAttempts;
    }

    /** Returns the initial backoff. */
    public Duration getInitialBackoff() {
      return initialBackoff;
    }

    /** Sets the initial backoff. */
    public void setInitialBackoff(Duration initialBackoff) {
      this.initialBackoff = initialBackoff;
    }

    /** Returns the multiplier. */
    public double getMultiplier() {
      return multiplier;
    }

    /** Sets the multiplier. */
    public void setMultiplier(double multiplier) {
      this.multiplier = multiplier;
    }

    /** Returns the maximum backoff. */
    public Duration getMaxBackoff() {
      return maxBackoff;
    }

    /** Sets the maximum backoff. */
    public void setMaxBackoff(Duration maxBackoff) {
      this.maxBackoff = maxBackoff;
    }

    /** Returns the jitter. */
    public @Nullable Double getJitter() {
      return jitter;
    }

    /** Sets the jitter. */
    public void setJitter(@Nullable Double jitter) {
      this.jitter = jitter;
    }
  }

  /** Circuit breaker settings; on when a failure rate threshold is set. */
  public static class CircuitBreaker {
    /** Failure rate in percent that opens the circuit; absent means no circuit breaker. */
    private @Nullable Float failureRateThreshold;

    /** Calls recorded before the failure rate is evaluated. */
    private int minimumCalls = 20;

    /** How long the circuit stays open before half-open trial calls. */
    private Duration openDuration = Duration.ofSeconds(30);

    /** Trial calls permitted while half-open. */
    private @Nullable Integer halfOpenCalls;

    /** Returns the threshold. */
    public @Nullable Float getFailureRateThreshold() {
      return failureRateThreshold;
    }

    /** Sets the threshold. */
    public void setFailureRateThreshold(@Nullable Float failureRateThreshold) {
      this.failureRateThreshold = failureRateThreshold;
    }

    /** Returns the minimum calls. */
    public int getMinimumCalls() {
      return minimumCalls;
    }

    /** Sets the minimum calls. */
    public void setMinimumCalls(int minimumCalls) {
      this.minimumCalls = minimumCalls;
    }

    /** Returns the open duration. */
    public Duration getOpenDuration() {
      return openDuration;
    }

    /** Sets the open duration. */
    public void setOpenDuration(Duration openDuration) {
      this.openDuration = openDuration;
    }

    /** Returns the half-open calls. */
    public @Nullable Integer getHalfOpenCalls() {
      return halfOpenCalls;
    }

    /** Sets the half-open calls. */
    public void setHalfOpenCalls(@Nullable Integer halfOpenCalls) {
      this.halfOpenCalls = halfOpenCalls;
    }
  }

  /** Rate limiter settings; on when permits are set. */
  public static class RateLimiter {
    /** Calls permitted per period; absent means no rate limiter. */
    private @Nullable Integer permits;

    /** The refresh period of the permits. */
    private Duration period = Duration.ofSeconds(1);

    /** How long a call waits for a permit. */
    private Duration timeout = Duration.ZERO;

    /** Returns the permits. */
    public @Nullable Integer getPermits() {
      return permits;
    }

    /** Sets the permits. */
    public void setPermits(@Nullable Integer permits) {
      this.permits = permits;
    }

    /** Returns the period. */
    public Duration getPeriod() {
      return period;
    }

    /** Sets the period. */
    public void setPeriod(Duration period) {
      this.period = period;
    }

    /** Returns the timeout. */
    public Duration getTimeout() {
      return timeout;
    }

    /** Sets the timeout. */
    public void setTimeout(Duration timeout) {
      this.timeout = timeout;
    }
  }

  /** Bulkhead settings; on when a concurrency limit is set. */
  public static class Bulkhead {
    /** Calls allowed at once; absent means no bulkhead. */
    private @Nullable Integer maxConcurrentCalls;

    /** How long a call waits for a free slot. */
    private Duration maxWait = Duration.ZERO;

    /** Returns the limit. */
    public @Nullable Integer getMaxConcurrentCalls() {
      return maxConcurrentCalls;
    }

    /** Sets the limit. */
    public void setMaxConcurrentCalls(@Nullable Integer maxConcurrentCalls) {
      this.maxConcurrentCalls = maxConcurrentCalls;
    }

    /** Returns the wait. */
    public Duration getMaxWait() {
      return maxWait;
    }

    /** Sets the wait. */
    public void setMaxWait(Duration maxWait) {
      this.maxWait = maxWait;
    }
  }

  /** Manifest signature verification. */
  public static class Signatures {
    /**
     * Trusted Ed25519 public keys by key ID, each base64 (X.509) or file:/path of such a key;
     * when any is set, every manifest must carry a valid signature by one of them.
     */
    private Map<String, String> trustedKeys = new LinkedHashMap<>();

    /** Returns the trusted keys. */
    public Map<String, String> getTrustedKeys() {
      return trustedKeys;
    }

    /** Sets the trusted keys. */
    public void setTrustedKeys(Map<String, String> trustedKeys) {
      this.trustedKeys = trustedKeys;
    }
  }

  /** The remote checks of the Bedrock backend. */
  public static class Bedrock {
    /** GetFoundationModel must report the pinned model ACTIVE, not LEGACY. */
    private CheckMode lifecycleCheck = CheckMode.OFF;

    /** The latest completed ingestion job must be the pinned data-source version. */
    private CheckMode knowledgeBaseCheck = CheckMode.WARN;

    /** An agent alias must route to numbered agent versions only. */
    private CheckMode agentAliasCheck = CheckMode.FAIL;

    /** Returns the lifecycle check mode. */
    public CheckMode getLifecycleCheck() {
      return lifecycleCheck;
    }

    /** Sets the lifecycle check mode. */
    public void setLifecycleCheck(CheckMode lifecycleCheck) {
      this.lifecycleCheck = lifecycleCheck;
    }

    /** Returns the knowledge base check mode. */
    public CheckMode getKnowledgeBaseCheck() {
      return knowledgeBaseCheck;
    }

    /** Sets the knowledge base check mode. */
    public void setKnowledgeBaseCheck(CheckMode knowledgeBaseCheck) {
      this.knowledgeBaseCheck = knowledgeBaseCheck;
    }

    /** Returns the agent alias check mode. */
    public CheckMode getAgentAliasCheck() {
      return agentAliasCheck;
    }

    /** Sets the agent alias check mode. */
    public void setAgentAliasCheck(CheckMode agentAliasCheck) {
      this.agentAliasCheck = agentAliasCheck;
    }
  }

  /** The JSON-lines audit log. */
  public static class Audit {
    /** File the audit log appends to, one JSON line per call; absent means no audit log. */
    private @Nullable Path file;

    /** Returns the file. */
    public @Nullable Path getFile() {
      return file;
    }

    /** Sets the file. */
    public void setFile(@Nullable Path file) {
      this.file = file;
    }
  }
}
