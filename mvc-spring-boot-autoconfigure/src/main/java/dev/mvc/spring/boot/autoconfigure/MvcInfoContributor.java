package dev.mvc.spring.boot.autoconfigure;

import dev.mvc.PinnedModelClient;
import dev.mvc.VersionManifest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;

/** Adds the manifest versions in use to {@code /actuator/info}, under {@code mvc.<client name>}. */
public final class MvcInfoContributor implements InfoContributor {
  private final Map<String, PinnedModelClient> clients;

  /** Creates the contributor over the clients by bean name. */
  public MvcInfoContributor(Map<String, PinnedModelClient> clients) {
    this.clients = new TreeMap<>(clients);
  }

  @Override
  public void contribute(Info.Builder builder) {
    Map<String, Object> versions = new LinkedHashMap<>();
    clients.forEach((name, client) -> {
      VersionManifest m = client.currentManifest().manifest();
      versions.put(name, Map.of("manifest", m.name(), "version", m.version(), "digest", m.digest()));
    });
    builder.withDetail("mvc", versions);
  }
}
