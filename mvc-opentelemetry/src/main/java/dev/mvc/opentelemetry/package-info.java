/**
 * OpenTelemetry tracing for mvc: {@link dev.mvc.opentelemetry.MvcTracing} is an
 * {@link dev.mvc.spi.InvocationListener} that makes one CLIENT span per invocation, following
 * the OpenTelemetry GenAI semantic conventions and carrying the manifest version that served it.
 */
@NullMarked
package dev.mvc.opentelemetry;

import org.jspecify.annotations.NullMarked;
