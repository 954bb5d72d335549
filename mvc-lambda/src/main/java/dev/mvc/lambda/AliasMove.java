package dev.mvc.lambda;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One recorded event of a Lambda alias, as {@link LambdaAliases} keeps it: a pin (which function
 * version serves which manifest version) or a rollback (the alias moved back).
 *
 * @param kind {@code pin} or {@code rollback}
 * @param function the function name
 * @param alias the alias name
 * @param fromVersion the version the alias routed to before
 * @param toVersion the version it routes to after
 * @param manifest the pinned manifest version served by {@code toVersion}, or null when not known
 * @param digest the digest of that manifest, or null when not known
 * @param by who did it
 * @param at when
 * @param reason why, as they wrote it
 */
public record AliasMove(String kind, String function, String alias, String fromVersion, String toVersion,
    @Nullable String manifest, @Nullable String digest, String by, Instant at, String reason) {

  /** The kind of a pin. */
  public static final String PIN = "pin";
  /** The kind of a rollback. */
  public static final String ROLLBACK = "rollback";

  /** Validates the fields. */
  public AliasMove {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(function, "function");
    Objects.requireNonNull(alias, "alias");
    Objects.requireNonNull(fromVersion, "fromVersion");
    Objects.requireNonNull(toVersion, "toVersion");
    Objects.requireNonNull(by, "by");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(reason, "reason");
  }
}
