/**
 * Micrometer metrics for mvc: {@link dev.mvc.micrometer.MvcMetrics} is an
 * {@link dev.mvc.spi.InvocationListener} that counts invocations and records their latency and
 * token usage, tagged by manifest name and version, and a {@link dev.mvc.spi.ManifestListener}
 * that keeps a gauge of the days left to the serving model's announced end of life.
 */
@NullMarked
package dev.mvc.micrometer;

import org.jspecify.annotations.NullMarked;
