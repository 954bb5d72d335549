/** Internals of the OpenTelemetry module; not part of the API and free to change. */
@NullMarked
package dev.mvc.opentelemetry.internal;

import org.jspecify.annotations.NullMarked;
