package dev.mvc.spring.boot.autoconfigure.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.health.actuate.endpoint.AdditionalHealthEndpointPath;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;

/**
 * Adds the {@code mvc} health contributor to the {@code readiness} group wherever that group
 * exists (probes enabled, or defined by properties), so that an instance that cannot serve its
 * pinned version is taken out of the load balancer. Runs after the probes' own post-processor.
 */
public final class ReadinessGroupPostProcessor implements HealthEndpointGroupsPostProcessor {
  private final String contributor;

  /** Creates the post-processor adding {@code contributor} (and its children) to the readiness group. */
  public ReadinessGroupPostProcessor(String contributor) {
    this.contributor = contributor;
  }

  @Override
  public HealthEndpointGroups postProcessHealthEndpointGroups(HealthEndpointGroups groups) {
    HealthEndpointGroup readiness = groups.get("readiness");
    if (readiness == null) {
      return groups;
    }
    Map<String, HealthEndpointGroup> all = new LinkedHashMap<>();
    for (String name : groups.getNames()) {
      all.put(name, groups.get(name));
    }
    all.put("readiness", new WithMember(readiness, contributor));
    return HealthEndpointGroups.of(groups.getPrimary(), all);
  }

  private record WithMember(HealthEndpointGroup delegate, String member) implements HealthEndpointGroup {
    @Override
    public boolean isMember(String name) {
      return delegate.isMember(name) || name.equals(member) || name.startsWith(member + "/");
    }

    @Override
    public boolean showComponents(SecurityContext securityContext) {
      return delegate.showComponents(securityContext);
    }

    @Override
    public boolean showDetails(SecurityContext securityContext) {
      return delegate.showDetails(securityContext);
    }

    @Override
    public StatusAggregator getStatusAggregator() {
      return delegate.getStatusAggregator();
    }

    @Override
    public HttpCodeStatusMapper getHttpCodeStatusMapper() {
      return delegate.getHttpCodeStatusMapper();
    }

    @Override
    public AdditionalHealthEndpointPath getAdditionalPath() {
      return delegate.getAdditionalPath();
    }
  }
}
