package dev.mvc.spring.boot.autoconfigure;

import dev.mvc.CanaryClient;
import dev.mvc.LoadedManifest;
import dev.mvc.MvcException;
import dev.mvc.PinnedModelClient;
import dev.mvc.spring.boot.autoconfigure.internal.PinnedClientFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code mvc} actuator endpoint. Reading lists every client with its current manifest
 * version, digest and source ({@code GET /actuator/mvc}, or one client at
 * {@code GET /actuator/mvc/<name>}). Writing ({@code POST /actuator/mvc/<name>/<action>}) runs
 * {@code reload}, or {@code promote} / {@code abort} of the client's canary; write access is off
 * by default ({@code management.endpoint.mvc.access=unrestricted} turns it on).
 */
@Endpoint(id = "mvc", defaultAccess = Access.READ_ONLY)
public final class MvcEndpoint {
  private final Map<String, PinnedModelClient> clients;
  private final Map<String, CanaryClient> canaries;
  private final @Nullable PinnedClientFactory factory;

  /** Creates the endpoint over the clients and canaries by bean name. */
  public MvcEndpoint(Map<String, PinnedModelClient> clients, Map<String, CanaryClient> canaries,
      @Nullable PinnedClientFactory factory) {
    this.clients = new TreeMap<>(clients);
    this.canaries = canaries;
    this.factory = factory;
  }

  /** Lists every client by name. */
  @ReadOperation
  public Map<String, Object> clients() {
    Map<String, Object> all = new LinkedHashMap<>();
    clients.forEach((name, client) -> all.put(name, describe(name, client)));
    return Map.of("clients", all);
  }

  /** Describes one client, or returns null (404) when there is none of that name. */
  @ReadOperation
  public @Nullable Map<String, Object> client(@Selector String name) {
    PinnedModelClient client = clients.get(name);
    return client == null ? null : describe(name, client);
  }

  /** Runs {@code action} (reload, promote or abort) on client {@code name}. */
  @WriteOperation
  public Map<String, Object> act(@Selector String name, @Selector String action) {
    switch (action) {
      case "reload":
        return reload(name);
      case "promote":
        return promote(name);
      case "abort":
        return abort(name);
      default:
        throw new IllegalArgumentException("action must be reload, promote or abort, was " + action);
    }
  }

  /** Reloads client {@code name} from its source now; returns whether a new version was swapped in. */
  public Map<String, Object> reload(String name) {
    PinnedModelClient client = require(name);
    Map<String, Object> result = new LinkedHashMap<>();
    try {
      result.put("swapped", client.reload());
    } catch (MvcException e) {
      result.put("swapped", false);
      result.put("error", e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    result.putAll(describe(name, client));
    return result;
  }

  /** Sends all traffic of client {@code name}'s canary to the candidate. */
  public Map<String, Object> promote(String name) {
    requireCanary(name).promote();
    return describe(name, require(name));
  }

  /** Sends all traffic of client {@code name}'s canary back to the baseline. */
  public Map<String, Object> abort(String name) {
    requireCanary(name).abort();
    return describe(name, require(name));
  }

  private Map<String, Object> describe(String name, PinnedModelClient client) {
    LoadedManifest current = client.currentManifest();
    Map<String, Object> d = MvcClientHealthIndicator.details(current);
    d.put("circuit", client.circuitState());
    LoadedManifest fallback = client.fallbackManifest();
    if (fallback != null) {
      d.put("fallback", Map.of("version", fallback.manifest().version(), "digest", fallback.manifest().digest()));
    }
    CanaryClient canary = canaries.get(name + "-canary");
    if (canary != null) {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("percent", canary.percent());
      PinnedModelClient candidate = factory == null ? null : factory.candidate(name);
      if (candidate != null) {
        c.put("version", candidate.currentManifest().manifest().version());
        c.put("digest", candidate.currentManifest().manifest().digest());
      }
      d.put("canary", c);
    }
    return d;
  }

  private PinnedModelClient require(String name) {
    PinnedModelClient client = clients.get(name);
    if (client == null) {
      throw new IllegalArgumentException("no mvc client named " + name + "; have " + clients.keySet());
    }
    return client;
  }

  private CanaryClient requireCanary(String name) {
    require(name);
    CanaryClient canary = canaries.get(name + "-canary");
    if (canary == null) {
      throw new IllegalArgumentException("mvc client " + name + " has no canary: set mvc.clients." + name
          + ".canary.manifest");
    }
    return canary;
  }
}
