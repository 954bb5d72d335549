/**
 * Internals of the Bedrock emulator: event-stream encoding, reply rendering and request
 * dispatch. Not part of the API; free to change.
 */
@NullMarked
package dev.mvc.emulators.bedrock.internal;

import org.jspecify.annotations.NullMarked;
