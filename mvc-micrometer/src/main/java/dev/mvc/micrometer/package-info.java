/**
 * Micrometer metrics for mvc: {@link dev.mvc.micrometer.MvcMetrics} is an
 * {@link dev.mvc.spi.InvocationListener} that counts invocations and records their latency and
 * token usage, tagged by manifest name and version.
 */
@NullMarked
package dev.mvc.micrometer;

import org.jspecify.annotations.NullMarked;
