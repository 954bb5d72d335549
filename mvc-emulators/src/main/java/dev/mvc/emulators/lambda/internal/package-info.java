/** Internals of the Lambda emulator; not part of the API and free to change. */
@NullMarked
package dev.mvc.emulators.lambda.internal;

import org.jspecify.annotations.NullMarked;
