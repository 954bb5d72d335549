/**
 * Interfaces for implementers: model backends, manifest sources, content stores, approval
 * registries, signature verifiers and listeners. Application code rarely needs more than the
 * factories in {@code dev.mvc}.
 */
@NullMarked
package dev.mvc.spi;

import org.jspecify.annotations.NullMarked;
