/**
 * Spring Boot auto-configuration for mvc: one {@link dev.mvc.PinnedModelClient} bean per
 * {@code mvc.clients.<name>} entry, the backends, watchers, listeners, health, the {@code mvc}
 * actuator endpoint and the failure analysis of a manifest that cannot load.
 */
@NullMarked
package dev.mvc.spring.boot.autoconfigure;

import org.jspecify.annotations.NullMarked;
