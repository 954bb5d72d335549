package dev.mvc.spring.boot.autoconfigure;

import dev.mvc.LoadedManifest;
import dev.mvc.PinnedModelClient;
import dev.mvc.ServedFrom;
import dev.mvc.VersionManifest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The health of one pinned client: UP when serving from its source; UP with
 * {@code degraded: true} and a {@code reason} when serving the last-known-good copy, or with the
 * circuit half-open, or open with a fallback serving; DOWN when nothing can serve (the circuit is
 * open and there is no fallback, or the client is closed). Details name the manifest, version,
 * digest, approval, source (with its versionId) and where it was served from.
 */
public final class MvcClientHealthIndicator implements HealthIndicator {
  private final PinnedModelClient client;

  /** Creates the indicator of {@code client}. */
  public MvcClientHealthIndicator(PinnedModelClient client) {
    this.client = client;
  }

  @Override
  public Health health() {
    LoadedManifest current;
    try {
      current = client.currentManifest();
    } catch (RuntimeException e) {
      return Health.down(e).build();
    }
    Map<String, Object> details = details(current);
    String circuit = client.circuitState();
    details.put("circuit", circuit);
    LoadedManifest fallback = client.fallbackManifest();
    if (fallback != null) {
      details.put("fallback", fallback.manifest().name() + "@" + fallback.manifest().version());
    }
    String reason = null;
    boolean down = false;
    if ("OPEN".equals(circuit) || "FORCED_OPEN".equals(circuit)) {
      if (fallback == null) {
        down = true;
        reason = "circuit " + circuit + " and no fallback";
      } else {
        reason = "circuit " + circuit + "; serving fallback " + fallback.manifest().name() + " "
            + fallback.manifest().version();
      }
    } else if ("HALF_OPEN".equals(circuit)) {
      reason = "circuit HALF_OPEN; trial calls only";
    } else if (current.servedFrom() == ServedFrom.LAST_KNOWN_GOOD) {
      reason = "source unreachable at start; serving the last-known-good copy";
    }
    if (down) {
      return Health.down().withDetails(details).withDetail("reason", reason).build();
    }
    Health.Builder up = Health.up().withDetails(details);
    if (reason != null) {
      up.withDetail("degraded", true).withDetail("reason", reason);
    }
    return up.build();
  }

  static Map<String, Object> details(LoadedManifest current) {
    VersionManifest m = current.manifest();
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("manifest", m.name());
    d.put("version", m.version());
    d.put("digest", m.digest());
    d.put("approval", current.approval().wireName());
    d.put("source", current.source().pinnedUri());
    d.put("servedFrom", current.servedFrom().wireName());
    return d;
  }
}
