/**
 * An audit trail of invocations: {@link dev.mvc.audit.AuditLog} writes one JSON line per call
 * (its version stamp, usage, latency and outcome) and answers which manifest version served at a
 * given time from such a file.
 */
@NullMarked
package dev.mvc.audit;

import org.jspecify.annotations.NullMarked;
