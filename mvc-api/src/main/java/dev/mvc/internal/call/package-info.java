/**
 * The call chain of {@link dev.mvc.PinnedModelClient}: one sequence of small steps (resolve,
 * listeners and MDC, stamp, response cache, fallback, resilience, served-version check, backend)
 * that every call mode runs. Not part of the API.
 */
@NullMarked
package dev.mvc.internal.call;

import org.jspecify.annotations.NullMarked;
