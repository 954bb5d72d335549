/** Internals of the Micrometer module; not part of the API and free to change. */
@NullMarked
package dev.mvc.micrometer.internal;

import org.jspecify.annotations.NullMarked;
